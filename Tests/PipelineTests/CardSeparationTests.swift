import IngestCore
@testable import Pipeline
import Testing

/// Which front a card's back belongs to, when several cards lie on one page.
@Suite struct CardSeparationTests {
    static func card(_ number: String?, x: Int, y: Int, text: String = "") -> PageOutcome {
        var fields: [String: ExtractedField] = [:]
        if let number { fields[FieldName.certificateNumber] = ExtractedField(value: number, raw: number, confidence: 90) }
        var card = PageOutcome(page: 1, type: number == nil ? .unknown : .specialOperation, origin: .ocr, fields: fields,
                               problems: [], flags: [], thumbnailPNG: nil, text: text)
        card.region = Box(x: x, y: y, width: 1000, height: 640)
        return card
    }

    let fronts = [card("T320109197901066891", x: 100, y: 200), card("T440103198109149216", x: 1300, y: 200),
                  card("T210103197102046321", x: 100, y: 1000)]

    @Test func aBackRepeatingANumberBelongsToThatFront() {
        let back = Self.card(nil, x: 1300, y: 1000, text: "复审记录\n证号 T 2101031971 02046321")
        #expect(PageProcessor.front(of: back, among: fronts) == 2)
    }

    @Test func aBackWithoutANumberBelongsToTheFrontBesideItInItsRow() {
        let back = Self.card(nil, x: 1300, y: 1010, text: "复审情况")
        #expect(PageProcessor.front(of: back, among: fronts) == 2, "the front in its row, not the nearer one above")
        let alone = Self.card(nil, x: 100, y: 1800, text: "复审情况")
        #expect(PageProcessor.front(of: alone, among: fronts) == 2, "no front in its row: the nearest")
    }
}
