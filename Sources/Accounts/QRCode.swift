import CQREncode

/// A QR code of a text (libqrencode), as the modules' grid and as an SVG image a page can show.
public struct QRCode: Sendable {
    /// `size` × `size` modules, row by row; true is dark.
    public let modules: [Bool]
    public let size: Int

    /// Nil when the text does not fit a QR code (more than about 2,900 bytes at level M).
    public init?(_ text: String) {
        guard let code = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1) else { return nil }
        defer { QRcode_free(code) }
        let width = Int(code.pointee.width)
        // Each byte's lowest bit says whether its module is dark; the others are libqrencode's own bookkeeping.
        modules = (0..<width * width).map { code.pointee.data[$0] & 1 == 1 }
        size = width
    }

    public func isDark(row: Int, column: Int) -> Bool { modules[row * size + column] }

    /// An SVG of the code with the four-module quiet zone scanners need, `pixelsPerModule` each.
    public func svg(pixelsPerModule: Int = 6) -> String {
        let side = (size + 8) * pixelsPerModule
        var path = ""
        for row in 0..<size {
            for column in 0..<size where isDark(row: row, column: column) {
                path += "M\(column + 4) \(row + 4)h1v1h-1z"
            }
        }
        return """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(side)" height="\(side)" viewBox="0 0 \(size + 8) \(size + 8)" \
            shape-rendering="crispEdges"><rect width="100%" height="100%" fill="#fff"/><path d="\(path)" fill="#000"/></svg>
            """
    }
}
