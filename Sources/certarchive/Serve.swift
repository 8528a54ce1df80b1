import Archive
import Compliance
import ArgumentParser
import Extraction
import Accounts
import Foundation
import Hummingbird
import HummingbirdTLS
import IngestCore
import Logging
import Pipeline
import Review
import ReviewWeb
import Rules
import Synchronization

struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The reviewer web UI: the review queue at /, each item's page beside its fields.",
        discussion: """
            Listens on 127.0.0.1 unless --host says otherwise. Any other address needs an access token: set one \
            with --set-token (read from standard input, stored as a salted hash in the archive); then every page, \
            image and API call needs it (open /login?token=… once in the browser). Requests naming another host \
            than this server's (--public-name adds names), and changes sent by other sites' pages, are refused.
            """)

    @OptionGroup var archiveOption: ExistingArchive

    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on.") var port = 8080

    @Option(help: ArgumentHelp("A host name browsers reach this server by, besides the address it listens on (with a token; repeatable). Requests naming any other host are refused.", valueName: "name"))
    var publicName: [String] = []

    @Option(help: ArgumentHelp("Folder holding models/ and pipelines/ (default: found beside the program).",
                               valueName: "dir"))
    var data: String?

    @Flag(help: "Read an access token from standard input, store a salted SHA-256 of it in the archive, and exit.")
    var setToken = false

    @Option(help: ArgumentHelp("Serve HTTPS with this certificate (PEM, the chain); with --tls-key.", valueName: "file.pem"))
    var tlsCert: String?

    @Option(help: ArgumentHelp("The certificate's private key (PEM).", valueName: "file.pem"))
    var tlsKey: String?

    @Option(help: ArgumentHelp("The day the rules, the statistics and the administrator's desk count from, YYYY-MM-DD (default: each day's date).", valueName: "date"))
    var asOf: String?

    func validate() throws {
        guard (tlsCert == nil) == (tlsKey == nil) else { throw ValidationError("--tls-cert and --tls-key go together") }
        if let asOf, PrintedDate(iso: asOf)?.isReal != true {
            throw ValidationError("--as-of must be a real date written YYYY-MM-DD, e.g. 2026-01-31")
        }
    }

    /// The day pages count from: --as-of, else today (asked each time: a server runs for days).
    private var day: @Sendable () -> PrintedDate {
        let fixed = asOf.flatMap(PrintedDate.init(iso:))
        return { fixed ?? Ingest.today() }
    }

    func run() throws {
        // An archive this user may not write (a read-only mount, an immutable or another user's file) is served to
        // be read: pages and exports work, and every change is refused.
        let writable = archiveOption.option.isPostgres || access(archiveOption.archive, W_OK) == 0
        if !writable { printError("certarchive: \(archiveOption.archive) cannot be written here: served read-only, changes are refused") }
        let archive = writable ? try archiveOption.open() : try archiveOption.openForReading()
        if setToken {
            let token = (readLine(strippingNewline: true) ?? "").trimmingCharacters(in: .whitespaces)
            guard token.count >= 16 else { throw ValidationError("a token needs at least 16 characters") }
            try archive.setWebTokenSHA256(WebAccess.digest(of: token))
            print("token stored (as a salted SHA-256) in \(archiveOption.option.displayName)")
            return
        }
        let access = WebAccess(tokenSHA256: try archive.webTokenSHA256())
        let loopback = LoopbackAddress.isLoopback(host)
        let accounts = try archive.hasAccounts()
        let tls = try tlsConfiguration()
        if !loopback, accounts, tls == nil {
            printError("certarchive: refusing to listen on \(host) without TLS: passwords and session cookies would travel "
                + "in clear; give --tls-cert and --tls-key")
            throw ExitCode(3)
        }
        guard loopback || access.requiresToken || accounts else {
            printError("certarchive: refusing to listen on \(host) without an access token: set one first with "
                + "'openssl rand -hex 24 | tee token.txt | certarchive serve --set-token --archive \(archiveOption.option.displayName)'")
            throw ExitCode(3)
        }
        let desk = try ReviewDesk.opened(on: archive, data: data)
        let requestGuard = RequestGuard.listening(on: host, loopback: loopback, publicNames: publicName)
        let controller = ReviewController(desk: desk, access: access, requestGuard: requestGuard,
                                          signIn: accounts ? SignInDesk(archive: archive) : nil, overTLS: tls != nil,
                                          statisticsPage: try statisticsPage(), deskSettings: try deskSettings(),
                                          originals: try originalScans(), asOf: day)
        let app = buildApplication(controller, host: host, port: port,
                                   server: try tls.map { try .tls(.http1(), tlsConfiguration: $0) } ?? .http1(),
                                   logger: Logger(label: "certarchive.serve"))
        let entry = accounts ? " (sign in at /login)" : access.requiresToken ? " (open /login?token=… first)" : ""
        print("review queue: \(tls == nil ? "http" : "https")://\(host):\(port)/" + entry)
        fflush(nil)
        try Self.block { try await app.runService() }
    }

    /// What the administrator's desk judges by: pipelines/compliance.yaml and its register of companies.
    private func deskSettings() throws -> DeskSettings {
        let root = try DataFolders.root(explicit: data)
        let settings = try ComplianceOptions.settings(root: root)
        return DeskSettings(compliance: settings,
                            register: try ComplianceOptions.register(explicit: nil, configured: settings.companyRegister, root: root))
    }

    /// Where the web UI finds the original files (as `verify` does) and how it draws their pages (the settings').
    private func originalScans() throws -> OriginalScans {
        let root = try DataFolders.root(explicit: data)
        let settings = try PipelineSettings.load(from: root.appendingPathComponent("pipelines/settings.yaml"))
        return OriginalScans(archivePath: archiveOption.archive, pages: settings.pages)
    }

    /// The web UI's /report: `certarchive report`'s page over the records a person may see, as of today.
    private func statisticsPage() throws -> @Sendable ([RecordSummary]) -> String {
        let root = try DataFolders.root(explicit: data)
        let rules = try RuleSet.load(from: root.appendingPathComponent("pipelines/rules.yaml"))
        let settings = try ComplianceOptions.settings(root: root)
        let archivePath = archiveOption.option.displayName, day = day
        let wording = try ReportCommand.wording(root: root, rules: rules)
        return { summaries in
            StatisticsReport.html(ReportCommand.statistics(summaries, asOf: day(), settings: settings, rules: rules, wording: wording),
                                  archive: archivePath, generated: LocalTime.text(Date()))
        }
    }

    /// The server's TLS from `--tls-cert` and `--tls-key`; nil without them. A file that does not read as PEM is
    /// refused (exit 3) with its name.
    private func tlsConfiguration() throws -> TLSConfiguration? {
        guard let tlsCert, let tlsKey else { return nil }
        do {
            let chain = try NIOSSLCertificate.fromPEMFile(tlsCert)
            guard !chain.isEmpty else { throw ValidationError("no certificate in \(tlsCert)") }
            let key = try NIOSSLPrivateKey(file: tlsKey, format: .pem)
            var configuration = TLSConfiguration.makeServerConfiguration(certificateChain: chain.map { .certificate($0) },
                                                                         privateKey: .privateKey(key))
            // TLS 1.0 and 1.1 are broken and withdrawn (RFC 8996).
            configuration.minimumTLSVersion = .tlsv12
            return configuration
        } catch {
            printError("certarchive: cannot use \(tlsCert) and \(tlsKey) for TLS: \(error)")
            throw ExitCode(3)
        }
    }

    /// Runs async work to its end from the synchronous command line (the other commands are synchronous, and an
    /// async root command would make every one of them async).
    static func block(_ work: @escaping @Sendable () async throws -> Void) throws {
        let finished = DispatchSemaphore(value: 0)
        let failure = Mutex<(any Error)?>(nil)
        Task {
            do { try await work() } catch { failure.withLock { $0 = error } }
            finished.signal()
        }
        finished.wait()
        if let error = failure.withLock({ $0 }) { throw error }
    }
}
