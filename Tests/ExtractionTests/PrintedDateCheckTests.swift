import Extraction
import IngestCore
import Rules
import Testing

/// What a page's printed dates say about themselves, whatever the recognisers agreed on.
@Suite struct PrintedDateCheckTests {
    let rules: RuleSet

    init() throws {
        rules = try RuleSet.load(from: Repo.root.appendingPathComponent("pipelines/rules.yaml"))
    }

    private func check(issue: String, expiry: String, type: DocumentType = .constructionSpecialOperation,
                       pageText: String = "") -> PrintedDateChecks.Findings {
        let fields = [
            FieldName.issueDate: ExtractedField(value: ChineseDate.dates(in: issue).last?.iso ?? issue, raw: issue, confidence: 99),
            FieldName.expiryDate: ExtractedField(value: ChineseDate.dates(in: expiry.split(separator: "至").last.map(String.init) ?? expiry).last?.iso ?? expiry,
                                                 raw: expiry, confidence: 99),
        ]
        return PrintedDateChecks.check(fields, type: type, rules: rules, pageText: pageText + "\n" + expiry)
    }

    @Test func aDateWhoseLastDigitRanOffThePageIsNotFullyVisible() {
        // Both readers read `2023.08.1`: the period's start prints its day in two digits, and so does the month.
        let cut = check(issue: "2021.08.11", expiry: "2021.08.11至2023.08.1")
        #expect(cut.problems.map(\.rule) == ["expiry_date.not_fully_visible", "expiry_date.period_inexact"])
        // The same cut without a sibling to compare: its own month is zero-padded.
        #expect(check(issue: "2021年8月11日", expiry: "2023.08.1").problems.map(\.rule) == ["expiry_date.not_fully_visible"])
    }

    @Test func datesPrintedWholeRaiseNothing() {
        #expect(check(issue: "2021.08.11", expiry: "2021.08.11至2023.08.10").problems.isEmpty)
        #expect(check(issue: "2021.08.11", expiry: "2021.08.11至2023.08.11").problems.isEmpty, "to the day is right too")
        #expect(check(issue: "2021年8月2日", expiry: "2021年8月2日至2023年8月1日").problems.isEmpty,
                "a one-digit day with its 日 is whole")
        #expect(check(issue: "2021.8.2", expiry: "2021.8.2至2023.8.1").problems.isEmpty,
                "a page that never pads its dates prints one-digit days whole")
        #expect(check(issue: "二〇二一年八月十一日", expiry: "二〇二一年八月十一日至二〇二三年八月十日").problems.isEmpty)
        // The day before the start carried three years on: 28 February where the anniversary's eve is the 29th.
        #expect(check(issue: "2025年03月01日", expiry: "2025年03月01日至2028年02月28日", type: .safetyAssessment)
            .problems.isEmpty)
    }

    @Test func aPrintedPeriodMustBeTheTypesWholeYearsUnlessThePageSaysWhy() {
        // Two years less nine days: within the validator's tolerance for an issue date printed apart, but a period
        // printed A至B on one line is exact on every certificate of the type.
        let off = check(issue: "2021年08月11日", expiry: "2021年08月11日至2023年08月01日")
        #expect(off.problems.map(\.rule) == ["expiry_date.period_inexact"])
        let explained = check(issue: "2021年08月11日", expiry: "2021年08月11日至2023年08月01日", pageText: "延期至2023年08月01日")
        #expect(explained.problems.isEmpty)
        #expect(explained.flags == [PrintedDateChecks.periodExplained])
        #expect(check(issue: "2021年08月11日", expiry: "有效期至2023年08月01日").problems.isEmpty,
                "without a printed start the validator's tolerance stands")
        #expect(check(issue: "2021年08月11日", expiry: "2021年08月11日至2023年08月01日", type: .enterpriseQualification)
            .problems.isEmpty, "a type whose period may be shorter (reissued after a change)")
    }
}
