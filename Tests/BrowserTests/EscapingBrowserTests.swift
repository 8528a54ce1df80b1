import Foundation
import Testing

/// A file name made to slip past HTML escaping (`<` fused with U+0600 before it into one grapheme cluster) dropped
/// into an inbox: the rejected-item report names it, and Chromium shows it as text, running nothing.
@Suite struct EscapingBrowserTests {
    @Test(.enabled(if: Chromium.testsRun, "no Chromium here (make deps installs Debian's chromium): browser test skipped"))
    func aCraftedFileNameInTheRejectedReportIsTextNotMarkup() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("certarchive-escaping-\(UUID())")
        let inbox = folder.appendingPathComponent("inbox")
        try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let name = "\u{600}<img src=x onerror=document.title='pwned'>.png"
        try Data("not a picture".utf8).write(to: inbox.appendingPathComponent(name))
        let report = folder.appendingPathComponent("report")
        _ = try BrowserReviewTests.run(["ingest", inbox.path, "--archive", folder.appendingPathComponent("a.sqlite").path,
                                        "--report-dir", report.path])
        let html = report.appendingPathComponent("rejected.html")
        #expect(try String(contentsOf: html, encoding: .utf8).contains("&lt;img src=x"))

        let browser = try Chromium.start(profile: folder.appendingPathComponent("profile"))
        defer { browser.stop() }
        try await DevToolsSession.with(browser.socket) { page in
            try await page.send("Page.enable")
            try await page.open(html.absoluteString)
            try await Task.sleep(for: .milliseconds(300))
            #expect(try await page.evaluate("document.title") as? String != "pwned", "the name's markup ran")
            #expect(try await page.evaluate("document.querySelectorAll('img[src=x]').length") as? Int == 0)
            let shown = try await page.evaluate("document.body.textContent.includes('<img src=x onerror=')") as? Bool
            #expect(shown == true, "the name is shown as it is")
        }
    }
}
