import Foundation

/// The PostgreSQL server `make test` starts (scripts/throwaway-postgres), named in CERTARCHIVE_TEST_POSTGRES: each
/// test takes a fresh database on it.
public enum TestPostgres {
    public static var serverURL: String? {
        ProcessInfo.processInfo.environment["CERTARCHIVE_TEST_POSTGRES"].flatMap { $0.isEmpty ? nil : $0 }
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
        public init(description: String) { self.description = description }
    }

    /// A new, empty database on `server` (the test server unless another is given); its URL.
    public static func freshDatabase(on server: String? = serverURL) throws -> String {
        guard let server else { throw Failure(description: "CERTARCHIVE_TEST_POSTGRES names no server") }
        let name = "test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        try psql(server, "CREATE DATABASE \(name)")
        // postgres://USER@HOST/DATABASE?QUERY: the database is the path's last part.
        let parts = server.split(separator: "?", maxSplits: 1).map(String.init)
        let base = parts[0][..<(parts[0].lastIndex(of: "/") ?? parts[0].endIndex)]
        return base + "/" + name + (parts.count > 1 ? "?" + parts[1] : "")
    }

    /// Runs one SQL command with Debian's psql; what it printed (unaligned, tuples only).
    @discardableResult
    public static func psql(_ url: String, _ sql: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/psql")
        process.arguments = [url, "-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1", "-c", sql]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw Failure(description: "psql failed: \(sql)") }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
