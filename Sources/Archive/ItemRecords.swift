import Foundation
import GRDB
import IngestCore

/// A row of `items` as ingest writes it: one certificate read from a page (or a file that failed whole). Its
/// JSON columns hold the fields sealed (`PersonalData`); `StoredItem` is what readers get back.
package struct ItemRecord: Codable, PersistableRecord {
    package static let databaseTableName = "items"

    package var inputID: Int64
    package var runID: Int64
    package var source: String
    package var page: Int?
    package var type: DocumentType
    package var status: ItemStatus
    package var origin: TextOrigin?
    /// JSON object: field name → normalised value.
    package var fields: String
    /// JSON object: field name → value, raw text, confidence, boxes.
    package var fieldDetails: String
    /// JSON array of flags (`expired`, …).
    package var flags: String
    /// PNG, kept only for an item a person must look at.
    package var thumbnail: Data?
    /// The page at the width a reviewer reads it; for an item in review only.
    package var reviewImage: Data?
    package var pageText: String?
    package var pageWidth: Int?
    package var pageHeight: Int?
    package var region: String?
    package var backRegion: String?

    enum CodingKeys: String, CodingKey {
        case source, page, type, status, origin, fields, flags, thumbnail, region
        case inputID = "input_id", runID = "run_id", fieldDetails = "field_details", pageText = "page_text"
        case reviewImage = "review_image"
        case pageWidth = "page_width", pageHeight = "page_height", backRegion = "back_region"
    }

    package enum Columns {
        package static let id = Column("id")
        package static let reviewImage = Column(CodingKeys.reviewImage)
        package static let type = Column(CodingKeys.type)
        package static let status = Column(CodingKeys.status)
        package static let fields = Column(CodingKeys.fields)
        package static let fieldDetails = Column(CodingKeys.fieldDetails)
        package static let flags = Column(CodingKeys.flags)
    }

    /// An item read from a page, its personal numbers already sealed.
    package init(sealed page: PageOutcome, inputID: Int64, runID: Int64, source: String) throws {
        self.inputID = inputID; self.runID = runID; self.source = source
        self.page = page.page
        type = page.type
        status = page.status
        origin = page.origin
        fields = try JSONText.encode(page.fields.mapValues(\.value))
        fieldDetails = try JSONText.encode(page.fields)
        flags = try JSONText.encode(page.flags)
        thumbnail = status == .accepted ? nil : page.thumbnailPNG.map { Data($0) }
        // Ingest keeps a review image only where a person may need it (in review, or a personal number to paint).
        reviewImage = page.reviewImagePNG.map { Data($0) }
        pageText = page.text
        pageWidth = page.pageWidth
        pageHeight = page.pageHeight
        region = try page.region.map(JSONText.encode)
        backRegion = try page.backRegion.map(JSONText.encode)
    }

    /// The one item of a file that could not be read at all.
    package init(failedFileOf inputID: Int64, runID: Int64, source: String) {
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
