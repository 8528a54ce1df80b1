import Foundation
import PageImaging
import Testing

/// A line stamped across a copy is found by its slant and repetition, and nothing else is taken for one.
@Suite struct StampedLineTests {
    static let repo = SquarePixelTests.repo

    private func stamp(_ path: String) throws -> StampedLineFinder.Stamp? {
        let page = try ImageReader.read(path: path, maxMegapixels: 40)
        let (raster, _) = try #require(page.greyRaster(longestSide: 900))
        return StampedLineFinder().find(in: raster)
    }

    @Test func aCopyStampedOverInGreyOrLightRedIsFoundAndCleared() throws {
        for name in ["develop-above-special_operation-stamped_copy.jpg", "develop-above-safety_assessment-stamped_copy.jpg"] {
            let path = Self.repo.appendingPathComponent("fixtures/copies/" + name).path
            let found = try #require(try stamp(path), "\(name)")
            #expect((20...70).contains(abs(found.slant)) && found.inkLevel > 110, "\(name): \(found)")
            let page = try ImageReader.read(path: path, maxMegapixels: 40)
            let cleared = try #require(page.withoutStampedLines())
            let (raster, _) = try #require(cleared.image.greyRaster(longestSide: 900))
            #expect(StampedLineFinder().find(in: raster) == nil, "\(name): the stamp is gone once cleared")
        }
    }

    @Test func noPageOfTheSamplesOrTheCommittedDesignsIsTakenForAStampedCopy() throws {
        let folders = ["fixtures/samples", "fixtures/designs/pages", "fixtures/silent-errors", "fixtures/details"]
        var looked = 0
        for folder in folders {
            let url = Self.repo.appendingPathComponent(folder)
            for name in try FileManager.default.contentsOfDirectory(atPath: url.path)
            where ["png", "jpg", "tif", "bmp", "webp"].contains((name as NSString).pathExtension.lowercased()) {
                let found: StampedLineFinder.Stamp?
                do { found = try stamp(url.appendingPathComponent(name).path) } catch { continue }  // a bad input
                looked += 1
                #expect(found == nil, "\(folder)/\(name) taken for a stamped copy: \(String(describing: found))")
            }
        }
        #expect(looked >= 20)
    }
}
