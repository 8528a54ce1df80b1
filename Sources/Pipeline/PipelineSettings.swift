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

        enum CodingKeys: String, CodingKey {
            case tessdata, languages
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
        }
    }

    public struct Pages: Codable, Sendable {
        public var renderDPI: Double
        public var textLayerMinCharacters: Int
        public var maxMegapixels: Int
        /// Images narrower or shorter than this many pixels cannot hold a legible certificate.
        public var minimumSide: Int
        public var thumbnailWidth: Int

        enum CodingKeys: String, CodingKey {
            case renderDPI = "render_dpi"
            case textLayerMinCharacters = "text_layer_min_characters"
            case maxMegapixels = "max_megapixels"
            case minimumSide = "minimum_side"
            case thumbnailWidth = "thumbnail_width"
        }
    }

    /// Image preparation steps, each switchable.
    public struct Preparation: Codable, Sendable {
        public var deskew: Bool
        public var orientation: Bool
        public var upscaleLowResolution: Bool
        /// Pages lit more unevenly than this (`PageImage.lightingSpread`) get their background levelled; nil: never.
        public var evenLightingAboveSpread: Int?

        enum CodingKeys: String, CodingKey {
            case deskew, orientation
            case upscaleLowResolution = "upscale_low_resolution"
            case evenLightingAboveSpread = "even_lighting_above_spread"
        }
    }

    public struct Classification: Codable, Sendable {
        public var threshold: Double
    }

    public var ocr: OCR
    public var pages: Pages
    public var preparation: Preparation
    public var classification: Classification

    public static func load(from url: URL) throws -> PipelineSettings {
        do {
            return try YAMLDecoder().decode(PipelineSettings.self, from: try String(contentsOf: url, encoding: .utf8))
        } catch {
            throw ConfigurationError("cannot read pipeline settings \(url.path): \(error)")
        }
    }
}

/// A run-level problem with the configuration: the run cannot start.
public struct ConfigurationError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
