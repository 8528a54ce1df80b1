import Foundation
import IngestCore
import Logging

/// certarchive's log lines on stderr, as text for people or JSON Lines for log collectors (`--log-format json`).
/// Every line passes through `Masking.redactingIDNumbers` first: a 身份证号 in a file name or a message is
/// never written whole.
struct LogOutput: LogHandler {
    enum Format: String, CaseIterable {
        case text, json
    }

    let format: Format
    let label: String
    var logLevel: Logger.Level = .notice
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let level = event.level
        let message = event.message
        let fields = metadata.merging(event.metadata ?? [:]) { _, new in new }
            .mapValues { Masking.redactingIDNumbers(in: "\($0)") }
        let time = ISO8601DateFormatter().string(from: Date())
        let text = Masking.redactingIDNumbers(in: message.description)
        let output: String
        switch format {
        case .text:
            let details = fields.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            output = "\(time) \(level) \(label): \(text)" + (details.isEmpty ? "" : " \(details)")
        case .json:
            var object: [String: String] = fields
            object["time"] = time
            object["level"] = level.rawValue
            object["message"] = text
            let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]))
                ?? Data("{}".utf8)
            output = String(decoding: data, as: UTF8.self)
        }
        FileHandle.standardError.write(Data((output + "\n").utf8))
    }
}
