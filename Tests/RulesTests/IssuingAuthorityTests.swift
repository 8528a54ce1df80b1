import IngestCore
import Rules
import Testing

@Suite struct IssuingAuthorityTests {
    let validator: Validator
    var authorities: IssuingAuthorities { validator.rules.issuingAuthorities }
    let today = PrintedDate(year: 2026, month: 11, day: 22)

    init() throws {
        validator = try repositoryValidator()
    }

    @Test func theGazetteerNamesEveryLevelOfIssuer() {
        #expect(authorities.count > 15_000)
        for name in ["辽宁省住房和城乡建设厅", "辽宁省应急管理厅", "大连市应急管理局", "沈阳市和平区住房和城乡建设局",
                     "北京市住房和城乡建设委员会", "广西壮族自治区住房和城乡建设厅", "海城市住房和城乡建设局",
                     "住房和城乡建设部", "辽宁省建设厅", "江苏省安全生产监督管理局"] {
            #expect(authorities.contains(name), "\(name)")
        }
        #expect(!authorities.contains("辽宁省住房和城乡建设局"), "a province has a 厅, not a 局")
    }

    @Test func theNearestNameMustBeTheOnlyOneThatNear() throws {
        let misread = try #require(authorities.nearest(to: "沈阳市和乎区住房和城乡建设局"))
        #expect(misread == .init(name: "沈阳市和平区住房和城乡建设局", distance: 1, isUnique: true))
        // 和姑 is one character from both 和平 and 皇姑: no way to tell which.
        #expect(authorities.nearest(to: "沈阳市和姑区住房和城乡建设局")?.isUnique == false)
        #expect(authorities.nearest(to: "WFneeNZiZIT") == nil)
        #expect(authorities.nearest(to: "沈阳市应急管理") == .init(name: "沈阳市应急管理局", distance: 1, isUnique: true))
    }

    /// The gazetteer takes a misreading to the nearest name; another engine's reading nearer to another authority
    /// shows that name need not be the printed one.
    @Test func aReadingNearerToAnotherAuthorityPointsElsewhere() {
        #expect(authorities.nearest(to: "成都市希门和城乡建设局")?.name == "成都市住房和城乡建设局")
        #expect(authorities.pointsElsewhere("成都市赴江区人基和城乡圣设局", than: "成都市住房和城乡建设局"),
                "锦江区's authority, misread in four characters")
        #expect(!authorities.pointsElsewhere("成都市住房和城乡圣设局", than: "成都市住房和城乡建设局"), "the same one, misread")
        #expect(!authorities.pointsElsewhere("成都市住房和城乡建设局", than: "成都市住房和城乡建设局"))
        #expect(!authorities.pointsElsewhere("或秀区住凤和城乡吓设局", than: "广州市越秀区住房和城乡建设局"),
                "read without its city, it is measured against the name's end")
        #expect(!authorities.pointsElsewhere("专用章", than: "成都市住房和城乡建设局"), "noise points nowhere")
        #expect(!authorities.pointsElsewhere("WFneeNZiZIT专用章", than: "成都市住房和城乡建设局"),
                "nor does a reading with less than half of another name in it")
    }

    /// A number of a type whose issuer lies in its number's province names that province: of the authorities a
    /// misread name is equally near, only that province's is a candidate.
    @Test func theNumbersProvinceTellsApartAuthoritiesEquallyNear() throws {
        #expect(authorities.nearest(to: "可南省住房和城乡廷设厅")?.isUnique == false, "河南, 湖南 and 云南 are as near")
        let henan = try #require(validator.issuerProvinceNames(forNumber: "豫A012025593157", type: .constructionSpecialOperation))
        #expect(authorities.nearest(to: "可南省住房和城乡廷设厅", inProvince: henan)
                == .init(name: "河南省住房和城乡建设厅", distance: 2, isUnique: true))
        let guangdong = try #require(validator.issuerProvinceNames(forNumber: "(粤)JZ安许证字[2018]605313",
                                                                    type: .safetyProductionLicense))
        #expect(authorities.nearest(to: "东省住房和城乡建设厅", inProvince: guangdong)?.name == "广东省住房和城乡建设厅")
        #expect(authorities.nearest(to: "可南省住房和城乡廷设厅", inProvince: guangdong)?.isUnique == false,
                "广东's are too far: still undecided")
        #expect(authorities.nearest(to: "湖北省住房和城乡你设厅", inProvince: henan)?.name == "湖北省住房和城乡建设厅",
                "a reading nearest one name stays that name, whatever the number says")
        #expect(validator.issuerProvinceNames(forNumber: "T410106199310137135", type: .specialOperation) == nil,
                "a 特种作业操作证's number names its holder's birthplace, not its issuer's province")
        #expect(validator.issuerProvinceNames(forNumber: "豫A01202559315", type: .constructionSpecialOperation) == nil,
                "no number of its format")
    }

    /// 越秀区住房和城乡建设局 is two characters from 越西县住房和城乡建设局 (another county's), and the whole end of
    /// 广州市越秀区住房和城乡建设局: its city was not read. It is that one, never the other place's.
    @Test func aNameReadWithoutItsFirstPartIsCompletedNeverTakenForAnotherPlace() throws {
        let read = try #require(authorities.nearest(to: "越秀区住房和城乡建设局"))
        #expect(read == .init(name: "广州市越秀区住房和城乡建设局", distance: 3, isUnique: true, completesTail: true))
        // 鼓楼区 is a district of several cities: no way to tell which.
        #expect(authorities.nearest(to: "鼓楼区住房和城乡建设局")?.isUnique == false)
        let corrector = FieldCorrector(authorities: authorities)
        let correction = try #require(corrector.correction(of: "越秀区住房和城乡建设局", field: "issuer"))
        #expect(correction.to == "广州市越秀区住房和城乡建设局")
        #expect(correction.reason.contains("ends so"))
    }

    @Test func editDistanceCountsInsertionsDeletionsAndReplacements() {
        #expect(IssuingAuthorities.allowedDistance(forLength: 8) == 1)
        #expect(IssuingAuthorities.allowedDistance(forLength: 14) == 2)
        #expect(IssuingAuthorities.allowedDistance(forLength: 40) == 3)
        let small = IssuingAuthorities(names: ["甲乙丙丁", "甲乙丙丁戊"])
        #expect(small.nearest(to: "甲乙丙丁戊") == .init(name: "甲乙丙丁戊", distance: 0, isUnique: true))
        #expect(small.nearest(to: "甲乙丙") == .init(name: "甲乙丙丁", distance: 1, isUnique: true))
        #expect(small.nearest(to: "甲乙X丁戊") == .init(name: "甲乙丙丁戊", distance: 1, isUnique: true))
        #expect(small.nearest(to: "甲乙丙丁己") == .init(name: "甲乙丙丁", distance: 1, isUnique: false))
    }

    @Test func anIssuerNoAuthorityHasGoesToReview() {
        func rules(_ issuer: String) -> [String] {
            validator.validate(type: .enterpriseQualification,
                               fields: ["issuer": ExtractedField(value: issuer, raw: issuer, confidence: 95)],
                               asOf: today).problems.map(\.rule).filter { $0.hasPrefix("issuer.") }
        }
        #expect(rules("辽宁省住房和城乡建设厅") == [])
        #expect(rules("辽宁省住房和城乡建设局") == ["issuer.unknown_authority"])
        #expect(rules("辽宁") == ["issuer.format"], "one problem for a name cut short, not two")
    }
}

@Suite struct FieldCorrectorTests {
    let corrector: FieldCorrector

    init() throws {
        corrector = FieldCorrector(authorities: try repositoryValidator().rules.issuingAuthorities)
    }

    private func field(_ value: String, raw: String? = nil) -> ExtractedField {
        ExtractedField(value: value, raw: raw ?? value, confidence: 90)
    }

    @Test func aMisreadIssuerBecomesTheOnlyAuthorityThatNearAndSaysSo() throws {
        var fields = ["issuer": field("辽宁省住房和城乡建设局")]
        corrector.correct(&fields)
        let issuer = try #require(fields["issuer"])
        #expect(issuer.value == "辽宁省住房和城乡建设厅")
        let correction = try #require(issuer.corrections?.first)
        #expect(correction.from == "辽宁省住房和城乡建设局")
        #expect(correction.to == "辽宁省住房和城乡建设厅")
        #expect(correction.reason.contains("is the only one that near (one character differs)"))
    }

    @Test func eachReadingOfAnIssuerIsCorrectedAloneSoThatReadingsMisreadDifferentlyAgree() throws {
        let correction = try #require(corrector.correction(of: "沈阳市皇姑区住房和城乡建设居", field: "issuer"))
        #expect(correction.to == "沈阳市皇姑区住房和城乡建设局")
        #expect(corrector.correction(of: "沈阳市皇姑区住房和城乡建设层", field: "issuer")?.to == correction.to)
        #expect(corrector.correction(of: "沈阳市皇姑区住房和城乡建设局", field: "issuer") == nil)
        #expect(corrector.correction(of: "沈阳市皇姑区住房和城乡建设居", field: "holder") == nil, "issuers only")
    }

    @Test func anIssuerCutShortAtItsLineEndIsNotCompletedByTheNearestName() {
        // Both recognisers read the name without its last character (cut by the edge, or under a seal): the
        // gazetteer's nearest name would make the two agree on a value the page does not show.
        for cut in ["辽宁省住房和城乡建设", "沈阳市皇姑区住房和城乡建设"] {
            #expect(corrector.correction(of: cut, field: "issuer") == nil, "\(cut)")
        }
        #expect(corrector.correction(of: "辽宁省住房和城乡建设庁", field: "issuer")?.to == "辽宁省住房和城乡建设厅",
                "a character misread, not missing, is still put right")
    }

    @Test func knownIssuersAmbiguousOnesAndGarbageStayAsRead() {
        for value in ["大连市应急管理局", "沈阳市和姑区住房和城乡建设局", "WFneeNZiZIT"] {
            var fields = ["issuer": field(value)]
            corrector.correct(&fields)
            #expect(fields["issuer"]?.value == value)
            #expect(fields["issuer"]?.corrections == nil)
        }
    }

    @Test func creditCodeLookalikesAreRecorded() throws {
        var fields = ["credit_code": field("91210102MA0ABC121T", raw: "9121O102 MAOABC121T")]
        corrector.correct(&fields)
        let correction = try #require(fields["credit_code"]?.corrections?.first)
        #expect(correction.from == "9121O102MAOABC121T")
        #expect(correction.to == "91210102MA0ABC121T")
        #expect(correction.reason.contains("O→0, O→0"))
        var clean = ["credit_code": field("91210102MA0ABC121T")]
        corrector.correct(&clean)
        #expect(clean["credit_code"]?.corrections == nil)
        var labelled = ["credit_code": field("91210102MA0ABC121T", raw: "CreditCode9121O102MAOABC121T")]
        corrector.correct(&labelled)
        #expect(labelled["credit_code"]?.corrections?.first?.from == "9121O102MAOABC121T",
                "the code ends the run an English label runs into")
        // A value found elsewhere on the page, what follows the label being something else: no lookalike to record.
        var elsewhere = ["credit_code": field("91320100Q4AHRQ1F5B", raw: "CREDITCODE91320100")]
        corrector.correct(&elsewhere)
        #expect(elsewhere["credit_code"]?.corrections == nil)
    }
}
