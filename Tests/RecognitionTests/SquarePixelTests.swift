import Foundation
import PageImaging
import Testing

/// A fax stores 204 dots an inch across and 98 down: read as stored, every character is squashed to half its height.
@Suite struct SquarePixelTests {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test func aFaxPageHasSquarePixelsAndIsMarkedAsALossyCopy() throws {
        let path = Self.repo.appendingPathComponent("fixtures/copies/develop-classic-safety_assessment-fax.tif").path
        let page = try ImageReader.read(path: path, isTIFF: true, maxMegapixels: 40)
        // Stored 1686 × 1145 at 204 × 98 dpi, 1-bit: grey, enlarged to 300 dpi both ways (the height by 300/98).
        #expect(abs(page.width - 1686 * 300 / 204) <= 1 && abs(page.height - 1145 * 300 / 98) <= 1,
                "\(page.width) × \(page.height)")
        #expect(page.resolution == 300 && page.depth == 8)
        #expect(page.isLossyCopy)
    }

    @Test func aFaxLosesItsSensorStreaks() throws {
        // The fax machine's dirty sensor drew black lines from the top of the page to the bottom (2 to 5 of them),
        // through the text: no column of the page read is dark along 80% of its height any more.
        let path = Self.repo.appendingPathComponent("fixtures/copies/develop-classic-safety_assessment-fax.tif").path
        let page = try ImageReader.read(path: path, isTIFF: true, maxMegapixels: 40)
        let grey = try #require(page.greyRaster(longestSide: max(page.width, page.height))).raster
        #expect(grey.width == page.width)
        let darkRows: [Int] = (0..<grey.width).map { x in
            (0..<grey.height).filter { y in grey.levels[y * grey.width + x] < 128 }.count
        }
        let darkest = darkRows.max() ?? 0
        #expect(Double(darkest) < 0.8 * Double(grey.height), "a column dark along \(darkest) of \(grey.height) rows")
    }

    @Test func aPageOfSquarePixelsIsLeftAsItIs() throws {
        let path = Self.repo.appendingPathComponent("fixtures/samples/安全生产许可证_辽宁.png").path
        let page = try ImageReader.read(path: path, maxMegapixels: 40)
        #expect(page.width == 2480 && page.height == 3508)
        #expect(!page.isLossyCopy)
    }

    @Test func aFaxSentAsAPDFIsMarkedAsALossyCopy() throws {
        // A fax-to-mail server's PDF: one 1-bit image of 204 × 98 dpi over the page. Rendered, it is grey and square
        // like any scan; what marks it is the image poppler decodes, every pixel pure black or white.
        let path = Self.repo.appendingPathComponent("fixtures/copies/develop-classic-safety_production_license-fax.pdf").path
        let page = try PDFDocument(path: path).renderScan(page: 0, dpi: 300, maxMegapixels: 40)
        #expect(page.isLossyCopy)
    }

    @Test func aScannedPDFInGreyOrColourIsNoLossyCopy() throws {
        let path = Self.repo.appendingPathComponent("fixtures/samples/scanned_batch_jiangsu.pdf").path
        let document = try PDFDocument(path: path)
        for index in 0..<document.pageCount {
            #expect(!(try document.renderScan(page: index, dpi: 150, maxMegapixels: 40).isLossyCopy), "page \(index + 1)")
        }
    }

    @Test func aHeaderWhoseResolutionsNoFaxHasIsNotBelieved() throws {
        // 10 dpi across, 1000 down: stretched, 400 × 300 pixels would become 40,000 wide.
        let path = Self.repo.appendingPathComponent("fixtures/odd-resolution/lying_resolution.tif").path
        let page = try ImageReader.read(path: path, isTIFF: true, maxMegapixels: 40)
        #expect(page.width == 400 && page.height == 300)
    }
}
