import Foundation
import Testing

/// The statistics report rendered by headless Chromium from the demo's inputs (fixtures/samples and
/// fixtures/compliance): it draws its charts with nothing fetched, and its screenshot is kept as a test artefact
/// (`.build/test-artefacts/statistics-report.png`, shown in README.md as docs/statistics-report.png).
@Suite struct StatisticsReportBrowserTests {
    @Test(.enabled(if: Chromium.testsRun, "no Chromium here (make deps installs Debian's chromium): browser test skipped"))
    func theReportDrawsItsChartsOffline() async throws {
        let repo = BrowserReviewTests.repo
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("certarchive-report-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let archive = folder.appendingPathComponent("archive.sqlite").path
        for inputs in ["fixtures/samples", "fixtures/compliance"] {
            _ = try BrowserReviewTests.run(["ingest", repo.appendingPathComponent(inputs).path, "--archive", archive,
                                            "--as-of", "2026-11-22"] + BrowserReviewTests.readingAsBefore)
        }
        let out = folder.appendingPathComponent("report")
        let made = try BrowserReviewTests.run(["report", "--archive", archive, "--as-of", "2026-11-22", "--out", out.path])
        #expect(made.status == 0)
        #expect(made.stdout.contains("（16 份证书，4 项待审核）"), "\(made.stdout)")

        let browser = try Chromium.start(profile: folder.appendingPathComponent("profile"))
        defer { browser.stop() }
        let artefacts = repo.appendingPathComponent(".build/test-artefacts")
        try FileManager.default.createDirectory(at: artefacts, withIntermediateDirectories: true)
        try await DevToolsSession.with(browser.socket) { page in
            try await page.send("Page.enable")
            try await page.send("Page.navigate", ["url": out.appendingPathComponent("report.html").absoluteString])
            try await page.waitFor("Page.loadEventFired")
            #expect(try await page.evaluate("document.querySelectorAll('svg').length") as? Int == 7, "a chart per table")
            let bars = try await page.evaluate("document.querySelectorAll('svg rect').length") as? Int ?? 0
            #expect(bars > 30)
            #expect(try await page.evaluate("performance.getEntriesByType('resource').length") as? Int == 0,
                    "nothing is fetched: the page is self-contained")
            #expect(try await page.evaluate("document.querySelector('.tile b').textContent") as? String == "16")
            let width = try await page.evaluate("document.querySelector('svg').getBBox().width") as? Double ?? 0
            #expect(width > 400, "the first chart has drawn bars beyond its labels")
            let height = try await page.evaluate("document.documentElement.scrollHeight") as? Int ?? 2000
            try await page.send("Emulation.setDeviceMetricsOverride",
                                ["width": 1040, "height": height, "deviceScaleFactor": 1, "mobile": false])
            let shot = try await page.send("Page.captureScreenshot", ["format": "png"])
            let png = Data(base64Encoded: shot["data"] as? String ?? "") ?? Data()
            #expect(png.count > 50_000)
            try png.write(to: artefacts.appendingPathComponent("statistics-report.png"))
        }
    }
}
