import Foundation
import Testing

/// Copies as offices make them (issue 33), through the real executable and engines, of the design corpus's develop
/// part (`fixtures/copies.py`, seed 33): faxes (1-bit, 204 dpi across and 98 down, streaks and specks) and copies
/// stamped over with 仅供××项目投标使用 再复印无效 (grey, and light red), a fax sent as a PDF, and old forms filled in
/// by a dot-matrix printer, a typewriter and a hand in kai (`fixtures/old_forms.py`) — in fixtures/copies, their
/// truth in fixtures/copies.jsonl.
@Suite(.serialized) struct CopiesEndToEndTests {
    struct Truth: Decodable {
        var source: String
        var fields: [String: String]
    }

    static let shared: Result<(items: [Exported], truth: [Truth]), any Error> = Result {
        let folder = try CLI.temporaryFolder()
        let archive = folder.appendingPathComponent("archive.sqlite").path
        _ = try CLI.run(["ingest", CLI.repo.appendingPathComponent("fixtures/copies").path, "--archive", archive,
                         "--report-dir", folder.path, "--as-of", "2026-11-22"])
        let export = try CLI.run(["export", "--archive", archive, "--format", "jsonl", "--reveal"])
        let text = try String(contentsOf: CLI.repo.appendingPathComponent("fixtures/copies.jsonl"), encoding: .utf8)
        let truth = try text.split(separator: "\n").map { try JSONDecoder().decode(Truth.self, from: Data($0.utf8)) }
        return (try Exported.parse(export.stdout), truth)
    }

    private func item(_ source: String) throws -> Exported {
        try #require(try Self.shared.get().items.first { $0.fileName == source }, "\(source) has an item")
    }

    /// Expects every field of each source's truth read as printed, except those `besides`.
    private func expectReadRight(_ sources: [String], besides: Set<String> = []) throws {
        for source in sources {
            let truth = try #require(try Self.shared.get().truth.first { $0.source == source })
            let copy = try item(source)
            for (name, value) in truth.fields where !besides.contains(name) {
                #expect(copy.fields[name] == value, "\(source) \(name)")
            }
        }
    }

    @Test func aFaxIsReadWithSquarePixels() throws {
        // Read as stored, every character squashed to half its height: 4 of 6 and 5 of 7 of these fields were
        // read right before; with square pixels (grey, 300 dpi both ways), every one is.
        try expectReadRight(["develop-classic-safety_assessment-fax.tif", "develop-above-enterprise_qualification-fax.tif"])
    }

    @Test func aNameOnAFaxIsNeverTakenOnTheReadersAgreement() throws {
        // 王平敏's 王 lost its upright in the fax: both recognisers read 三平敏 from the one lossy copy. Without the
        // rule it was accepted so; a name on a fax goes to a person whatever the readers say — a fax sent as a PDF
        // too (its holder was accepted on the readers' agreement before such PDFs were marked).
        let fax = try item("develop-above-construction_special_operation-fax.tif")
        #expect(fax.status == "review")
        #expect(fax.problems.contains { $0.rule == "holder.lossy_copy" }, "\(fax.problems.map(\.rule))")
        let mailed = try item("develop-classic-safety_production_license-fax.pdf")
        #expect(mailed.problems.contains { $0.rule == "holder.lossy_copy" }, "\(mailed.problems.map(\.rule))")
        for item in try Self.shared.get().items where item.status == "accepted" && item.fileName.contains("-fax.") {
            Issue.record("\(item.fileName) accepted: a name on a fax is never accepted unseen")
        }
    }

    @Test func aCopyStampedOverIsReadWithItsStampCleared() throws {
        // Read with the stamp, 3 of 6 and 5 of 7 of these fields were read right; with the stamp cleared, all.
        try expectReadRight(["develop-above-special_operation-stamped_copy.jpg", "develop-above-safety_assessment-stamped_copy.jpg"])
    }

    @Test func anOldFormFilledInByMachineOrHandIsReadRight() throws {
        // Aged paper, a faded seal over the date, folds and punch holes; the values in 16-dot glyphs of a print
        // head, in a typewriter's uneven strikes, or in kai; dates in Chinese numerals (二〇二五年二月二十日).
        try expectReadRight(["develop-ruled-dot_matrix-construction_permit-old_form.jpg",
                             "develop-ruled-typewriter-safety_assessment-old_form.jpg",
                             "develop-ruled-handwritten_kai-special_operation-old_form.jpg"])
    }

    @Test func aFieldThePPOCRReadersBothBreakIsOfferedTesseractsReading() throws {
        // Dot-matrix glyphs: both PP-OCR generations read the credit code's 6 as G (its check character then
        // fails) and the number's last 6 as G. tesseract read both whole. The credit code's check character proves
        // it; the number, on one recogniser's word, goes to a person with the right value filled in.
        let form = try item("develop-ruled-dot_matrix-safety_production_license-old_form.jpg")
        #expect(form.fields["credit_code"] == "91370100T1T96Y9257")
        #expect(form.evidence?["credit_code"] == "rules")
        #expect(form.fields["certificate_number"] == "(鲁)JZ安许证字[2017]889676")
        #expect(form.status == "review")
        #expect(form.problems.contains { $0.rule == "certificate_number.one_reader" }, "\(form.problems.map(\.rule))")
    }

    @Test func aPhotoWithAShadowAcrossItIsReadWithItsLightLevelled() throws {
        // On a wooden desk, at an angle, stored turned a quarter with no tag, and a hand's shadow a third of the
        // page wide across its title: the light was not levelled (the shadow filled no cell of the coarse grid
        // that judged it), the title was lost in the shadow's edge and the page read as no certificate.
        let source = "develop-grid-enterprise_qualification-angled_photo.jpg"
        let truth = try #require(try Self.shared.get().truth.first { $0.source == source })
        let photo = try item(source)
        #expect(photo.type == "enterprise_qualification")
        // Its date stands unlabelled under the seal, in the shadow: not found, it is asked of a person.
        try expectReadRight([source], besides: ["issue_date"])
        #expect(photo.fields["issue_date"] == nil || photo.fields["issue_date"] == truth.fields["issue_date"])
    }
}
