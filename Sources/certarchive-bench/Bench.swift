import ArgumentParser
import Foundation

/// Prints accuracy and speed figures of the real `certarchive` executable on the committed samples.
/// Figures, not assertions: they are read by people and quoted in issue notes.
@main
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "certarchive-bench",
                                                    abstract: "Accuracy and throughput of certarchive ingest.")

    @Option(help: "The certarchive executable to measure (a release build).")
    var binary: String = ".build/release/certarchive"

    @Option(help: "The fixtures folder: samples/ and expected.jsonl.")
    var fixtures: String = "fixtures"

    @Option(help: "Copies of each scanned sample in the throughput batch.")
    var copies: Int = 3

    @Option(help: "Pages of the small and the large born-digital batch (peak memory must not grow with the batch).")
    var textLayerBatches: [Int] = [100, 1000]

    @Option(help: "Page counts of scanned batches (copies of the scanned samples) whose peak memory is compared; none by default (1,000 pages take about 10 minutes).")
    var ocrBatches: [Int] = []

    @Flag(help: "Only the peak-memory batches (--ocr-batches, --text-layer-batches).")
    var memoryOnly = false

    @Option(help: "A degraded set made by fixtures/degrade.py (pages/ and expected.jsonl), measured for accuracy.")
    var degraded: String?

    @Option(help: "A design corpus made by fixtures/designs.py (pages/ and expected.jsonl): accuracy by part, the develop part and the held-out part that is never tuned on.")
    var designs: String?

    @Option(help: "Every degraded scan of the fresh designs (designs.py --part fresh --seed 41 --every-degradation): accuracy by condition on 18 pages of each, where the design corpus has 3.")
    var everyDegradation: String?

    @Option(name: .customLong("office-copies"), help: "Copies as offices make them (fixtures/copies.py: stamped over, angled phone photos, faxes, old forms) of the develop and the never-tuned fresh designs: accuracy by part and kind, and each recogniser on each way an old form was filled in.")
    var officeCopies: String?

    @Option(help: "Another certarchive build, e.g. a head before an issue (make before-designs builds 8f4e27f, before issue 13): timed with --jobs 1 on the design corpus's held-out clean scans beside this build.")
    var before: String?

    @Option(help: "Another arrangement of the recognisers (a settings file, e.g. pipelines/arrangements/tesseract-page.yaml): the design corpus is measured again with it, accuracy and seconds per page. Repeatable.")
    var arrangement: [String] = []

    @Flag(help: "Only the design corpus (--designs): for quick measurement while developing.")
    var designsOnly = false

    @Flag(help: "With --designs: the reader-pair table on the never-tuned scans (two more traced ingests of them).")
    var readerPairs = false

    @Option(help: "The foundation's certarchive (commit 55663d2, release), timed on the degraded clean scans too.")
    var foundation: String?

    func run() throws {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("certarchive-bench-\(getpid())")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let runner = Runner(binary: binary, work: work)
        if memoryOnly {
            try ocrMemory(runner: runner, work: work)
            try textLayerBatches(runner: runner, work: work)
            return
        }

        if let designs {
            try designCorpus(designs, runner: runner, work: work)
            if designsOnly { return }
            print("")
        }

        print("== accuracy on fixtures/samples (as of 2026-11-22), by certificate type and by page condition")
        let accuracy = try runner.ingest([fixtures + "/samples"], jobs: 2, name: "accuracy")
        let truth = try Truth.load(fixtures + "/expected.jsonl")
        Accuracy(truth: truth, items: try runner.export(accuracy.archive)).print()

        if let degraded {
            let truth = try Truth.load(degraded + "/expected.jsonl")
            print("\n== accuracy on the degraded set \(degraded): \(truth.count) pages, --jobs 2")
            let run = try runner.ingest([degraded + "/pages"], jobs: 2, name: "degraded")
            Accuracy(truth: truth, items: try runner.export(run.archive)).print()
            print(run.line(label: "degraded set, --jobs 2", jobs: 2))
            try cleanScanTimes(degraded: degraded, work: work)
        }

        try throughput(truth: truth, runner: runner, work: work)
        try textLayerBatches(runner: runner, work: work)
    }

    /// The design corpus: accuracy by part, its clean scans' times, the other arrangements, the every-degradation
    /// draw.
    private func designCorpus(_ designs: String, runner: Runner, work: URL) throws {
        let truth = try Truth.load(designs + "/expected.jsonl")
        print("== accuracy on the design corpus \(designs): \(truth.count) pages, --jobs 2 (quote the fresh part: "
            + "designs and fonts never tuned on; heldout's review reasons were read in issue 14)")
        let run = try runner.ingest([designs + "/pages"], jobs: 2, name: "designs")
        Accuracy(truth: truth, items: try runner.export(run.archive)).print(byPart: true)
        print(run.line(label: "design corpus, --jobs 2", jobs: 2))
        try designCleanScanTimes(designs: designs, truth: truth, work: work, runner: runner)
        for settings in arrangement {
            var other = runner
            other.settings = settings
            print("\n== the design corpus with the arrangement \(settings)")
            let run = try other.ingest([designs + "/pages"], jobs: 2, name: "designs-" + (settings as NSString).lastPathComponent)
            Accuracy(truth: truth, items: try other.export(run.archive)).print(byPart: true)
            print(run.line(label: "design corpus, --jobs 2, \(settings)", jobs: 2))
            try designCleanScanTimes(designs: designs, truth: truth, work: work, runner: other, compare: false)
        }
        if let draw = everyDegradation {
            let truth = try Truth.load(draw + "/expected.jsonl")
            print("\n== every degraded scan of the fresh designs \(draw): \(truth.count) pages, --jobs 2 (never tuned on)")
            let run = try runner.ingest([draw + "/pages"], jobs: 2, name: "every-degradation")
            Accuracy(truth: truth, items: try runner.export(run.archive)).print(byPart: true)
            print(run.line(label: "every degraded scan, --jobs 2", jobs: 2))
        }
        if let officeCopies { try measureOfficeCopies(officeCopies, runner: runner, work: work) }
        if readerPairs { try measureReaderPairs(designs: designs, truth: truth, runner: runner, work: work) }
    }

    /// Copies as offices make them, each kind ingested on its own (its seconds a page), then their accuracy together.
    private func measureOfficeCopies(_ corpus: String, runner: Runner, work: URL) throws {
        let truth = try Truth.load(corpus + "/expected.jsonl")
        print("\n== copies as offices make them \(corpus): \(truth.count) pages, --jobs 2 (quote the fresh part)")
        var items: [[String: Any]] = [], lines: [String] = []
        for kind in Set(truth.compactMap(\.condition)).sorted() {
            let folder = work.appendingPathComponent("office-copies-" + kind)
            try? FileManager.default.removeItem(at: folder)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            for line in truth where line.condition == kind {
                try FileManager.default.copyItem(atPath: corpus + "/pages/" + line.source,
                                                 toPath: folder.appendingPathComponent(line.source).path)
            }
            let run = try runner.ingest([folder.path], jobs: 2, name: "office-copies-" + kind)
            items += try runner.export(run.archive)
            lines.append(run.line(label: "copies, \(kind), --jobs 2", jobs: 2))
        }
        Accuracy(truth: truth, items: items).print(byPart: true)
        for line in lines { print(line) }
        try measureReadersOnFaces(of: truth.filter { $0.condition == "old_form" }, runner: runner, work: work)
    }

    /// Each recogniser on each way an old form was filled in (dot matrix, typewriter, kai by hand; the truth's
    /// `font`), both parts: how often it reads a field right, and which pairs agree on a wrong value there.
    private func measureReadersOnFaces(of forms: [Truth], runner: Runner, work: URL) throws {
        guard !forms.isEmpty else { return }
        let traces = try tracedByEachPageReader(work.appendingPathComponent("office-copies-old_form"), name: "old-forms",
                                                runner: runner, work: work)
        for face in Set(forms.compactMap(\.font)).sorted() {
            print("\n== readers on old forms filled in by \(face) (\(forms.filter { $0.font == face }.count) pages, both parts)")
            try ReaderPairs(truth: forms.filter { $0.font == face }).print(traces: traces)
        }
    }

    /// The reader-pair table on the never-tuned scans (the fresh part's pages of one certificate and every
    /// degraded scan of the fresh designs): each read with a trace by each page recogniser in turn.
    private func measureReaderPairs(designs: String, truth: [Truth], runner: Runner, work: URL) throws {
        let folder = work.appendingPathComponent("reader-pairs")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        // The every-degradation draw holds the fresh designs' clean scans and 18 of each degraded kind; without it,
        // the design corpus's fresh part.
        let (folderOfPages, all) = try everyDegradation.map { ($0 + "/pages", try Truth.load($0 + "/expected.jsonl")) }
            ?? (designs + "/pages", truth.filter { $0.part == "fresh" })
        let lines = all.filter { $0.card == nil && $0.isCertificate && $0.condition != "digital" }
        let sources = lines.map { folderOfPages + "/" + $0.source }
        for source in Set(sources) {  // copies: ingest passes over links found in a folder
            let copy = folder.appendingPathComponent((source as NSString).lastPathComponent)
            try? FileManager.default.removeItem(at: copy)
            try FileManager.default.copyItem(atPath: source, toPath: copy.path)
        }
        print("\n== reader pairs on the never-tuned scans: \(Set(sources).count) pages, each key field read by every "
            + "recogniser (personal numbers left out)")
        let traces = try tracedByEachPageReader(folder, name: "reader-pairs", runner: runner, work: work)
        try ReaderPairs(truth: lines).print(traces: traces)
    }

    /// The folder ingested with `--reader-trace` once per page recogniser (PP-OCRv4, then PP-OCRv5): the traces'
    /// paths, for `ReaderPairs`.
    private func tracedByEachPageReader(_ folder: URL, name: String, runner: Runner, work: URL) throws -> [String] {
        try [("ppocr", runner.settings), ("ppocrv5", "pipelines/arrangements/ppocrv5-page.yaml")].map { reader, settings in
            var traced = runner
            traced.settings = settings
            let trace = work.appendingPathComponent("trace-\(name)-\(reader).jsonl").path
            _ = try traced.ingest([folder.path], jobs: 2, name: "\(name)-\(reader)", extra: ["--reader-trace", trace])
            return trace
        }
    }

    /// Scanned and photographed pages: certarchive against the tesseract tool run once per page, 1 and 2 at a time.
    private func throughput(truth: [Truth], runner: Runner, work: URL) throws {
        let batch = try Batch.scannedImages(from: fixtures + "/samples", truth: truth, copies: copies, into: work)
        print("\n== throughput on scanned and photographed certificate images: \(batch.files.count) pages "
            + "(\(copies) copies of each); wall clock of the whole command, start-up included")
        var perJobs: [Int: Double] = [:]
        for jobs in [1, 2] {
            let run = try runner.ingest([batch.folder], jobs: jobs, name: "scan-\(jobs)")
            perJobs[jobs] = run.pagesPerSecond
            print(run.line(label: "certarchive ingest --jobs \(jobs)", jobs: jobs))
            let cli = try TesseractCLI().run(over: batch.files, jobs: jobs)
            let cliRate = Double(batch.files.count) / cli.wallSeconds
            print(String(format: "tesseract CLI, once per page, %d at a time: %d pages in %.1f s = %.2f pages/s, "
                             + "CPU busy %.0f%% of %d core(s)", jobs, batch.files.count, cli.wallSeconds, cliRate,
                         cli.busyPercent(cores: jobs), jobs))
            print(String(format: "  certarchive (page reading, fields read again, validation, archive) vs bare "
                             + "tesseract: %.2fx the pages per second", run.pagesPerSecond / cliRate))
        }
        if let one = perJobs[1], let two = perJobs[2], one > 0 {
            print(String(format: "scaling 1 -> 2 workers: %.2fx", two / one))
        }
    }

    /// Scanned pages in batches of the given sizes, --jobs 2: peak memory must not grow with the batch.
    private func ocrMemory(runner: Runner, work: URL) throws {
        guard !ocrBatches.isEmpty else { return }
        let truth = try Truth.load(fixtures + "/expected.jsonl")
        print("== scanned pages (copies of the scanned samples), --jobs 2: peak memory by batch size")
        var peaks: [Double] = []
        for count in ocrBatches {
            let perSample = (count + 11) / 12
            let batch = try Batch.scannedImages(from: fixtures + "/samples", truth: truth, copies: perSample,
                                                into: work.appendingPathComponent("ocr-\(count)"))
            let folder = work.appendingPathComponent("ocr-\(count)-pages")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            for file in batch.files.prefix(count) {
                try FileManager.default.moveItem(atPath: file, toPath: folder.appendingPathComponent(
                    (file as NSString).lastPathComponent).path)
            }
            let run = try runner.ingest([folder.path], jobs: 2, name: "ocr-\(count)")
            peaks.append(run.peakRSSMegabytes)
            print(run.line(label: "\(run.pages) pages", jobs: 2))
        }
        if let first = peaks.first, let last = peaks.last, first > 0, peaks.count > 1 {
            print(String(format: "peak memory, %d pages vs %d pages: %.2fx", ocrBatches.last ?? 0, ocrBatches.first ?? 0,
                         last / first))
        }
    }

    /// Born-digital PDF pages (text layer, no OCR) in a small and a large batch: pages per second, and peak
    /// memory, which must not grow with the batch.
    private func textLayerBatches(runner: Runner, work: URL) throws {
        print("\n== born-digital PDF pages (text layer, no OCR), distinct copies, --jobs 2: throughput and peak memory")
        var peaks: [Double] = []
        for count in textLayerBatches {
            let digital = try Batch.copies(of: fixtures + "/samples/construction_permit_digital.pdf", count: count,
                                           into: work.appendingPathComponent("digital-\(count)"))
            let run = try runner.ingest([digital], jobs: 2, name: "digital-\(count)")
            peaks.append(run.peakRSSMegabytes)
            print(run.line(label: "\(count) pages", jobs: 2))
        }
        if let first = peaks.first, let last = peaks.last, first > 0, peaks.count > 1 {
            print(String(format: "peak memory, %d pages vs %d pages: %.2fx", textLayerBatches.last ?? 0,
                         textLayerBatches.first ?? 0, last / first))
        }
    }

    /// Seconds per page with `--jobs 1` on the design corpus's held-out clean scans: this build, the build before
    /// issue 13 (when given), and the `tesseract` tool started once per page on the same files.
    private func designCleanScanTimes(designs: String, truth: [Truth], work: URL, runner: Runner,
                                      compare: Bool = true) throws {
        let folder = work.appendingPathComponent("designs-clean")
        let pages = Set(truth.filter { $0.part == "heldout" && $0.condition == "clean" && $0.isCertificate
                                       && !$0.isFlawed }.map(\.source)).sorted()
        if !FileManager.default.fileExists(atPath: folder.path) {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            for page in pages {
                try FileManager.default.copyItem(atPath: designs + "/pages/" + page,
                                                 toPath: folder.appendingPathComponent(page).path)
            }
        }
        let pinned = FileManager.default.isExecutableFile(atPath: Runner.taskset)
        print("\n== held-out clean scans of the design corpus: \(pages.count) pages, --jobs 1, "
            + (pinned ? "each run pinned to one core" : "not pinned (no taskset here)"))
        var runner = runner
        runner.pinnedCores = 1
        let now = try runner.ingest([folder.path], jobs: 1, name: "designs-clean-now-\(UUID().uuidString.prefix(6))")
        print(now.line(label: "this build" + (runner.settings.map { ", \($0)" } ?? ""), jobs: 1))
        guard compare else { return }
        let cli = try TesseractCLI().run(over: pages.map { folder.appendingPathComponent($0).path }, jobs: 1, pinned: true)
        let perPage = { (seconds: Double) in seconds / Double(max(1, pages.count)) }
        print(String(format: "tesseract tool once per page: %.2f s/page; this build takes %.2fx its time",
                     perPage(cli.wallSeconds), now.usage.wallSeconds / max(0.001, cli.wallSeconds)))
        guard let before else { return }
        let then = try Runner(binary: before, work: work, pinnedCores: 1).ingest([folder.path], jobs: 1,
                                                                                 name: "designs-clean-before")
        print(then.line(label: "the build before (\(before))", jobs: 1))
        print(String(format: "seconds per page, before %.2f, now %.2f: this build takes %.2fx the time it took",
                     perPage(then.usage.wallSeconds), perPage(now.usage.wallSeconds),
                     now.usage.wallSeconds / max(0.001, then.usage.wallSeconds)))
    }

    /// Seconds per page on the degraded set's clean 300 dpi scans, one at a time: what preparation, the second
    /// reading and the cross-check cost where a page needs none of them; beside the foundation's when given.
    private func cleanScanTimes(degraded: String, work: URL) throws {
        let folder = work.appendingPathComponent("clean")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let pages = try FileManager.default.contentsOfDirectory(atPath: degraded + "/pages")
            .filter { $0.hasPrefix("clean-") }.sorted()
        for page in pages {
            try FileManager.default.copyItem(atPath: degraded + "/pages/" + page,
                                             toPath: folder.appendingPathComponent(page).path)
        }
        print("\n== clean scans of the degraded set: \(pages.count) pages, --jobs 1")
        let current = try Runner(binary: binary, work: work).ingest([folder.path], jobs: 1, name: "clean-now")
        print(current.line(label: "this build", jobs: 1))
        guard let foundation else { return }
        let before = try Runner(binary: foundation, work: work).ingest([folder.path], jobs: 1, name: "clean-foundation")
        print(before.line(label: "the foundation (\(foundation))", jobs: 1))
        print(String(format: "per-page time, this build vs the foundation: %.2fx",
                     before.pagesPerSecond / current.pagesPerSecond))
    }
}
