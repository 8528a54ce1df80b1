import Foundation
import IngestCore
import PageImaging
import Testing

/// Cards side by side on a flatbed scan are found as regions of their own; a page that is one certificate (framed,
/// ruled, a card photographed on a desk, a born-digital page rendered) is never cut up.
@Suite struct CardRegionTests {
    static let designs = DesignCorpusTests.folder.appendingPathComponent("pages")

    @Test func everyCardOfAFlatbedScanIsARegionOfItsOwn() throws {
        // 4 fronts; 2 fronts and one back beside the first.
        for (name, cards) in [("develop-flatbed-2-4.jpg", 4), ("develop-flatbed-5-2-back.jpg", 3)] {
            let page = try ImageReader.read(path: Self.designs.appendingPathComponent(name).path, maxMegapixels: 100)
            let regions = page.cardRegions()
            #expect(regions.count == cards, "\(name)")
            for region in regions {
                // An ID-1 card (85.6 x 54 mm) at 300 dpi is about 1011 x 638 pixels; turned a little, a shade more.
                #expect((980...1120).contains(region.width) && (610...720).contains(region.height), "\(name) \(region)")
                #expect(!regions.contains { $0 != region && $0.intersects(region) }, "\(name) overlapping")
            }
        }
    }

    @Test func cardsOnANoisyGreyScanAreFoundByTheirEdgesAsOnAColourOne() throws {
        // The same four cards scanned grey at 200 dpi, low contrast against a grey lid, with sensor noise
        // (fixtures/grey_flatbed.py): the darkest pixel of each block is a speck of noise unless it is averaged out.
        let name = "develop-flatbed-2-4-grey-noisy.jpg"
        let page = try ImageReader.read(path: Self.designs.appendingPathComponent(name).path, maxMegapixels: 100)
        let regions = page.cardRegions()
        #expect(regions.count == 4)
        for region in regions {
            // An ID-1 card at 200 dpi is about 674 x 425 pixels.
            #expect((650...750).contains(region.width) && (400...480).contains(region.height), "\(region)")
        }
    }

    @Test func aPageThatIsOneCertificateIsNotCutUp() throws {
        let scans = try FileManager.default.contentsOfDirectory(atPath: Self.designs.path)
            .filter { $0.hasSuffix(".png") }.map { Self.designs.appendingPathComponent($0).path }
        let samples = ["noisy_skewed_scan.jpg", "phone_photo_card.jpg", "seal_over_issuer.png", "meeting_notice.png",
                       "安全生产许可证_辽宁.png", "qualification dalian.jpg", "special_operation_card.webp",
                       "construction_special_operation.bmp"].map(Samples.path)
        #expect(scans.count >= 3)
        for path in scans + samples {
            let page = try ImageReader.read(path: path, maxMegapixels: 100)
            #expect(page.cardRegions().isEmpty, "\(path)")
        }
        let pdf = try PDFDocument(path: DesignCorpusTests.page("develop-classic-safety_production_license-digital.pdf"))
        #expect(try pdf.render(page: 0, dpi: 300, maxMegapixels: 100).cardRegions().isEmpty)
    }
}
