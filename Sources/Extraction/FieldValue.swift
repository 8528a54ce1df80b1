import IngestCore
import Rules

extension FieldKind {
    /// The normalised value of a field of this kind, from the text printed after its label (characters already
    /// normalised by `TextNormalizer`). Empty when nothing usable is there.
    public func value(of raw: String) -> String {
        let compact = String(raw.filter { !$0.isWhitespace })
        switch self {
        case .text:
            // A name never begins with a quote mark or a stop: a speck before the value read as one.
            return String(compact.drop(while: Self.isStrayLeadingMark))
                .trimmingSuffix(while: { LabelFinder.separators.contains($0) })
        case .code:
            // Every certificate number's letters are capitals (JZ, D, T, C2): a small one is OCR's.
            return String(compact.drop(while: Self.isStrayLeadingMark).map { $0.isASCII ? Character($0.uppercased()) : $0 })
        case .creditCode:
            // A run longer than a code is an English label run into it (`CreditCode9132…`): the code ends the run.
            // (Not the window whose check holds: one in 31 windows of any run checks by chance.)
            let run = compact.uppercased().firstMatch(of: /[0-9A-Z]{18,}/).map { String($0.0) } ?? compact
            let code = run.count > 18 ? String(run.suffix(18)) : run
            return String(code.map { CheckDigits.creditCodeLookalikes[$0] ?? $0 })
        case .idNumber:
            let digits = String(compact.map { Self.digitLookalikes[$0] ?? $0 })
            return digits.firstMatch(of: /\d{17}[\dXx]/).map { String($0.0).uppercased() } ?? compact
        case .date:
            return ChineseDate.dates(in: raw).first?.iso ?? Self.compactDate(compact) ?? compact
        case .dateRangeEnd:
            // After 至 when the value is a range: the start of a period is never taken for its end.
            let end = raw.firstRange(of: /至|到/).map { String(raw[$0.upperBound...]) } ?? raw
            return ChineseDate.dates(in: end).last?.iso ?? Self.compactDate(compact) ?? compact
        }
    }

    /// A date written as eight digits and nothing else (`20240611`, as a reviewer types one): ISO when it is a
    /// real day.
    static func compactDate(_ value: String) -> String? {
        guard let parts = value.wholeMatch(of: /(\d{4})(\d{2})(\d{2})/),
              let year = Int(parts.output.1), let month = Int(parts.output.2), let day = Int(parts.output.3) else { return nil }
        let date = PrintedDate(year: year, month: month, day: day)
        return date.isReal ? date.iso : nil
    }

    /// A mark no name or number begins with (a quote, a stop, a colon the label left, a speck read as ′): any
    /// punctuation or symbol but an opening bracket, which begins a number's province (（辽）, [2021]).
    static func isStrayLeadingMark(_ character: Character) -> Bool {
        (character.isPunctuation || character.isSymbol) && !openingBrackets.contains(character)
    }
    static let openingBrackets: Set<Character> = ["(", "（", "[", "【", "〔", "［", "〖"]

    /// What OCR puts for a digit in an all-digit run.
    static let digitLookalikes: [Character: Character] = ["O": "0", "o": "0", "D": "0", "I": "1", "l": "1", "|": "1",
                                                          "Z": "2", "S": "5", "B": "8"]
}

extension String {
    func trimmingSuffix(while predicate: (Character) -> Bool) -> String {
        var s = self
        while let last = s.last, predicate(last) { s.removeLast() }
        return s
    }
}
