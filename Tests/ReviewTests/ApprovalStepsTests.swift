import Archive
import Extraction
import Foundation
import IngestCore
@testable import Review
import Rules
import Testing

/// The four-eyes rule of `pipelines/approval.yaml` on the review desk: a reviewer's change to a named field waits
/// for another person with the approver role; nobody approves his own; sent back, it waits again.
@Suite struct ApprovalStepsTests {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let asOf = PrintedDate(year: 2026, month: 11, day: 22)

    let archive: ArchiveDatabase
    let desk: ReviewDesk
    let itemID: Int64

    init() throws {
        archive = try ArchiveDatabase.inMemory()
        desk = try Desks.desk(on: archive, withApprovalSteps: true)
        let runID = try archive.beginRun(asOf: "2026-11-22", arguments: "test")
        func field(_ value: String) -> ExtractedField { ExtractedField(value: value, raw: value, confidence: 95) }
        let page = PageOutcome(
            page: 1, type: .enterpriseQualification, origin: .ocr,
            fields: ["certificate_number": field("D221098765"), "holder": field("鞍山恒泰建筑有限公司"),
                     "credit_code": field("912103008765432101"), "issuer": field("辽宁省住房和城乡建设厅"),
                     "issue_date": field("2024-06-30"), "expiry_date": field("2029-06-30")],
            problems: [Problem(rule: "holder.unconfirmed", field: "holder", message: "read once")],
            flags: [], thumbnailPNG: nil, text: "")
        try archive.record(InputOutcome(source: "in/a.png", sha256: "a1", format: .png, byteCount: 1, pages: [page],
                                        failure: nil, seconds: 1), runID: runID)
        itemID = try #require(try archive.items().first?.id)
    }

    @Test func theShippedStepsNameTheFourFields() throws {
        let policy = try ApprovalPolicy.load(from: Self.repo.appendingPathComponent("pipelines/approval.yaml"))
        #expect(policy.firstStep == "项目部初审" && policy.secondStep == "安全部复核")
        #expect(Set(policy.secondStepWhenChanged) == ["certificate_number", "holder", "id_number", "expiry_date"])
    }

    @Test func aChangedExpiryWaitsForAnotherPersonsApproval() throws {
        _ = try desk.set(itemID, values: [("expiry_date", "2029-06-29")], reviewer: "王审核", asOf: Self.asOf)
        _ = try desk.set(itemID, values: [("holder", "鞍山恒泰建筑有限公司")], reviewer: "王审核", asOf: Self.asOf)
        let submitted = try desk.accept(itemID, reviewer: "王审核", mayApprove: false)
        #expect(submitted.status == .review && desk.isAwaitingApproval(submitted))
        #expect(submitted.problems.map(\.message) == ["项目部初审 by 王审核: expiry_date changed; waits for 安全部复核 by another person"],
                "the holder was only confirmed as read")
        #expect(throws: ReviewError.self) { try desk.accept(itemID, reviewer: "王审核", mayApprove: true) }
        #expect(throws: ReviewError.self) { try desk.approve(itemID, approver: "王审核") }
        let approved = try desk.approve(itemID, approver: "李复核")
        #expect(approved.status == .accepted && approved.problems.isEmpty)
        let history = try archive.history(itemID: itemID).map { "\($0.actor) \($0.action.rawValue)" }
        #expect(history.suffix(2) == ["reviewer:王审核 submitted", "reviewer:李复核 approved"])
        #expect(try archive.checkIntegrity().itemBreaks.isEmpty, "approved is accepted in the history too")
    }

    @Test func sentBackItWaitsAgainUntilApproved() throws {
        _ = try desk.set(itemID, values: [("certificate_number", "D221098766"), ("holder", "鞍山恒泰建筑有限公司")],
                         reviewer: "王审核", asOf: Self.asOf)
        _ = try desk.accept(itemID, reviewer: "王审核", mayApprove: false)
        let sentBack = try desk.sendBack(itemID, approver: "李复核", reason: "编号与原件不符")
        #expect(sentBack.status == .review && !desk.isAwaitingApproval(sentBack))
        #expect(sentBack.problems.contains { $0.rule == "review.sent_back" && $0.message.hasSuffix("编号与原件不符") })
        #expect(try desk.assignee(of: itemID) == "王审核", "handed back to the reviewer who submitted it")
        let again = try desk.accept(itemID, reviewer: "王审核", mayApprove: false)
        #expect(desk.isAwaitingApproval(again), "the change is still another person's to approve")
        #expect(try desk.accept(itemID, reviewer: "李复核", mayApprove: true).status == .accepted,
                "an approver's accept of another's change approves it")
    }

    @Test func aWatchedChangeWaitsForAnotherPersonAfterARejectionAndAReopening() throws {
        // One account: a watched field set, the item rejected and reopened, then accepted as printed.
        _ = try desk.set(itemID, values: [("certificate_number", "D221098799")], reviewer: "王审核", asOf: Self.asOf)
        _ = try desk.reject(itemID, reviewer: "王审核", reason: "看错了")
        _ = try desk.reopen(itemID, reviewer: "王审核", reason: "再看", asOf: Self.asOf)
        let accepted = try desk.accept(itemID, reviewer: "王审核", despite: "印刷如此", mayApprove: true)
        #expect(accepted.status == .review && desk.isAwaitingApproval(accepted), "\(accepted.problems.map(\.message))")
        #expect(try desk.approve(itemID, approver: "李复核").status == .accepted)
    }

    @Test func anApproversOwnChangeWaitsForSomeoneElse() throws {
        _ = try desk.set(itemID, values: [("holder", "鞍山恒泰建筑工程有限公司")], reviewer: "李复核", asOf: Self.asOf)
        let own = try desk.accept(itemID, reviewer: "李复核", mayApprove: true)
        #expect(desk.isAwaitingApproval(own))
        #expect(try desk.approve(itemID, approver: "张安全").status == .accepted)
    }

    @Test func anApproverWhoCorrectsDuringApprovalSubmitsHisOwnChange() throws {
        // 王审核 types a wrong holder and submits; 李复核 corrects it while approving. His value is kept as his change,
        // waiting for a third person; it is never approved with his typing thrown away.
        _ = try desk.set(itemID, values: [("holder", "鞍山恒泰建筑有限责任公司")], reviewer: "王审核", asOf: Self.asOf)
        _ = try desk.accept(itemID, reviewer: "王审核", mayApprove: false)
        _ = try desk.set(itemID, values: [("holder", "鞍山恒泰建筑有限公司")], reviewer: "李复核", asOf: Self.asOf)
        let resubmitted = try desk.accept(itemID, reviewer: "李复核", mayApprove: true)
        #expect(resubmitted.status == .review && desk.isAwaitingApproval(resubmitted))
        #expect(resubmitted.fields["holder"]?.value == "鞍山恒泰建筑有限公司")
        #expect(resubmitted.problems.first { $0.rule == "review.awaiting_approval" }?.message.contains("by 李复核") == true)
        #expect(throws: ReviewError.self) { try desk.approve(itemID, approver: "李复核") }
        #expect(throws: ReviewError.self) { try desk.approve(itemID, approver: "王审核") }
        let approved = try desk.approve(itemID, approver: "张安全")
        #expect(approved.status == .accepted && approved.fields["holder"]?.value == "鞍山恒泰建筑有限公司")
    }

    @Test func changesToOtherFieldsAndOneStepOfficesAcceptAtOnce() throws {
        _ = try desk.set(itemID, values: [("issuer", "辽宁省住房和城乡建设厅")], reviewer: "王审核", asOf: Self.asOf)
        #expect(try desk.accept(itemID, reviewer: "王审核", despite: "read twice", mayApprove: false).status == .accepted)

        let oneStep = ReviewDesk(archive: archive, validator: desk.validator, models: Array(desk.models.values),
                                 approval: ApprovalPolicy(secondStepWhenChanged: []))
        _ = try oneStep.reopen(itemID, reviewer: "王审核", reason: nil, asOf: Self.asOf)
        _ = try oneStep.set(itemID, values: [("expiry_date", "2029-06-28")], reviewer: "王审核", asOf: Self.asOf)
        #expect(try oneStep.accept(itemID, reviewer: "王审核", mayApprove: false).status == .accepted)
    }
}
