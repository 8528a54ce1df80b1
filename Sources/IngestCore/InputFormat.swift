/// The formats certarchive reads, recognised by their first bytes, never by the file name.
public enum InputFormat: String, Codable, CaseIterable, Sendable {
    case pdf, jpeg, png, tiff, bmp, webp

    /// Bytes needed by `sniff`.
    public static let signatureLength = 16

    public static func sniff<Bytes: Collection>(_ bytes: Bytes) -> InputFormat? where Bytes.Element == UInt8 {
        let b = Array(bytes.prefix(signatureLength))
        func starts(_ sig: [UInt8], at offset: Int = 0) -> Bool {
            b.count >= offset + sig.count && Array(b[offset..<offset + sig.count]) == sig
        }
        if starts(Array("%PDF-".utf8)) { return .pdf }
        if starts([0xFF, 0xD8, 0xFF]) { return .jpeg }
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if starts([0x49, 0x49, 0x2A, 0x00]) || starts([0x4D, 0x4D, 0x00, 0x2A]) { return .tiff }
        if starts(Array("BM".utf8)) && b.count >= 14 { return .bmp }
        if starts(Array("RIFF".utf8)) && starts(Array("WEBP".utf8), at: 8) { return .webp }
        return nil
    }
}
