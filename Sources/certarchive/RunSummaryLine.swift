import Foundation
import Pipeline
import RunFiles

/// The one line an ingest run ends with (stdout, for cron's mail): what came in, what became of it, what the
/// drop folder moved, and the run's pace and memory.
struct RunSummaryLine {
    let words: TerminalWords

    func text(_ result: IngestResult, failed: Int, moves: DropFolder.Moved?, peakMegabytes: Int, report: String) -> String {
        let s = result.summary
        let inputs = s.inputs + result.unreadablePaths.count
        let rate = s.seconds > 0 ? Double(s.pages) / s.seconds : 0
        let recognition = Int((100 * result.recognitionShare).rounded())
        guard words.chinese else {
            var parts = ["inputs \(inputs) (skipped as already archived \(s.skipped))",
                         "pages \(s.pages), accepted \(s.accepted), review \(s.review), failed \(failed)"]
            if let moves {
                parts.append("moved to done \(moves.done), to quarantine \(moves.quarantined)"
                    + (moves.released > 0 ? ", released from quarantine \(moves.released)" : "")
                    + (moves.failed > 0 ? ", not moved \(moves.failed)" : "")
                    + (s.waiting > 0 ? ", still being written \(s.waiting)" : ""))
            }
            if result.stopped { parts.append("STOPPED with \(result.pagesLeft) pages left queued: run again to resume") }
            parts.append(String(format: "%.1f s, %.2f pages/s, %d worker(s), tesseract %d%% of their time, peak memory %d MB",
                                s.seconds, rate, result.workers, recognition, peakMegabytes))
            return parts.joined(separator: ", ") + "; report: \(report)"
        }
        var parts = ["文件 \(inputs) 个（已在档案中而跳过 \(s.skipped) 个）",
                     "页数 \(s.pages)：入档 \(s.accepted)，待审核 \(s.review)，未通过 \(failed)"]
        if let moves {
            parts.append("移入 done \(moves.done) 个，移入 quarantine \(moves.quarantined) 个"
                + (moves.released > 0 ? "，从 quarantine 放行 \(moves.released) 个" : "")
                + (moves.failed > 0 ? "，未能移动 \(moves.failed) 个" : "")
                + (s.waiting > 0 ? "，仍在写入 \(s.waiting) 个" : ""))
        }
        if result.stopped { parts.append("已停止，队列中还有 \(result.pagesLeft) 页：再运行一次即可接着做") }
        parts.append(String(format: "用时 %.1f 秒，每秒 %.2f 页，%d 个工作进程，tesseract 占其时间 %d%%，内存峰值 %d MB",
                            s.seconds, rate, result.workers, recognition, peakMegabytes))
        return parts.joined(separator: "；") + "；报告：\(report)"
    }
}
