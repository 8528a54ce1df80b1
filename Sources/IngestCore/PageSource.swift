/// The pages of one input file, as the recognisers need them. A PDF page with a real text layer gives its words
/// and needs no recogniser; a scanned page gives its image.
///
/// `Image` is the image type the recognisers read. One source serves one worker: implementations need not be
/// thread-safe. Opening a source (its initialiser) fails when the file cannot be read at all.
public protocol PageSource<Image>: AnyObject {
    associatedtype Image

    /// The file the pages come from.
    var path: String { get }

    /// Page `number` (1-based). Throws when the whole file turns out unreadable (it has no such page, its first
    /// frame cannot be decoded); a page that fails alone, while the file's other pages may still read, is
    /// `SourcePage.failed`.
    func page(_ number: Int) throws -> SourcePage<Image>
}

/// One page taken from a `PageSource`.
public enum SourcePage<Image> {
    /// A born-digital page: its text layer's words, exact, and how to draw it as a PNG of a given width (given
    /// the boxes, in the words' own pixels, to paint over) should a person need to look at it, and as an image
    /// in the words' own pixels should a recogniser need to read part of it (nil: it cannot be drawn).
    case textLayer(RecognizedPage, picture: (_ paintOver: [Box], _ width: Int) -> [UInt8]?,
                   rendered: () -> Image? = { nil })
    /// A scanned page, to be recognised.
    case scan(Image)
    /// A page that cannot be decoded or rendered; the file's other pages may still read.
    case failed(Problem)
}
