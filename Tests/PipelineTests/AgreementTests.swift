@testable import Pipeline
import Testing

/// How the second reading tells a reading that agrees apart from one that does not.
@Suite struct AgreementTests {
    @Test func aReadingThatDiffersOnlyInAProvenProvinceAgrees() throws {
        let number = "(鄂)JZ安许证字[2007]074298"
        let province = try #require(number.firstRange(of: "鄂"))
        #expect(SecondReading.differsOnlyWithin(province, of: number, "(哪)JZ安许证字[2007]074298"))
        #expect(!SecondReading.differsOnlyWithin(province, of: number, "(哪)JZ安许证字[2007]074299"),
                "a digit read otherwise too")
        #expect(!SecondReading.differsOnlyWithin(province, of: number, "(哪)了2安许证字[2007]074298"))
        #expect(!SecondReading.differsOnlyWithin(province, of: number, number), "the same reading is no difference")
        #expect(!SecondReading.differsOnlyWithin(province, of: number, "(湖北)JZ安许证字[2007]074298"))
    }
}
