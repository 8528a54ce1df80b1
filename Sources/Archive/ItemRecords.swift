import Foundation
import GRDB
import IngestCore

/// A row of `items` as ingest writes it: one certificate read from a page (or a file that failed whole). Its
/// JSON columns hold the fields sealed (`PersonalData`); `StoredItem` is what readers get back.
struct ItemRecord: Codable, PersistableRecord {
    static let databaseTableName = "items"

    var inputID: Int64
    var runID: Int64
    var source: String
    var page: Int?
    var type: DocumentType
    var status: ItemStatus
    var origin: TextOrigin?
    /// JSON object: field name → normalised value.
    var fields: String
    /// JSON object: field name → value, raw text, confidence, boxes.
    var fieldDetails: String
    /// JSON array of flags (`expired`, …).
    var flags: String
    /// PNG, kept only for an item a person must look at.
    var thumbnail: Data?
    /// The page at the width a reviewer reads it; for an item in review only.
    var reviewImage: Data?
    var pageText: String?
    var pageWidth: Int?
    var pageHeight: Int?
    var region: String?
    var backRegion: String?

    enum CodingKeys: String, CodingKey {
        case source, page, type, status, origin, fields, flags, thumbnail, region
        case inputID = "input_id", runID = "run_id", fieldDetails = "field_details", pageText = "page_text"
        case reviewImage = "review_image"
        case pageWidth = "page_width", pageHeight = "page_height", backRegion = "back_region"
    }

    enum Columns {
        static let id = Column("id")
        static let reviewImage = Column(CodingKeys.reviewImage)
        static let type = Column(CodingKeys.type)
        static let status = Column(CodingKeys.status)
        static let fields = Column(CodingKeys.fields)
        static let fieldDetails = Column(CodingKeys.fieldDetails)
        static let flags = Column(CodingKeys.flags)
    }

    /// An item read from a page, its personal numbers already sealed.
    init(sealed page: PageOutcome, inputID: Int64, runID: Int64, source: String) throws {
        self.inputID = inputID; self.runID = runID; self.source = source
        self.page = page.page
        type = page.type
        status = page.status
        origin = page.origin
        fields = try JSONText.encode(page.fields.mapValues(\.value))
        fieldDetails = try JSONText.encode(page.fields)
        flags = try JSONText.encode(page.flags)
        thumbnail = status == .accepted ? nil : page.thumbnailPNG.map { Data($0) }
        reviewImage = status == .accepted ? nil : page.reviewImagePNG.map { Data($0) }
        pageText = page.text
        pageWidth = page.pageWidth
        pageHeight = page.pageHeight
        region = try page.region.map(JSONText.encode)
        backRegion = try page.backRegion.map(JSONText.encode)
    }

    /// The one item of a file that could not be read at all.
    init(failedFileOf inputID: Int64, runID: Int64, source: String) {
        self.inputID = inputID; self.runID = runID; self.source = source
        page = nil
        type = .unknown
        status = .failed
        fields = "{}"; fieldDetails = "{}"; flags = "[]"
    }
}

/// A row of `problems`: one reason an item needs a person.
struct ProblemRecord: Codable, PersistableRecord {
    static let databaseTableName = "problems"

    var itemID: Int64
    var rule: String
    var field: String?
    var message: String

    enum CodingKeys: String, CodingKey {
        case rule, field, message
        case itemID = "item_id"
    }

    enum Columns {
        static let itemID = Column(CodingKeys.itemID)
    }

    init(_ problem: Problem, of itemID: Int64) {
        self.itemID = itemID; rule = problem.rule; field = problem.field; message = problem.message
    }
}

extension DocumentType: DatabaseValueConvertible {}
extension ItemStatus: DatabaseValueConvertible {}
extension TextOrigin: DatabaseValueConvertible {}
