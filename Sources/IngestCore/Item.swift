/// Flags an item may carry beside its status (the export's `flags`).
public enum ItemFlag {
    /// Accepted as the paper prints it, though the paper itself breaks a rule; a reviewer said why.
    public static let printedError = "printed_error"
}

/// An item's fate: in the archive, waiting for a reviewer, or unreadable.
public enum ItemStatus: String, Codable, Sendable {
    case accepted, review, failed
}

/// One field as extracted: the normalised value, what the page said, and how sure we are (0...100).
public struct ExtractedField: Codable, Hashable, Sendable {
    public var value: String
    public var raw: String
    public var confidence: Double
    public var box: Box?
    /// Where the value may reach: on to the next label or the end of its line, past gaps (a second reading's region).
    public var span: Box?
    /// Where its label is printed: the height of the line's text when a seal swelled the value's own words.
    public var labelBox: Box?
    /// The values of readings that disagreed (the page's first, then the field's own), for reviewers.
    public var readings: [String]?
    /// How many independent readings gave this value (nil: one, or a text layer).
    public var agreeingReadings: Int?
    /// The recognisers whose readings gave this value (`ppocr`, `tesseract chi_sim`…), each once; nil for a text
    /// layer or a value no recogniser read alike (a reviewer's).
    public var readers: [String]?
    /// Why the value is believed: two recognisers read it alike, the rules prove it, or one recogniser read it.
    public var evidence: FieldEvidence?
    /// Changes made to the value read, each with its reason: never silent.
    public var corrections: [FieldCorrection]?
    /// A reviewer typed it and no reading of the page showed it: the page does not say so, whatever the rules say.
    public var typed: Bool?

    public init(value: String, raw: String, confidence: Double, box: Box? = nil, readings: [String]? = nil,
                agreeingReadings: Int? = nil) {
        self.value = value; self.raw = raw; self.confidence = confidence; self.box = box; self.readings = readings
        self.agreeingReadings = agreeingReadings
    }
}

/// What a field's value rests on: how the pipeline came to believe it.
public enum FieldEvidence: String, Codable, Hashable, Sendable {
    /// Two independent recognisers read it alike (after normalisation).
    case readersAgree = "readers_agree"
    /// Its rules prove it (`ocr.proven_by_rules`): a check digit holds, the authority is in the gazetteer, the issue
    /// and expiry dates fit the type's validity period exactly.
    case rules
    /// A name in doubt that the archive already holds on an accepted certificate.
    case knownName = "known_name"
    /// One recogniser read it (perhaps alike at several scales): no independent evidence.
    case oneReader = "one_reader"
    /// Taken from the PDF's text layer, not read from pixels.
    case textLayer = "text_layer"
}

/// A change certarchive made to a field's value as read: what was read, what it became, and why.
public struct FieldCorrection: Codable, Hashable, Sendable {
    public var from: String
    public var to: String
    public var reason: String

    public init(from: String, to: String, reason: String) {
        self.from = from; self.to = to; self.reason = reason
    }
}

/// Everything the pipeline learned about one page.
public struct PageOutcome: Codable, Sendable {
    public var page: Int
    public var type: DocumentType
    public var origin: TextOrigin
    public var fields: [String: ExtractedField]
    public var problems: [Problem]
    /// Facts worth knowing that do not send the item to review, e.g. `expired`.
    public var flags: [String]
    /// A small PNG of the page for reports and reviewers; nil when it could not be made.
    public var thumbnailPNG: [UInt8]?
    /// The page at the width a reviewer reads it (`pages.review_image_width`), for an item in review only.
    public var reviewImagePNG: [UInt8]?
    /// Whole OCR text of the page, kept for reviewers and search.
    public var text: String
    /// Size in pixels of the page the boxes refer to (the prepared page), for drawing them on its thumbnail.
    public var pageWidth: Int?
    public var pageHeight: Int?
    /// Where on the scanned page this certificate lies, when the page held several (cards side by side); its
    /// boxes, size and thumbnail are then those of this region, cut out. nil: the certificate is the whole page.
    public var region: Box?
    /// Where its back lies on the same page, when the card's back was scanned beside it (its text is appended).
    public var backRegion: Box?

    /// Accepted when no rule failed, review otherwise; failed when the page itself could not be read.
    public var status: ItemStatus

    public init(page: Int, type: DocumentType, origin: TextOrigin, fields: [String: ExtractedField],
                problems: [Problem], flags: [String], thumbnailPNG: [UInt8]?, text: String) {
        self.page = page; self.type = type; self.origin = origin; self.fields = fields
        self.problems = problems; self.flags = flags; self.thumbnailPNG = thumbnailPNG; self.text = text
        self.status = problems.isEmpty ? .accepted : .review
    }

    /// A page of a readable input that could not itself be read (e.g. a PDF page too large to render).
    public static func failed(page: Int, problem: Problem) -> PageOutcome {
        var outcome = PageOutcome(page: page, type: .unknown, origin: .ocr, fields: [:], problems: [problem],
                                  flags: [], thumbnailPNG: nil, text: "")
        outcome.status = .failed
        return outcome
    }
}

/// What became of one input file: its pages, or the one reason it could not be read.
public struct InputOutcome: Sendable {
    public var source: String
    public var sha256: String
    public var format: InputFormat?
    public var byteCount: Int
    public var pages: [PageOutcome]
    /// Set when the file as a whole could not be read; then `pages` holds what was read before the failure.
    public var failure: Problem?
    public var seconds: Double

    /// How many of the file's pages were read (a page holding several certificates gives several items).
    public var pageCount: Int { Set(pages.map(\.page)).count }

    public init(source: String, sha256: String, format: InputFormat?, byteCount: Int, pages: [PageOutcome],
                failure: Problem?, seconds: Double) {
        self.source = source; self.sha256 = sha256; self.format = format; self.byteCount = byteCount
        self.pages = pages; self.failure = failure; self.seconds = seconds
    }
}
