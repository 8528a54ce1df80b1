import Compliance
import IngestCore
import Testing

/// The desk judges the administrator's own companies, when he names them: a subcontractor's licence scanned along
/// with the office's does not make the subcontractor "not compliant" on his desk.
@Suite struct OwnCompaniesTests {
    let records = [
        Records.licence(1, "(辽)JZ安许证字[2021]001234", company: "沈阳宏远建筑工程有限公司", code: Records.hongyuan,
                        issued: "2024-05-10", expires: "2027-05-09"),
        Records.licence(2, "(辽)JZ安许证字[2020]000321", company: "大连海川建设集团有限公司", code: Records.haichuan,
                        issued: "2023-12-10", expires: "2026-12-09"),
    ]

    @Test func everyCompanyIsJudgedUntilTheOwnOnesAreNamed() {
        let every = DeskOverview.of(records, settings: .standard, register: nil, asOf: Records.asOf)
        #expect(Set(every.nonCompliant.map(\.name)) == ["沈阳宏远建筑工程有限公司", "大连海川建设集团有限公司"],
                "each lacks its 资质证书 and 安管人员")
        var settings = ComplianceSettings.standard
        settings.ownCompanies = [Records.hongyuan]
        #expect(DeskOverview.of(records, settings: settings, register: nil, asOf: Records.asOf).nonCompliant.map(\.name)
            == ["沈阳宏远建筑工程有限公司"], "named by its credit code")
        settings.ownCompanies = ["大连海川建设集团有限公司"]
        #expect(DeskOverview.of(records, settings: settings, register: nil, asOf: Records.asOf).nonCompliant.map(\.name)
            == ["大连海川建设集团有限公司"], "or by its name")
    }
}
