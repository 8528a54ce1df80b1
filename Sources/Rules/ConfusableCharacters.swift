import Foundation
import Yams

/// Han characters the recogniser was seen to read in place of others (or to insert), measured on a calibration
/// set by `tools/measure-confusions.py` (`pipelines/confusable-characters.yaml`). Such a misreading comes alike
/// at every scale, so agreeing readings cannot catch it: a name holding one of these characters is doubtful.
public struct ConfusableCharacters: Codable, Sendable {
    /// The fields checked (free-text names: holder, company).
    public var fields: [String]
    /// Character read → the characters it was read for ("" when inserted) → how often.
    public var characters: [String: [String: Int]]
    /// The recogniser whose misreadings these are (`tesseract`); nil: any recogniser's.
    public var recogniser: String?

    public init(fields: [String], characters: [String: [String: Int]], recogniser: String? = nil) {
        self.fields = fields; self.characters = characters; self.recogniser = recogniser
    }

    /// Whether the table speaks about a value these recognisers read (`ExtractedField.readers`): not when an
    /// engine other than the table's read it too — that engine knows the character the table suspects (PP-OCR
    /// reads 鑫, which tesseract reads as 春), so its reading the same refutes the suspicion.
    public func applies(toValueReadBy readers: [String]?) -> Bool {
        guard let recogniser, let readers else { return true }
        return readers.allSatisfy { $0 == recogniser || $0.hasPrefix(recogniser + " ") }
    }

    public static func load(from url: URL) throws -> ConfusableCharacters {
        try YAMLDecoder().decode(ConfusableCharacters.self, from: String(contentsOf: url, encoding: .utf8))
    }

    /// The characters of `value` seen read in place of others at least `minimumSightings` times, in order, each
    /// with what it was read for, commonest first.
    public func suspects(in value: String, minimumSightings: Int) -> [(read: Character, for: [String])] {
        var seen = Set<Character>()
        return value.compactMap { character in
            guard seen.insert(character).inserted, let sightings = characters[String(character)],
                  sightings.values.reduce(0, +) >= minimumSightings else { return nil }
            return (character, sightings.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map(\.key))
        }
    }
}
