import Foundation
import IngestCore
import Synchronization

/// What each recogniser reads of each key field, one JSON line a field, for the measurement of which readers
/// agree on what (`make bench`'s reader-pair table): the page reading's value, and each named recogniser's
/// reading of the field's line cropped alone. Personal numbers are left out: the trace is a measurement, not a
/// record, and holds none whole.
public final class ReaderTrace: Sendable {
    /// The recognisers that read every key field alone for the trace (`WorkerRecognizers.recognizer(named:)`).
    public let readers: [String]
    private let file: Mutex<FileHandle>

    public init(path: String, readers: [String] = ["ppocr", "ppocrv5", "tesseract"]) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]),
              let handle = FileHandle(forWritingAtPath: path) else {
            throw ConfigurationError("cannot write the reader trace \(path)")
        }
        self.readers = readers
        file = Mutex(handle)
    }

    /// One field's readings: `readings` by reader, `page <name>` for the page reading's value ("" read nothing).
    func record(source: String, page: Int, type: DocumentType, field: String, readings: [String: String]) {
        guard !Masking.isPersonal(field: field, type: type) else { return }
        let line: [String: Any] = ["source": source, "page": page, "type": type.rawValue, "field": field,
                                   "readings": readings]
        guard var data = try? JSONSerialization.data(withJSONObject: line, options: [.sortedKeys]) else { return }
        data.append(0x0A)
        file.withLock { $0.write(data) }
    }
}
