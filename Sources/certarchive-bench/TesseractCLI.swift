import Foundation
import Synchronization

/// The baseline the pipeline is measured against: the `tesseract` command-line tool started once per page,
/// `jobs` pages at a time, with the same languages and page segmentation as certarchive's page reading.
struct TesseractCLI {
    var languages = "chi_sim+eng"
    var pageSegmentationMode = 6

    /// The tool over `images`, `jobs` at a time, each pinned to the first `jobs` cores when `pinned`.
    func run(over images: [String], jobs: Int, pinned: Bool = false) throws -> Usage {
        let environment = ProcessInfo.processInfo.environment.merging(["OMP_THREAD_LIMIT": "1"]) { _, new in new }
        let arguments = ["-", "-l", languages, "--psm", "\(pageSegmentationMode)"]
        let next = Mutex(0), failures = Mutex<[String]>([])
        let usage = try Usage.measure {
            DispatchQueue.concurrentPerform(iterations: jobs) { _ in
                while true {
                    let index = next.withLock { i -> Int in defer { i += 1 }; return i }
                    guard index < images.count else { return }
                    let status = try? Runner.execute("/usr/bin/tesseract", [images[index]] + arguments,
                                                     environment: environment, pinnedTo: pinned ? jobs : nil).0
                    if status != 0 { failures.withLock { $0.append(images[index]) } }
                }
            }
        }
        let failed = failures.withLock { $0 }
        guard failed.isEmpty else { throw BenchError("tesseract failed on \(failed)") }
        return usage
    }
}
