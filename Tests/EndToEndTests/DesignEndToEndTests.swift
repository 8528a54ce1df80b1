import Foundation
import Testing

/// The committed part of the design corpus through the real executable: a clean scan of each develop design (a
/// framed page of `label：value` rows, a ruled form with the issuer and date unlabelled under the seal, labels
/// above their values in two columns) read by the real tesseract, every born-digital design from its layer, and
/// flatbed scans of several cards (one with a card's back beside its front).
@Suite(.serialized) struct DesignEndToEndTests {
    struct Truth: Decodable {
        var source: String
        var type: String
        var condition: String
        var fields: [String: String]
        /// The details printed for people (主要负责人, 作业类别…), which an item read right carries too.
        var details: [String: String]
        /// Which card of a flatbed page; nil for a page that is one certificate.
        var card: Int?
        var back: Bool?
    }

    static let folder = CLI.repo.appendingPathComponent("fixtures/designs")

    static let shared: Result<[Exported], any Error> = Result {
        let work = try CLI.temporaryFolder()
        let archive = work.appendingPathComponent("archive.sqlite").path
        _ = try CLI.run(["ingest", folder.appendingPathComponent("pages").path, "--archive", archive, "--report-dir",
                         work.appendingPathComponent("report").path, "--as-of", "2026-11-22", "--jobs", "2"])
        return try Exported.parse(try CLI.run(["export", "--archive", archive, "--format", "jsonl", "--reveal"]).stdout)
    }

    let items: [Exported]
    let truths: [Truth]

    init() throws {
        items = try Self.shared.get()
        truths = try String(contentsOf: Self.folder.appendingPathComponent("expected.jsonl"), encoding: .utf8)
            .split(separator: "\n").map { try JSONDecoder().decode(Truth.self, from: Data($0.utf8)) }
    }

    /// The page's item; for a card of a flatbed page, the item of that page agreeing with it on the most fields.
    private func item(_ truth: Truth) -> Exported? {
        let onPage = items.filter { $0.fileName == truth.source }
        guard truth.card != nil else { return onPage.first }
        return onPage.max { a, b in agreeing(a, truth) < agreeing(b, truth) }.flatMap { agreeing($0, truth) > 0 ? $0 : nil }
    }

    private func agreeing(_ item: Exported, _ truth: Truth) -> Int {
        truth.fields.filter { item.fields[$0.key] == $0.value }.count
    }

    @Test func everyPageOfEveryDesignIsItsType() {
        for truth in truths { #expect(item(truth)?.type == truth.type, "\(truth.source) \(truth.card ?? 0)") }
    }

    /// Several cards scanned on one page: one item per card, each with its region on the page, the back beside a
    /// front attached to that front (no item of its own), and each card's own number and holder.
    @Test func everyCardOfAFlatbedPageIsAnItemOfItsOwn() {
        let flatbed = Dictionary(grouping: truths.filter { $0.card != nil }, by: \.source)
        #expect(flatbed.count == 3, "two colour pages and the same cards scanned grey")
        for (source, cards) in flatbed {
            let onPage = items.filter { $0.fileName == source }
            #expect(onPage.count == cards.count, "\(source)")
            #expect(onPage.allSatisfy { $0.region != nil }, "\(source)")
            #expect(Set(onPage.compactMap(\.region).map { "\($0.x),\($0.y)" }).count == onPage.count, "\(source)")
            for card in cards {
                let found = item(card)
                #expect(found?.fields["certificate_number"] == card.fields["certificate_number"], "\(source) \(card.card!)")
                #expect((found?.backRegion != nil) == (card.back == true), "\(source) \(card.card!) back")
            }
        }
    }

    @Test func nothingWrongIsAccepted() {
        for truth in truths {
            guard let item = item(truth), item.status == "accepted" else { continue }
            #expect(item.fields == truth.fields.merging(truth.details) { $1 }, "\(truth.source)")
        }
    }

    @Test func bornDigitalPagesOfEveryDesignAreAcceptedWithEveryFieldRight() {
        for truth in truths where truth.condition == "digital" {
            #expect(item(truth)?.status == "accepted", "\(truth.source)")
            #expect(item(truth)?.fields == truth.fields.merging(truth.details) { $1 }, "\(truth.source)")
        }
    }

    /// Scans through tesseract: the number, holder and credit code found on every design, the ruled form's
    /// grid included (the grid is removed before reading); the issuer under the seal read again without red ink.
    @Test func scansOfEveryDesignYieldTheirKeyFields() {
        for truth in truths where truth.condition == "clean" {
            let fields = item(truth)?.fields ?? [:]
            for name in ["certificate_number", "holder", "credit_code"] where truth.fields[name] != nil {
                #expect(fields[name] == truth.fields[name], "\(truth.source) \(name)")
            }
        }
    }

    @Test func everyDateInTheExportIsInContract() {
        for item in items {
            for name in ["issue_date", "expiry_date"] {
                guard let value = item.fields[name] else { continue }
                #expect(value.wholeMatch(of: /\d{4}-\d{2}-\d{2}/) != nil, "\(item.source) \(name)")
            }
        }
    }
}
