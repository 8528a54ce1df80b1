import Hummingbird
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
            let found = query.isEmpty ? [] : try inScope(try desk.search(query), context)
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
}
