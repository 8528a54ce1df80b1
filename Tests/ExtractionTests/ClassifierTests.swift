import Extraction
import IngestCore
import Testing

@Suite struct ClassifierTests {
    let classifier: Classifier

    init() throws {
        classifier = Classifier(models: try Repo.models())
    }

    private func classify(_ lines: [String]) -> DocumentType {
        classifier.classify(LineBuilder.lines(of: page(lines))).type
    }

    @Test(arguments: [
        ("安全生产许可证", DocumentType.safetyProductionLicense),
        ("建筑业企业资质证书", .enterpriseQualification),
        ("安全生产考核合格证书", .safetyAssessment),
        ("中华人民共和国特种作业操作证", .specialOperation),
        ("建筑施工特种作业操作资格证书", .constructionSpecialOperation),
        ("建筑工程施工许可证", .constructionPermit),
    ])
    func cleanTitles(title: String, type: DocumentType) {
        #expect(classify([title, "编号: 123"]) == type)
    }

    /// Titles as tesseract actually misread them on the sample scans.
    @Test(arguments: [
        ("建抠工程施工许可证", DocumentType.constructionPermit),
        ("安全生产考核合格证", .safetyAssessment),
        ("中华人民共和国特种作业操作讧", .specialOperation),
        ("建筑施工特种作业橾作资格证书", .constructionSpecialOperation),
    ])
    func noisyTitles(title: String, type: DocumentType) {
        #expect(classify(["", title]) == type)
    }

    @Test func theSpecialOperationTitlesAreNotConfused() {
        #expect(classify(["建筑施工特种作业操作资格证书"]) == .constructionSpecialOperation)
        #expect(classify(["特种作业操作证"]) == .specialOperation)
    }

    @Test func aNoticeThatMentionsSafetyIsNotACertificate() {
        #expect(classify(["会议通知", "各项目部：", "定于下周一召开安全生产例会，"]) == .unknown)
        #expect(classify([]) == .unknown)
    }

    @Test func aTitleFarDownThePageDoesNotCount() {
        let filler = (1...12).map { "第\($0)行" }
        #expect(classify(filler + ["安全生产许可证"]) == .unknown)
    }
}
