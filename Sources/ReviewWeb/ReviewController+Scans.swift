import Archive
import Foundation
import HTTPTypes
import Hummingbird
import IngestCore
import Pipeline
import Review

/// Every record's page, viewable: `/items/:id/scan` pages through the original file the item was read from, and
/// `/items/:id/scan/:page` draws one page of it. The original is shown whole to those who may see personal numbers
/// (each number it shows recorded as revealed) and on pages that show none; to others a page with a personal
/// number is shown only as ingest kept it, the number painted over.
extension ReviewController {
    func addScans(to router: Router<ReviewContext>) {
        router.get("/items/:id/scan") { request, context in
            let item = try stored(context)
            let page = request.uri.queryParameters["page"].flatMap { Int(String($0)) } ?? item.page ?? 1
            return Self.html(try scanViewer(item, page: page, context))
        }
        router.get("/items/:id/scan/:page") { _, context in
            let item = try stored(context)
            let page = try context.parameters.require("page", as: Int.self)
            return try pagePicture(try scanPage(of: item, page: page, context), context)
        }
    }

    /// The item's own page as the review screen shows it: the review image kept by ingest, else its original.
    func itemPicture(_ item: StoredItem, _ context: ReviewContext) throws -> Response {
        try pagePicture(try scanPage(of: item, page: item.page ?? 1, context, preferKept: true), context)
    }

    /// Whether the item's review screen has a page to show (kept, or its original found).
    func hasPicture(_ item: StoredItem, _ context: ReviewContext) throws -> Bool {
        if case .refused = try scanPage(of: item, page: item.page ?? 1, context, preferKept: true) { return false }
        return true
    }

    private func pagePicture(_ view: ScanPageView, _ context: ReviewContext) throws -> Response {
        let png: [UInt8], reveals: [(item: Int64, field: String)]
        switch view {
        case let .original(file, page, shown):
            guard let originals else { throw HTTPError(.notFound, message: visitor(context).say("no page image kept")) }
            png = try originals.picture(file, page: page)
            reveals = shown
        case let .kept(kept, shown): (png, reveals) = (kept, shown)
        case let .refused(reason, forbidden): throw HTTPError(forbidden ? .forbidden : .notFound, message: reason)
        }
        for (item, field) in reveals {
            try desk.recordReveal(of: field, item: item, to: actor(context, nil), reason: "shown whole on the page image")
        }
        return Response(status: .ok, headers: [.contentType: "image/png", .cacheControl: "private, max-age=3600"],
                        body: .init(byteBuffer: ByteBuffer(bytes: png)))
    }

    /// What the visitor may see of page `page` of the item's file. `preferKept`: the review image ingest kept
    /// comes first (the field boxes were measured on it).
    /// `located`: the item's file when the caller looked it up already (finding it hashes the whole file).
    func scanPage(of item: StoredItem, page: Int, _ context: ReviewContext, preferKept: Bool = false,
                  located: LocatedScan? = nil) throws -> ScanPageView {
        let v = visitor(context)
        let kept = page == (item.page ?? 1) ? try keptPicture(item, context) : nil
        if preferKept, let kept, case .kept = kept { return kept }
        let located = page >= 1 ? try located ?? locate(item) : LocatedScan(scan: nil, file: nil)
        guard let scan = located.scan else { return kept ?? .refused(v.say("no page image kept")) }
        let onPage = try scan.items(onPage: page).compactMap { try desk.item($0) }
        if try inScope(onPage, context).count < onPage.count { return .refused(v.say("this page holds another company's certificate"), forbidden: true) }
        guard let originals, let file = located.file else {
            return kept ?? .refused(v.say("the original file is no longer where the archive says (moved, deleted or changed), and no image of this page was kept"))
        }
        if let count = originals.pageCount(file), page > count { return .refused(v.say("the file has no such page")) }
        let personal = onPage.flatMap { other in PaintedPage.personalFields(of: other).map { (item: other.id, field: $0) } }
        // Without accounts there is one trusted reviewer on loopback, as for the review image.
        guard let role = context.role, !personal.isEmpty else { return .original(file, page: page, reveals: []) }
        if role.revealsNumbers { return .original(file, page: page, reveals: personal) }
        return kept ?? .refused(v.say("this page shows a personal number this account may not see"), forbidden: true)
    }

    /// The item's input as the archive lists it, and the file itself where it still holds the archived bytes.
    struct LocatedScan {
        var scan: ItemScan?
        var file: InputFile?
    }

    func locate(_ item: StoredItem) throws -> LocatedScan {
        let scan = try desk.scan(ofItem: item.id)
        return LocatedScan(scan: scan, file: scan.flatMap { originals?.file($0.scan) })
    }

    /// The page ingest kept for the item, painted over where the visitor may not see a personal number; nil when
    /// none was kept, refused when a number's place is not known so it cannot be painted.
    private func keptPicture(_ item: StoredItem, _ context: ReviewContext) throws -> ScanPageView? {
        guard let png = try desk.readingImage(of: item.id) ?? item.thumbnailPNG else { return nil }
        let personal = PaintedPage.personalFields(of: item)
        guard let role = context.role, !personal.isEmpty else { return .kept(png, reveals: []) }
        if role.revealsNumbers { return .kept(png, reveals: personal.map { (item: item.id, field: $0) }) }
        return PaintedPage.png(png, item: item).map { .kept($0, reveals: []) }
            ?? .refused(visitor(context).say("this page shows a personal number this account may not see"), forbidden: true)
    }

    private func scanViewer(_ item: StoredItem, page: Int, _ context: ReviewContext) throws -> String {
        let v = visitor(context)
        let located = try locate(item)
        let (scan, file) = (located.scan, located.file)
        let count = max(file.flatMap { originals?.pageCount($0) } ?? 0, scan?.items.compactMap(\.page).max() ?? 1)
        let page = min(max(1, page), count)
        var view = ScanView(words: PageTemplates.words(v, [
            "queue": "queue", "item": "item", "page": "page", "original": "the original scan", "previous": "previous page",
            "next": "next page", "onThisPage": "on this page:",
        ]), id: item.id, source: Masking.redactingIDNumbers(in: item.source), page: page, pageCount: count,
            previous: page > 1 ? page - 1 : nil, next: page < count ? page + 1 : nil,
            onPage: scan?.items(onPage: page) ?? [], hasItems: !(scan?.items(onPage: page).isEmpty ?? true))
        switch try scanPage(of: item, page: page, context, located: located) {
        case .original: view.image = "/items/\(item.id)/scan/\(page)"
        case .kept:
            view.image = "/items/\(item.id)/scan/\(page)"
            if file == nil { view.shown = v.say("the original file is not where the archive says: the page as ingest kept it") }
        case let .refused(reason, _): view.refusal = reason
        }
        return Pages.page(title: "\(v.say("the original scan")) · \(v.say("item")) \(item.id)", visitor: v,
                          body: PageTemplates.render(view, "scan"))
    }
}

/// What scan.mustache shows.
struct ScanView {
    var words: [String: String]
    var id: Int64, source: String, page: Int, pageCount: Int
    var previous: Int?, next: Int?
    var onPage: [Int64], hasItems: Bool
    var image: String? = nil, shown: String? = nil, refusal: String? = nil
}
