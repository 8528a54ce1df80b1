import Foundation
import IngestCore
import PageImaging
import Testing

/// Creases are found by the paper's own level along a narrow straight line across most of the page; text, ink
/// rules and a line that stops short are no fold.
@Suite struct FoldFinderTests {
    /// A page of paper (level 240) with lines of "text": dark blocks of stroke width, as a recogniser would see ink.
    private func page(width: Int = 1200, height: Int = 1700) -> GreyRaster {
        var raster = GreyRaster(width: width, height: height, levels: [UInt8](repeating: 240, count: width * height))
        var seed: UInt64 = 7
        func next(_ bound: Int) -> Int {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Int((seed >> 33) % UInt64(bound))
        }
        for row in stride(from: 120, to: height - 120, by: 90) {
            var x = 80 + next(40)
            while x < width - 150 {
                let strokeWidth = 3 + next(4), strokeHeight = 20 + next(25)
                for y in row..<(row + strokeHeight) {
                    for dx in 0..<strokeWidth { raster.levels[y * width + x + dx] = 20 }
                }
                x += 6 + next(14)
            }
        }
        return raster
    }

    /// Darkens the paper along a line from (`top`, 0) to (`bottom`, height) by `depth` levels at its core, softly
    /// over `width` pixels: a crease's shadow, which darkens text and paper alike.
    private func shadow(_ raster: inout GreyRaster, top: Double, bottom: Double, depth: Double = 50, width: Double = 3,
                        rows: Range<Int>? = nil, vertical: Bool = true) {
        let length = vertical ? raster.height : raster.width
        for along in rows ?? 0..<length {
            let centre = top + (bottom - top) * Double(along) / Double(length)
            for offset in -Int(width * 2)...Int(width * 2) {
                let across = Int(centre) + offset
                let factor = 1 - depth / 240 * exp(-Double(offset * offset) / (width * width))
                let index = vertical ? along * raster.width + across : across * raster.width + along
                raster.levels[index] = UInt8(Double(raster.levels[index]) * factor)
            }
        }
    }

    @Test func aCreasesShadowAcrossThePageIsAFold() throws {
        var raster = page()
        shadow(&raster, top: 600, bottom: 610)
        let folds = FoldFinder().folds(in: raster)
        let fold = try #require(folds.first)
        #expect(folds.count == 1, "\(folds)")
        #expect(fold.direction == .vertical)
        #expect(abs(fold.position(at: 850) - 605) <= 3, "\(fold)")
    }

    @Test func aHorizontalCreaseThroughTheTextIsAFold() throws {
        var raster = page()
        shadow(&raster, top: 700, bottom: 704, vertical: false)
        let folds = FoldFinder().folds(in: raster)
        #expect(folds.count == 1, "\(folds)")
        #expect(folds.first?.direction == .horizontal)
        #expect(folds.first.map { abs($0.position(at: 600) - 702) <= 3 } == true, "\(folds)")
    }

    @Test func textInkRulesAndALineThatStopsShortAreNoFold() throws {
        var raster = page()
        #expect(FoldFinder().folds(in: raster).isEmpty)
        // Printed rules in ink down and across nearly the whole page: ink, not a shadow on the paper.
        for y in 60..<1640 { for x in 598..<601 { raster.levels[y * raster.width + x] = 25 } }
        for x in 60..<1140 { for y in 840..<842 { raster.levels[y * raster.width + x] = 30 } }
        // A shadow along a third of the page only (the edge of something lying on the platen, a ruled box).
        shadow(&raster, top: 900, bottom: 900, rows: 0..<560)
        #expect(FoldFinder().folds(in: raster).isEmpty, "\(FoldFinder().folds(in: raster))")
    }

    @Test func aFoldCrossesTheValuesItRunsThroughOrJustAfter() {
        let textHeight = 40.0
        let value = Box(x: 300, y: 500, width: 200, height: 44)
        let through = Fold(direction: .vertical, start: 400, end: 400, length: 1000)
        let justAfter = Fold(direction: .vertical, start: 520, end: 520, length: 1000)
        let farAfter = Fold(direction: .vertical, start: 600, end: 600, length: 1000)
        #expect(through.crosses(value, textHeight: textHeight))
        #expect(justAfter.crosses(value, textHeight: textHeight))  // where a worn last character stood
        #expect(!farAfter.crosses(value, textHeight: textHeight))
        let alongTheMiddle = Fold(direction: .horizontal, start: 522, end: 522, length: 1000)
        let alongTheFoot = Fold(direction: .horizontal, start: 542, end: 542, length: 1000)
        #expect(alongTheMiddle.crosses(value, textHeight: textHeight))
        #expect(!alongTheFoot.crosses(value, textHeight: textHeight))
    }

    @Test func theFoldedCardOfTheSilentErrorFixturesHasOneCreaseThroughItsHolder() throws {
        let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("fixtures/silent-errors")
        let folded = try ImageReader.read(path: fixtures.appendingPathComponent("folded_over_name.png").path,
                                          maxMegapixels: 100)
        let folds = folded.folds()
        #expect(folds.count == 1, "\(folds)")
        // The holder 刘德海 is printed from x = 220 on the row at y ≈ 210-255; the crease runs through 德.
        #expect(folds.first?.crosses(Box(x: 220, y: 212, width: 132, height: 44), textHeight: 44) == true, "\(folds)")
        let flat = try ImageReader.read(path: fixtures.appendingPathComponent("seal_over_name.png").path,
                                        maxMegapixels: 100)
        #expect(flat.folds().isEmpty)
    }
}
