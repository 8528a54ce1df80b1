import Foundation

/// Makes batches of inputs with distinct content hashes (so none is skipped as already archived).
enum Batch {
    /// `count` copies of a file, each with a different trailing comment or padding byte run.
    static func copies(of path: String, count: Int, into folder: URL) throws -> String {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let name = (path as NSString).lastPathComponent
        for i in 0..<count {
            // PDF, PNG, JPEG, TIFF and BMP readers ignore bytes after the end of the file's structure.
            var copy = data
            copy.append(Data("\n%copy \(i)\n".utf8))
            try copy.write(to: folder.appendingPathComponent("\(i)-\(name)"))
        }
        return folder.path
    }

    /// Copies of every sample that is a scanned certificate (not WebP, whose container forbids trailing bytes).
    static func scanned(from samples: String, truth: [Truth], copies count: Int, into work: URL) throws -> String {
        let folder = work.appendingPathComponent("scanned")
        let names = Set(truth.filter { $0.status != "failed" && $0.type != "unknown" }.map(\.source))
            .filter { !$0.hasSuffix(".webp") && $0 != "construction_permit_digital.pdf" }
        for name in names.sorted() {
            _ = try copies(of: samples + "/" + name, count: count, into: folder)
        }
        return folder.path
    }
}
