import Archive
import Foundation
import IngestCore
import Pipeline
import RunFiles

/// The original files the archive's items were read from, found where the archive says they are (moved by the
/// drop folder, taken in, or in a backup's `scans/`), checked by their hash and drawn again page by page: every
/// record's page can be looked at, accepted ones too, without keeping an image of each in the archive.
public struct OriginalScans: Sendable {
    let locator: ScanLocator
    let pages: PipelineSettings.Pages
    /// How wide a page is drawn for the viewer (`pages.review_image_width`, else 1600).
    let width: Int

    public init(archivePath: String, pages: PipelineSettings.Pages) {
        locator = ScanLocator(archivePath: archivePath)
        self.pages = pages
        width = pages.reviewImageWidth ?? 1600
    }

    /// The file holding the archived bytes, or nil when it was moved away, deleted or changed.
    func file(_ scan: StoredScan) -> InputFile? {
        locator.intactFile(scan)
    }

    func pageCount(_ file: InputFile) -> Int? {
        if case let .pages(count) = FilePages.count(of: file) { return count }
        return nil
    }

    func picture(_ file: InputFile, page: Int) throws -> [UInt8] {
        try FilePages.picture(of: file, page: page, width: width, pages: pages)
    }
}

/// What a visitor is shown of one page of an item's original file, and why not when nothing. The personal numbers
/// a page shows whole (item, field) are recorded as revealed when it is sent.
enum ScanPageView {
    /// Page `page` of the original file, whole.
    case original(InputFile, page: Int, reveals: [(item: Int64, field: String)])
    /// The page as ingest kept it (the review image or thumbnail), personal numbers painted over where the
    /// visitor may not see them.
    case kept([UInt8], reveals: [(item: Int64, field: String)])
    /// Why nothing is shown; `forbidden`: the page is there but not for this visitor.
    case refused(String, forbidden: Bool = false)
}
