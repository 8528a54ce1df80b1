import Foundation
import Pipeline
import RunFiles

/// The one line an ingest run ends with (stdout, for cron's mail): what came in, what became of it, what the
/// drop folder moved, and the run's pace and memory.
struct RunSummaryLine {
    let words: TerminalWords

    func text(_ result: IngestResult, failed: Int, moves: DropFolder.Moved?, peakMegabytes: Int, report: String) -> String {
        let s = result.summary, w = words
        let inputs = s.inputs + result.unreadablePaths.count
        let rate = s.seconds > 0 ? Double(s.pages) / s.seconds : 0
        let recognition = Int((100 * result.recognitionShare).rounded())
        var parts = [w.pick("文件 \(inputs) 个（已在档案中而跳过 \(s.skipped) 个）",
                            "inputs \(inputs) (skipped as already archived \(s.skipped))"),
                     w.pick("页数 \(s.pages)：入档 \(s.accepted)，待审核 \(s.review)，未通过 \(failed)",
                            "pages \(s.pages), accepted \(s.accepted), review \(s.review), failed \(failed)")]
        if let moves {
            var moved = [w.pick("移入 done \(moves.done) 个，移入 quarantine \(moves.quarantined) 个",
                                "moved to done \(moves.done), to quarantine \(moves.quarantined)")]
            if moves.released > 0 { moved.append(w.pick("从 quarantine 放行 \(moves.released) 个", "released from quarantine \(moves.released)")) }
            if moves.failed > 0 { moved.append(w.pick("未能移动 \(moves.failed) 个", "not moved \(moves.failed)")) }
            if s.waiting > 0 { moved.append(w.pick("仍在写入 \(s.waiting) 个", "still being written \(s.waiting)")) }
            parts.append(moved.joined(separator: w.pick("，", ", ")))
        }
        if result.stopped {
            parts.append(w.pick("已停止，队列中还有 \(result.pagesLeft) 页：再运行一次即可接着做",
                                "STOPPED with \(result.pagesLeft) pages left queued: run again to resume"))
        }
        parts.append(w.chinese
            ? String(format: "用时 %.1f 秒，每秒 %.2f 页，%d 个工作进程，tesseract 占其时间 %d%%，内存峰值 %d MB",
                     s.seconds, rate, result.workers, recognition, peakMegabytes)
            : String(format: "%.1f s, %.2f pages/s, %d worker(s), tesseract %d%% of their time, peak memory %d MB",
                     s.seconds, rate, result.workers, recognition, peakMegabytes))
        return parts.joined(separator: w.pick("；", ", ")) + w.pick("；报告：\(report)", "; report: \(report)")
    }
}
