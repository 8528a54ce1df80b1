import Compliance
import Foundation
import IngestCore

/// The administrator's desk: what lapses within each warning level and what has lapsed, companies not compliant
/// and why, 挂证 anomalies with their evidence, and the review backlog by age. Every number is a link to the
/// records behind it; `/desk/print` is the same without links to follow, for paper.
extension Pages {
    /// Items in review by days waiting, as the desk's backlog bands them.
    struct Backlog {
        static let bands: [(from: Int, to: Int?)] = [(0, 1), (2, 7), (8, 30), (31, nil)]
        var counts: [Int]

        init(waited: [Int]) {
            counts = Self.bands.map { band in waited.filter { days in days >= band.from && (band.to.map { days <= $0 } ?? true) }.count }
        }
    }

    static func desk(_ overview: DeskOverview, backlog: Backlog, printable: Bool = false, visitor: Visitor = Visitor()) -> String {
        let v = visitor
        let bands = expiryBands(overview, v)
        var tiles = bands.map { band in tile(band.title, band.certificates.count, "#" + band.anchor) }
        tiles.append(tile(v.say("lapsed"), overview.lapsed.count, "#lapsed"))
        tiles.append(tile(v.say("companies not compliant"), overview.nonCompliant.count, "#companies"))
        tiles.append(tile(v.say("anomalies (挂证 and others)"), overview.anomalies.count, "#anomalies"))
        tiles.append(tile(v.say("waiting for review"), backlog.counts.reduce(0, +), "#backlog"))
        let sections = bands.map { certificates($0.certificates, id: $0.anchor, title: $0.title, v) }
            + [certificates(overview.lapsed, id: "lapsed", title: v.say("lapsed"), v),
               companies(overview.nonCompliant, v), anomalies(overview.anomalies, v), backlogSection(backlog, v)]
        return page(title: v.say("administrator's desk"), visitor: visitor, body: """
            <div class="desk\(printable ? " printable" : "")">
            <h1>\(v.say("administrator's desk"))</h1>
            <p class="noprint"><a href="/">\(v.say("queue"))</a> · <a href="/report">\(v.say("statistics"))</a> · \
            <a href="/desk/print">\(v.say("printable page"))</a></p>
            <p>\(v.say("as of")) \(overview.asOf.iso)</p>
            <p class="tiles">\(tiles.joined())</p>
            \(sections.joined(separator: "\n"))
            </div>
            """)
    }

    /// The expiring certificates in disjoint bands (0–7, 8–15, 16–30 days), so each number counts its own rows.
    private static func expiryBands(_ overview: DeskOverview, _ v: Visitor)
        -> [(title: String, anchor: String, certificates: [DeskOverview.Certificate])] {
        var from = 0
        let zh = v.words.language == .zh
        return overview.levels.map { level in
            defer { from = level + 1 }
            let lower = from
            let title = lower == 0 ? (zh ? "\(level)天内到期" : "lapsing within \(level) days")
                : (zh ? "\(lower)–\(level)天内到期" : "lapsing in \(lower)–\(level) days")
            return (title, "within-\(level)", overview.expiring.filter { (lower...level).contains($0.warning.daysLeft) })
        }
    }

    private static func tile(_ label: String, _ count: Int, _ link: String) -> String {
        "<span class=\"tile\">\(escape(label)) <a class=\"n\" href=\"\(escape(link))\">\(count)</a></span>"
    }

    /// A record's number linked to its page (which shows the scan beside it), and its scan.
    private static func recordLinks(_ itemID: Int64?, _ text: String, _ v: Visitor) -> String {
        guard let itemID else { return escape(text) }
        return "<a href=\"/items/\(itemID)\">\(escape(text))</a> <a class=\"scan-link\" href=\"/items/\(itemID)/image\">\(v.say("scan"))</a>"
    }

    private static func certificates(_ list: [DeskOverview.Certificate], id: String, title: String, _ v: Visitor) -> String {
        let rows = list.map { certificate in
            let w = certificate.warning
            return "<tr><td>\(recordLinks(certificate.itemID, w.certificateNumber, v))</td><td>\(escape(v.words.typeName(w.type)))</td>"
                + "<td>\(escape(Masking.redactingIDNumbers(in: w.holder)))</td><td>\(w.expiryDate.iso)</td><td>\(w.daysLeft)</td></tr>"
        }.joined()
        return """
            <section id="\(id)"><h2>\(escape(title)) (\(list.count))</h2>\(list.isEmpty ? "<p>—</p>" : """
            <table><tr><th>\(v.say("certificate number"))</th><th>\(v.say("type"))</th><th>\(v.say("holder"))</th>\
            <th>\(v.say("expires"))</th><th>\(v.say("days left"))</th></tr>\(rows)</table>
            """)</section>
            """
    }

    private static func companies(_ list: [DeskOverview.Company], _ v: Visitor) -> String {
        let rows = list.map { company in
            let reasons = company.missing.map { "<li>\(reason($0, company, v))</li>" }.joined()
            return "<tr><td>\(escape(company.name))</td><td><ul>\(reasons)</ul></td>"
                + "<td><a href=\"/search?items=\(company.itemIDs.map(String.init).joined(separator: ","))\">"
                + "\(company.itemIDs.count) \(v.say("record(s)"))</a></td></tr>"
        }.joined()
        return """
            <section id="companies"><h2>\(v.say("companies not compliant")) (\(list.count))</h2>\(list.isEmpty ? "<p>—</p>" : """
            <table><tr><th>\(v.say("company"))</th><th>\(v.say("why"))</th><th>\(v.say("its records"))</th></tr>\(rows)</table>
            """)</section>
            """
    }

    /// Why a company is not compliant, in the visitor's words; a lapsed certificate linked to its record.
    private static func reason(_ missing: HolderStanding.Missing, _ company: DeskOverview.Company, _ v: Visitor) -> String {
        let zh = v.words.language == .zh
        switch missing {
        case let .certificate(type):
            return escape(zh ? "没有\(v.words.typeName(type))" : "no \(type.rawValue) in the archive")
        case let .expiredCertificate(type, number, on):
            let text = zh ? "\(v.words.typeName(type)) \(number) 已于 \(on.iso) 过期" : "\(type.rawValue) \(number) lapsed on \(on.iso)"
            return recordLinks(company.lapsedItems[number], text, v)
        case let .safetyStaff(category):
            return escape(zh ? "没有持有效 \(category) 类证书的安管人员" : "no 安管人员 with a current \(category) certificate")
        }
    }

    private static func anomalies(_ list: [Anomaly], _ v: Visitor) -> String {
        let rows = list.map { anomaly in
            let evidence = anomaly.evidence.map { record in
                "<li>\(recordLinks(record.itemID, record.number ?? record.source, v)) \(escape(v.words.typeName(record.type)))"
                    + " \(escape(record.fields[FieldName.company] ?? record.holder ?? ""))</li>"
            }.joined()
            return "<tr><td>\(escape(anomaly.holderName))</td><td>\(escape(v.say(anomaly.rule))) "
                + "<small class=\"rule\">\(escape(anomaly.rule))</small><br>\(escape(Masking.redactingIDNumbers(in: anomaly.message)))</td>"
                + "<td><ul>\(evidence)</ul></td></tr>"
        }.joined()
        return """
            <section id="anomalies"><h2>\(v.say("anomalies (挂证 and others)")) (\(list.count))</h2>\(list.isEmpty ? "<p>—</p>" : """
            <table><tr><th>\(v.say("who"))</th><th>\(v.say("what was found"))</th><th>\(v.say("evidence"))</th></tr>\(rows)</table>
            """)</section>
            """
    }

    private static func backlogSection(_ backlog: Backlog, _ v: Visitor) -> String {
        let rows = zip(Backlog.bands, backlog.counts).map { band, count -> String in
            let age = "\(band.from)" + (band.to.map { "-\($0)" } ?? "")
            let label = band.to.map { "\(band.from)–\($0)" } ?? "≥ \(band.from)"
            return "<tr><td>\(label) \(v.say("days"))</td><td><a class=\"n\" href=\"/?age=\(age)\">\(count)</a></td></tr>"
        }.joined()
        return """
            <section id="backlog"><h2>\(v.say("review backlog by days waiting"))</h2>
            <table><tr><th>\(v.say("waiting"))</th><th>\(v.say("items"))</th></tr>\(rows)</table></section>
            """
    }
}
