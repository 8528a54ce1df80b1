import IngestCore
@testable import Rules
import Testing

/// A number that begins with its province in brackets gets its opening bracket back when OCR read it as other
/// marks or letters, or not at all; a province is never made up, and a number of another shape is left alone.
@Suite struct ProvinceBracketTests {
    let corrector: FieldCorrector

    init() throws {
        corrector = FieldCorrector(rules: try repositoryValidator().rules)
    }

    @Test(arguments: ["[J川)JZ安许证字[2009]661713", "J川)JZ安许证字[2009]661713", "1川)JZ安许证字[2009]661713",
                      "川)JZ安许证字[2009]661713", "【川)JZ安许证字[2009]661713", "[J川JZ安许证字[2009]661713",
                      "[川JZ安许证字[2009]661713", "(川JZ安许证字[2009]661713", "(川]JZ安许证字[2009]661713"])
    func anOpeningBracketMisreadBeforeTheProvinceIsPutBack(read: String) throws {
        var fields = [FieldName.certificateNumber: ExtractedField(value: read, raw: read, confidence: 90)]
        corrector.correct(&fields)
        let number = try #require(fields[FieldName.certificateNumber])
        #expect(number.value == "(川)JZ安许证字[2009]661713")
        let correction = try #require(number.corrections?.first)
        #expect(correction.from == read)
        #expect(correction.reason.contains("with its brackets misread"))
        #expect(try repositoryValidator().passes(number.value, for: FieldName.certificateNumber, among: fields,
                                                 type: .safetyProductionLicense, asOf: PrintedDate(year: 2026, month: 1, day: 1)))
    }

    @Test(arguments: ["(川)JZ安许证字[2009]661713",  // right already
                      "X川)JZ安许证字[2009]661713",  // a letter no bracket is read as: not known to be one
                      "[J天)JZ安许证字[2009]661713",  // 天 is no province
                      "AB12川)JZ安许证字[2009]661713",  // more than a bracket's worth before it
                      "[川JZ安许证字(2009]661713",  // put right where the brackets stand, still no number
                      "川建安A(2019)0012345", "DW123456789"])
    func otherNumbersAreLeftAlone(read: String) {
        #expect(corrector.correction(of: read, field: FieldName.certificateNumber) == nil)
    }

    @Test(arguments: [("鲁建安C1[2020」4909088", "鲁建安C1(2020)4909088"), ("鲁建安C1[2020]4909088", "鲁建安C1(2020)4909088"),
                      ("(辽)JZ安许证字(2021)001234", "(辽)JZ安许证字[2021]001234"),
                      ("(辽)JZ安许证字「2021」001234", "(辽)JZ安许证字[2021]001234")])
    func bracketsOfAnotherShapeTakeTheFormatsShape(read: String, number: String) throws {
        let correction = try #require(corrector.correction(of: read, field: FieldName.certificateNumber))
        #expect(correction.to == number)
        #expect(correction.reason.contains("another shape"))
    }

    @Test(arguments: [("了豫A012025593157", "豫A012025593157"), ("[川建安A(2019)0012345", "川建安A(2019)0012345"),
                      (":豫A012025593157。", "豫A012025593157"), ("1TT410106199310137135", "T410106199310137135")])
    func marksReadBeforeOrAfterANumberAreDropped(read: String, number: String) throws {
        let correction = try #require(corrector.correction(of: read, field: FieldName.certificateNumber))
        #expect(correction.to == number)
        #expect(correction.reason.contains("before or after"))
    }

    @Test(arguments: ["豫A0120255931571",  // a digit after it may be its own, misread: never dropped
                      "和耶A012025593157",  // what is left does not begin with a province
                      "了了了豫A012025593157",  // more than two before it
                      "5210104202408180701"])  // a digit before a permit's digits may be its own
    func aNumberIsNotCutToFitAFormat(read: String) {
        #expect(corrector.correction(of: read, field: FieldName.certificateNumber) == nil)
    }

    @Test func bracketsAreReshapedOnlyWhenThatMakesANumber() {
        #expect(corrector.correction(of: "鲁建安C1[2020」490908", field: FieldName.certificateNumber) == nil,
                "a digit short: no shape of brackets makes it a number")
        #expect(corrector.correction(of: "鲁建安C1(2020)4909088", field: FieldName.certificateNumber) == nil)
    }
}
