import IngestCore

/// Finds dates in certificate text: 2023年5月12日, 2023.05.12, 2023-05-12, 2023/5/12 and 二〇二三年五月十二日.
public enum ChineseDate {
    public static func dates(in text: String) -> [PrintedDate] {
        let numerals = replacingChineseNumeralDates(in: restoringCenturyZero(in: text))
        let arabic = replacingMonthLookalikes(in: replacingDigitLookalikes(in: numerals))
        // A space may stand for the first separator (2024 06.12: the dot lost in a scan), never for both.
        let pattern = /(\d{4})\s*[年.\-\/\s]\s*(\d{1,2})\s*[月.\-\/]\s*(\d{1,2})(?!\d)\s*日?/
        return arabic.matches(of: pattern).compactMap { m in
            guard let y = Int(m.1), let mo = Int(m.2), let d = Int(m.3) else { return nil }
            return PrintedDate(year: y, month: mo, day: d)
        }
    }

    /// A numeric date with a digit read as the letter it looks like (2022.C3.08: a seal's ring through the 0)
    /// gets its digit back: only within the date's shape, and only with at least six real digits in it.
    static func replacingDigitLookalikes(in text: String) -> String {
        let pattern = /([0-9OoDCIlSBZ]{4})([.\-\/年])([0-9OoDCIlSBZ]{1,2})([.\-\/月])([0-9OoDCIlSBZ]{1,2})(?![0-9A-Za-z])/
        return text.replacing(pattern) { m in
            let whole = String(m.0)
            guard whole.filter(\.isASCII).filter(\.isNumber).count >= 6 else { return whole }
            return String(whole.map { digitLookalikes[$0] ?? $0 })
        }
    }
    private static let digitLookalikes: [Character: Character] = [
        "O": "0", "o": "0", "D": "0", "C": "0", "I": "1", "l": "1", "S": "5", "B": "8", "Z": "2"]

    /// 月 read as a glyph of its shape (`了`, `习`, `广`, `F`, `]`) between a year with 年 and a day with 日:
    /// 2024年06]11日 → 2024年06月11日. Anchored on both sides, so no other text is taken for a date.
    static func replacingMonthLookalikes(in text: String) -> String {
        text.replacing(/(\d{4}\s*年\s*\d{1,2})\s*[了习广F\]]\s*(\d{1,2}\s*日)/) { m in "\(m.1)月\(m.2)" }
    }

    /// The 〇 of 二〇 read as another glyph (名 人 包 四 …: a circle is what a recogniser most often mistakes):
    /// a certificate's year in Chinese numerals that begins with 二 is of this century, so its second numeral is 〇.
    static func restoringCenturyZero(in text: String) -> String {
        text.replacing(/二([^〇零○Oo0@\s0-9年月日至])([〇零一二三四五六七八九○])([〇零一二三四五六七八九○])年/) { m in
            "二〇\(m.2)\(m.3)年"
        }
    }

    /// 二〇二三年五月十二日 → 2023年5月12日; other text unchanged. A speck read between the numerals (二:十三,
    /// 二.〇二一) is passed over, so is a dash beside a 十 (二-十四); 十 read as 士 or + is 十, so is 十 whose upright
    /// a seal's ink or faint print took (`-`, `-F`, `一` where only 十 makes a number), and 月 and 日 read as glyphs
    /// of their shapes (了 习 广 F; E 曰 目) still part and end the date: the numerals are whole between them.
    ///
    /// 月 read as 日 or 〇 (no month or day holds either) still parts them. A date that ends the text without its
    /// 日 (cut off at the edge of a card or a crop) is read when its day cannot go on: 二十五 or 八, never 二 or
    /// 十 (二十…, 十…).
    static func replacingChineseNumeralDates(in text: String) -> String {
        text.replacing(chineseNumeralDate) { m in
            func withoutSpecks(_ numerals: Substring) -> String { String(numerals.filter { !specks.contains($0) }) }
            let day = withoutSpecks(m.3)
            // No 日: the text ends here.
            guard m.4 != nil || dayIsWhole(day), let numerals = fourYearNumerals(Array(withoutSpecks(m.1))),
                  let month = numberValue(withoutSpecks(m.2)), let dayValue = numberValue(day) else { return String(m.0) }
            let year = String(numerals.map { digitValue($0).map(String.init) ?? "?" }.joined())
            return "\(year)年\(month)月\(dayValue)日"
        }
    }
    nonisolated(unsafe) private static let chineseNumeralDate =
        /([〇零一二三四五六七八九Oo○0@GCQDUW][〇零一二三四五六七八九Oo○0@GCQDUW:：.·]{2,6})年([一二三四五六七八九十士+\-—F:：.·]{1,4})[月了习广F〇○日]([一二三四五六七八九十士+\-—F:：.·]{1,4})(?:([日曰目E])|$)/

    /// Whether a day's numerals cannot be the start of a longer day: they end in a unit after a 十 (二十五, 十五) or
    /// are one numeral that no day continues (四 … 九).
    private static func dayIsWhole(_ numerals: String) -> Bool {
        guard let last = numerals.last, let unit = digitValue(last), unit > 0 else { return false }
        return numerals.count > 1 || unit >= 4
    }

    /// Marks read between a date's numerals (a speck on the paper), passed over.
    private static let specks: Set<Character> = [":", "：", ".", "·"]

    /// A year's four numerals: as read; or 〇 read as two glyphs (`O〇`, `@O`, `GO`, `WO`, `C〇`: a zero and a
    /// round letter side by side, a year never has five numerals), the letter dropped; or 二〇 read without its
    /// faint 〇 (`二二五` for 二〇二五: a year of three numerals from 二 is of this century).
    private static func fourYearNumerals(_ year: [Character]) -> [Character]? {
        if year.count == 4 { return year }
        if year.count == 3, year[0] == "二", digitValue(year[1]) != 0, year.allSatisfy({ digitValue($0) != nil }) {
            return ["二", "〇"] + year[1...]
        }
        guard year.count == 5 else { return nil }
        for i in 0..<(year.count - 1) {
            let (a, b) = (year[i], year[i + 1])
            guard isRoundGlyph(a), isRoundGlyph(b), digitValue(a) == 0 || digitValue(b) == 0,
                  roundLetters.contains(a) || roundLetters.contains(b) else { continue }
            var four = year
            four.remove(at: roundLetters.contains(a) ? i : i + 1)
            return four
        }
        return nil
    }
    /// Letters 〇 is read as when split in two.
    private static let roundLetters: Set<Character> = ["O", "o", "@", "G", "C", "Q", "D", "U", "W"]
    private static func isRoundGlyph(_ c: Character) -> Bool { digitValue(c) == 0 || roundLetters.contains(c) }

    private static func digitValue(_ c: Character) -> Int? {
        switch c {
        case "〇", "零", "O", "o", "○", "0", "@": return 0
        case "一": return 1
        case "二": return 2
        case "三": return 3
        case "四": return 4
        case "五": return 5
        case "六": return 6
        case "七": return 7
        case "八": return 8
        case "九": return 9
        default: return nil
        }
    }

    /// 一 … 九, 十, 十二, 二十, 二十三, 三十一; 十 read as 士 or + (its shape) counts as 十, and so does 十 without
    /// its upright (a dash, `-F` with the upright's foot, or 一) before a unit, where no number has it: 一三 is
    /// 十三, 二-三 is 二十三; 二一 stays unread (二十 or 二十一).
    private static func numberValue(_ s: String) -> Int? {
        var chars = Array(s.replacing("-F", with: "-")).map { $0 == "士" || $0 == "+" ? "十" : $0 }
        // Beside a 十 that is there, a dash is a speck (二-十四): no number has 十 twice.
        if chars.contains("十") { chars.removeAll { $0 == "-" || $0 == "—" } }
        // A bare stroke is 十 only before a unit (十三, 二十三): alone or last it may as well be 一.
        func isOnes(_ c: Character) -> Bool { (digitValue(c) ?? 0) > 0 }
        if !chars.contains("十") {
            if chars.count == 2, uprightLost.contains(chars[0]), isOnes(chars[1]) { chars[0] = "十" }
            if chars.count == 3, uprightLost.contains(chars[1]), [2, 3].contains(digitValue(chars[0])), isOnes(chars[2]) {
                chars[1] = "十"
            }
        }
        if let ten = chars.firstIndex(of: "十") {
            let tens = ten == 0 ? 1 : (chars.count > 0 ? digitValue(chars[0]) : nil)
            let ones = ten == chars.count - 1 ? 0 : digitValue(chars[chars.count - 1])
            guard let t = tens, let o = ones, ten <= 1 else { return nil }
            return t * 10 + o
        }
        guard chars.count == 1 else { return nil }
        return digitValue(chars[0])
    }
    /// What 十 is read as when its upright is lost.
    private static let uprightLost: Set<Character> = ["一", "-", "—"]
}
