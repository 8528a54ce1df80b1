import Rules
import Testing

@Suite struct CheckDigitTests {
    @Test func creditCodeFromTheStandardPasses() {
        #expect(CheckDigits.isValidCreditCode("91420000757013137P"))
    }

    @Test func pilotRegionCodeFailsTheCheck() {
        // Legitimate but fails GB 32100 (shared/DOMAIN.md): it must go to review, never be silently accepted.
        #expect(!CheckDigits.isValidCreditCode("91350100M0001TGQXM"))
    }

    @Test(arguments: ["91420000757013137Q", "9142000075701313P", "91420000757O13137P", "914200007570131370P"])
    func brokenCreditCodes(code: String) {
        #expect(!CheckDigits.isValidCreditCode(code))
    }

    @Test func creditCodeShapeExcludesLettersThatLookLikeDigits() {
        #expect(!CheckDigits.hasCreditCodeShape("91210102MAOABC121T"))  // O is not in the alphabet
        #expect(CheckDigits.hasCreditCodeShape("91210102MA0ABC121T"))
    }

    @Test(arguments: ["11010519491231002X", "210102198005121236", "320102198811302221"])
    func validIDNumbers(id: String) {
        #expect(CheckDigits.isValidIDNumber(id))
    }

    @Test(arguments: ["110105194912310021", "21010219800512123", "21010219800512123A", "2101021980051212366"])
    func invalidIDNumbers(id: String) {
        #expect(!CheckDigits.isValidIDNumber(id))
    }
}
