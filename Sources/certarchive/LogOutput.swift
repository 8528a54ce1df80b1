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

    /// Text with its control characters written as `\n`, `\r`, `\t` or `\u{…}`.
    static func oneLine(_ text: String) -> String {
        var line = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": line += "\\n"
            case "\r": line += "\\r"
            case "\t": line += "\\t"
            case _ where scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value):
                line += "\\u{" + String(scalar.value, radix: 16) + "}"
            default: line.unicodeScalars.append(scalar)
            }
        }
        return line
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
            // One event, one line: a line break or escape code in a value (a file's name) is written escaped.
            let details = fields.sorted { $0.key < $1.key }.map { "\($0.key)=\(Self.oneLine($0.value))" }.joined(separator: " ")
            output = "\(time) \(level) \(label): \(Self.oneLine(text))" + (details.isEmpty ? "" : " \(details)")
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
