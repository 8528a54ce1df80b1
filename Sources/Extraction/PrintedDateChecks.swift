import IngestCore
import Rules

/// What a page's printed dates say about themselves, checked whatever the recognisers agreed on: two readers that
/// both saw a date cut by the page's edge agree on the cut date, so agreement cannot catch it, while the printing
/// can. Run on every certificate, scanned or born-digital.
public enum PrintedDateChecks {
    public struct Findings: Sendable {
        public var problems: [Problem] = []
        public var flags: [String] = []
    }

    /// Words on a page that say why its period is not the type's usual one (an extension, a reissue).
    static let periodChangeWords = ["延期", "延续", "换证", "变更", "补发", "延长"]
    /// The flag an item carries when its printed period differs from the type's and the page says why.
    public static let periodExplained = "period_explained"

    public static func check(_ fields: [String: ExtractedField], type: DocumentType, rules: RuleSet,
                             pageText: String) -> Findings {
        var findings = Findings()
        for name in rules.dateFields {
            guard let field = fields[name], isCutShort(field, among: fields, dateFields: rules.dateFields) else { continue }
            findings.problems.append(Problem(
                rule: "\(name).not_fully_visible", field: name,
                message: "'\(field.raw)' ends in a shorter group than the page's other dates print (as if its last "
                    + "digit were cut off by the edge or covered), so \(field.value) may not be the printed date: "
                    + "check it against the page"))
        }
        if let validity = rules.rules(for: type)?.validity, validity.shorterAllowed != true,
           let expiryField = fields[FieldName.expiryDate], let expiry = PrintedDate(iso: expiryField.value),
           let start = periodStart(in: expiryField.raw) {
            if !expiry.endsPeriod(of: validity.years, from: start) {
                let anniversary = start.adding(years: validity.years)
                if periodChangeWords.contains(where: pageText.contains) {
                    findings.flags.append(periodExplained)
                } else {
                    findings.problems.append(Problem(
                        rule: "expiry_date.period_inexact", field: FieldName.expiryDate,
                        message: "the page prints the period from \(start.iso) to \(expiry.iso), not the "
                            + "\(validity.years) years a \(rules.rules(for: type)?.name ?? type.rawValue) runs "
                            + "(\(anniversary.adding(days: -1).iso)), and says nothing of an extension: a digit is "
                            + "misread or cut off"))
                }
            }
        }
        return findings
    }

    /// The start of a period printed `A至B` in an expiry's text; nil when the text holds no range.
    static func periodStart(in raw: String) -> PrintedDate? {
        guard let mark = raw.firstRange(of: /至|到/) else { return nil }
        return ChineseDate.dates(in: String(raw[..<mark.lowerBound])).last
    }

    /// A numeric date in `raw`, with its groups as printed.
    struct PrintedGroups {
        var date: PrintedDate
        var month: Substring
        var day: Substring
        /// Whether anything but white space or punctuation follows the day (日, or more text).
        var followed: Bool
    }

    static func numericDates(in raw: String) -> [PrintedGroups] {
        raw.matches(of: /(\d{4})\s*[年.\-\/]\s*(\d{1,2})\s*[月.\-\/]\s*(\d{1,2})(?!\d)/).compactMap { match in
            guard let year = Int(match.1), let month = Int(match.2), let day = Int(match.3) else { return nil }
            let rest = raw[match.range.upperBound...]
            return PrintedGroups(date: PrintedDate(year: year, month: month, day: day), month: match.2, day: match.3,
                                 followed: rest.contains { !$0.isWhitespace && !$0.isPunctuation })
        }
    }

    /// Whether the field's date ends its text in a one-digit day where the page prints its dates zero-padded
    /// (`2023.08.1` beside `2021.08.11`, or its own month `08`): the day's second digit was not seen.
    static func isCutShort(_ field: ExtractedField, among fields: [String: ExtractedField], dateFields: [String]) -> Bool {
        guard let own = numericDates(in: field.raw).last(where: { $0.date.iso == field.value }),
              own.day.count == 1, !own.followed else { return false }
        let siblings = dateFields.compactMap { fields[$0]?.raw }.flatMap(numericDates)
        let padded = ([own] + siblings).contains { groups in
            [groups.month, groups.day].contains { $0.count == 2 && $0.first == "0" }
        }
        return padded
    }
}
