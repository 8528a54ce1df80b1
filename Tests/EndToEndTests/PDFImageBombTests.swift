import Foundation
import Testing

/// A PDF of ordinary page size drawing one 30000×30000 image, compressed to under 2 MB: refused by the image's
/// declared size before poppler decodes it (it took 3.5 GB), with its reason, and the run goes on.
@Suite struct PDFImageBombTests {
    /// A one-page PDF whose page draws a `side`×`side` one-bit image, its stream run-length encoded (all white).
    static func imageBomb(side: Int) -> Data {
        let rowBytes = (side + 7) / 8
        var stream = Data()
        var left = rowBytes * side
        stream.reserveCapacity(left / 64 + 2)
        while left > 0 {
            let run = min(128, left)
            stream.append(contentsOf: [UInt8(257 - run), 0xFF])
            left -= run
        }
        stream.append(128)  // end of data
        var pdf = Data("%PDF-1.4\n".utf8)
        var offsets: [Int] = []
        func object(_ text: String, stream body: Data? = nil) {
            offsets.append(pdf.count)
            pdf.append(Data("\(offsets.count) 0 obj\n\(text)\n".utf8))
            if let body {
                pdf.append(Data("stream\n".utf8)); pdf.append(body); pdf.append(Data("\nendstream\n".utf8))
            }
            pdf.append(Data("endobj\n".utf8))
        }
        object("<< /Type /Catalog /Pages 2 0 R >>")
        object("<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
        object("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im1 4 0 R >> >> /Contents 5 0 R >>")
        object("<< /Type /XObject /Subtype /Image /Width \(side) /Height \(side) /ColorSpace /DeviceGray "
               + "/BitsPerComponent 1 /Filter /RunLengthDecode /Length \(stream.count) >>", stream: stream)
        let drawing = Data("q 595 0 0 842 0 0 cm /Im1 Do Q".utf8)
        object("<< /Length \(drawing.count) >>", stream: drawing)
        let xref = pdf.count
        pdf.append(Data("xref\n0 \(offsets.count + 1)\n0000000000 65535 f \n".utf8))
        for offset in offsets { pdf.append(Data(String(format: "%010d 00000 n \n", offset).utf8)) }
        pdf.append(Data("trailer\n<< /Size \(offsets.count + 1) /Root 1 0 R >>\nstartxref\n\(xref)\n%%EOF\n".utf8))
        return pdf
    }

    @Test func aPDFDrawingAHugeImageIsRefusedUndecodedAndTheRunGoesOn() throws {
        let folder = try CLI.temporaryFolder()
        let inbox = try CLI.inputs(in: folder, renamed: ["next.png": "review_bad_credit_code.png"])
        let bomb = Self.imageBomb(side: 30000)
        #expect(bomb.count < 2_000_000)
        try bomb.write(to: inbox.appendingPathComponent("bomb.pdf"))
        let run = try CLI.run(program: "/usr/bin/time", ["-f", "peak %M KB", CLI.binary, "ingest", inbox.path,
                                                         "--archive", folder.appendingPathComponent("a.sqlite").path,
                                                         "--as-of", "2026-11-22", "--jobs", "1"])
        #expect(run.stderr.contains("30000x30000") && run.stderr.contains("not decoded"), "\(run.stderr)")
        #expect(run.stdout.contains("review 1") && run.stdout.contains("failed 1"), "\(run.stdout)")
        let peak = run.stderr.matches(of: /peak (\d+) KB/).last.flatMap { Int($0.output.1) } ?? .max
        #expect(peak < 1_500_000, "peak memory \(peak) KB")
    }
}
