import Compliance
import IngestCore
import Testing

@Suite struct LifecycleTests {
    let old = Records.licence(1, "(辽)JZ安许证字[2021]001234", company: "沈阳宏远建筑工程有限公司", code: Records.hongyuan,
                              issued: "2021-05-10", expires: "2024-05-09")
    let renewal = Records.licence(2, "(辽)JZ安许证字[2021]001234", company: "沈阳宏远建筑工程有限公司", code: Records.hongyuan,
                                  issued: "2024-05-10", expires: "2027-05-09")
    let rescan = Records.licence(3, "(辽)JZ安许证字[2021]001234", company: "沈阳宏远建筑工程有限公司", code: Records.hongyuan,
                                 issued: "2024-05-10", expires: "2027-05-09")

    @Test func aRenewalSupersedesItsPredecessorWhichStaysInTheHistory() throws {
        // Taken in out of order: the renewal first, the old card later.
        let lifecycles = CertificateLifecycle.of([renewal, rescan, old])
        let lifecycle = try #require(lifecycles.first)
        #expect(lifecycles.count == 1, "the same number is one certificate, not a duplicate")
        #expect(lifecycle.versions.map(\.expiryDate) == ["2024-05-09", "2027-05-09"])
        #expect(lifecycle.current.records.map(\.itemID) == [2, 3], "the same card scanned twice is one version")
        #expect(lifecycle.superseded.map { $0.records.map(\.itemID) } == [[1]])
    }

    @Test func theExportFlagsTheSupersededVersionsItemsOnly() {
        #expect(CertificateLifecycle.supersededItemIDs([renewal, rescan, old]) == [1])
    }

    @Test func reviewsFallDueEveryPeriodFromIssueBeforeExpiry() throws {
        let card = Records.record(5, .specialOperation, "T210102198005121236", holder: "李明",
                                  issued: "2020-03-15", expires: "2026-03-14")
        let version = try #require(CertificateLifecycle.of([card]).first?.current)
        #expect(version.reviewsDue(every: 3).map(\.iso) == ["2023-03-15"])
        #expect(version.reviewsDue(every: nil).isEmpty && version.reviewsDue(every: 0).isEmpty)
    }

    @Test func theExpiryListCountsTheCurrentVersionOnly() {
        let list = ExpiryWarnings().warnings([old, renewal], asOf: Records.asOf, within: 3650)
        #expect(list.map(\.expiryDate.iso) == ["2027-05-09"], "the expired predecessor is no warning")
    }

    @Test func aReissueWithTheSameExpiryIsANewerVersionAndTypesKeepNumbersApart() throws {
        let first = Records.record(4, .enterpriseQualification, "D221012345", holder: "大连海川建设集团有限公司",
                                   issued: "2023-12-31", expires: "2028-12-31")
        let reissued = Records.record(5, .enterpriseQualification, "D221012345", holder: "大连海川建设集团有限公司",
                                      issued: "2025-06-01", expires: "2028-12-31")
        let permit = Records.record(6, .constructionPermit, "D221012345", holder: "x", issued: "2024-01-01", expires: nil)
        let lifecycles = CertificateLifecycle.of([reissued, permit, first])
        #expect(lifecycles.count == 2)
        let qualification = try #require(lifecycles.first { $0.key.type == .enterpriseQualification })
        #expect(qualification.current.records.map(\.itemID) == [5])
        #expect(qualification.superseded.count == 1)
    }
}
