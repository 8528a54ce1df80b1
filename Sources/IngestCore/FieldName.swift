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

    /// 主要负责人 and 许可范围 of a 安全生产许可证, 资质类别及等级 of a 资质证书 (every row), 职务 of a 安管人员,
    /// 作业类别 / 操作项目 of a 特种作业操作证 (操作类别 on the 建筑施工 card).
    public static let principal = "principal"
    public static let permittedScope = "permitted_scope"
    public static let qualification = "qualification"
    public static let position = "position"
    public static let operationCategory = "operation_category"
    public static let operationItem = "operation_item"

    /// Details printed for people that the models keep beside the key fields. Each is read a second time, and its
    /// evidence says whether two recognisers agreed; it is never a reason for review by itself, only when a rule
    /// names it (`field_formats`, the 特种作业 catalogue) and fails.
    public static let details = [principal, permittedScope, qualification, position, operationCategory, operationItem]

    /// The CSV's columns after the promised ones and its problems, flags and corrections, in this order.
    public static let csvExtraColumns = [company] + details
}
