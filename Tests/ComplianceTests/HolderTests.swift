import Compliance
import IngestCore
import Testing

@Suite struct HolderTests {
    let records = [
        Records.licence(1, "(辽)JZ安许证字[2021]001234", company: "沈阳宏远建筑工程有限公司", code: Records.hongyuan,
                        issued: "2024-05-10", expires: "2027-05-09"),
        Records.record(2, .enterpriseQualification, "D221034567", holder: "沈阳宏远建筑工程有限公司", issued: "2021-11-27",
                       expires: "2026-11-26", extra: [FieldName.creditCode: Records.hongyuan]),
        Records.assessment(3, "辽建安B(2019)0101234", person: "李明", idNumber: Records.liMing,
                           company: "沈阳宏远建筑工程有限公司", issued: "2025-03-01", expires: "2028-02-28"),
        Records.assessment(4, "辽建安C1(2025)0301122", person: "陈静", idNumber: Records.chenJing,
                           company: "沈阳宏远建筑工程有限公司", issued: "2025-04-01", expires: "2028-03-31"),
        Records.assessment(5, "辽建安A(2018)0012345", person: "孙立", idNumber: "210105197503030112",
                           company: "沈阳宏远建筑工程有限公司", issued: "2021-01-01", expires: "2023-12-31"),
        Records.record(6, .specialOperation, "T210103199001014565", holder: "张伟", issued: "2022-06-15",
                       expires: "2028-06-14"),
    ]

    func standing(_ id: String) throws -> HolderStanding {
        let lifecycles = CertificateLifecycle.of(records)
        let index = HolderIndex(records)
        let found = HolderStanding.find(id, lifecycles: lifecycles, index: index)
        try #require(found.count == 1, "\(found)")
        return HolderStanding.of(found[0], lifecycles: lifecycles, index: index, settings: .standard, asOf: Records.asOf)
    }

    @Test func aCompanyHoldsItsCertificatesAndItsStaffAndLacksACurrentA() throws {
        let company = try standing(Records.hongyuan)
        #expect(company.holder == HolderID(kind: .company, key: Records.hongyuan))
        #expect(company.names == ["沈阳宏远建筑工程有限公司"])
        #expect(company.held.map(\.key.number) == ["D221034567", "(辽)JZ安许证字[2021]001234"])
        #expect(company.staff.map(\.current.record.itemID) == [5, 3, 4], "linked by name to the credit code")
        #expect(company.missing == [.safetyStaff("A")], "孙立's A expired; C1 counts as a C")
        #expect(company.warnings.map(\.certificateNumber) == ["辽建安A(2018)0012345", "D221034567"])
        #expect(try standing("沈阳宏远建筑工程有限公司").holder == company.holder, "found by name too")
    }

    @Test func aPersonIsFoundByIDNumberAndKnowsTheirCompany() throws {
        let person = try standing(Records.liMing)
        #expect(person.names == ["李明"])
        #expect(person.employers == [HolderID(kind: .company, key: Records.hongyuan)])
        #expect(person.missing.isEmpty)
        let card = try standing("210103199001014565")
        #expect(card.held.map(\.key.number) == ["T210103199001014565"], "the ID number read from a T number")
    }

    @Test func aCompanyWithoutItsLicenceMissesIt() throws {
        let lone = [Records.assessment(7, "辽建安B(2019)0109999", person: "王五", idNumber: Records.liMing,
                                       company: "鞍山恒泰建筑有限公司", issued: "2025-03-01", expires: "2028-02-28")]
        let lifecycles = CertificateLifecycle.of(lone)
        let index = HolderIndex(lone)
        let company = try #require(HolderStanding.find("鞍山恒泰建筑有限公司", lifecycles: lifecycles, index: index).first)
        #expect(company.key == "name:鞍山恒泰建筑有限公司", "no record gives its credit code")
        let standing = HolderStanding.of(company, lifecycles: lifecycles, index: index, settings: .standard, asOf: Records.asOf)
        #expect(standing.missing == [.certificate(.safetyProductionLicense), .certificate(.enterpriseQualification),
                                     .safetyStaff("A"), .safetyStaff("C")])
    }

    @Test func partOfANameFindsTheHolderAWholeNameOrNumberComesFirst() throws {
        let records = [Records.licence(1, "(辽)JZ安许证字[2021]001234", company: "沈阳宏远建筑工程有限公司", code: Records.hongyuan,
                                       issued: "2024-05-10", expires: "2027-05-09"),
                       Records.licence(2, "(辽)JZ安许证字[2020]000321", company: "大连海川建设集团有限公司", code: Records.haichuan,
                                       issued: "2023-12-10", expires: "2026-12-09")]
        let lifecycles = CertificateLifecycle.of(records)
        let index = HolderIndex(records)
        let find = { (query: String) in HolderStanding.find(query, lifecycles: lifecycles, index: index).map(\.key) }
        #expect(find("宏远") == [Records.hongyuan], "as the web UI's search finds it")
        #expect(find("有限公司") == [Records.haichuan, Records.hongyuan].sorted(), "every holder the part names")
        #expect(find("宏").isEmpty, "one character names no one")
        #expect(find(Records.haichuan) == [Records.haichuan])
    }
}
