import Extraction
import Foundation
import IngestCore
import PageImaging
import Rules
import Testing

/// The committed part of the design corpus (fixtures/designs, from fixtures/designs.py): born-digital PDFs of
/// three designs for every type, read from their text layer's words and boxes through the real poppler.
@Suite struct DesignCorpusTests {
    struct Truth: Decodable {
        var source: String
        var type: String
        var design: String
        var condition: String
        var fields: [String: String]
        /// The details printed for people under a label that names them (主要负责人, 作业类别…).
        var details: [String: String]
    }

    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("fixtures/designs")
    static let root = folder.deletingLastPathComponent().deletingLastPathComponent()

    static func page(_ name: String) -> String { folder.appendingPathComponent("pages/" + name).path }

    static func truths() throws -> [Truth] {
        try String(contentsOf: folder.appendingPathComponent("expected.jsonl"), encoding: .utf8)
            .split(separator: "\n").map { try JSONDecoder().decode(Truth.self, from: Data($0.utf8)) }
    }

    @Test func theTextLayerGivesWordsWithBoxesOnThePage() throws {
        let digital = try Self.truths().filter { $0.condition == "digital" }
        #expect(Set(digital.map(\.design)).count >= 3)
        for truth in digital {
            let document = try PDFDocument(path: Self.page(truth.source))
            let words = document.textWords(page: 0)
            let page = try document.render(page: 0, dpi: 72, maxMegapixels: 10)
            let (width, height) = (page.width * 300 / 72 + 5, page.height * 300 / 72 + 5)
            #expect(words.count >= 6, "\(truth.source)")
            for word in words {
                let box = try #require(word.box)
                #expect(box.x >= 0 && box.y >= 0 && box.maxX <= width && box.maxY <= height, "\(truth.source) \(word.text)")
                #expect(word.text.allSatisfy { !$0.isWhitespace })
            }
            // The holder's name is printed whole on one row of words.
            let holder = try #require(truth.fields["holder"])
            let lines = LineBuilder.lines(of: RecognizedPage(words: words, origin: .textLayer))
            #expect(lines.contains { $0.text.replacingOccurrences(of: " ", with: "").contains(holder) }, "\(truth.source)")
        }
    }

    @Test func everyFieldOfEveryBornDigitalDesignIsExtracted() throws {
        let rules = try RuleSet.load(from: Self.root.appendingPathComponent("pipelines/rules.yaml"))
        let models = try ExtractionModel.loadAll(from: Self.root.appendingPathComponent("models"))
        let extractor = PageExtractor(models: models, authorities: rules.issuingAuthorities)
        for truth in try Self.truths() where truth.condition == "digital" {
            let document = try PDFDocument(path: Self.page(truth.source))
            let result = extractor.extract(RecognizedPage(words: document.textWords(page: 0), origin: .textLayer))
            #expect(result.type.rawValue == truth.type, "\(truth.source)")
            let values = result.fields.mapValues(\.value)
            #expect(values.filter { !FieldName.details.contains($0.key) } == truth.fields, "\(truth.source)")
            #expect(values.filter { FieldName.details.contains($0.key) } == truth.details, "\(truth.source)")
        }
    }
}
