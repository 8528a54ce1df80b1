import Foundation
import PageImaging
import Testing

/// The administrator's desk in headless Chromium at 1280×800, over the demo's inputs (fixtures/samples and
/// fixtures/compliance) ingested by the real executable: every number is a link, and what it links to holds
/// exactly the records it counts. Its screenshot is kept as a test artefact (`.build/test-artefacts/desk.png`,
/// in README.md as docs/desk.png).
@Suite struct DeskBrowserTests {
    @Test(.enabled(if: Chromium.testsRun, "no Chromium here (make deps installs Debian's chromium): browser test skipped"))
    func everyNumberOnTheDeskLinksToTheRecordsBehindIt() async throws {
        let repo = BrowserReviewTests.repo
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("certarchive-desk-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let archive = folder.appendingPathComponent("archive.sqlite").path
        for inputs in ["fixtures/samples", "fixtures/compliance"] {
            _ = try BrowserReviewTests.run(["ingest", repo.appendingPathComponent(inputs).path, "--archive", archive,
                                            "--as-of", "2026-11-22"] + BrowserReviewTests.readingAsBefore)
        }
        let (server, port, browser) = try BrowserReviewTests.serveAndBrowse(
            archive, profile: folder.appendingPathComponent("profile"), arguments: ["--as-of", "2026-11-22"])
        defer { server.terminate(); server.waitUntilExit(); browser.stop() }
        let site = "http://127.0.0.1:\(port)"
        try await DevToolsSession.with(browser.socket) { page in
            try await page.send("Page.enable")
            try await page.send("Emulation.setDeviceMetricsOverride", ["width": 1280, "height": 800, "deviceScaleFactor": 1, "mobile": false])
            try await page.open(site + "/desk")
            // Each tile's number links to its section, whose rows (or, for the backlog, whose numbers) add up to it.
            let tiles = try await page.evaluate("""
                [...document.querySelectorAll('.tile')].map(t => {
                  const a = t.querySelector('a.n'), section = document.querySelector(a.getAttribute('href'));
                  const rows = section.id === 'backlog'
                    ? [...section.querySelectorAll('a.n')].reduce((n, x) => n + Number(x.textContent), 0)
                    : section.querySelectorAll('tr').length - (section.querySelector('th') ? 1 : 0);
                  return [section.id, Number(a.textContent), rows];
                })
                """) as? [[Any]] ?? []
            #expect(tiles.count == 7)
            for tile in tiles {
                #expect(tile[1] as? Int == tile[2] as? Int, "the number of \(tile[0]) counts the rows behind it")
            }
            #expect(tiles.map { $0[0] as? String ?? "" } == ["within-7", "within-15", "within-30", "lapsed", "companies", "anomalies", "backlog"])
            #expect(tiles.compactMap { $0[1] as? Int } == [1, 0, 1, 3, 5, 3, 4],
                    "as of 2026-11-22, the demo's records: two 特种作业操作证 past their 复审 among the lapsed")
            #expect(try await page.evaluate("[...document.querySelectorAll('.desk td a.n, .tile a.n')].every(a => a.href)") as? Bool == true)
            // Every certificate listed links to its record and its scan; every evidence too.
            #expect(try await page.evaluate("""
                [...document.querySelectorAll('#within-7 tr, #within-30 tr, #lapsed tr, #anomalies li')].filter(r => !r.querySelector('th'))
                  .every(r => r.querySelector('a[href^="/items/"]') && r.querySelector('a.scan-link'))
                """) as? Bool == true)
            try await Self.screenshot(page, to: repo.appendingPathComponent(".build/test-artefacts/desk.png"))

            // Every scan link opens the certificate's page, accepted ones too (once most answered 404), and a
            // file of several pages is paged through.
            let scans = try await page.evaluate("[...new Set([...document.querySelectorAll('a.scan-link')].map(a => a.getAttribute('href')))]") as? [String] ?? []
            #expect(scans.count >= 5)
            let pictureShown = "(() => { const i = document.getElementById('original'); return !!i && i.complete && i.naturalWidth >= 1000; })()"
            for scan in scans {
                try await page.open(site + scan)
                try await page.waitUntil(pictureShown)
            }
            // The demo's two-page scanned PDF (its first page a 安全生产许可证 of 南京苏宁建工), from its record's page.
            try await page.open(site + "/search?q=%E5%8D%97%E4%BA%AC%E8%8B%8F%E5%AE%81")
            let record = try await page.evaluate("[...document.querySelectorAll('tr')].find(r => r.textContent.includes('JZ')).querySelector('a[href^=\"/items/\"]').getAttribute('href')") as? String ?? ""
            try await page.open(site + record)
            _ = try await page.evaluate("document.querySelector('a[href$=\"/scan\"]').click(); 0")
            try await page.waitUntil(pictureShown + " && !!document.getElementById('next-page')")
            _ = try await page.evaluate("document.getElementById('next-page').click(); 0")
            try await page.waitUntil("location.search === '?page=2' && " + pictureShown)
            #expect(try await page.evaluate("document.querySelector('h1').textContent") as? String == "原件 · 页 2 / 2")
            try await page.open(site + "/desk")

            // The certificate that lapses first opens its record, its number as the list gives it.
            let first = try await page.evaluate("document.querySelector('#within-7 td a').textContent") as? String
            try await page.open(site + (try await page.evaluate("document.querySelector('#within-7 td a').getAttribute('href')") as? String ?? ""))
            #expect(try await page.evaluate("document.getElementById('f-certificate_number').value") as? String == first)

            // A company's records: as many as the desk says.
            try await page.open(site + "/desk")
            let company = try await page.evaluate("""
                (() => { const a = [...document.querySelectorAll('#companies td a')].find(a => a.textContent.startsWith('4')); return [a.getAttribute('href'), parseInt(a.textContent)]; })()
                """) as? [Any] ?? []
            try await page.open(site + (company.first as? String ?? ""))
            #expect(try await page.evaluate("document.querySelectorAll('table tr').length - 1") as? Int == company.last as? Int)

            // The backlog's band opens the queue filtered to the same items.
            try await page.open(site + "/?age=0-1")
            #expect(try await page.evaluate("document.querySelectorAll('td a[href^=\"/items/\"]').length") as? Int == 4)

            // The printable page: the same numbers, nothing to click away to.
            try await page.open(site + "/desk/print")
            #expect(try await page.evaluate("getComputedStyle(document.querySelector('.noprint')).display") as? String == "none")
            #expect(try await page.evaluate("[...document.querySelectorAll('.tile a.n')].map(a => a.textContent).join(',')") as? String == "1,0,1,3,5,3,4")
            // Printed: who prepared it, page numbers, dates on one line, a line to sign.
            let pdf = try await page.send("Page.printToPDF", ["paperWidth": 8.27, "paperHeight": 11.69, "preferCSSPageSize": true])
            let file = folder.appendingPathComponent("desk.pdf")
            try (Data(base64Encoded: pdf["data"] as? String ?? "") ?? Data()).write(to: file)
            let printed = try PDFDocument(path: file.path)
            let text = (0..<printed.pageCount).map { printed.text(page: $0) }.joined(separator: "\n")
            #expect(text.contains("编制单位") && text.contains("审核人") && text.filter { !$0.isWhitespace }.contains("第1页/共\(printed.pageCount)页"), "\(text.suffix(300))")
            #expect(try await page.evaluate("[...document.querySelectorAll('td.date')].every(td => td.getClientRects().length === 1)") as? Bool == true,
                    "a date is never broken across lines")

            // A lapse dealt with is marked so, saying how, and listed no more (once they stayed for ever).
            try await page.open(site + "/desk")
            let lapsedBefore = try await page.evaluate("document.querySelectorAll('#lapsed tr').length - 1") as? Int ?? 0
            _ = try await page.evaluate("""
                localStorage.reviewer = '赵管理'; document.getElementById('acknowledge-why').value = '已在大连换发新证';
                document.querySelector('#lapsed .acknowledge').click(); 0
                """)
            try await page.waitUntil("document.readyState === 'complete' && document.body.innerText.includes('已标为已处理、不再列出的过期证书： 1')")
            #expect(try await page.evaluate("document.querySelectorAll('#lapsed tr').length - 1") as? Int == lapsedBefore - 1)
        }
    }

    /// The page at 1280 pixels wide and its full height (or the screen's, 800), as PNG.
    static func screenshot(_ page: DevToolsSession, to file: URL, wholePage: Bool = true) async throws {
        let height = wholePage ? try await page.evaluate("document.documentElement.scrollHeight") as? Int ?? 800 : 800
        try await page.send("Emulation.setDeviceMetricsOverride", ["width": 1280, "height": min(height, 4000), "deviceScaleFactor": 1, "mobile": false])
        let shot = try await page.send("Page.captureScreenshot", ["format": "png"])
        let png = Data(base64Encoded: shot["data"] as? String ?? "") ?? Data()
        #expect(png.count > 20_000)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try png.write(to: file)
        try await page.send("Emulation.setDeviceMetricsOverride", ["width": 1280, "height": 800, "deviceScaleFactor": 1, "mobile": false])
    }
}
