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
        // Stored 1686 × 1145 at 204 × 98 dpi, 1-bit: the height stretched by 204/98, grey, 204 dpi both ways.
        #expect(page.width == 1686 && abs(page.height - 1145 * 204 / 98) <= 1, "\(page.width) × \(page.height)")
        #expect(page.resolution == 204 && page.depth == 8)
        #expect(page.isLossyCopy)
    }

    @Test func aPageOfSquarePixelsIsLeftAsItIs() throws {
        let path = Self.repo.appendingPathComponent("fixtures/samples/安全生产许可证_辽宁.png").path
        let page = try ImageReader.read(path: path, maxMegapixels: 40)
        #expect(page.width == 2480 && page.height == 3508)
        #expect(!page.isLossyCopy)
    }

    @Test func aHeaderWhoseResolutionsNoFaxHasIsNotBelieved() throws {
        // 10 dpi across, 1000 down: stretched, 400 × 300 pixels would become 40,000 wide.
        let path = Self.repo.appendingPathComponent("fixtures/odd-resolution/lying_resolution.tif").path
        let page = try ImageReader.read(path: path, isTIFF: true, maxMegapixels: 40)
        #expect(page.width == 400 && page.height == 300)
    }
}
