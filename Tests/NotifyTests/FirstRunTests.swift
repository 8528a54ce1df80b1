@testable import Notify
import Testing

/// A channel's first run: years of lapses arrive as one digest, not a message each; what falls due later one by one.
@Suite struct FirstRunTests {
    @Test func manyOldLapsesAreOneDigestOnAChannelsFirstRun() {
        let lapsed = (1...5).map { Notice(kind: .lapsed, key: "lapsed|\($0)", text: "已过期：证书 \($0)") }
        let soon = Notice(kind: .expiring, key: "within_7|x", text: "即将到期：证书 x")
        let first = Notifier.firstRun(lapsed + [soon])
        #expect(first.count == 2 && first[0].text.hasPrefix("首次提醒：档案中已有 5 份证书过期") && first[1] == soon)
        #expect(Notifier.firstRun(Array(lapsed.prefix(2)) + [soon]).count == 3, "a few are said one by one")
    }
}
