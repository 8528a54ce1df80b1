import Compliance
import Foundation
import IngestCore

/// The administrator's desk: what lapses within each warning level and what has lapsed, companies not compliant
/// and why, 挂证 anomalies with their evidence, and the review backlog by age. Every number is a link to the
/// records behind it; `/desk/print` is the same without links to follow, for paper. (Templates/desk.mustache)
extension Pages {
    /// The desk's script: a lapsed certificate marked dealt with, saying how (the reason typed above the list).
    static let deskScript = """
        const csrf = document.querySelector('meta[name=csrf-token]');
        document.querySelectorAll('.acknowledge').forEach(b => b.addEventListener('click', async () => {
          const why = document.getElementById('acknowledge-why');
          if (!why.value.trim()) { why.focus(); return; }
          const r = await fetch('/api/items/' + b.dataset.item + '/acknowledge', {method: 'POST',
            headers: Object.assign({'Content-Type': 'application/json'}, csrf ? {'X-CSRF-Token': csrf.content} : {}),
            body: JSON.stringify({reason: why.value.trim(), reviewer: (localStorage.reviewer || '').trim()})});
          if (r.ok) location.reload(); else { const t = await r.text(); try { alert(JSON.parse(t).error.message); } catch { alert(t); } }
        }));
        """

    /// Items in review by days waiting, as the desk's backlog bands them.
    struct Backlog {
        static let bands: [(from: Int, to: Int?)] = [(0, 1), (2, 7), (8, 30), (31, nil)]
        var counts: [Int]

        init(waited: [Int]) {
            counts = Self.bands.map { band in waited.filter { days in days >= band.from && (band.to.map { days <= $0 } ?? true) }.count }
        }
    }

    static func desk(_ overview: DeskOverview, backlog: Backlog, printable: Bool = false, visitor: Visitor = Visitor(),
                     dealtWith: Int = 0) -> String {
        var view = DeskView(overview, backlog: backlog, printable: printable, v: visitor)
        view.dealtWith = dealtWith
        view.hasDealtWith = dealtWith > 0
        view.acknowledges = !printable && visitor.corrects
        return page(title: visitor.say("administrator's desk"), visitor: visitor, body: PageTemplates.render(view, "desk"))
    }
}

/// What desk.mustache shows, every text in the visitor's words.
struct DeskView {
    /// A record named by its number (or a reason), linked to its page and scan when it has an item.
    struct Record {
        var itemID: Int64?
        var text: String
        var type = ""
        var holder = ""
        var expiry = ""
        var daysLeft = 0
        var company = ""
        /// How many scans of the certificate the archive holds (evidence lists each certificate once).
        var scans = 1
    }

    struct Tile { var label: String; var count: Int; var link: String }
    // Stored, not computed: mustache sees a value's stored properties only (Mirror).
    struct Expiry {
        var id: String, title: String, rows: [Record], count: Int, hasRows: Bool
        /// The lapsed section: its rows may be marked dealt with.
        var lapsed: Bool
        init(id: String, title: String, rows: [Record]) {
            self.id = id; self.title = title; self.rows = rows; count = rows.count; hasRows = !rows.isEmpty
            lapsed = id == "lapsed"
        }
    }
    struct Company { var name: String; var reasons: [Record]; var items: String; var recordCount: Int }
    struct Finding { var holder: String; var title: String; var rule: String; var message: String; var evidence: [Record] }
    struct Band { var label: String; var age: String; var count: Int }

    var printable: Bool
    /// Lapses marked dealt with, no longer listed; and whether the visitor may mark one.
    var dealtWith = 0, acknowledges = false, hasDealtWith = false
    var asOf: String
    /// When the printout was made, in the archive's time.
    var printedAt = LocalTime.text(Date()) + "（" + LocalTime.zoneName + "）"
    var words: [String: String]
    var tiles: [Tile]
    var expiry: [Expiry]
    var companies: [Company]
    var anomalies: [Finding]
    var backlog: [Band]
    var companyCount = 0, anomalyCount = 0
    var hasCompanies = false, hasAnomalies = false

    init(_ overview: DeskOverview, backlog: Pages.Backlog, printable: Bool, v: Visitor) {
        self.printable = printable
        asOf = overview.asOf.iso
        words = Self.words(v)
        let certificate = { (c: DeskOverview.Certificate) in
            Record(itemID: c.itemID, text: c.warning.certificateNumber, type: v.words.typeName(c.warning.type),
                   holder: Masking.redactingIDNumbers(in: c.warning.holder), expiry: c.warning.due == .review ? "\(c.warning.dueDate.iso) \(v.say("review (复审)"))" : c.warning.expiryDate.iso,
                   daysLeft: c.warning.daysLeft)
        }
        expiry = Self.bands(overview, v).map { Expiry(id: $0.anchor, title: $0.title, rows: $0.certificates.map(certificate)) }
            + [Expiry(id: "lapsed", title: v.say("lapsed"), rows: overview.lapsed.map(certificate))]
        companies = overview.nonCompliant.map { company in
            Company(name: company.name, reasons: company.missing.map { Self.reason($0, company, v) },
                    items: company.itemIDs.map(String.init).joined(separator: ","), recordCount: company.itemIDs.count)
        }
        anomalies = overview.anomalies.map { anomaly in
            Finding(holder: anomaly.holderName, title: v.say(anomaly.rule), rule: anomaly.rule,
                    message: Masking.redactingIDNumbers(in: v.words.language == .zh ? anomaly.chinese : anomaly.message),
                    evidence: Self.evidence(anomaly.evidence, v))
        }
        self.backlog = zip(Pages.Backlog.bands, backlog.counts).map { band, count in
            Band(label: band.to.map { "\(band.from)–\($0)" } ?? "≥ \(band.from)",
                 age: "\(band.from)" + (band.to.map { "-\($0)" } ?? ""), count: count)
        }
        (companyCount, anomalyCount) = (companies.count, anomalies.count)
        (hasCompanies, hasAnomalies) = (!companies.isEmpty, !anomalies.isEmpty)
        tiles = expiry.map { Tile(label: $0.title, count: $0.count, link: "#" + $0.id) } + [
            Tile(label: v.say("companies not compliant"), count: companies.count, link: "#companies"),
            Tile(label: v.say("anomalies (挂证 and others)"), count: anomalies.count, link: "#anomalies"),
            Tile(label: v.say("waiting for review"), count: backlog.counts.reduce(0, +), link: "#backlog"),
        ]
    }

    static func words(_ v: Visitor) -> [String: String] {
        PageTemplates.words(v, [
            "title": "administrator's desk", "queue": "queue", "statistics": "statistics", "printable": "printable page",
            "dealtWith": "lapses marked dealt with, no longer listed:", "acknowledge": "dealt with",
            "acknowledgeWhy": "how it was dealt with (renewed elsewhere, company gone…)",
            "asOf": "as of", "preparedBy": "prepared by (unit)", "printedAt": "printed", "checkedBy": "checked by",
            "signedOn": "date", "approvedBy": "approved by", "certificateNumber": "certificate number", "type": "type", "holder": "holder",
            "expires": "expires", "daysLeft": "days left", "companies": "companies not compliant", "company": "company",
            "why": "why", "itsRecords": "its records", "records": "record(s)", "anomalies": "anomalies (挂证 and others)",
            "who": "who", "found": "what was found", "evidence": "evidence", "backlog": "review backlog by days waiting",
            "waiting": "waiting", "items": "items", "days": "days", "scan": "scan",
        ])
    }

    /// The expiring certificates in disjoint bands (0–7, 8–15, 16–30 days), so each number counts its own rows.
    static func bands(_ overview: DeskOverview, _ v: Visitor) -> [(title: String, anchor: String, certificates: [DeskOverview.Certificate])] {
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

    /// An anomaly's evidence, a row per certificate (type and number) with its company, however many scans of it
    /// the archive holds: the first scan linked, the others counted.
    static func evidence(_ records: [ArchivedCertificate], _ v: Visitor) -> [Record] {
        var rows: [Record] = [], seen: [String: Int] = [:]
        for record in records {
            let company = record.fields[FieldName.company] ?? record.holder ?? ""
            let key = "\(record.type.rawValue)|\(record.number ?? record.source)|\(company)"
            if let at = seen[key] { rows[at].scans += 1; continue }
            seen[key] = rows.count
            rows.append(Record(itemID: record.itemID, text: record.number ?? record.source, type: v.words.typeName(record.type),
                               company: company))
        }
        for index in rows.indices where rows[index].scans > 1 {
            rows[index].company += v.words.language == .zh ? "（\(rows[index].scans) 份扫描件）" : " (\(rows[index].scans) scans)"
        }
        return rows
    }

    /// Why a company is not compliant, in the visitor's words; a lapsed certificate linked to its record.
    static func reason(_ missing: HolderStanding.Missing, _ company: DeskOverview.Company, _ v: Visitor) -> Record {
        let zh = v.words.language == .zh
        let text = zh ? missing.chinese(typeName: v.words.typeName) : missing.english
        if case let .expiredCertificate(_, number, _) = missing { return Record(itemID: company.lapsedItems[number], text: text) }
        return Record(text: text)
    }
}
