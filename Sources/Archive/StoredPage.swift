import Foundation
import IngestCore

/// A read page as `page_jobs.outcome` keeps it until its whole file is committed: the page's items (one, or one
/// per card scanned on it), personal numbers sealed, each with its thumbnail. Rows written before a page could
/// hold several items are one outcome object, with the thumbnail in `page_jobs.thumbnail`; both are read.
package struct StoredPage: Codable {
    struct Item: Codable {
        var outcome: PageOutcome
        var thumbnail: Data?
        var reviewImage: Data?
    }

    var items: [Item]

    /// The page's items as stored: sealed by `seal`, thumbnails beside them rather than inside.
    package static func encode(_ items: [PageOutcome], seal: (PageOutcome) throws -> PageOutcome) throws -> String {
        try JSONText.encode(StoredPage(items: items.map { item in
            var sealed = try seal(item)
            sealed.thumbnailPNG = nil
            sealed.reviewImagePNG = nil
            return Item(outcome: sealed, thumbnail: item.thumbnailPNG.map { Data($0) },
                        reviewImage: item.reviewImagePNG.map { Data($0) })
        }))
    }

    /// The items of a stored page, still sealed, each with its thumbnail (`legacyThumbnail`: the row's own).
    package static func decode(_ text: String, legacyThumbnail: Data?) throws -> [PageOutcome] {
        if let page = try? JSONText.decode(StoredPage.self, from: text) {
            return page.items.map { item in
                var outcome = item.outcome
                outcome.thumbnailPNG = item.thumbnail.map { [UInt8]($0) }
                outcome.reviewImagePNG = item.reviewImage.map { [UInt8]($0) }
                return outcome
            }
        }
        var outcome = try JSONText.decode(PageOutcome.self, from: text)
        outcome.thumbnailPNG = legacyThumbnail.map { [UInt8]($0) }
        return [outcome]
    }
}
