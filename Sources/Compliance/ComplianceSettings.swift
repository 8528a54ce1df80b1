import Foundation
import Yams
import IngestCore

/// `pipelines/compliance.yaml`: warning levels, what a construction company must hold, the company register.
public struct ComplianceSettings: Decodable, Sendable {
    /// Days before expiry, ascending: the first is the urgent level.
    public var expiryWarningDays: [Int]
    /// What a construction company (one holding a 资质证书 or a 安全生产许可证, or employing 安管人员) must hold.
    public var constructionCompany: CompanyRequirements
    /// A CSV file (`credit_code,name,established`) of when companies were registered, from the register of
    /// companies; relative paths are to the settings file's folder. Nil: no such check.
    public var companyRegister: String?
    /// GB/T 2260 province codes (two digits) → province names, for statistics by province.
    public var provinceCodes: [String: String]
    /// Years between the 复审 a type needs while valid (特种作业操作证: 3), from `rules.yaml`: a 复审 due is a
    /// deadline as an expiry is.
    public var reviewEveryYears: [DocumentType: Int] = [:]
    /// The administrator's own companies (credit codes or names): only these are judged compliant or not. Empty:
    /// every construction company the archive names (a subcontractor's too).
    public var ownCompanies: [String] = []

    public struct CompanyRequirements: Decodable, Sendable {
        public var certificates: [DocumentType]
        /// 安管人员 categories the company must employ holders of, e.g. A (主要负责人), B (项目负责人), C (专职安全员).
        public var safetyStaff: [String]

        public init(certificates: [DocumentType], safetyStaff: [String]) {
            self.certificates = certificates; self.safetyStaff = safetyStaff
        }

        enum CodingKeys: String, CodingKey {
            case certificates
            case safetyStaff = "safety_staff"
        }
    }

    public static let standard = ComplianceSettings(
        expiryWarningDays: ExpiryWarnings.defaultThresholds,
        constructionCompany: CompanyRequirements(certificates: [.safetyProductionLicense, .enterpriseQualification],
                                                 safetyStaff: ["A", "B", "C"]),
        companyRegister: nil, provinceCodes: [:])

    public init(expiryWarningDays: [Int], constructionCompany: CompanyRequirements, companyRegister: String?,
                provinceCodes: [String: String]) {
        self.expiryWarningDays = expiryWarningDays; self.constructionCompany = constructionCompany
        self.companyRegister = companyRegister; self.provinceCodes = provinceCodes
    }

    enum CodingKeys: String, CodingKey {
        case expiryWarningDays = "expiry_warning_days"
        case constructionCompany = "construction_company"
        case companyRegister = "company_register"
        case provinceCodes = "province_codes"
        case ownCompanies = "own_companies"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        expiryWarningDays = try c.decodeIfPresent([Int].self, forKey: .expiryWarningDays) ?? Self.standard.expiryWarningDays
        constructionCompany = try c.decodeIfPresent(CompanyRequirements.self, forKey: .constructionCompany)
            ?? Self.standard.constructionCompany
        companyRegister = try c.decodeIfPresent(String.self, forKey: .companyRegister)
        provinceCodes = try c.decodeIfPresent([String: String].self, forKey: .provinceCodes) ?? [:]
        ownCompanies = try c.decodeIfPresent([String].self, forKey: .ownCompanies) ?? []
    }
}

/// Why pipelines/compliance.yaml cannot be used, naming the file.
public struct ComplianceSettingsError: Error, CustomStringConvertible {
    public var description: String
}

extension ComplianceSettings {
    /// The settings in `file`, checked; the standard settings when there is no such file.
    public static func load(from file: URL) throws -> ComplianceSettings {
        guard FileManager.default.fileExists(atPath: file.path) else { return .standard }
        let settings: ComplianceSettings
        do {
            settings = try YAMLDecoder().decode(ComplianceSettings.self, from: try String(contentsOf: file, encoding: .utf8))
        } catch {
            throw ComplianceSettingsError(description: "cannot read \(file.path): \(error)")
        }
        guard !settings.expiryWarningDays.isEmpty, settings.expiryWarningDays.allSatisfy({ $0 >= 0 }) else {
            throw ComplianceSettingsError(description: "\(file.path): expiry_warning_days must list days, e.g. [7, 15, 30]")
        }
        return settings
    }
}
