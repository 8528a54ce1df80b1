import Compliance
import IngestCore

/// Records made up for the compliance tests, each with an item id so evidence can be checked exactly.
enum Records {
    static let asOf = PrintedDate(year: 2026, month: 11, day: 22)
    static let hongyuan = "91210102MA0ABC121T", haichuan = "91210200123456788N"
    static let liMing = "210102198005121236", chenJing = "320102198811302221"

    static func record(_ id: Int64, _ type: DocumentType, _ number: String, holder: String, issued: String,
                       expires: String?, extra: [String: String] = [:]) -> ArchivedCertificate {
        var fields = [FieldName.certificateNumber: number, FieldName.holder: holder, FieldName.issueDate: issued,
                      FieldName.issuer: "辽宁省住房和城乡建设厅"]
        fields[FieldName.expiryDate] = expires
        return ArchivedCertificate(type: type, fields: fields.merging(extra) { $1 }, itemID: id,
                                   source: "in/\(id).pdf", page: 1, intakeDay: "2026-11-20")
    }

    static func licence(_ id: Int64, _ number: String, company: String, code: String?, issued: String,
                        expires: String) -> ArchivedCertificate {
        record(id, .safetyProductionLicense, number, holder: company, issued: issued, expires: expires,
               extra: code.map { [FieldName.creditCode: $0] } ?? [:])
    }

    static func assessment(_ id: Int64, _ number: String, person: String, idNumber: String, company: String,
                           issued: String, expires: String) -> ArchivedCertificate {
        record(id, .safetyAssessment, number, holder: person, issued: issued, expires: expires,
               extra: [FieldName.idNumber: idNumber, "company": company])
    }
}
