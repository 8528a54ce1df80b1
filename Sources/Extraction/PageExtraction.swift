import IngestCore
import Rules

/// Classification then extraction for one page: the pure stages that turn text into fields. Labels lead to
/// values wherever the design puts them; what they miss, content finds (`ContentFinder`).
public struct PageExtractor: Sendable {
    public let classifier: Classifier
    private let extractors: [DocumentType: FieldExtractor]
    private let contentFinder: ContentFinder

    /// `authorities`: the gazetteer an issuer printed without its label is recognised by (none: not looked for).
    public init(models: [ExtractionModel], authorities: IssuingAuthorities = IssuingAuthorities(names: []),
                classificationThreshold: Double = 1.8) {
        classifier = Classifier(models: models, threshold: classificationThreshold)
        extractors = Dictionary(models.map { ($0.type, FieldExtractor(model: $0)) }, uniquingKeysWith: { a, _ in a })
        contentFinder = ContentFinder(authorities: authorities)
    }

    public struct Result: Sendable {
        public var type: DocumentType
        public var classificationScore: Double
        /// The best score of another type.
        public var runnerUpScore: Double
        public var fields: [String: ExtractedField]
        public var lines: [TextLine]
    }

    public func fieldExtractor(for type: DocumentType) -> FieldExtractor? { extractors[type] }

    public func extract(_ page: RecognizedPage) -> Result {
        let lines = LineBuilder.lines(of: page)
        let verdict = classifier.classify(lines)
        var fields: [String: ExtractedField] = [:]
        if let extractor = extractors[verdict.type] {
            let labelled = extractor.extractWithClaims(lines: lines, words: page.words)
            fields = labelled.fields
            contentFinder.complete(&fields, model: extractor.model, lines: lines, words: page.words,
                                   claims: labelled.claims)
        }
        return Result(type: verdict.type, classificationScore: verdict.score, runnerUpScore: verdict.runnerUp,
                      fields: fields, lines: lines)
    }
}
