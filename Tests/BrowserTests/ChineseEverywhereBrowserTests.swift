import Foundation
import Testing

/// Everything a Chinese user reads is in Chinese: every page of the web UI, signed in as an administrator (who
/// sees them all), over the demo's inputs, is walked in Chromium and its visible text searched for English words.
/// Allowed: key names (Alt, Enter, Esc), format names (PDF, CSV, JPEG…), the program's name, file names and
/// paths, rule ids in their small print (`<small class="rule">`, beside their Chinese words), and code (a command,
/// a hash).
@Suite struct ChineseEverywhereBrowserTests {
    static let allowed: Set<String> = ["certarchive", "Alt", "Enter", "Esc", "Tab", "PDF", "CSV", "JPEG", "PNG", "TIFF",
                                       "BMP", "WebP", "SHA", "GB", "OFD", "ICS", "HEIC"]

    /// The visible words of the page that are English: text and the attributes a person reads (hover titles too), less small-print
    /// rule ids and paths or file names.
    static let englishWords = """
        (() => {
          const body = document.body.cloneNode(true);
          body.querySelectorAll('small.rule, script, style, code').forEach(e => e.remove());
          const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT), texts = [];
          while (walker.nextNode()) texts.push(walker.currentNode.nodeValue);
          const attributes = [...document.querySelectorAll('[placeholder], [alt], [aria-label], [title]')]
            .map(e => ['placeholder', 'alt', 'aria-label', 'title'].map(a => e.getAttribute(a)).join(' '));
          const buttons = [...document.querySelectorAll('input[type=button], input[type=submit]')].map(e => e.value);
          const text = [...texts, ...attributes, ...buttons].join(' ')
            .replace(/\\S*[\\/\\\\]\\S*/g, ' ').replace(/\\S+\\.(png|jpe?g|pdf|tiff?|bmp|webp|csv|sqlite|html)\\b/gi, ' ')
            .replace(/[A-Za-z0-9]*[0-9][A-Za-z0-9]*/g, ' ');  // codes and numbers (91210102MA0ABC121T), not words
          return [...new Set(text.match(/[A-Za-z][A-Za-z']{2,}/g) || [])];
        })()
        """

    @Test(.enabled(if: Chromium.testsRun, "no Chromium here (make deps installs Debian's chromium): browser test skipped"))
    func noPageSpeaksEnglish() async throws {
        let repo = BrowserReviewTests.repo
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("certarchive-zh-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let archive = folder.appendingPathComponent("archive.sqlite").path
        for inputs in ["fixtures/samples", "fixtures/compliance"] {
            _ = try BrowserReviewTests.run(["ingest", repo.appendingPathComponent(inputs).path, "--archive", archive,
                                            "--as-of", "2026-11-22"] + BrowserReviewTests.readingAsBefore)
        }
        #expect(try SignedInBrowserTests.run(["user", "add", "赵管理", "--role", "admin", "--archive", archive],
                                             input: "赵管理" + SignedInBrowserTests.passwordSuffix) == 0)
        let items = try BrowserReviewTests.run(["export", "--archive", archive, "--format", "jsonl"]).stdout
            .split(separator: "\n").count
        let (server, port, browser) = try BrowserReviewTests.serveAndBrowse(
            archive, profile: folder.appendingPathComponent("profile"), arguments: ["--as-of", "2026-11-22"])
        defer { server.terminate(); server.waitUntilExit(); browser.stop() }
        let site = "http://127.0.0.1:\(port)"
        let english = try await DevToolsSession.with(browser.socket) { page in
            try await page.send("Page.enable")
            var found: [String: [String]] = [:]
            func walk(_ path: String) async throws {
                try await page.open(site + path)
                let words = (try await page.evaluate(Self.englishWords) as? [String] ?? []).filter { !Self.allowed.contains($0) }
                if !words.isEmpty { found[path] = words }
            }
            try await walk("/login")
            try await SignedInBrowserTests.signIn(page, port: port, as: "赵管理")
            for path in ["/", "/account", "/desk", "/desk/print", "/search?q=%E8%BE%BD", "/report", "/runs/1", "/runs/2", "/verify",
                         "/?rule=holder", "/items/1/scan"] {
                try await walk(path)
            }
            for item in 1...items { try await walk("/items/\(item)") }
            return found
        }
        #expect(english.isEmpty, "English on the pages: \(english.sorted { $0.key < $1.key })")
    }
}
