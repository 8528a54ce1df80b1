/// Tells which way up a page lies. Asked only about a page that did not read as any certificate: a page scanned
/// sideways or upside down is turned upright and read again.
///
/// `Image` is the finder's own image type, as for `TextRecognizer`. One instance serves one worker.
public protocol OrientationFinder<Image>: AnyObject {
    associatedtype Image

    /// Quarter turns clockwise that set the image upright: 0 when it is upright or the finder cannot tell.
    func quarterTurnsToUpright(_ image: Image) throws -> Int
}
