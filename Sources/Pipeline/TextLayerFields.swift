import IngestCore

/// A born-digital page's text layer is exact about its glyphs, not about which of them belong to a field: a
/// background pattern of small words, a stamp's text or a caption may lie on a value's line and join it. A field
/// assembled from the layer is taken as it stands only when its glyphs are one run of one style (size, colour)
/// on one baseline; otherwise it goes to review as `<field>.text_layer_mixed`.
enum TextLayerFields {
    static func problems(_ fields: [String: ExtractedField], words: [RecognizedWord]) -> [Problem] {
        fields.sorted { $0.key < $1.key }.compactMap { name, field -> Problem? in
            guard let box = field.box else { return nil }
            let inside = words.filter { word in word.box.map(box.holdsCentre) ?? false }
            guard isMixed(inside) else { return nil }
            let styles = Set(inside.compactMap(\.style)).sorted().joined(separator: "; ")
            return Problem(rule: "\(name).text_layer_mixed", field: name,
                           message: "'\(field.value)' is put together from text drawn in different styles or on "
                               + "different baselines (\(styles)): background or other text may have joined it, so "
                               + "check it against the page")
        }
    }

    /// Whether words are of more than one style, or sit on baselines further apart than a fifth of their height.
    static func isMixed(_ words: [RecognizedWord]) -> Bool {
        guard words.count > 1 else { return false }
        if Set(words.map { $0.style ?? "" }).count > 1 { return true }
        let boxes = words.compactMap(\.box)
        let baselines = boxes.map(\.maxY), height = boxes.map(\.height).max() ?? 0
        return (baselines.max() ?? 0) - (baselines.min() ?? 0) > max(2, height / 5)
    }
}
