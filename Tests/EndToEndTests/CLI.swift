import Foundation

/// Runs the built `certarchive` executable (make test builds it first; CERTARCHIVE_BIN overrides the path).
enum CLI {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let samples = repo.appendingPathComponent("fixtures/samples").path

    static var binary: String {
        if let path = ProcessInfo.processInfo.environment["CERTARCHIVE_BIN"], !path.isEmpty { return path }
        return repo.appendingPathComponent(".build/debug/certarchive").path
    }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The command line's own words are English (`CERTARCHIVE_LANGUAGE=en`), which most tests read; `chinese`:
    /// as a user has them by default.
    static func run(_ arguments: [String], input: String? = nil, chinese: Bool = false) throws -> Result {
        try start(arguments, input: input, chinese: chinese).finish()
    }

    /// Another program of the machine (curl), run to its end.
    static func run(program: String, _ arguments: [String]) throws -> Result {
        try start(arguments, program: program).finish()
    }

    /// Starts the executable without waiting for it: for runs that are killed, signalled or overlapped. `input`
    /// is written to its standard input (a password), which is then closed.
    static func start(_ arguments: [String], input: String? = nil, program: String? = nil, chinese: Bool = false) throws -> Running {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program ?? binary)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["CERTARCHIVE_LANGUAGE"] = chinese ? nil : "en"
        process.environment = environment
        let out = Pipe(), err = Pipe(), stdin = Pipe()
        process.standardOutput = out
        process.standardError = err
        if input != nil { process.standardInput = stdin }
        try process.run()
        if let input {
            stdin.fileHandleForWriting.write(Data(input.utf8))
            try stdin.fileHandleForWriting.close()
        }
        return Running(process: process, stdout: ReadAll(out.fileHandleForReading),
                       stderr: ReadAll(err.fileHandleForReading))
    }

    struct Running {
        var process: Process
        var stdout: ReadAll
        var stderr: ReadAll

        /// Both pipes are read on threads of their own, so a chatty child never blocks on a full pipe.
        func finish() -> Result {
            let errData = stderr.wait(), outData = stdout.wait()
            process.waitUntilExit()
            return Result(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                          stderr: String(decoding: errData, as: UTF8.self))
        }
    }

    /// A folder `name` in `folder` holding copies of fixtures/samples: `samples` by their own names, and `renamed`
    /// (a name in the folder → the sample copied under it).
    static func inputs(in folder: URL, name: String = "in", samples: [String] = [], renamed: [String: String] = [:])
        throws -> URL {
        let inputs = folder.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: inputs, withIntermediateDirectories: true)
        for (copy, sample) in renamed.merging(samples.map { ($0, $0) }, uniquingKeysWith: { first, _ in first }) {
            try FileManager.default.copyItem(atPath: Self.samples + "/" + sample, toPath: inputs.appendingPathComponent(copy).path)
        }
        return inputs
    }

    static func temporaryFolder() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("certarchive-e2e-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }
}

/// Reads a pipe to its end on another thread.
final class ReadAll: @unchecked Sendable {
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ handle: FileHandle) {
        Thread.detachNewThread { [self] in
            data = handle.readDataToEndOfFile()
            done.signal()
        }
    }

    func wait() -> Data {
        done.wait()
        return data
    }
}

/// One line of fixtures/expected.jsonl: the truth about a sample, written by fixtures/generate.py.
struct Expected: Decodable {
    var source: String
    var page: Int?
    var type: String
    var status: String
    /// clean, digital, seal_over_text, noisy_skewed or photo; nil for inputs that are not certificates.
    var condition: String?
    var fields: [String: String]
    var rules: [String]
    /// The details printed for people (主要负责人, 作业类别…), which the item carries beside its key fields.
    var details: [String: String]?

    /// Every field an item read right carries: the key fields and the details.
    var printed: [String: String] { fields.merging(details ?? [:]) { $1 } }

    /// A clean scan or a born-digital page of a genuine certificate: it must be accepted with every field right.
    var mustBeAccepted: Bool { status == "accepted" && (condition == "clean" || condition == "digital") }

    static func load() throws -> [Expected] {
        let text = try String(contentsOf: CLI.repo.appendingPathComponent("fixtures/expected.jsonl"), encoding: .utf8)
        return try text.split(separator: "\n").map { try JSONDecoder().decode(Expected.self, from: Data($0.utf8)) }
    }
}

/// One line of `certarchive export --format jsonl`.
struct Exported: Decodable {
    struct ProblemLine: Decodable {
        var rule: String
        var field: String?
        var message: String
    }

    var source: String
    var page: Int?
    var type: String
    var status: String
    var fields: [String: String]
    var problems: [ProblemLine]
    var flags: [String]?
    var corrections: [CorrectionLine]?
    /// Present only for one of several cards on a page.
    var region: RegionLine?
    var backRegion: RegionLine?
    /// On what grounds each field is believed (`readers_agree`, `rules`, `one_reader`…), when known.
    var evidence: [String: String]?

    struct RegionLine: Decodable, Equatable {
        var x: Int, y: Int, width: Int, height: Int
    }

    enum CodingKeys: String, CodingKey {
        case source, page, type, status, fields, problems, flags, corrections, region, evidence
        case backRegion = "back_region"
    }

    struct CorrectionLine: Decodable {
        var field: String
        var from: String
        var to: String
        var reason: String
    }

    static func parse(_ jsonl: String) throws -> [Exported] {
        try jsonl.split(separator: "\n").map { try JSONDecoder().decode(Exported.self, from: Data($0.utf8)) }
    }

    var fileName: String { (source as NSString).lastPathComponent }
}
