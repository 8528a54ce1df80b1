import Foundation

/// Runs the executable and reads its summary line and peak memory.
struct Runner {
    let binary: String
    let work: URL
    /// Pipeline settings given to every ingest (`--settings`); nil: the build's own.
    var settings: String? = nil
    /// Cores every run is pinned to (`taskset`, the first N): a run of `--jobs 1` may otherwise use a second core
    /// (its two stages overlap), and is then not measured at the tool's cores. nil: not pinned.
    var pinnedCores: Int? = nil

    struct Run {
        var archive: String
        var pages: Int
        /// The whole command, start-up included, by the clock; and the CPU time it used.
        var usage: Usage
        var peakRSSMegabytes: Double
        /// tesseract's share of the workers' time as the run reported it (0...100).
        var recognitionPercent: Double

        var pagesPerSecond: Double { usage.wallSeconds > 0 ? Double(pages) / usage.wallSeconds : 0 }

        func line(label: String, jobs: Int) -> String {
            String(format: "%@: %d pages in %.1f s = %.2f pages/s (%.2f s/page), CPU busy %.0f%% of %d core(s), "
                       + "peak RSS %.0f MB", label, pages, usage.wallSeconds, pagesPerSecond,
                   pages > 0 ? usage.wallSeconds / Double(pages) : 0, usage.busyPercent(cores: jobs), jobs,
                   peakRSSMegabytes)
                + (recognitionPercent > 0
                    ? String(format: ", tesseract %.0f%% of the workers' time (pipeline overhead %.0f%%)",
                             recognitionPercent, 100 - recognitionPercent) : "")
        }
    }

    func ingest(_ paths: [String], jobs: Int, name: String, extra: [String] = []) throws -> Run {
        let archive = work.appendingPathComponent("\(name).sqlite").path
        var result: (Int32, String) = (0, "")
        let usage = try Usage.measure {
            result = try execute(["ingest"] + paths + ["--archive", archive, "--jobs", "\(jobs)", "--as-of", "2026-11-22",
                                  "--report-dir", work.appendingPathComponent(name).path]
                                 + (settings.map { ["--settings", $0] } ?? []) + extra)
        }
        let (status, out) = result
        guard status == 0 else { throw BenchError("ingest exited \(status): \(out)") }
        // "… pages 12, … peak memory 385 MB", or in Chinese "… 页数 12：… 内存峰值 385 MB"
        let pages = Int(out.firstMatch(of: /(?:pages|页数) (\d+)[,：]/)?.1 ?? "") ?? 0
        let rss = Double(out.firstMatch(of: /(?:peak memory|内存峰值) (\d+) MB/)?.1 ?? "") ?? 0
        let recognition = Double(out.firstMatch(of: /tesseract (?:占其时间 )?(\d+)%/)?.1 ?? "") ?? 0
        return Run(archive: archive, pages: pages, usage: usage, peakRSSMegabytes: rss, recognitionPercent: recognition)
    }

    func export(_ archive: String) throws -> [[String: Any]] {
        let (status, out) = try execute(["export", "--archive", archive, "--format", "jsonl", "--reveal"])
        guard status == 0 else { throw BenchError("export exited \(status)") }
        return try out.split(separator: "\n").map {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] ?? [:]
        }
    }

    /// Runs one child and returns its status and stdout.
    private func execute(_ arguments: [String]) throws -> (Int32, String) {
        try Self.execute(binary, arguments, pinnedTo: pinnedCores)
    }

    static let taskset = "/usr/bin/taskset"

    /// Runs `binary`, pinned to the first `cores` cores when given (and `taskset` is there).
    static func execute(_ binary: String, _ arguments: [String], environment: [String: String]? = nil,
                        pinnedTo cores: Int? = nil) throws -> (Int32, String) {
        let process = Process()
        if let cores, FileManager.default.isExecutableFile(atPath: taskset) {
            process.executableURL = URL(fileURLWithPath: taskset)
            process.arguments = ["-c", "0-\(max(0, cores - 1))", binary] + arguments
        } else {
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = arguments
        }
        if let environment { process.environment = environment }
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}

/// Wall-clock and CPU time (user + system, of child processes) of a piece of work.
struct Usage {
    var wallSeconds: Double
    var cpuSeconds: Double

    func busyPercent(cores: Int) -> Double {
        wallSeconds > 0 ? 100 * cpuSeconds / (wallSeconds * Double(cores)) : 0
    }

    static func measure(_ work: () throws -> Void) throws -> Usage {
        let cpuBefore = childrenCPUSeconds(), start = Date()
        try work()
        return Usage(wallSeconds: Date().timeIntervalSince(start), cpuSeconds: childrenCPUSeconds() - cpuBefore)
    }

    private static func childrenCPUSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_CHILDREN.rawValue, &usage)
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1_000_000 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
