import CLeptonica

/// Reads raster images through Leptonica, checking the dimensions in the header before decoding anything:
/// `pixRead` allocates whatever a header claims (a 1 MB PNG can ask for gigabytes).
public enum ImageReader {
    /// Leptonica prints its own errors to stderr; ours are reported as values instead.
    public static func silenceLibraryMessages() {
        _ = setMsgSeverity(Int32(L_SEVERITY_NONE))
    }

    /// The number of pages (frames) an image file holds: more than one only for multi-page TIFF.
    public static func pageCount(path: String, isTIFF: Bool) -> Int {
        guard isTIFF, let file = fopen(path, "rb") else { return 1 }
        defer { fclose(file) }
        var n: Int32 = 0
        return tiffGetCount(file, &n) == 0 && n > 0 ? Int(n) : 1
    }

    /// Reads page `index` (0-based; only TIFF has more than one).
    public static func read(path: String, index: Int = 0, isTIFF: Bool = false, maxMegapixels: Int,
                            minimumSide: Int = 1) throws -> PageImage {
        var w: Int32 = 0, h: Int32 = 0, bps: Int32 = 0, spp: Int32 = 0, cmap: Int32 = 0, format: Int32 = 0, res: Int32 = 0
        let headerOK = isTIFF
            ? readHeaderTiff(path, Int32(index), &w, &h, &bps, &spp, &res, &cmap, &format) == 0
            : pixReadHeader(path, &format, &w, &h, &bps, &spp, &cmap) == 0
        guard headerOK, w > 0, h > 0 else { throw PageImagingError.undecodable("its header cannot be read") }
        guard Int(w) * Int(h) <= maxMegapixels * 1_000_000 else {
            throw PageImagingError.tooLarge(width: Int(w), height: Int(h), limitMegapixels: maxMegapixels)
        }
        guard min(w, h) >= minimumSide else {
            throw PageImagingError.tooSmall(width: Int(w), height: Int(h), minimumSide: minimumSide)
        }
        let pix = isTIFF ? pixReadTiff(path, Int32(index)) : pixRead(path)
        guard let pix else { throw PageImagingError.undecodable("the file is truncated or corrupt") }
        let image = PageImage(owning: pix).withSquarePixels(maxMegapixels: maxMegapixels)
        guard !isTIFF, let orientation = ExifOrientation.of(path: path) else { return image }
        return image.applyingExif(orientation: orientation)
    }
}

extension ImageReader {
    /// Decodes an in-memory PNG (thumbnails read back by reviewers and tests), with the same size guard.
    public static func readPNG(bytes: [UInt8], maxMegapixels: Int = 10) throws -> PageImage {
        var w: Int32 = 0, h: Int32 = 0, bps: Int32 = 0, spp: Int32 = 0, cmap: Int32 = 0, format: Int32 = 0
        guard pixReadHeaderMem(bytes, bytes.count, &format, &w, &h, &bps, &spp, &cmap) == 0 else {
            throw PageImagingError.undecodable("its header cannot be read")
        }
        guard Int(w) * Int(h) <= maxMegapixels * 1_000_000 else {
            throw PageImagingError.tooLarge(width: Int(w), height: Int(h), limitMegapixels: maxMegapixels)
        }
        guard let pix = pixReadMem(bytes, bytes.count) else { throw PageImagingError.undecodable("corrupt data") }
        return PageImage(owning: pix)
    }
}
