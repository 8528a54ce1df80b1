import Compliance
import Foundation
import Hummingbird
import IngestCore

/// The compliance settings and company register the administrator's desk judges by.
public struct DeskSettings: Sendable {
    public var compliance: ComplianceSettings
    public var register: CompanyRegister?

    public init(compliance: ComplianceSettings, register: CompanyRegister? = nil) {
        self.compliance = compliance; self.register = register
    }
}

/// `/desk` and `/desk/print`: the administrator's desk over the records (and the queue) the visitor may see.
extension ReviewController {
    func addDesk(to router: Router<ReviewContext>) {
        router.get("/desk") { _, context in try deskPage(context, printable: false) }
        router.get("/desk/print") { _, context in try deskPage(context, printable: true) }
        // A lapse dealt with (renewed elsewhere, the company gone): said how, recorded, listed no more on the desk.
        router.post("/api/items/:id/acknowledge") { request, context in
            try allow(context, "correct fields") { $0.corrects }
            let body = try await request.decode(as: Decision.self, context: context).withinLimits()
            guard let reason = body.reason?.trimmingCharacters(in: .whitespaces), !reason.isEmpty else {
                throw HTTPError(.badRequest, message: desk.wording.say("say why"))
            }
            try reviewing { try desk.acknowledgeLapse(try stored(context).id, by: actor(context, body.reviewer), reason: reason) }
            return Self.json(["acknowledged": true])
        }
    }

    private func deskPage(_ context: ReviewContext, printable: Bool) throws -> Response {
        guard let deskSettings else { throw HTTPError(.notFound, message: "no administrator's desk on this server") }
        let admits = try scopedCodes(context)
        let records = try desk.recordSummaries().filter { admits?($0.id) ?? true }.map(ArchivedCertificate.init)
        let today = asOf()
        var overview = DeskOverview.of(records, settings: deskSettings.compliance, register: deskSettings.register, asOf: today)
        // A lapse marked dealt with is listed no more; how many were is said.
        let dealtWith = try desk.acknowledgedLapses(overview.lapsed.compactMap(\.itemID))
        overview.lapsed.removeAll { $0.itemID.map(dealtWith.contains) ?? false }
        let waited = try inScope(try desk.queue(), context)
            .map { QueueQuery.waited($0, today: today) }
        return Self.html(Pages.desk(overview, backlog: Pages.Backlog(waited: waited), printable: printable,
                                    visitor: visitor(context), dealtWith: dealtWith.count))
    }
}
