import Extraction
import IngestCore

/// A born-digital page's text layer is exact about its glyphs, not about which of them belong to a field: a
/// background pattern of small words, a stamp's text or a caption may lie on a value's line and join it. A field
/// assembled from the layer is taken as it stands only when its glyphs are one run of one style (size, colour)
/// on one baseline. Otherwise the glyphs of the field's main style are taken alone and a recogniser reads the
/// rendered page where they lie: the field stands when it reads the same, and goes to review as
/// `<field>.text_layer_mixed` when it does not, or when no style is the field's main one.
struct TextLayerFields {
    /// Reads the rendered page inside a box (in the layer's pixels) as one line; nil: nothing could be read.
    var readPixels: (Box) -> String? = { _ in nil }

    /// Settles every mixed field of a text-layer page's extraction, before correction and validation.
    func settle(_ result: inout PageExtractor.Result, words: [RecognizedWord], extractor: PageExtractor) -> [Problem] {
        var problems: [Problem] = []
        for (name, field) in result.fields.sorted(by: { $0.key < $1.key }) {
            guard let box = field.box else { continue }
            let inside = words.filter { word in word.box.map(box.holdsCentre) ?? false }
            guard Self.isMixed(inside) else { continue }
            if let confirmed = confirmed(name, mainStyleOf: inside, page: words, extractor: extractor) {
                result.fields[name] = confirmed
            } else {
                let styles = Set(inside.compactMap(\.style)).sorted().joined(separator: "; ")
                problems.append(Problem(
                    rule: "\(name).text_layer_mixed", field: name,
                    message: "'\(field.value)' is put together from text drawn in different styles or on different "
                        + "baselines (\(styles)), and the page's picture does not show it alone: background or other "
                        + "text may have joined it, so check it against the page"))
            }
        }
        return problems
    }

    /// The field as the layer gives it without the glyphs of the field's lesser styles, when a recogniser reads
    /// the same there on the rendered page; nil otherwise.
    private func confirmed(_ name: String, mainStyleOf inside: [RecognizedWord], page words: [RecognizedWord],
                           extractor: PageExtractor) -> ExtractedField? {
        guard let main = Self.mainStyle(of: inside) else { return nil }
        let others = Set(inside.filter { $0.style != main }.compactMap(\.box))
        let kept = words.filter { word in word.box.map { !others.contains($0) } ?? true }
        let page = extractor.extract(extractor.classify(RecognizedPage(words: kept, origin: .textLayer)))
        guard var field = page.fields[name], let box = field.box,
              !Self.isMixed(kept.filter { word in word.box.map(box.holdsCentre) ?? false }),
              let read = readPixels(box), Self.comparable(read) == Self.comparable(field.value) else { return nil }
        field.evidence = .textLayer
        return field
    }

    /// The style most of a field's characters are drawn in; nil when two styles hold as many.
    static func mainStyle(of words: [RecognizedWord]) -> String? {
        let counts = Dictionary(grouping: words, by: { $0.style ?? "" }).mapValues { $0.reduce(0) { $0 + $1.text.count } }
        let ranked = counts.sorted { $0.value > $1.value }
        guard let first = ranked.first, ranked.count < 2 || ranked[1].value < first.value else { return nil }
        return first.key.isEmpty ? nil : first.key
    }

    /// Whether words are of more than one style, or sit on baselines further apart than a fifth of their height.
    static func isMixed(_ words: [RecognizedWord]) -> Bool {
        guard words.count > 1 else { return false }
        if Set(words.map { $0.style ?? "" }).count > 1 { return true }
        let boxes = words.compactMap(\.box)
        let baselines = boxes.map(\.maxY), height = boxes.map(\.height).max() ?? 0
        return (baselines.max() ?? 0) - (baselines.min() ?? 0) > max(2, height / 5)
    }

    /// Text as two readings of one value are compared: full-width forms folded, spaces dropped.
    static func comparable(_ text: String) -> String {
        TextNormalizer.normalize(text).filter { !$0.isWhitespace }
    }
}
