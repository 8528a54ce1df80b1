import Foundation

/// Makes batches of inputs with distinct content hashes (so none is skipped as already archived).
enum Batch {
    /// `count` copies of a file, each with different bytes.
    static func copies(of path: String, count: Int, into folder: URL) throws -> String {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let name = (path as NSString).lastPathComponent
        for i in 0..<count {
            // PDF, PNG, JPEG and TIFF readers ignore bytes after the end of the file's structure; a BMP's size
            // must match its header, so there the last pixel byte changes instead.
            var copy = data
            if name.hasSuffix(".bmp") {
                copy[copy.count - 1] ^= UInt8(truncatingIfNeeded: i + 1)
            } else {
                copy.append(Data("\n%copy \(i)\n".utf8))
            }
            try copy.write(to: folder.appendingPathComponent("\(i)-\(name)"))
        }
        return folder.path
    }

    /// Copies of every sample that is a scanned or photographed certificate image, the pages both certarchive
    /// and the `tesseract` tool can read (not PDFs, which the tool cannot open; not WebP, whose container
    /// forbids trailing bytes). Returns the folder and the files in it.
    static func scannedImages(from samples: String, truth: [Truth], copies count: Int, into work: URL) throws
        -> (folder: String, files: [String]) {
        let folder = work.appendingPathComponent("scanned")
        let names = Set(truth.filter { $0.status != "failed" && $0.type != "unknown" }.map(\.source))
            .filter { name in [".png", ".jpg", ".tif", ".bmp"].contains { name.hasSuffix($0) } }
        for name in names.sorted() {
            _ = try copies(of: samples + "/" + name, count: count, into: folder)
        }
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        return (folder.path, files.map { folder.appendingPathComponent($0).path })
    }
}
