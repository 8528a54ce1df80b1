import Extraction
import IngestCore
import Rules
import Testing

@Suite struct FieldReconcilerTests {
    private func reading(_ value: String, _ confidence: Double) -> ExtractedField {
        ExtractedField(value: value, raw: value, confidence: confidence, box: Box(x: 1, y: 2, width: 3, height: 4))
    }

    /// A stand-in for the rule set: a number of the 安全生产许可证 shape.
    private let wellFormed: (String) -> Bool = { $0.wholeMatch(of: /\(\p{Han}\)JZ安许证字\[\d{4}\]\d{6}/) != nil }

    private func reconcile(_ readings: [ExtractedField], name: String = "certificate_number")
        -> FieldReconciler.Outcome {
        FieldReconciler.reconcile(name: name, type: .safetyProductionLicense, readings: readings,
                                  passesRules: wellFormed)
    }

    @Test func agreeingReadingsConfirmEachOtherAndCombineTheirConfidence() {
        let outcome = reconcile([reading("(辽)JZ安许证字[2021]001234", 60), reading("(辽)JZ安许证字[2021]001234", 50)])
        #expect(outcome.problem == nil)
        #expect(outcome.field.agreeingReadings == 2)
        #expect(abs(outcome.field.confidence - 80) < 0.001)  // 1 − 0.4 × 0.5
        #expect(outcome.field.readings == nil)
        #expect(outcome.field.box == Box(x: 1, y: 2, width: 3, height: 4))
    }

    @Test func theRulesPickTheOnlyWellFormedReading() {
        let outcome = reconcile([reading("(GL)JZ安许证字[2021]001234", 77), reading("(辽)JZ安许证字[2021]001234", 68)])
        #expect(outcome.problem == nil)
        #expect(outcome.field.value == "(辽)JZ安许证字[2021]001234")
        #expect(outcome.field.confidence == 68)
        #expect(outcome.field.agreeingReadings == 1)
        #expect(outcome.field.readings == ["(GL)JZ安许证字[2021]001234", "(辽)JZ安许证字[2021]001234"])
        #expect(outcome.field.box != nil, "the page reading's box is kept for reviewers")
    }

    @Test func twoValuesThatPassTheRulesAreDoubtfulWhateverTheVotes() throws {
        // A glyph the recogniser does not know is misread alike at every scale: 鼎 read as 易 three times.
        let page = reading("沈阳建见市政工程有限公司", 34), alone = reading("沈阳建易市政工程有限公司", 56)
        let outcome = reconcile([page, alone, alone, alone], name: "holder")
        let problem = try #require(outcome.problem)
        #expect(problem.rule == "holder.readings_disagree")
        #expect(outcome.field.value == "沈阳建见市政工程有限公司", "the page reading stays until a reviewer decides")
        #expect(outcome.field.readings == ["沈阳建见市政工程有限公司", "沈阳建易市政工程有限公司"])
    }

    @Test func aReviewerIsShownAValueThatPassesTheRulesRatherThanLettersForAName() throws {
        let page = reading("GL)JZ安许证字[2021]001234", 30)
        let outcome = reconcile([page, reading("(辽)JZ安许证字[2021]001284", 60), reading("(辽)JZ安许证字[2021]001234", 70),
                                 reading("(辽)JZ安许证字[2021]001234", 65)])
        #expect(outcome.problem?.rule == "certificate_number.readings_disagree")
        #expect(outcome.field.value == "(辽)JZ安许证字[2021]001234", "the passing value read most often")
        #expect(outcome.field.box == page.box)
    }

    private func reading(_ value: String, _ confidence: Double, by reader: String) -> ExtractedField {
        var field = reading(value, confidence)
        field.readers = [reader]
        return field
    }

    @Test func twoRecognisersReadingAlikeIsTheEvidenceOneReadingAlikeTwiceIsNot() {
        let number = "(辽)JZ安许证字[2021]001234"
        let both = reconcile([reading(number, 60, by: "ppocr"), reading(number, 40, by: "tesseract chi_sim")])
        #expect(both.field.evidence == .readersAgree)
        #expect(both.field.readers == ["ppocr", "tesseract chi_sim"])
        let one = reconcile([reading(number, 60, by: "tesseract chi_sim"), reading(number, 90, by: "tesseract chi_sim")])
        #expect(one.field.evidence == .oneReader, "one model agreeing with itself")
        #expect(one.field.readers == ["tesseract chi_sim"])
        let models = reconcile([reading(number, 60, by: "tesseract chi_sim"), reading(number, 90, by: "tesseract HanS")])
        #expect(models.field.evidence == .oneReader, "two models of one engine share their blind spots")
        #expect(models.field.readers == ["tesseract chi_sim", "tesseract HanS"])
        let ruled = reconcile([reading("(GL)JZ安许证字[2021]001234", 77, by: "ppocr"), reading(number, 68, by: "tesseract chi_sim")])
        #expect(ruled.field.value == number && ruled.field.evidence == .oneReader,
                "the rules rejected the other reading, but only one recogniser read this value")
        #expect(ruled.field.readers == ["tesseract chi_sim"])
    }

    @Test func readingStopsOnceTwoRecognisersAgreeHoweverLowTheirConfidence() {
        let number = "(辽)JZ安许证字[2021]001234"
        #expect(FieldReconciler.isSettled([reading(number, 30, by: "ppocr"), reading(number, 20, by: "tesseract chi_sim")],
                                          confidence: 80, passesRules: wellFormed))
        #expect(!FieldReconciler.isSettled([reading(number, 30, by: "ppocr"), reading(number, 20, by: "ppocr")],
                                           confidence: 80, passesRules: wellFormed), "one recogniser, little confidence")
        #expect(!FieldReconciler.isSettled([reading(number, 30, by: "ppocr"), reading("(GL)JZ安许证字[2021]001234", 90, by: "tesseract chi_sim")],
                                           confidence: 80, passesRules: wellFormed), "a misreading is no agreement")
    }

    @Test func aNameInDoubtSettledByTheArchiveSaysSo() {
        let outcome = FieldReconciler.Outcome(
            field: ExtractedField(value: "沈阳建易市政工程有限公司", raw: "", confidence: 50,
                                  readings: ["沈阳建易市政工程有限公司", "沈阳建鼎市政工程有限公司"]),
            problem: Problem(rule: "company.readings_disagree", field: "company", message: ""))
        let settled = FieldReconciler.resolved(outcome, knownNames: ["沈阳建鼎市政工程有限公司"])
        #expect(settled.problem == nil && settled.field.value == "沈阳建鼎市政工程有限公司")
        #expect(settled.field.evidence == .knownName)
    }

    @Test func aNameOrNumberNeverBeginsWithAStrayMark() {
        #expect(FieldKind.text.value(of: "”南京恒江建筑安装工程有限公司") == "南京恒江建筑安装工程有限公司")
        #expect(FieldKind.text.value(of: "′广州桥洋市政工程有限公司") == "广州桥洋市政工程有限公司")
        #expect(FieldKind.code.value(of: ":440105202103020403") == "440105202103020403")
        #expect(FieldKind.code.value(of: "(辽)JZ安许证字[2021]001234") == "(辽)JZ安许证字[2021]001234",
                "an opening bracket begins a number's province")
        #expect(FieldKind.code.value(of: "[2021]001234") == "[2021]001234")
    }

    @Test func oneInsertedCharacterIsToldFromOneLessOrAnother() {
        #expect(FieldReconciler.isOneInsertion("沈阳宏远建筑工程上有限公司", into: "沈阳宏远建筑工程有限公司"))
        #expect(FieldReconciler.isOneInsertion("上沈阳", into: "沈阳") && FieldReconciler.isOneInsertion("沈阳上", into: "沈阳"))
        #expect(!FieldReconciler.isOneInsertion("辽阳金渤建设", into: "辽阳人金渤建设"), "one less")
        #expect(!FieldReconciler.isOneInsertion("顾磊", into: "顾舌"), "another")
        #expect(!FieldReconciler.isOneInsertion("沈阳上了", into: "沈阳"), "two more")
    }

    @Test func theValueTakenKeepsTheCorrectionItsReadingRecorded() {
        var corrected = reading("(辽)JZ安许证字[2021]001234", 70)
        corrected.corrections = [FieldCorrection(from: "(辽)JZ安许证字[2021]00l234", to: corrected.value, reason: "l is 1")]
        let outcome = reconcile([reading("GZ)JZ安许证字[2021]001234", 80), corrected])
        #expect(outcome.field.value == corrected.value)
        #expect(outcome.field.corrections == corrected.corrections)
    }

    @Test func aRepeatedValueThatBreaksTheRulesLosesToOneThatPasses() {
        let outcome = reconcile([reading("GZ)JZ安许证字[2021]001234", 87), reading("GZ)JZ安许证字[2021]001234", 86),
                                 reading("(辽)JZ安许证字[2021]001234", 68)])
        #expect(outcome.field.value == "(辽)JZ安许证字[2021]001234")
    }

    @Test func freeTextReadTwoWaysGoesToReviewNamingBoth() throws {
        let outcome = reconcile([reading("贰山恒泰建筑有限公司", 25), reading("鞍山恒泰建筑有限公司", 58)], name: "holder")
        let problem = try #require(outcome.problem)
        #expect(problem.rule == "holder.readings_disagree")
        #expect(problem.field == "holder")
        #expect(problem.message.contains("贰山恒泰") && problem.message.contains("鞍山恒泰"))
        #expect(outcome.field.value == "贰山恒泰建筑有限公司", "the page reading stays until a reviewer decides")
    }

    @Test func disagreeingIDNumbersAreMaskedInTheProblem() throws {
        let outcome = FieldReconciler.reconcile(
            name: "id_number", type: .safetyAssessment,
            readings: [reading("210102198005121236", 80), reading("210102198005121238", 80)], passesRules: { _ in true })
        let problem = try #require(outcome.problem)
        #expect(!problem.message.contains("210102198005121236"))
        #expect(problem.message.contains("2101**********1236"))
    }

    @Test func settledOnceAWellFormedValueIsReadTwiceSurelyOrTwoDisagree() {
        let bad = reading("GZ)JZ安许证字[2021]001234", 87), good = reading("(辽)JZ安许证字[2021]001234", 68)
        func settled(_ readings: [ExtractedField]) -> Bool {
            FieldReconciler.isSettled(readings, confidence: 80, passesRules: wellFormed)
        }
        #expect(!settled([bad, bad]))
        #expect(!settled([bad, good]))
        #expect(settled([bad, good, good]), "a misreading that breaks the rules is no dissent")
        let other = reading("(辽)JZ安许证字[2021]001284", 90)
        #expect(settled([other, good]), "two well-formed values disagree: no reading can clear the doubt")
        #expect(settled([good, good]))
        #expect(!settled([reading("(辽)JZ安许证字[2021]001234", 40), reading("(辽)JZ安许证字[2021]001234", 40)]),
                "64% combined: read on")
    }
}

@Suite struct FieldValueTests {
    @Test func creditCodesHoldNoLettersThatLookLikeDigits() {
        #expect(FieldKind.creditCode.value(of: "91210102MAOABC121T") == "91210102MA0ABC121T")
        #expect(FieldKind.creditCode.value(of: "9l2IO1O2MA0ABC121T".uppercased()) == "9L210102MA0ABC121T")
    }

    /// A bilingual label read into its value without a space: the code is the run's last 18 characters — not a
    /// window whose check holds (E91320100Q4AHRQ1F5 inside the second run checks, by chance).
    @Test func aCreditCodeRunOnFromAnEnglishLabelIsTheRunsEnd() {
        #expect(FieldKind.creditCode.value(of: "CreditCode91320100Q4AHRQ1F5B") == "91320100Q4AHRQ1F5B")
        #expect(CheckDigits.isValidCreditCode("E91320100Q4AHRQ1F5"))
        #expect(FieldKind.creditCode.value(of: "CREDITCODE91320100Q4AHRQ1F5C") == "91320100Q4AHRQ1F5C")
    }

    @Test func idNumbersAreDigitsWhateverOCRPutForThem() {
        #expect(FieldKind.idNumber.value(of: "21O1O2198OO512123X") == "210102198005121230".dropLast() + "X")
        #expect(FieldKind.idNumber.value(of: "2101021980O5l21236") == "210102198005121236")
    }

    @Test func printedBracketVariantsBecomeTheCanonicalNumber() throws {
        let spec = FieldSpec(labels: ["编号"], kind: .code, canonical: [
            .init(printed: #"[(\[](?<province>\p{Han})[)\]]JZ安许证字[(\[](?<year>\d{4})[)\]](?<serial>\d{6})"#,
                  canonical: "({province})JZ安许证字[{year}]{serial}"),
        ])
        #expect(spec.value(of: "(辽) JZ安许证字(2021) 001234") == "(辽)JZ安许证字[2021]001234")
        #expect(spec.value(of: "[苏]JZ安许证字[2019]000456") == "(苏)JZ安许证字[2019]000456")
        #expect(spec.value(of: "(GL)JZ安许证字(2021)001234") == "(GL)JZ安许证字(2021)001234", "no guess at a misreading")
    }
}

@Suite struct KnownNameTests {
    private let known: Set<String> = ["沈阳建鼎市政工程有限公司", "大连海川建设集团有限公司"]

    private func doubtful(_ value: String, readings: [String]?) -> FieldReconciler.Outcome {
        var field = ExtractedField(value: value, raw: value, confidence: 40)
        field.readings = readings
        return .init(field: field, problem: Problem(rule: "holder.readings_disagree", field: "holder", message: "…"))
    }

    @Test func aDoubtfulNameTheArchiveHoldsAsOneOfItsReadingsIsSettledAndSaysSo() throws {
        let outcome = FieldReconciler.resolved(
            doubtful("沈阳建易市政工程有限公司", readings: ["沈阳建易市政工程有限公司", "沈阳建鼎市政工程有限公司"]), knownNames: known)
        #expect(outcome.problem == nil)
        #expect(outcome.field.value == "沈阳建鼎市政工程有限公司")
        let correction = try #require(outcome.field.corrections?.first)
        #expect(correction.from == "沈阳建易市政工程有限公司")
        #expect(correction.reason.contains("the archive already holds"))
    }

    @Test func anUnconfirmedNameTheArchiveHoldsIsConfirmedWithoutACorrection() {
        let outcome = FieldReconciler.resolved(doubtful("大连海川建设集团有限公司", readings: nil), knownNames: known)
        #expect(outcome.problem == nil)
        #expect(outcome.field.corrections == nil)
    }

    @Test func noKnownReadingOrTwoOfThemLeaveTheDoubt() {
        let none = doubtful("沈阳建易市政工程有限公司", readings: ["沈阳建易市政工程有限公司", "沈阳建见市政工程有限公司"])
        #expect(FieldReconciler.resolved(none, knownNames: known).problem != nil)
        let two = doubtful("沈阳建鼎市政工程有限公司", readings: ["沈阳建鼎市政工程有限公司", "大连海川建设集团有限公司"])
        #expect(FieldReconciler.resolved(two, knownNames: known).problem != nil)
        #expect(FieldReconciler.resolved(none, knownNames: []).problem != nil)
    }
}
