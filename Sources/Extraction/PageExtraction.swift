import IngestCore

/// Classification then extraction for one page: the two pure stages that turn text into fields.
public struct PageExtractor: Sendable {
    public let classifier: Classifier
    private let extractors: [DocumentType: FieldExtractor]

    public init(models: [ExtractionModel], classificationThreshold: Double = 0.6) {
        classifier = Classifier(models: models, threshold: classificationThreshold)
        extractors = Dictionary(models.map { ($0.type, FieldExtractor(model: $0)) }, uniquingKeysWith: { a, _ in a })
    }

    public struct Result: Sendable {
        public var type: DocumentType
        public var classificationScore: Double
        public var fields: [String: ExtractedField]
        public var lines: [TextLine]
    }

    public func fieldExtractor(for type: DocumentType) -> FieldExtractor? { extractors[type] }

    public func extract(_ page: RecognizedPage) -> Result {
        let lines = LineBuilder.lines(of: page)
        let verdict = classifier.classify(lines)
        let fields = extractors[verdict.type]?.extract(lines: lines, words: page.words) ?? [:]
        return Result(type: verdict.type, classificationScore: verdict.score, fields: fields, lines: lines)
    }
}
