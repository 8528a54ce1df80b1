import Foundation

/// The pixel sizes a PDF's images declare, read from the file's bytes before poppler decodes anything: a page of
/// ordinary size may draw one 30000×30000 image (875 KB compressed) that poppler would decode whole, gigabytes,
/// for a render or a thumbnail alike. An image is a stream object, never inside a compressed object stream, so
/// its dictionary (`/Subtype /Image … /Width W /Height H`) stands in the file as written.
public enum PDFEmbeddedImages {
    /// The largest image (by pixels) the file declares; nil when it declares none. The file is mapped, not read
    /// into memory.
    public static func largest(inFileAt path: String) -> (width: Int, height: Int)? {
        guard let data = try? Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped) else { return nil }
        return largest(in: data)
    }

    static func largest(in data: Data) -> (width: Int, height: Int)? {
        let marker = Data("/Image".utf8)
        var best: (width: Int, height: Int)?
        var from = data.startIndex
        // A file made of nothing but "/Image" would cost a window each: the first ones are enough to judge it.
        var looked = 0
        while looked < maxLooks, let found = data.range(of: marker, in: from..<data.endIndex) {
            from = found.upperBound
            looked += 1
            // The image's dictionary around its /Subtype: dictionaries of images are short.
            let window = data[max(data.startIndex, found.lowerBound - 1024)..<min(data.endIndex, found.upperBound + 1024)]
            let text = String(decoding: window, as: UTF8.self)
            guard text.contains(/\/Subtype\s*\/Image(?![A-Za-z])/),
                  let width = nearest(/\/Width\s+(\d{1,9})/, in: text),
                  let height = nearest(/\/Height\s+(\d{1,9})/, in: text) else { continue }
            if width * height > (best.map { $0.width * $0.height } ?? 0) { best = (width, height) }
        }
        return best
    }

    /// How many `/Image` names are looked at, at most.
    static let maxLooks = 20_000

    /// The value the pattern captures nearest the window's middle (the /Subtype found).
    private static func nearest(_ pattern: Regex<(Substring, Substring)>, in text: String) -> Int? {
        let middle = text.utf8.count / 2
        return text.matches(of: pattern).min { a, b in
            abs(text.utf8.distance(from: text.startIndex, to: a.range.lowerBound) - middle)
                < abs(text.utf8.distance(from: text.startIndex, to: b.range.lowerBound) - middle)
        }.flatMap { Int($0.output.1) }
    }
}
