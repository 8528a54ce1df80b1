import Archive
import Foundation
import PostgresArchive
import Testing

/// The two stores an archive test runs on. PostgreSQL needs a server: `make test` starts a throwaway cluster and
/// names it in CERTARCHIVE_TEST_POSTGRES; without it the PostgreSQL cases are left out (and fail under CI=true).
enum StoreKind: String, CustomTestStringConvertible, Sendable {
    case sqlite, postgres

    var testDescription: String { rawValue }

    static var all: [StoreKind] { TestPostgres.serverURL == nil ? [.sqlite] : [.sqlite, .postgres] }
}

/// An ingest archive of either kind, with what the tests read back (both stores answer these).
protocol TestedStore: IngestArchive {
    func checkIntegrity() throws -> IntegrityReport
}

extension ArchiveDatabase: TestedStore {}
extension PostgresArchive: TestedStore {}

enum TestPostgres {
    /// The server `make test` started.
    static var serverURL: String? { ProcessInfo.processInfo.environment["CERTARCHIVE_TEST_POSTGRES"] }

    /// A new, empty database on the test server; its URL.
    static func freshDatabase() throws -> String {
        let server = try #require(serverURL, "CERTARCHIVE_TEST_POSTGRES names no PostgreSQL server")
        let name = "test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        try psql(server, "CREATE DATABASE \(name)")
        // The server URL's database is the last path part before any query.
        let (head, query) = server.split(separator: "?", maxSplits: 1).map(String.init).splitPair()
        let base = head[..<(head.lastIndex(of: "/") ?? head.endIndex)]
        return base + "/" + name + (query.map { "?" + $0 } ?? "")
    }

    /// Runs one SQL command with Debian's psql; its output.
    @discardableResult
    static func psql(_ url: String, _ sql: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/psql")
        process.arguments = [url, "-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1", "-c", sql]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw PsqlFailed(sql: sql) }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// A store of the given kind, new and empty.
    static func store(_ kind: StoreKind, claimant: String = "test-host:1", lease: TimeInterval = 60) throws -> any TestedStore {
        switch kind {
        case .sqlite: try ArchiveDatabase.inMemory()
        case .postgres: try PostgresArchive(url: try freshDatabase(), lease: lease, claimant: claimant)
        }
    }
}

struct PsqlFailed: Error {
    var sql: String
}

extension Array where Element == String {
    func splitPair() -> (String, String?) { (self[0], count > 1 ? self[1] : nil) }
}

@Suite struct TestStoreSetUp {
    @Test func underCIThePostgreSQLCasesRun() {
        if ProcessInfo.processInfo.environment["CI"] == "true" {
            #expect(TestPostgres.serverURL != nil, "make test starts a PostgreSQL cluster and names it in CERTARCHIVE_TEST_POSTGRES")
        }
    }
}
