/// Why an input or a page could not be turned into an image. Each case reads as one plain line.
public enum PageImagingError: Error, CustomStringConvertible, Equatable {
    case encrypted
    case damaged(String)
    case undecodable(String)
    case tooLarge(width: Int, height: Int, limitMegapixels: Int)
    case tooSmall(width: Int, height: Int, minimumSide: Int)
    case renderFailed(String)

    public var description: String {
        switch self {
        case .encrypted:
            return "the PDF is password-protected; decrypt it (e.g. qpdf --decrypt) and hand it in again"
        case let .damaged(detail):
            return "the PDF is damaged and cannot be opened (\(detail))"
        case let .undecodable(detail):
            return "the image cannot be decoded: \(detail)"
        case let .tooLarge(width, height, limit):
            let mpx = Double(width) * Double(height) / 1_000_000
            return "the image claims \(width)x\(height) pixels (\(Int(mpx.rounded())) Mpx), "
                + "over the \(limit) Mpx limit; it was not decoded"
        case let .tooSmall(width, height, minimum):
            return "the image is \(width)x\(height) pixels, too small to hold a legible certificate "
                + "(at least \(minimum) pixels a side are needed)"
        case let .renderFailed(detail):
            return "the page could not be rendered: \(detail)"
        }
    }
}
