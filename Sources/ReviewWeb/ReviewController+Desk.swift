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
    }

    private func deskPage(_ context: ReviewContext, printable: Bool) throws -> Response {
        guard let deskSettings else { throw HTTPError(.notFound, message: "no administrator's desk on this server") }
        let admits = try scopedCodes(context)
        let records = try desk.recordSummaries().filter { admits?($0.id) ?? true }.map(ArchivedCertificate.init)
        let today = asOf()
        let overview = DeskOverview.of(records, settings: deskSettings.compliance, register: deskSettings.register, asOf: today)
        let waited = try inScope(try desk.queue(), context)
            .map { QueueQuery.waited($0, today: today) }
        return Self.html(Pages.desk(overview, backlog: Pages.Backlog(waited: waited), printable: printable,
                                    visitor: visitor(context)))
    }
}
