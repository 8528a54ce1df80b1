import CLeptonica
import Foundation

/// The EXIF Orientation of a JPEG (1…8: how the stored pixels must be turned to stand upright), which phones
/// write instead of turning the pixels. Leptonica 1.82 does not apply it (shared/BINDINGS.md §2).
enum ExifOrientation {
    /// The orientation tag of the JPEG at `path`, or nil when it has none (or is no JPEG).
    static func of(path: String) -> Int? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        // EXIF sits in an APP1 segment at the start of the file; 128 KB holds it and any thumbnail before it.
        return of(jpeg: [UInt8](handle.readData(ofLength: 128 * 1024)))
    }

    static func of(jpeg b: [UInt8]) -> Int? {
        guard b.count > 4, b[0] == 0xFF, b[1] == 0xD8 else { return nil }
        var p = 2
        while p + 4 <= b.count, b[p] == 0xFF {
            let marker = b[p + 1]
            let length = Int(b[p + 2]) << 8 | Int(b[p + 3])
            if marker == 0xDA || length < 2 { return nil }  // start of scan: no EXIF before the image data
            if marker == 0xE1, p + 10 <= b.count, Array(b[p + 4..<p + 10]) == Array("Exif\0\0".utf8) {
                return orientation(tiff: Array(b[(p + 10)..<min(b.count, p + 2 + length)]))
            }
            p += 2 + length
        }
        return nil
    }

    /// Tag 0x0112 of IFD0 in a TIFF structure (little- or big-endian).
    private static func orientation(tiff t: [UInt8]) -> Int? {
        guard t.count >= 8 else { return nil }
        let little = t[0] == 0x49 && t[1] == 0x49
        guard little || (t[0] == 0x4D && t[1] == 0x4D) else { return nil }
        func u16(_ i: Int) -> Int? {
            guard i + 2 <= t.count else { return nil }
            return little ? Int(t[i]) | Int(t[i + 1]) << 8 : Int(t[i]) << 8 | Int(t[i + 1])
        }
        func u32(_ i: Int) -> Int? {
            guard let a = u16(i), let b = u16(i + 2) else { return nil }
            return little ? a | b << 16 : a << 16 | b
        }
        guard let ifd = u32(4), let count = u16(ifd) else { return nil }
        for entry in 0..<count {
            let e = ifd + 2 + entry * 12
            guard let tag = u16(e) else { return nil }
            if tag == 0x0112, let value = u16(e + 8), (1...8).contains(value) { return value }
        }
        return nil
    }
}

extension PageImage {
    /// The page turned as EXIF `orientation` says, so that it stands upright; itself for 1 or an unknown value.
    func applyingExif(orientation: Int) -> PageImage {
        let turned: UnsafeMutablePointer<Pix>?
        switch orientation {
        case 2: turned = pixFlipLR(nil, pix)
        case 3: turned = pixRotateOrth(pix, 2)
        case 4: turned = pixFlipTB(nil, pix)
        case 5: turned = pixFlipLR(nil, pix).flatMap { f in defer { destroy(f) }; return pixRotateOrth(f, 3) }
        case 6: turned = pixRotateOrth(pix, 1)
        case 7: turned = pixFlipLR(nil, pix).flatMap { f in defer { destroy(f) }; return pixRotateOrth(f, 1) }
        case 8: turned = pixRotateOrth(pix, 3)
        default: turned = nil
        }
        guard let turned else { return self }
        pixCopyResolution(turned, pix)
        return PageImage(owning: turned)
    }
}
