import Foundation
import Yams

/// Pipeline settings, loaded from `pipelines/settings.yaml` (or `--settings FILE`).
public struct PipelineSettings: Codable, Sendable {
    public struct OCR: Codable, Sendable {
        public var tessdata: String
        public var languages: String
        /// Languages for reading fields alone.
        public var fieldLanguages: String
        public var pageSegmentationMode: Int
        /// Pages of higher resolution are scaled down to this for the page reading.
        public var pageDPI: Int
        /// Read each key field's region again on its own and reconcile the two readings.
        public var secondReading: Bool
        /// Text heights in pixels a field is scaled to, in turn, for its readings alone.
        public var secondReadingLineHeights: [Int]
        /// Read fields alone from a colour page's red channel, where red seals fade away.
        public var secondReadingDropsRedInk: Bool
        /// Readings of a field continue until the leading value's combined confidence reaches this.
        public var secondReadingSettledConfidence: Double
        /// Another recogniser (e.g. tesseract's HanS script model) that must confirm every name field (holder,
        /// company, issuer): its errors are not the first model's, so a misreading both make alike is rare.
        /// nil: no cross-check.
        public var crossCheckLanguages: String?
        /// Text heights the cross-check reads a name at, in turn, until a reading passes the rules.
        public var crossCheckLineHeights: [Int]?
        /// The fields the cross-check confirms (default: holder, company).
        public var crossCheckFields: [String]?
        /// Which recogniser reads the page: `tesseract` (default) or `ppocr` (then tesseract reads fields alone).
        public var pageRecognizer: String?
        /// Which recogniser confirms the names in `crossCheckFields`: `ppocr`, or (default) tesseract with
        /// `crossCheckLanguages`.
        public var crossCheckRecognizer: String?
        /// PaddleOCR's PP-OCRv4 models on ONNX Runtime; paths relative to the settings file's folder.
        public var ppocr: PPOCR?
        /// PaddleOCR's PP-OCRv5 models (the recogniser `ppocrv5`), with their dictionary file; nil: not used.
        public var ppocrV5: PPOCR?
        /// Which recogniser reads each key field again alone: `tesseract` (default, with `field_languages`),
        /// `ppocr` or `ppocrv5`.
        public var fieldRecognizer: String?
        /// A key field is accepted without a person only when two recognisers read it alike, or the rules prove
        /// it (`provenByRules`); a value one recogniser read goes to review as `<field>.one_reader`. nil: off.
        public var agreementRequired: Bool?
        /// Fields whose rules prove a value right when it passes them: a check digit (credit code, 身份证号), or
        /// the gazetteer of issuing authorities; `validity_period`: the issue and expiry dates prove each other when
        /// the expiry is exactly the type's validity after the issue.
        public var provenByRules: [String]?

        enum CodingKeys: String, CodingKey {
            case tessdata, languages, ppocr
            case ppocrV5 = "ppocr_v5"
            case fieldRecognizer = "field_recognizer"
            case pageRecognizer = "page_recognizer"
            case crossCheckRecognizer = "cross_check_recognizer"
            case fieldLanguages = "field_languages"
            case pageSegmentationMode = "page_segmentation_mode"
            case pageDPI = "page_dpi"
            case secondReading = "second_reading"
            case secondReadingLineHeights = "second_reading_line_heights"
            case secondReadingDropsRedInk = "second_reading_drops_red_ink"
            case secondReadingSettledConfidence = "second_reading_settled_confidence"
            case crossCheckLanguages = "cross_check_languages"
            case crossCheckLineHeights = "cross_check_line_heights"
            case crossCheckFields = "cross_check_fields"
            case agreementRequired = "agreement_required"
            case provenByRules = "proven_by_rules"
        }
    }

    /// The second recogniser's files (`make deps` puts them in vendor/ppocr) and how a page is detected.
    public struct PPOCR: Codable, Sendable {
        public var library: String
        public var detectionModel: String
        public var recognitionModel: String
        /// PaddleOCR's line direction classifier (0° or 180°): a page no recogniser reads upright, and that
        /// tesseract's orientation detection cannot place, is turned over when most of its lines read upside down.
        public var directionModel: String?
        /// A page is detected reduced so its longer side is at most this many pixels.
        public var detectionMaxSide: Int?
        /// The recognition model's characters, one a line, when its metadata holds none (PP-OCRv5).
        public var dictionary: String?

        enum CodingKeys: String, CodingKey {
            case library, dictionary
            case detectionModel = "detection_model"
            case recognitionModel = "recognition_model"
            case directionModel = "direction_model"
            case detectionMaxSide = "detection_max_side"
        }

        /// The keys holding file paths (relative ones are made absolute against the settings file's folder).
        static let pathKeys = ["library", "detection_model", "recognition_model", "direction_model", "dictionary"]
        /// The settings keys that hold such files.
        static let settingsKeys = ["ppocr", "ppocr_v5"]
    }

    public struct Pages: Codable, Sendable {
        public var renderDPI: Double
        public var textLayerMinCharacters: Int
        public var maxMegapixels: Int
        /// Images narrower or shorter than this many pixels cannot hold a legible certificate.
        public var minimumSide: Int
        public var thumbnailWidth: Int
        /// The page a reviewer reads beside the fields, kept for items in review only: wide enough to tell 鼎 from
        /// 昂 and to magnify a field from; nil: only the thumbnail.
        public var reviewImageWidth: Int?
        /// Paint personal numbers (身份证号, a number holding one) over in thumbnails: set for an archive that
        /// encrypts them, where a thumbnail in clear would give them away. Not a settings-file key.
        public var paintsOverPersonalNumbers = false

        enum CodingKeys: String, CodingKey {
            case renderDPI = "render_dpi"
            case textLayerMinCharacters = "text_layer_min_characters"
            case maxMegapixels = "max_megapixels"
            case minimumSide = "minimum_side"
            case thumbnailWidth = "thumbnail_width"
            case reviewImageWidth = "review_image_width"
        }
    }

    /// Image preparation steps, each switchable.
    public struct Preparation: Codable, Sendable {
        public var deskew: Bool
        public var orientation: Bool
        public var upscaleLowResolution: Bool
        /// Pages lit more unevenly than this (`PageImage.lightingSpread`) get their background levelled; nil: never.
        public var evenLightingAboveSpread: Int?
        /// Straight rules longer than this share of the page's width (a ruled form's grid, frames) are painted
        /// white before the page is read; nil: never.
        public var removeRulesLongerThan: Double?
        /// The lines an official seal covers are read again from the page without its red ink.
        public var rereadUnderSeals: Bool?
        /// A line stamped across a copy (仅供××投标使用, `StampedLineFinder`) is cleared before the page is read; nil: on.
        public var removeStampedLines: Bool?

        enum CodingKeys: String, CodingKey {
            case deskew, orientation
            case upscaleLowResolution = "upscale_low_resolution"
            case evenLightingAboveSpread = "even_lighting_above_spread"
            case removeRulesLongerThan = "remove_rules_longer_than"
            case rereadUnderSeals = "reread_under_seals"
            case removeStampedLines = "remove_stamped_lines"
        }
    }

    public struct Classification: Codable, Sendable {
        public var threshold: Double
    }

    /// Several cards scanned on one page (`PageImage.cardRegions`): each is read as an item of its own.
    public struct Cards: Codable, Sendable {
        public var separate: Bool
        /// Words only a card's back prints (its 复审 records): such a card without a holder is attached to the
        /// front beside it rather than made an item.
        public var backMarks: [String]
        /// How much smaller a card prints its text than a certificate page: a card cut out is read enlarged by this
        /// (as if scanned at its resolution divided by it), so its text reaches the page reading's size.
        public var textScale: Double?

        enum CodingKeys: String, CodingKey {
            case separate
            case backMarks = "back_marks"
            case textScale = "text_scale"
        }
    }

    /// How an unattended run behaves (`pipelines/bulk.yaml`, `pipelines/nightly.yaml`); command-line options
    /// override each value.
    public struct Run: Codable, Sendable {
        /// Parallel workers; nil: one per core.
        public var jobs: Int?
        /// Drop folders: take only files nothing has written to for this long.
        public var settleSeconds: Double?
        /// `--watch`: how often the drop folder is looked at again.
        public var pollSeconds: Double?
        /// Off a terminal: a progress line this often.
        public var progressSeconds: Double?
        /// text or json.
        public var logFormat: String?

        enum CodingKeys: String, CodingKey {
            case jobs
            case settleSeconds = "settle_seconds"
            case pollSeconds = "poll_seconds"
            case progressSeconds = "progress_seconds"
            case logFormat = "log_format"
        }
    }

    public var ocr: OCR
    public var pages: Pages
    public var preparation: Preparation
    public var classification: Classification
    /// nil: a page is always one item.
    public var cards: Cards?
    public var run: Run?

    /// Reads a settings file. A file may start from another one (`extends: settings.yaml`, relative to itself)
    /// and change only what differs: its mappings are merged over the other's, key by key.
    public static func load(from url: URL) throws -> PipelineSettings {
        do {
            let merged = try mergedYAML(url, depth: 0)
            return try YAMLDecoder().decode(PipelineSettings.self, from: try Yams.dump(object: merged))
        } catch let error as ConfigurationError {
            throw error
        } catch {
            throw ConfigurationError("cannot read pipeline settings \(url.path): \(error)")
        }
    }

    private static func mergedYAML(_ url: URL, depth: Int) throws -> [String: Any] {
        guard depth < 8 else { throw ConfigurationError("pipeline settings \(url.path): `extends` goes round in a circle") }
        guard var own = try Yams.load(yaml: try String(contentsOf: url, encoding: .utf8)) as? [String: Any] else {
            throw ConfigurationError("pipeline settings \(url.path): not a YAML mapping")
        }
        // File paths are relative to the file that names them, whichever file extends it.
        for engine in PPOCR.settingsKeys {
            guard var ocr = own["ocr"] as? [String: Any], var files = ocr[engine] as? [String: Any] else { continue }
            for key in PPOCR.pathKeys {
                guard let path = files[key] as? String, !path.hasPrefix("/") else { continue }
                files[key] = url.deletingLastPathComponent().appendingPathComponent(path).standardizedFileURL.path
            }
            ocr[engine] = files
            own["ocr"] = ocr
        }
        guard let base = own.removeValue(forKey: "extends") as? String else { return own }
        let baseURL = URL(fileURLWithPath: base, relativeTo: url.deletingLastPathComponent())
        return merge(own, over: try mergedYAML(baseURL, depth: depth + 1))
    }

    private static func merge(_ top: [String: Any], over base: [String: Any]) -> [String: Any] {
        base.merging(top) { old, new in
            guard let old = old as? [String: Any], let new = new as? [String: Any] else { return new }
            return merge(new, over: old)
        }
    }
}

/// A run-level problem with the configuration: the run cannot start.
public struct ConfigurationError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
