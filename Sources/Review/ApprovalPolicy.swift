import Foundation
import Yams

/// Which reviewers' changes need a second person before their item is accepted (`pipelines/approval.yaml`).
public struct ApprovalPolicy: Codable, Sendable, Equatable {
    /// The steps' names, as the history and the pages say them (项目部初审, 安全部复核).
    public var firstStep: String
    public var secondStep: String
    /// A change to any of these fields waits for the second step; empty: one step.
    public var secondStepWhenChanged: [String]

    public init(firstStep: String = "review", secondStep: String = "approval", secondStepWhenChanged: [String]) {
        self.firstStep = firstStep; self.secondStep = secondStep; self.secondStepWhenChanged = secondStepWhenChanged
    }

    enum CodingKeys: String, CodingKey {
        case firstStep = "first_step"
        case secondStep = "second_step"
        case secondStepWhenChanged = "second_step_when_changed"
    }

    /// The steps' names may be left out (`review`, `approval`); the fields may not.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(firstStep: try container.decodeIfPresent(String.self, forKey: .firstStep) ?? "review",
                  secondStep: try container.decodeIfPresent(String.self, forKey: .secondStep) ?? "approval",
                  secondStepWhenChanged: try container.decode([String].self, forKey: .secondStepWhenChanged))
    }

    public static func load(from url: URL) throws -> ApprovalPolicy {
        try decode(try String(contentsOf: url, encoding: .utf8))
    }

    /// The steps from their YAML (the file's, or the text an archive keeps).
    public static func decode(_ yaml: String) throws -> ApprovalPolicy {
        try YAMLDecoder().decode(ApprovalPolicy.self, from: yaml)
    }
}
