import Extraction
import IngestCore
import PageImaging
@testable import Pipeline
import Testing

/// Values the page does not fully show go to review, whatever the readers agreed on: a value that runs off the
/// page's edge is read alike, cut, by every recogniser.
@Suite struct FieldVisibilityTests {
    private func read(_ words: [RecognizedWord], page: PageImage) throws -> PageOutcome {
        let processor = try PreparedReadings.processor(PreparedRecognizers(page: ScriptedPageRecognizer(upright: words)))
        guard case let .items(items) = processor.finish(processor.recognize(.scan(page), page: 1)) else {
            Issue.record("the page failed its file")
            return PageOutcome.failed(page: 1, problem: Problem(rule: "test", field: nil, message: "file failed"))
        }
        return try #require(items.first)
    }

    /// The licence of the prepared readings with its validity line ending at `right` pixels.
    private func licence(validityEndingAt right: Int) -> [RecognizedWord] {
        var words = PreparedReadings.words(PreparedReadings.licenceLines)
        let validity = try! #require(words.firstIndex { $0.text.hasPrefix("有效期") })
        words[validity].box?.width = right - 100
        return words
    }

    @Test func aValueReachingThePagesEdgeIsNotFullyVisible() throws {
        let page = try #require(PageImage.white(width: 800, height: 1200, resolution: 200))
        let cut = try read(licence(validityEndingAt: 800), page: page)
        #expect(cut.status == .review)
        #expect(cut.problems.map(\.rule) == ["expiry_date.not_fully_visible"])

        let whole = try read(licence(validityEndingAt: 700), page: page)
        #expect(whole.status == .accepted, "\(whole.problems.map(\.rule))")
    }

    @Test func aValueAFoldCrossesIsNotFullyVisibleUnlessThePageProvesIt() throws {
        // A licence folded once along the holder's row: the crease's shadow runs through the middle of
        // 沈阳宏远建筑工程有限公司 (the prepared line at y = 340...390). Every reader sees the same worn strokes, and no
        // untouched view exists: the holder goes to review. The credit code (its check character), the issuer (an
        // authority of the gazetteer) and the dates (exactly the validity apart) prove themselves and stand.
        let words = PreparedReadings.words(PreparedReadings.licenceLines)
        var raster = GreyRaster(width: 800, height: 1200, levels: [UInt8](repeating: 240, count: 800 * 1200))
        for x in 0..<800 {
            for (dy, level) in [(-2, 215), (-1, 190), (0, 175), (1, 190), (2, 215)] as [(Int, UInt8)] {
                raster.levels[(365 + x / 100 + dy) * 800 + x] = level
            }
        }
        let folded = try read(words, page: try #require(PageImage.grey(raster, resolution: 200)))
        #expect(folded.status == .review)
        #expect(folded.problems.map(\.rule) == ["holder.not_fully_visible"], "\(folded.problems)")

        let flat = try read(words, page: try #require(PageImage.white(width: 800, height: 1200, resolution: 200)))
        #expect(flat.status == .accepted, "\(flat.problems.map(\.rule))")
    }

    @Test func aCutDateThatBothReadersReadAlikeStillGoesToReview() throws {
        // 建筑施工特种作业操作资格证书, two years: the expiry's last digit ran off the page; the recogniser read
        // `2023.08.1` and would agree with any other reader of the same pixels.
        let lines = ["建筑施工特种作业操作资格证书", "姓名：上官国祎", "证号：辽A012021000123", "身份证号：210103199001014565",
                     "操作类别：建筑电工", "有效期：2021.08.11至2023.08.1", "发证机关：辽宁省住房和城乡建设厅",
                     "发证日期：2021.08.11"]
        let page = try #require(PageImage.white(width: 800, height: 1400, resolution: 200))
        let outcome = try read(PreparedReadings.words(lines), page: page)
        #expect(outcome.type == .constructionSpecialOperation)
        #expect(outcome.fields["expiry_date"]?.value == "2023-08-01")
        #expect(outcome.status == .review)
        #expect(Set(outcome.problems.map(\.rule)).isSuperset(of: ["expiry_date.not_fully_visible", "expiry_date.period_inexact"]))
    }

    /// A text layer whose holder's line holds a background word of another style between label and value.
    private func layerJoinedByBackgroundWord() throws -> RecognizedPage {
        var words = PreparedReadings.words(PreparedReadings.licenceLines).map { word in
            var word = word
            word.style = "14.0 pt, colour 0,0,0"
            return word
        }
        let holder = try #require(words.firstIndex { $0.text.hasPrefix("单位名称") })
        let box = try #require(words[holder].box)
        words[holder].text = "单位名称："
        words[holder].box = Box(x: box.x, y: box.y, width: 125, height: box.height)
        var background = RecognizedWord(text: "子证书", confidence: 100, box: Box(x: 230, y: box.y + 20, width: 45, height: 28))
        background.style = "7.0 pt, colour 80,80,80"
        var value = RecognizedWord(text: "沈阳宏远建筑工程有限公司", confidence: 100, box: Box(x: 280, y: box.y, width: 300, height: box.height))
        value.style = words[holder].style
        words.insert(contentsOf: [background, value], at: holder + 1)
        return RecognizedPage(words: words, origin: .textLayer)
    }

    private func readTextLayer(_ layer: RecognizedPage, fieldsRead text: String) throws -> PageOutcome {
        let processor = try PreparedReadings.processor(PreparedRecognizers(
            page: ScriptedPageRecognizer(upright: []), field: ScriptedLineRecognizer(reading: text)))
        let rendered = try #require(PageImage.white(width: 2480, height: 3508, resolution: 300))
        guard case let .items(items) = processor.finish(processor.recognize(
            .textLayer(layer, picture: { _, _ in nil }, rendered: { rendered }), page: 1))
        else { Issue.record("the page failed its file"); throw CancellationError() }
        return try #require(items.first)
    }

    @Test func aTextLayerFieldJoinedByBackgroundWordsStandsWhenTheValueAloneIsReadOnThePage() throws {
        let outcome = try readTextLayer(try layerJoinedByBackgroundWord(), fieldsRead: "沈阳宏远建筑工程有限公司")
        #expect(outcome.fields["holder"]?.value == "沈阳宏远建筑工程有限公司")
        #expect(outcome.fields["holder"]?.evidence == .textLayer)
        #expect(!outcome.problems.map(\.rule).contains("holder.text_layer_mixed"))
    }

    @Test func aTextLayerFieldJoinedByBackgroundWordsGoesToReviewWhenThePageShowsOtherwise() throws {
        // The recogniser reads the background word too where the value alone should be: the layer is not proven.
        let outcome = try readTextLayer(try layerJoinedByBackgroundWord(), fieldsRead: "子证书沈阳宏远建筑工程有限公司")
        #expect(outcome.fields["holder"]?.value == "子证书沈阳宏远建筑工程有限公司")
        #expect(outcome.status == .review)
        #expect(outcome.problems.map(\.rule).contains("holder.text_layer_mixed"))
    }

    @Test func aTextLayerFieldJoinedByBackgroundWordsGoesToReviewWhenThePageCannotBeDrawn() throws {
        let processor = try PreparedReadings.processor(PreparedRecognizers(page: ScriptedPageRecognizer(upright: [])))
        guard case let .items(items) = processor.finish(processor.recognize(
            .textLayer(try layerJoinedByBackgroundWord(), picture: { _, _ in nil }), page: 1))
        else { Issue.record("the page failed its file"); return }
        let outcome = try #require(items.first)
        #expect(outcome.status == .review)
        #expect(outcome.problems.map(\.rule).contains("holder.text_layer_mixed"))
    }
}
