import Archive
import Extraction
import Foundation
import IngestCore
@testable import Review
import Rules
import Testing

/// Paper that is itself wrong: a page printing 2024-02-30 is accepted as printed, with a reason, flagged and kept as
/// the paper says; a value a reviewer types that no reading showed is marked typed, never a silent "passes".
@Suite struct PaperErrorTests {
    static let asOf = PrintedDate(year: 2026, month: 11, day: 22)

    let archive: ArchiveDatabase
    let desk: ReviewDesk
    let itemID: Int64

    /// A 安管人员 B certificate whose page prints an issue date that does not exist, read as printed.
    init() throws {
        archive = try ArchiveDatabase.inMemory()
        desk = try Desks.desk(on: archive)
        let runID = try archive.beginRun(asOf: "2026-11-22", arguments: "test")
        func field(_ value: String) -> ExtractedField { ExtractedField(value: value, raw: value, confidence: 95) }
        let page = PageOutcome(
            page: 1, type: .safetyAssessment, origin: .ocr,
            fields: ["certificate_number": field("辽建安A(2018)0012345"), "holder": field("孙立"),
                     "company": field("大连海川建设集团有限公司"), "id_number": field("210105197503030112"),
                     "issuer": field("辽宁省住房和城乡建设厅"), "issue_date": field("2024-02-30"),
                     "expiry_date": field("2027-02-28")],
            problems: [Problem(rule: "issue_date.real_date", field: "issue_date", message: "2024-02-30 is not a real calendar date")],
            flags: [], thumbnailPNG: nil, text: "")
        try archive.record(InputOutcome(source: "in/date.png", sha256: "d1", format: .png, byteCount: 1, pages: [page],
                                        failure: nil, seconds: 1), runID: runID)
        itemID = try #require(try archive.items().first?.id)
    }

    @Test func anItemWhosePageBreaksARuleIsRefusedUntilAcceptedAsPrintedWithAReason() throws {
        let refusal = #expect(throws: ReviewError.self) { try desk.accept(itemID, reviewer: "王审核") }
        #expect(refusal?.description.contains("accept it as printed") == true)
        #expect(refusal?.description.contains("--") == false, "no command-line option in a message the web UI shows")

        let accepted = try desk.accept(itemID, reviewer: "王审核", despite: "the certificate itself prints 2月30日")

        #expect(accepted.status == .accepted)
        #expect(accepted.flags == [ReviewDesk.printedErrorFlag])
        #expect(accepted.fields["issue_date"]?.value == "2024-02-30", "the record keeps what the paper says")
        let last = try #require(try archive.history(itemID: itemID).last)
        #expect(last.action == .accepted)
        #expect(last.reason == "accepted as printed despite issue_date.real_date: the certificate itself prints 2月30日")
    }

    @Test func theExportCarriesTheFlagAndWhatThePaperPrintsBesideTheFormatsFields() throws {
        _ = try desk.accept(itemID, reviewer: "王审核", despite: "printed so")
        let line = Exporter.jsonLine(try #require(try archive.item(id: itemID)).masked)
        #expect(line.contains(#""flags":["printed_error"]"#))
        #expect(line.contains(#""as_printed":{"issue_date":"2024-02-30"}"#))
        #expect(!line.contains(#""issue_date":"2024-02-30","#), "fields hold only real dates")
    }

    @Test func aDateTypedThatNoReadingShowedIsMarkedTypedNotRead() throws {
        let checked = try desk.check(itemID, values: [("issue_date", "2024-02-29")], asOf: Self.asOf)
        #expect(checked.problems.filter { $0.field == "issue_date" }.isEmpty, "the rules pass a real date…")
        #expect(checked.fields["issue_date"]?.typed == true, "…but the page does not show it")

        let set = try desk.set(itemID, values: [("issue_date", "2024-02-29")], reviewer: "王审核", asOf: Self.asOf)
        #expect(set.typedFields == ["issue_date"])
        #expect(set.fields["issue_date"]?.readings == ["2024-02-30"], "what the page showed stays beside it")
        #expect(try archive.history(itemID: itemID).last?.reason == ReviewDesk.typedNotRead)

        let accepted = try desk.accept(itemID, reviewer: "王审核")
        #expect(accepted.flags.isEmpty)
        #expect(try archive.history(itemID: itemID).last?.reason == "typed, not read from the page: issue_date")
        #expect(Exporter.jsonLine(accepted.masked).contains(#""typed":["issue_date"]"#))
    }

    @Test func aValueThePageShowedIsNoTypedValueEvenAfterAnotherWasTyped() throws {
        _ = try desk.set(itemID, values: [("holder", "孙丽")], reviewer: "王审核", asOf: Self.asOf)
        let back = try desk.set(itemID, values: [("holder", "孙立")], reviewer: "王审核", asOf: Self.asOf)
        #expect(back.typedFields.isEmpty)
        let confirmed = try desk.set(itemID, values: [("company", "大连海川建设集团有限公司")], reviewer: "王审核", asOf: Self.asOf)
        #expect(confirmed.typedFields.isEmpty)
        #expect(try archive.history(itemID: itemID).last?.reason == "confirmed as read")
    }

    @Test func aDoubtAboutTheReadingIsSettledByConfirmingItARuleTheValueBreaksIsNot() throws {
        // The holder's readings disagree (the page read 孙立, the field's own crop 孙力): a confirmation settles it.
        var item = try #require(try archive.item(id: itemID))
        item.fields["holder"]?.readings = ["孙力"]
        item.problems.append(Problem(rule: "holder.readings_disagree", field: "holder", message: "read as 孙立 and as 孙力"))
        #expect(desk.confirmableFields(of: item, asOf: Self.asOf) == ["holder"], "not the date that does not exist")
        try archive.apply(ItemUpdate(fields: item.fields, problems: item.problems, flags: [], status: .review, events: []),
                          to: itemID)
        let confirmed = try desk.set(itemID, values: [("holder", "孙立")], reviewer: "王审核", asOf: Self.asOf)
        #expect(!confirmed.problems.contains { $0.field == "holder" } && confirmed.typedFields.isEmpty)
        #expect(confirmed.fields["holder"]?.evidence == nil, "a person's word, never recognisers agreeing")
        #expect(try archive.history(itemID: itemID).last?.reason == "confirmed as read")
        let taken = try desk.set(itemID, values: [("holder", "孙力")], reviewer: "王审核", asOf: Self.asOf)
        #expect(taken.typedFields.isEmpty)
        #expect(try archive.history(itemID: itemID).last?.reason == "chosen from the page's readings")
    }

    /// A page ingest recognised as no certificate type, in review; its item's id.
    func recordPageOfNoKnownType() throws -> Int64 {
        let runID = try archive.beginRun(asOf: "2026-11-22", arguments: "test")
        let page = PageOutcome(page: 1, type: .unknown, origin: .ocr, fields: [:],
                               problems: [Problem(rule: "type.unknown", field: nil, message: "no known certificate type")],
                               flags: [], thumbnailPNG: nil, text: "")
        try archive.record(InputOutcome(source: "in/odd.png", sha256: "o1", format: .png, byteCount: 1, pages: [page],
                                        failure: nil, seconds: 1), runID: runID)
        return try #require(try archive.items().first { $0.type == .unknown }?.id)
    }

    @Test func aPageOfNoKnownTypeIsNeverAcceptedEvenAsPrinted() throws {
        // A meeting notice could be accepted as printed, and entered the archive with type `unknown`.
        let id = try recordPageOfNoKnownType()
        #expect(throws: ReviewError.self) { try desk.accept(id, reviewer: "王审核", despite: "原件如此") }
        #expect(try archive.item(id: id)?.status == .review)
        #expect(try desk.reject(id, reviewer: "王审核", reason: "不是证书").status == .failed)
    }

    @Test func aReviewerSaysWhatAnUnrecognisedCertificateIsAndTypesItsFields() throws {
        // A real certificate the classifier did not recognise is not lost: the reviewer says its type, then types
        // its fields from the page beside; the record's history and integrity hold.
        let id = try recordPageOfNoKnownType()
        let typed = try desk.setType(id, to: .safetyProductionLicense, reviewer: "王审核", asOf: Self.asOf)
        #expect(typed.type == .safetyProductionLicense && typed.problems.contains { $0.rule == "certificate_number.missing" })
        #expect(throws: ReviewError.self) { try desk.setType(id, to: .enterpriseQualification, reviewer: "王审核", asOf: Self.asOf) }
        _ = try desk.set(id, values: [("certificate_number", "(辽)JZ安许证字[2021]001234"), ("holder", "沈阳宏远建筑工程有限公司"),
                                      ("credit_code", "91210102MA0ABC121T"), ("issuer", "辽宁省住房和城乡建设厅"),
                                      ("issue_date", "2024-05-10"), ("expiry_date", "2027-05-09")],
                         reviewer: "王审核", asOf: Self.asOf)
        let accepted = try desk.accept(id, reviewer: "王审核")
        #expect(accepted.status == .accepted && accepted.type == .safetyProductionLicense && accepted.typedFields.count == 6)
        #expect(try archive.history(itemID: id).contains { $0.field == "type" && $0.newValue == "safety_production_license" })
        #expect(try archive.checkIntegrity().itemBreaks.isEmpty, "the type change is in the history as in the row")
    }

    @Test func aDateTypedAsEightDigitsIsADate() throws {
        let set = try desk.set(itemID, values: [("issue_date", "20240228")], reviewer: "王审核", asOf: Self.asOf)
        #expect(set.fields["issue_date"]?.value == "2024-02-28", "once refused as no date")
        let notADay = try desk.set(itemID, values: [("issue_date", "20240230")], reviewer: "王审核", asOf: Self.asOf)
        #expect(notADay.fields["issue_date"]?.value == "20240230", "a day that does not exist is not made one")
    }
}
