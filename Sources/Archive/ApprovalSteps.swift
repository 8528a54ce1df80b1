import Crypto
import Foundation
import IngestCore

/// The approval steps as the archive keeps them: with the archive, not with whichever `--data` folder a command is
/// given, so an emptied `approval.yaml` elsewhere cannot turn the second step off. Each change is an event of the
/// accounts' chain, under this name, whose detail is the steps' digest.
package enum ApprovalSteps {
    package static let eventName = "（审批步骤）"

    /// The SHA-256 prefix of the steps' text, as the change's event records it.
    package static func digest(_ yaml: String) -> String {
        "sha256 " + Hex.string(SHA256.hash(data: Data(yaml.utf8)).prefix(16))
    }
}
