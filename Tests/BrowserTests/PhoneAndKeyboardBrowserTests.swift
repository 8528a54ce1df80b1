import Foundation
import Testing

/// The pages on a phone (390 CSS pixels) and by keyboard and screen reader: no page wider than the screen (a wide
/// table scrolls in its own frame), every control of the queue named, a heading on every page, the rule ids'
/// small print readable (contrast at least 4.5:1), the first item one Tab and Enter from the top, and Enter on a
/// button doing that button's work.
@Suite struct PhoneAndKeyboardBrowserTests {
    @Test(.enabled(if: Chromium.testsRun, "no Chromium here (make deps installs Debian's chromium): browser test skipped"))
    func thePagesFitAPhoneAndServeTheKeyboard() async throws {
        let (folder, archive) = try SignedInBrowserTests.archive(copies: 1, accounts: [("赵管理", "admin", [])])
        let (server, port, browser) = try BrowserReviewTests.serveAndBrowse(archive, profile: folder.appendingPathComponent("profile"))
        defer { server.terminate(); server.waitUntilExit(); browser.stop() }
        let site = "http://127.0.0.1:\(port)"
        try await DevToolsSession.with(browser.socket) { page in
            try await page.send("Page.enable")
            try await SignedInBrowserTests.signIn(page, port: port, as: "赵管理")
            try await page.send("Emulation.setDeviceMetricsOverride", ["width": 390, "height": 844, "deviceScaleFactor": 2, "mobile": true])
            var tooWide: [String] = []
            for path in ["/", "/desk", "/desk/print", "/report", "/items/1", "/items/2", "/account", "/search?q=%E8%BE%BD", "/items/1/scan"] {
                try await page.open(site + path)
                let width = try await page.evaluate("document.documentElement.scrollWidth") as? Int ?? 0
                if width > 390 {
                    // The widest elements, to say what to fix.
                    let culprits = try await page.evaluate("""
                        [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 392)
                          .slice(0, 3).map(e => e.tagName + (e.id ? '#' + e.id : '') + '.' + e.className).join(' ')
                        """) as? String ?? ""
                    tooWide.append("\(path): \(width) (\(culprits))")
                }
                #expect(try await page.evaluate("!!document.querySelector('h1')") as? Bool == true, "\(path) has a heading")
            }
            #expect(tooWide.isEmpty, "wider than a phone: \(tooWide)")

            try await page.send("Emulation.setDeviceMetricsOverride", ["width": 1366, "height": 768, "deviceScaleFactor": 1, "mobile": false])
            try await page.open(site + "/")
            let unnamed = try await page.evaluate("""
                [...document.querySelectorAll('input:not([type=hidden]), select')].filter(e =>
                  !e.getAttribute('aria-label') && !(e.id && document.querySelector('label[for="' + e.id + '"]')) && !e.closest('label')).length
                """) as? Int
            #expect(unnamed == 0, "every control of the queue has a name a screen reader says")
            #expect(try await page.evaluate("getComputedStyle(document.querySelector('small.rule')).color") as? String == "rgb(89, 89, 89)",
                    "the rule ids' small print at 7:1 on white")
            // From the top of the page: Tab reaches the skip link, Enter puts the focus on the first item.
            _ = try await page.evaluate("document.activeElement.blur(); window.scrollTo(0, 0); 0")
            try await page.press("Tab", code: "Tab", keyCode: 9)
            try await page.press("Enter")
            #expect(try await page.evaluate("document.activeElement.closest('td') && document.activeElement.getAttribute('href')") as? String
                    == (try await page.evaluate("document.querySelector('td a').getAttribute('href')") as? String))
            // Enter on the sign-out button signs out; it does not open an item.
            _ = try await page.evaluate("document.getElementById('sign-out').focus(); 0")
            try await page.press("Enter")
            try await page.waitUntil("location.pathname === '/login'")
        }
    }
}
