import IngestCore

/// Finds dates in certificate text: 2023年5月12日, 2023.05.12, 2023-05-12, 2023/5/12 and 二〇二三年五月十二日.
public enum ChineseDate {
    public static func dates(in text: String) -> [PrintedDate] {
        let arabic = replacingChineseNumeralDates(in: text)
        // A space may stand for the first separator (2024 06.12: the dot lost in a scan), never for both.
        let pattern = /(\d{4})\s*[年.\-\/\s]\s*(\d{1,2})\s*[月.\-\/]\s*(\d{1,2})(?!\d)\s*日?/
        return arabic.matches(of: pattern).compactMap { m in
            guard let y = Int(m.1), let mo = Int(m.2), let d = Int(m.3) else { return nil }
            return PrintedDate(year: y, month: mo, day: d)
        }
    }

    /// 二〇二三年五月十二日 → 2023年5月12日; other text unchanged.
    static func replacingChineseNumeralDates(in text: String) -> String {
        let pattern = /([〇零一二三四五六七八九Oo○0]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日/
        return text.replacing(pattern) { m in
            let year = String(m.1.map { digitValue($0).map(String.init) ?? "?" }.joined())
            guard let month = numberValue(String(m.2)), let day = numberValue(String(m.3)) else { return String(m.0) }
            return "\(year)年\(month)月\(day)日"
        }
    }

    private static func digitValue(_ c: Character) -> Int? {
        switch c {
        case "〇", "零", "O", "o", "○", "0": return 0
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

    /// 一 … 九, 十, 十二, 二十, 二十三, 三十一.
    private static func numberValue(_ s: String) -> Int? {
        let chars = Array(s)
        if let ten = chars.firstIndex(of: "十") {
            let tens = ten == 0 ? 1 : (chars.count > 0 ? digitValue(chars[0]) : nil)
            let ones = ten == chars.count - 1 ? 0 : digitValue(chars[chars.count - 1])
            guard let t = tens, let o = ones, ten <= 1 else { return nil }
            return t * 10 + o
        }
        guard chars.count == 1 else { return nil }
        return digitValue(chars[0])
    }
}
