/// The certificate types certarchive knows. Raw values are the export's `type` ids and name `models/<id>.yaml`.
public enum DocumentType: String, Codable, CaseIterable, Sendable {
    case safetyProductionLicense = "safety_production_license"
    case enterpriseQualification = "enterprise_qualification"
    case safetyAssessment = "safety_assessment"
    case specialOperation = "special_operation"
    case constructionSpecialOperation = "construction_special_operation"
    case constructionPermit = "construction_permit"
    case unknown = "unknown"

    /// Types whose certificate number contains the holder's 身份证号 and so must be masked like one.
    public var numberContainsIDNumber: Bool { self == .specialOperation }

    /// Certificates of a person (安管人员, 特种作业): their holder is a person, not a company.
    public var holderIsAPerson: Bool {
        [.safetyAssessment, .specialOperation, .constructionSpecialOperation].contains(self)
    }
}

/// A 特种作业操作证 number: the letter T followed by its holder's 身份证号.
public enum SpecialOperationNumber {
    public static func number(forIDNumber id: String) -> String { "T" + id }

    /// The 身份证号 such a number holds: what follows its T; nil when it does not start with T.
    public static func idNumber(in number: String) -> String? {
        number.hasPrefix("T") ? String(number.dropFirst()) : nil
    }
}
