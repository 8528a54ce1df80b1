import IngestCore
import Rules

/// Classification then extraction for one page: the pure stages that turn text into fields. Labels lead to
/// values wherever the design puts them; what they miss, content finds (`ContentFinder`).
public struct PageExtractor: Sendable {
    public let classifier: Classifier
    private let extractors: [DocumentType: FieldExtractor]
    private let contentFinder: ContentFinder

    /// `authorities`: the gazetteer an issuer printed without its label is recognised by (none: not looked for);
    /// `issuerProvinces`: the province a type's number names for its issuer (`Validator.issuerProvinceNames`).
    public init(models: [ExtractionModel], authorities: IssuingAuthorities = IssuingAuthorities(names: []),
                issuerProvinces: (@Sendable (DocumentType, String) -> [String]?)? = nil,
                classificationThreshold: Double = 1.8) {
        classifier = Classifier(models: models, threshold: classificationThreshold)
        extractors = Dictionary(models.map { ($0.type, FieldExtractor(model: $0)) }, uniquingKeysWith: { a, _ in a })
        contentFinder = ContentFinder(authorities: authorities, issuerProvinces: issuerProvinces)
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

    /// A page's lines and what type it reads as: the pipeline classifies each reading once, to tell whether the
    /// page reads upright, and extracts from the same classification.
    public struct ClassifiedPage: Sendable {
        public let page: RecognizedPage
        public let lines: [TextLine]
        public let classification: Classifier.Classification

        public var isCertificate: Bool { classification.type != .unknown }
    }

    public func classify(_ page: RecognizedPage) -> ClassifiedPage {
        let lines = LineBuilder.lines(of: page)
        return ClassifiedPage(page: page, lines: lines, classification: classifier.classify(lines))
    }

    public func extract(_ page: RecognizedPage) -> Result {
        extract(classify(page))
    }

    public func extract(_ classified: ClassifiedPage) -> Result {
        let (lines, verdict, words) = (classified.lines, classified.classification, classified.page.words)
        var fields: [String: ExtractedField] = [:]
        if let extractor = extractors[verdict.type] {
            let labelled = extractor.extractWithClaims(lines: lines, words: words)
            fields = labelled.fields
            contentFinder.complete(&fields, model: extractor.model, lines: lines, words: words,
                                   claims: labelled.claims)
        }
        return Result(type: verdict.type, classificationScore: verdict.score, runnerUpScore: verdict.runnerUp,
                      fields: fields, lines: lines)
    }

    /// The fields `names` of a page of `type` found by what they are in `lines` (the page's lines, some of them
    /// read again), beside the `fields` already found; a label's value is still no one else's.
    public func foundByContent(_ names: Set<String>, type: DocumentType, lines: [TextLine], words: [RecognizedWord],
                               besides fields: [String: ExtractedField]) -> [String: ExtractedField] {
        guard let extractor = extractors[type] else { return [:] }
        var all = fields
        contentFinder.complete(&all, model: extractor.model, lines: lines, words: words,
                               claims: extractor.extractWithClaims(lines: lines, words: words).claims, only: names)
        return all.filter { names.contains($0.key) && fields[$0.key] == nil }
    }
}
