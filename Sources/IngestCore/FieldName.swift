/// Names of the fields in `fields` of the export. Models may add others (e.g. `company`); these are the ones
/// the export format promises.
public enum FieldName {
    public static let certificateNumber = "certificate_number"
    public static let holder = "holder"
    public static let issuer = "issuer"
    public static let issueDate = "issue_date"
    public static let expiryDate = "expiry_date"
    public static let creditCode = "credit_code"
    public static let idNumber = "id_number"
    /// The company a 安管人员 works for (a model's own field, not one of the export's promised ones).
    public static let company = "company"

    /// The fields the export writes only as `YYYY-MM-DD` dates.
    public static let dateFields = [issueDate, expiryDate]

    public static let exportOrder = [certificateNumber, holder, issuer, issueDate, expiryDate, creditCode, idNumber]
}
