import Archive
import Hummingbird
import IngestCore
import Review

/// The pages over the archive's records rather than the queue: search, a run's items as they stand now, the
/// statistics and the integrity check.
extension ReviewController {
    func addRecordPages(to router: Router<ReviewContext>) {
        router.get("/search") { request, context in
            // `items=1,2,3`: the records a number on the administrator's desk counts.
            if let listed = request.uri.queryParameters["items"] {
                let ids = listed.split(separator: ",").prefix(500).compactMap { Int64($0) }
                let found = try inScope(try ids.compactMap { try desk.item($0) }, context)
                return Self.html(Pages.search("", found, visitor: visitor(context)))
            }
            let query = request.uri.queryParameters["q"].map(String.init)?.trimmingCharacters(in: .whitespaces) ?? ""
            var found = query.isEmpty ? [] : try inScope(try desk.search(query), context)
            // One who may not see personal numbers whole finds by what he is shown: a number holding a 身份证号
            // (a 特种作业 T-number) matches only on its shown, masked form, or it could be read out digit by digit.
            if !(context.role?.revealsNumbers ?? true) { found = found.filter { Self.showsMatch($0, ReviewDesk.searchable(query)) } }
            return Self.html(Pages.search(query, found, visitor: visitor(context)))
        }
        router.get("/report") { _, context in
            guard let statisticsPage else { throw HTTPError(.notFound, message: "no statistics on this server") }
            let codes = try scopedCodes(context)
            let records = try desk.recordSummaries().filter { codes?($0.id) ?? true }
            return Self.html(statisticsPage(records), policy: Self.reportPolicy)
        }
        router.get("/runs/:run") { _, context in
            let run = try context.parameters.require("run", as: Int64.self)
            var standing = try desk.standing(ofRun: run)
            if let admits = try scopedCodes(context) {
                standing.waiting = standing.waiting.filter { admits($0.id) }
                standing.failed = standing.failed.filter { admits($0.id) }
                standing.decided = standing.decided.filter { admits($0.item.id) }
            }
            return Self.html(Pages.run(standing, visitor: visitor(context)))
        }
        router.get("/verify") { _, context in
            try allow(context, "check the archive's integrity") { $0 == .auditor || $0 == .admin }
            return Self.html(Pages.integrity(try desk.integrity(), visitor: visitor(context)))
        }
    }

    /// Whether the query is in one of the searched fields as the item's list shows them (personal numbers masked).
    static func showsMatch(_ item: StoredItem, _ query: String) -> Bool {
        [FieldName.certificateNumber, FieldName.holder, FieldName.company, FieldName.issuer, FieldName.creditCode,
         FieldName.idNumber].contains { name in
            item.fields[name].map { Masking.displayValue(field: name, value: $0.value, type: item.type).contains(query) } ?? false
        }
    }
}
