import Extraction
import IngestCore
import PageImaging

extension PageProcessor {
    /// The items of a flatbed page holding several cards, or nil when it does not (then the page is read whole).
    ///
    /// Each card `PageImage.cardRegions` finds is cut out and read as a certificate of its own. The page counts as
    /// several cards only when at least two of them read as certificates, or one does and another is a card's back;
    /// otherwise the cards found were something else (a form's boxes) and the whole page is read as before. A back
    /// (one of `settings.backMarks`, no holder) is attached to its front: the front whose number it repeats, else the one
    /// beside it in its row, else the nearest. A cut-out that is neither stays an item of its own (in review as of
    /// no known type): nothing on the page is dropped.
    func readCards(on page: PageImage, page number: Int, settings: PipelineSettings.Cards) throws -> [PageOutcome]? {
        let regions = page.cardRegions()
        guard regions.count >= 2 else { return nil }
        var cards: [PageOutcome] = []
        for region in regions.sorted(by: Self.readingOrder) {
            // Cut a little inside the card: its edge and shadow read as strokes (`|`) beside the text.
            let inset = (x: region.width / 50, y: region.height / 50)
            guard let cut = page.region(x: region.x + inset.x, y: region.y + inset.y, width: region.width - 2 * inset.x,
                                        height: region.height - 2 * inset.y, scale: 1, margin: 16) else { continue }
            cut.setResolution(max(1, Int(Double(page.effectiveResolution) / (settings.textScale ?? 1))))
            var card = try readCertificate(cut, page: number)
            card.region = region
            cards.append(card)
        }
        let isBack = cards.map { card in
            card.fields[FieldName.holder] == nil && settings.backMarks.contains { card.text.contains($0) }
        }
        let fronts = cards.indices.filter { cards[$0].type != .unknown && !isBack[$0] }
        guard fronts.count >= 2 || (fronts.count == 1 && isBack.contains(true)) else { return nil }

        var items = cards
        for back in cards.indices where isBack[back] {
            let front = Self.front(of: cards[back], among: fronts.map { cards[$0] }).map { fronts[$0] }
            guard let front else { continue }
            items[front].backRegion = cards[back].region
            items[front].text += "\n\n背面 (back)\n" + cards[back].text
        }
        return items.indices.filter { !isBack[$0] }.map { items[$0] }
    }

    /// Top to bottom by rows, left to right within a row: the order a person reads the cards in.
    private static func readingOrder(_ a: Box, _ b: Box) -> Bool {
        let sameRow = a.y < b.maxY - b.height / 2 && b.y < a.maxY - a.height / 2
        return sameRow ? a.x < b.x : a.y < b.y
    }

    /// Which of `fronts` a back belongs to: the one whose certificate number it repeats, else the one beside it in
    /// its row (nearest first), else the nearest.
    static func front(of back: PageOutcome, among fronts: [PageOutcome]) -> Int? {
        func compact(_ text: String) -> String { TextNormalizer.normalize(text).filter { !$0.isWhitespace } }
        let backText = compact(back.text)
        if let byNumber = fronts.firstIndex(where: { front in
            front.fields[FieldName.certificateNumber].map { backText.contains(compact($0.value)) } ?? false
        }) {
            return byNumber
        }
        guard let region = back.region else { return fronts.indices.first }
        func distance(_ front: PageOutcome) -> Int {
            guard let other = front.region else { return .max }
            let dx = abs((other.x + other.width / 2) - (region.x + region.width / 2))
            let dy = abs(other.midY - region.midY)
            let sameRow = other.y < region.maxY && region.y < other.maxY
            return (sameRow ? 0 : 1_000_000) + dx + dy
        }
        return fronts.indices.min { distance(fronts[$0]) < distance(fronts[$1]) }
    }
}
