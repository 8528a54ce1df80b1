import Archive
import Foundation
import IngestCore
import Logging
import PageImaging
@testable import Pipeline
import Synchronization
import Testing

/// The runner — intake, workers, the one archive writer, the observer — over real files and a real archive, with
/// prepared readings in place of OCR.
@Suite struct RunnerOnPreparedReadingsTests {
    /// A folder holding an upright certificate page, a sideways page no finder turns, and a copy of the first.
    private func inputs() throws -> (folder: URL, upright: String, sideways: String, copy: String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("runner-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("in"), withIntermediateDirectories: true)
        func write(_ name: String, width: Int, height: Int) throws -> String {
            let image = try #require(PageImage.white(width: width, height: height))
            let png = try #require(image.thumbnailPNG(width: width))
            let path = folder.appendingPathComponent("in/\(name)").path
            try Data(png).write(to: URL(fileURLWithPath: path))
            return path
        }
        let upright = try write("a.png", width: 1600, height: 2400)
        let sideways = try write("b.png", width: 2400, height: 1600)
        let copy = folder.appendingPathComponent("in/c.png").path
        try FileManager.default.copyItem(atPath: upright, toPath: copy)
        return (folder, upright, sideways, copy)
    }

    private func runner(_ archive: ArchiveDatabase) throws -> IngestRunner {
        let recognizer = ScriptedPageRecognizer(upright: PreparedReadings.words(PreparedReadings.licenceLines),
                                                otherwise: PreparedReadings.words(["会议通知", "请各单位准时参加"]))
        return IngestRunner(archive: archive, settings: try PreparedReadings.settings(),
                            extractor: try PreparedReadings.extractor(), validator: try PreparedReadings.validator(),
                            logger: Logger(label: "test"), recognizers: { _, _ in PreparedRecognizers(page: recognizer) })
    }

    @Test func everyInputIsSettledOnceWithTheDispositionTheArchiveHolds() throws {
        let (folder, upright, sideways, copy) = try inputs()
        defer { try? FileManager.default.removeItem(at: folder) }
        let archive = try ArchiveDatabase(path: folder.appendingPathComponent("archive.sqlite").path)
        let settled = Mutex<[String: InputDisposition]>([:])
        let progress = Mutex<[Int]>([])
        let observer = RunObserver(inputSettled: { input in settled.withLock { $0[input.source] = input.disposition } },
                                   progress: { report in progress.withLock { $0.append(report.pagesDone) } })
        let request = IngestRequest(paths: [folder.appendingPathComponent("in").path], jobs: 2, asOf: PreparedReadings.asOf)

        let result = try runner(archive).run(request, observer: observer)

        #expect((result.summary.inputs, result.summary.skipped, result.summary.pages) == (3, 1, 2))
        #expect((result.summary.accepted, result.summary.review, result.summary.failed) == (1, 1, 0))
        #expect(progress.withLock { $0.sorted() } == [1, 2])
        let dispositions = settled.withLock { $0 }
        #expect(Set(dispositions.keys) == [upright, sideways, copy], "each input settled, the copy too")
        #expect(dispositions[upright]?.allAccepted == true, "\(dispositions[upright]?.reasons ?? [])")
        #expect(dispositions[copy] == dispositions[upright])
        let waiting = try #require(dispositions[sideways])
        #expect(!waiting.allAccepted)
        #expect(waiting.reasons.count == 1 && waiting.reasons[0].hasPrefix("page 1: review — type.unknown: "))
        for path in [upright, sideways] {
            #expect(try archive.disposition(sha256: Intake.examine(path).sha256) == dispositions[path],
                    "what the observer heard is what the archive holds")
        }
    }

    @Test func aSecondRunReadsNothingAndSettlesEachInputFromTheArchive() throws {
        let (folder, upright, sideways, copy) = try inputs()
        defer { try? FileManager.default.removeItem(at: folder) }
        let archive = try ArchiveDatabase(path: folder.appendingPathComponent("archive.sqlite").path)
        let request = IngestRequest(paths: [folder.appendingPathComponent("in").path], jobs: 1, asOf: PreparedReadings.asOf)
        _ = try runner(archive).run(request)
        let settled = Mutex<[String: Bool]>([:])

        let again = try runner(archive).run(request, observer: RunObserver(inputSettled: { input in
            settled.withLock { $0[input.source] = input.disposition.allAccepted }
        }))

        #expect((again.summary.inputs, again.summary.skipped, again.summary.pages) == (3, 3, 0))
        #expect(settled.withLock { $0 } == [upright: true, sideways: false, copy: true])
    }
}
