import Foundation
import Testing

/// A team clears a queue of fifty mixed items in headless Chromium at 1280×800, in the Chinese interface, with keys
/// alone: 王审核 corrects misread credit codes and holders, accepts a page that prints an impossible date as printed,
/// rejects meeting notices, and hands one item to 钱审核 (Alt+G); 钱审核 finds it given to him and does it. Every
/// item's history then says who did what. The queue and the item
/// page are kept as screenshots (`.build/test-artefacts/queue.png`, `item-page.png`; docs/ in README.md).
@Suite struct TeamQueueBrowserTests {
    typealias Base = BrowserReviewTests
    typealias SignedIn = SignedInBrowserTests
    static let rightCode = "912103008765432101", rightHolder = "鞍山桥鼎建筑工程有限公司"

    /// 13 misread credit codes, 13 misread holders, 12 impossible dates, 12 meeting notices: fifty items.
    static func archive() throws -> (folder: URL, path: String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("certarchive-team-\(UUID())")
        let inputs = folder.appendingPathComponent("in")
        for copy in 0..<13 {
            let names = ["review_bad_credit_code.png", "rare_character_holder.png"]
                + (copy < 12 ? ["review_impossible_date.png", "meeting_notice.png"] : [])
            try Base.write(copy: copy, of: names, into: inputs)
        }
        let archive = folder.appendingPathComponent("archive.sqlite").path
        _ = try Base.run(["ingest", inputs.path, "--archive", archive, "--as-of", "2026-11-22", "--jobs", "2"] + Base.readingAsBefore)
        for (name, role) in [("王审核", "reviewer"), ("钱审核", "reviewer")] {
            try #require(try SignedIn.run(["user", "add", name, "--role", role, "--archive", archive], input: name + SignedIn.passwordSuffix) == 0)
        }
        return (folder, archive)
    }

    @Test(.enabled(if: Chromium.testsRun, "no Chromium here (make deps installs Debian's chromium): browser test skipped"))
    func aTeamClearsFiftyItemsWithKeysAndEveryHistorySaysWhoDidWhat() async throws {
        let (folder, archive) = try Self.archive()
        try #require(try Base.run(["review", "list", "--archive", archive]).stdout.contains("50 item(s) in review"))
        let (server, port, browser) = try Base.serveAndBrowse(archive, profile: folder.appendingPathComponent("profile"))
        defer { server.terminate(); server.waitUntilExit(); browser.stop() }
        let artefacts = Base.repo.appendingPathComponent(".build/test-artefacts")

        let (walked, handed) = try await DevToolsSession.with(browser.socket) { page in
            try await page.send("Page.enable")
            try await page.send("Emulation.setDeviceMetricsOverride", ["width": 1280, "height": 800, "deviceScaleFactor": 1, "mobile": false])
            try await SignedIn.signIn(page, port: port, as: "王审核")
            #expect(try await page.evaluate("document.querySelector('h1').textContent") as? String == "待审核队列")
            try await DeskBrowserTests.screenshot(page, to: artefacts.appendingPathComponent("queue.png"), wholePage: false)
            let (walked, handed) = try await Self.walk(page, artefacts: artefacts)

            _ = try await page.evaluate("document.getElementById('sign-out').click(); 0")
            _ = try await page.waitForPath(differentFrom: "/")
            try await SignedIn.signIn(page, port: port, as: "钱审核")
            try await page.send("Page.navigate", ["url": "http://127.0.0.1:\(port)/?assignee=me"])
            try await page.waitUntil("document.readyState === 'complete' && !!document.getElementById('counter')")
            #expect(try await page.evaluate("document.querySelectorAll('td a[href^=\"/items/\"]').length") as? Int == 1, "the one handed to him")
            try await page.press("Enter")
            _ = try await page.waitForPath(differentFrom: "/")
            try await page.send("Input.insertText", ["text": Self.rightHolder])
            try await page.waitUntil("document.getElementById('verdict').textContent.startsWith('符合全部规则')")
            try await page.press("Enter")
            #expect(try await page.waitForPath(differentFrom: "/items/\(handed)") == "/", "the queue, cleared")
            let counter = try await page.evaluate("document.getElementById('counter')?.textContent") as? String
            #expect(counter?.hasPrefix("0 项待审核") == true, "\(counter ?? "not on the queue")")
            return (walked, handed)
        }
        #expect(walked == 50)

        let items = try Base.run(["export", "--archive", archive, "--format", "jsonl", "--reveal"]).stdout.split(separator: "\n")
        #expect(items.filter { $0.contains(#""status":"accepted""#) }.count == 38)
        #expect(items.filter { $0.contains(#""printed_error""#) }.count == 12)
        #expect(items.filter { $0.contains("review.rejected") }.count == 12)
        // Every item's history names who did what.
        for id in 1...50 {
            let history = try Base.run(["history", "\(id)", "--archive", archive]).stdout
            let decided = id == handed ? ["reviewer:钱审核  accepted"] : ["reviewer:王审核  accepted", "reviewer:王审核  rejected"]
            #expect(decided.contains { history.contains($0) }, "item \(id): \(history)")
            if id == handed {
                #expect(history.contains("reviewer:王审核  assigned  ∅ → 钱审核"), "\(history)")
                #expect(history.contains("reviewer:钱审核  set  holder"), "\(history)")
            }
        }
    }

    /// 王审核's walk through the queue: each item opened by Enter from the one before; the first misread holder
    /// handed to 钱审核 (Alt+G, the list moved with the arrow keys, Enter). Returns the items walked and the one handed.
    static func walk(_ page: DevToolsSession, artefacts: URL) async throws -> (walked: Int, handed: Int) {
        try await page.press("Enter")
        var walked = 0, handed = 0, at = "/"
        while walked < 60 {
            guard let path = try await page.waitForPath(differentFrom: at) else { break }
            at = path
            if path == "/" { break }
            walked += 1
            let text = try await page.evaluate("document.body.innerText") as? String ?? ""
            if text.contains("review_bad_credit_code") {
                try await page.send("Input.insertText", ["text": rightCode])
                try await page.waitUntil("document.getElementById('verdict').textContent.startsWith('符合全部规则')")
                try await page.press("Enter")
            } else if text.contains("rare_character_holder"), handed == 0 {
                handed = Int(path.split(separator: "/").last ?? "") ?? 0
                try await page.press("g", modifiers: 1, code: "KeyG", keyCode: 71)  // Alt+G
                try await page.waitUntil("document.activeElement.id === 'hand-to'")
                // nobody, 王审核, 钱审核: two down.
                for _ in 0..<2 { try await page.press("ArrowDown", code: "ArrowDown", keyCode: 40) }
                #expect(try await page.evaluate("document.getElementById('hand-to').value") as? String == "钱审核")
                try await page.press("Enter")
            } else if text.contains("rare_character_holder") {
                try await page.send("Input.insertText", ["text": rightHolder])
                try await page.waitUntil("document.getElementById('verdict').textContent.startsWith('符合全部规则')")
                if walked < 8 { try await DeskBrowserTests.screenshot(page, to: artefacts.appendingPathComponent("item-page.png"), wholePage: false) }
                try await page.press("Enter")
            } else if text.contains("review_impossible_date") {
                try await page.press("Enter")
                try await page.waitUntil("!document.getElementById('as-printed').hidden && document.activeElement.id === 'printed-reason'")
                try await page.send("Input.insertText", ["text": "证书原件印的就是2月30日"])
                try await page.press("Enter")
            } else {
                try await page.press("r", modifiers: 1, code: "KeyR", keyCode: 82)  // Alt+R
                try await page.send("Input.insertText", ["text": "不是证书（会议通知）"])
                try await page.press("Enter")
            }
        }
        return (walked, handed)
    }
}
