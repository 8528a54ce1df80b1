import Archive
import Extraction
import Foundation
import Review
import Rules

/// The review desk over an archive with the repository's own rules, models and (when asked) approval steps.
enum Desks {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func desk(on archive: any ReviewArchive & RecordArchive, withApprovalSteps: Bool = false) throws -> ReviewDesk {
        ReviewDesk(
            archive: archive,
            validator: try Validator(rules: try RuleSet.load(from: repo.appendingPathComponent("pipelines/rules.yaml"))),
            models: try ExtractionModel.loadAll(from: repo.appendingPathComponent("models")),
            approval: withApprovalSteps ? try ApprovalPolicy.load(from: repo.appendingPathComponent("pipelines/approval.yaml")) : nil)
    }
}
