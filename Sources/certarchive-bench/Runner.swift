import Foundation

/// Runs the executable and reads its summary line and peak memory.
struct Runner {
    let binary: String
    let work: URL

    struct Run {
        var archive: String
        var pages: Int
        var seconds: Double
        var peakRSSMegabytes: Double

        var pagesPerSecond: Double { seconds > 0 ? Double(pages) / seconds : 0 }

        func line(label: String) -> String {
            String(format: "%@: %d pages in %.1f s = %.2f pages/s (%.2f s/page), peak RSS %.0f MB", label, pages,
                   seconds, pagesPerSecond, pages > 0 ? seconds / Double(pages) : 0, peakRSSMegabytes)
        }
    }

    func ingest(_ paths: [String], jobs: Int, name: String) throws -> Run {
        let archive = work.appendingPathComponent("\(name).sqlite").path
        let (status, out) = try execute(["ingest"] + paths + ["--archive", archive, "--jobs", "\(jobs)",
                                              "--as-of", "2026-11-22", "--report-dir", work.appendingPathComponent(name).path])
        guard status == 0 else { throw BenchError("ingest exited \(status): \(out)") }
        // "… pages 12, … 5.6 s, 2.16 pages/s"
        let pages = Int(out.firstMatch(of: /pages (\d+),/)?.1 ?? "") ?? 0
        let seconds = Double(out.firstMatch(of: #/([\d.]+) s, /#)?.1 ?? "") ?? 0
        let rss = Double(out.firstMatch(of: /peak memory (\d+) MB/)?.1 ?? "") ?? 0
        return Run(archive: archive, pages: pages, seconds: seconds, peakRSSMegabytes: rss)
    }

    func export(_ archive: String) throws -> [[String: Any]] {
        let (status, out) = try execute(["export", "--archive", archive, "--format", "jsonl"])
        guard status == 0 else { throw BenchError("export exited \(status)") }
        return try out.split(separator: "\n").map {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] ?? [:]
        }
    }

    /// Runs one child and returns its status and stdout.
    private func execute(_ arguments: [String]) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
