import Compliance
import IngestCore
import Testing

@Suite struct AnomalyTests {
    func find(_ records: [ArchivedCertificate], register: CompanyRegister? = nil) -> [Anomaly] {
        AnomalyFinder(register: register).anomalies(CertificateLifecycle.of(records), index: HolderIndex(records),
                                                     asOf: Records.asOf)
    }

    let hongyuanLicence = Records.licence(1, "(辽)JZ安许证字[2021]001234", company: "沈阳宏远建筑工程有限公司",
                                          code: Records.hongyuan, issued: "2024-05-10", expires: "2027-05-09")
    let haichuanLicence = Records.licence(2, "(辽)JZ安许证字[2020]000321", company: "大连海川建设集团有限公司",
                                          code: Records.haichuan, issued: "2023-12-10", expires: "2026-12-09")

    @Test func aProjectManagerAtTwoCompaniesInOverlappingPeriods() throws {
        let found = find([hongyuanLicence, haichuanLicence,
                          Records.assessment(3, "辽建安B(2019)0101234", person: "李明", idNumber: Records.liMing,
                                             company: "沈阳宏远建筑工程有限公司", issued: "2025-03-01", expires: "2028-02-28"),
                          Records.assessment(4, "辽建安B(2023)0205678", person: "李明", idNumber: Records.liMing,
                                             company: "大连海川建设集团有限公司", issued: "2023-09-01", expires: "2026-08-31")])
        #expect(found.map(\.rule) == ["person.project_manager_at_several_companies"], "the 海川 B has expired: not current")
        let anomaly = try #require(found.first)
        #expect(anomaly.evidence.map(\.itemID) == [3, 4])
        #expect(anomaly.message.contains("2101**********1236") && !anomaly.message.contains(Records.liMing))
    }

    @Test func periodsThatDoNotOverlapAreNoAnomaly() {
        let found = find([Records.assessment(3, "辽建安B(2019)0101234", person: "李明", idNumber: Records.liMing,
                                             company: "沈阳宏远建筑工程有限公司", issued: "2026-09-01", expires: "2029-08-31"),
                          Records.assessment(4, "辽建安B(2023)0205678", person: "李明", idNumber: Records.liMing,
                                             company: "大连海川建设集团有限公司", issued: "2023-09-01", expires: "2026-08-31")])
        #expect(found.isEmpty, "he moved from one company to the other")
    }

    @Test func currentCertificatesNamingTwoCompanies() throws {
        let found = find([Records.assessment(5, "苏建安C2(2020)0034567", person: "陈静", idNumber: Records.chenJing,
                                             company: "南京苏宁建工有限公司", issued: "2024-06-01", expires: "2027-05-31"),
                          Records.assessment(6, "辽建安C1(2025)0301122", person: "陈静", idNumber: Records.chenJing,
                                             company: "沈阳宏远建筑工程有限公司", issued: "2025-04-01", expires: "2028-03-31")])
        #expect(found.map(\.rule) == ["person.several_companies"])
        #expect(found.first?.evidence.map(\.itemID) == [5, 6])
    }

    @Test func twoCurrentBCertificatesAreReportedOnce() {
        let found = find([Records.assessment(3, "辽建安B(2019)0101234", person: "李明", idNumber: Records.liMing,
                                             company: "沈阳宏远建筑工程有限公司", issued: "2025-03-01", expires: "2028-02-28"),
                          Records.assessment(4, "辽建安B(2025)0205678", person: "李明", idNumber: Records.liMing,
                                             company: "大连海川建设集团有限公司", issued: "2025-09-01", expires: "2028-08-31")])
        #expect(found.map(\.rule) == ["person.project_manager_at_several_companies"])
    }

    @Test func oneNumberOnTwoHolders() throws {
        let card = { (id: Int64, name: String, idNumber: String) in
            Records.record(id, .constructionSpecialOperation, "辽A042019000123", holder: name, issued: "2023-04-01",
                           expires: "2025-03-31", extra: [FieldName.idNumber: idNumber])
        }
        let found = find([card(7, "赵强", "210104198507200789"), card(8, "赵强", "210104198507200789"),
                          card(9, "钱刚", "210106198304150550")])
        #expect(found.map(\.rule) == ["certificate_number.several_holders"])
        #expect(found.first?.evidence.map(\.itemID) == [7, 8, 9])
        #expect(found.first?.message.contains("赵强, 钱刚") == true)
        #expect(find([card(7, "赵强", "210104198507200789"), card(8, "赵强", "210104198507200789")]).isEmpty,
                "the same card scanned twice")
    }

    @Test func aCertificateIssuedBeforeItsCompanyExisted() throws {
        let register = try CompanyRegister.parse("""
            \u{FEFF}credit_code,name,established
            \(Records.hongyuan),沈阳宏远建筑工程有限公司,2024-06-01
            ,大连海川建设集团有限公司,1998-06-30

            """)
        let staff = Records.assessment(3, "辽建安B(2019)0101234", person: "李明", idNumber: Records.liMing,
                                       company: "沈阳宏远建筑工程有限公司", issued: "2024-05-20", expires: "2027-05-19")
        let found = find([hongyuanLicence, haichuanLicence, staff], register: register)
        #expect(found.map(\.rule) == ["certificate.issued_before_company_existed", "certificate.issued_before_company_existed"])
        #expect(found.map { $0.evidence.map(\.itemID) } == [[3], [1]], "the 安管人员 certificate naming it and the licence")
        #expect(found.first?.message.contains("2024-06-01") == true)
    }

    @Test func aBadRegisterSaysWhere() {
        #expect(throws: CompanyRegister.ParseError.header) { try CompanyRegister.parse("code,name\n") }
        #expect(throws: CompanyRegister.ParseError.line(2, "'2024/06/01' is not a date written YYYY-MM-DD")) {
            try CompanyRegister.parse("credit_code,name,established\nX,沈阳,2024/06/01\n")
        }
    }
}
