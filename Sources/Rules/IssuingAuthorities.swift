import Foundation

/// The gazetteer of issuing authorities: every 省/市/区/县 住房和城乡建设厅/局 and 应急管理厅/局 (and the bodies they
/// replaced), from `pipelines/issuing-authorities.txt` and any other file `rules.yaml` lists. An issuer read on a
/// certificate must be one of them; a reading a character or two away from exactly one of them is taken as it.
public struct IssuingAuthorities: Sendable {
    private let names: Set<String>
    /// Names as scalar arrays by length, for the nearest-name search.
    private let byLength: [Int: [[Unicode.Scalar]]]

    public init(names: some Sequence<String>) {
        let names = Set(names)
        self.names = names
        byLength = Dictionary(grouping: names.map { Array($0.unicodeScalars) }, by: \.count)
    }

    /// Reads one name per line; blank lines and lines starting with # are skipped.
    public static func load(from urls: [URL]) throws -> IssuingAuthorities {
        var names: [String] = []
        for url in urls {
            let text = try String(contentsOf: url, encoding: .utf8)
            names += text.split(whereSeparator: \.isNewline)
                .map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty && !$0.hasPrefix("#") }
        }
        return IssuingAuthorities(names: names)
    }

    public var isEmpty: Bool { names.isEmpty }
    public var count: Int { names.count }

    public func contains(_ name: String) -> Bool { names.contains(name) }

    public struct Match: Equatable, Sendable {
        public var name: String
        /// Characters inserted, deleted or replaced to turn the reading into the name.
        public var distance: Int
        /// Whether no other name is as near.
        public var isUnique: Bool
        /// The reading is the end of the name, whole: its higher level (province, city) was not read.
        public var completesTail = false

        public init(name: String, distance: Int, isUnique: Bool, completesTail: Bool = false) {
            self.name = name; self.distance = distance; self.isUnique = isUnique; self.completesTail = completesTail
        }
    }

    /// How many characters of a reading of `length` characters may be wrong for it to be taken as a known name:
    /// one in five, at most three (沈阳市应急管理局: one; 沈阳市和平区住房和城乡建设局: two).
    public static func allowedDistance(forLength length: Int) -> Int { min(3, max(1, length / 5)) }

    /// The known name nearest to `reading` within the allowed distance, nil when none is that near.
    ///
    /// A reading that is the whole end of known names (越秀区住房和城乡建设局, its city not read) is an incomplete
    /// name, not a misread one: it is taken only as the one name ending so, never as a name a character or two
    /// away — another place's authority (越西县住房和城乡建设局) is exactly such a name.
    ///
    /// `inProvince`: names the page proves the authority's province is called (湖北 for a number beginning 鄂 of a
    /// type whose issuer lies in its number's province). It only tells apart names the reading is equally near
    /// (可南省住房和城乡建设厅: 河南, 湖南 and 云南 a character away; 河南's when the number is 豫's); it never
    /// makes a reading nearer another name its province's, so an issuer that does not fit its number stays seen.
    public func nearest(to reading: String, inProvince provinceNames: [String]? = nil) -> Match? {
        let target = Array(reading.unicodeScalars)
        let best = nearest(to: target, within: nil)
        guard let best, !best.isUnique, let provinceNames else { return best }
        let own = nearest(to: target) { name in
            provinceNames.contains { name.starts(with: $0.unicodeScalars) }
        }
        guard let own, own.isUnique, own.distance == best.distance, own.completesTail == best.completesTail else { return best }
        return own
    }

    private func nearest(to target: [Unicode.Scalar], within isCandidate: (([Unicode.Scalar]) -> Bool)?) -> Match? {
        let endingSo = target.count < 5 ? [] : byLength.filter { $0.key > target.count }.values.joined()
            .filter { $0.suffix(target.count).elementsEqual(target) && isCandidate?($0) != false }
            .map { String(String.UnicodeScalarView($0)) }
        if let first = endingSo.min() {
            return Match(name: first, distance: first.count - target.count, isUnique: endingSo.count == 1,
                         completesTail: true)
        }
        let allowed = Self.allowedDistance(forLength: target.count)
        var best: Match?
        for length in max(1, target.count - allowed)...(target.count + allowed) {
            for candidate in byLength[length] ?? [] where isCandidate?(candidate) != false {
                let limit = best?.distance ?? allowed
                guard let distance = Self.editDistance(target, candidate, limit: limit) else { continue }
                let name = String(String.UnicodeScalarView(candidate))
                if let b = best, distance == b.distance {
                    best?.isUnique = false
                    if name < b.name { best?.name = name }  // the same answer whatever the set's order
                } else if distance < best?.distance ?? Int.max {
                    best = Match(name: name, distance: distance, isUnique: true)
                }
            }
        }
        return best
    }

    /// Whether `reading` is nearer to another known name than to `name`: one engine's reading of an issuer that
    /// points elsewhere than the authority another engine's reading was taken as (成都市赴江区人基和城乡圣设局 is
    /// 成都市锦江区住房和城乡建设局 misread, not 成都市住房和城乡建设局). Only a reading of five characters or more with
    /// at least half of them as the other name has them counts: noise read in the field's place points nowhere.
    /// A reading without the name's higher levels (或秀区住凤和城乡吓设局 for 广州市越秀区…) is measured against
    /// the name's end.
    public func pointsElsewhere(_ reading: String, than name: String) -> Bool {
        let target = Array(reading.unicodeScalars), own = Array(name.unicodeScalars)
        guard target.count >= 5 else { return false }
        let ownDistance = own.indices.compactMap { start in
            Self.editDistance(target, Array(own[start...]), limit: max(target.count, own.count))
        }.min() ?? 0
        guard ownDistance > 0 else { return false }
        let nearer = min(ownDistance - 1, target.count / 2)
        for length in max(1, target.count - nearer)...(target.count + nearer) {
            for candidate in byLength[length] ?? [] where candidate != own {
                if Self.editDistance(target, candidate, limit: nearer) != nil { return true }
            }
        }
        return false
    }

    /// Levenshtein distance, or nil once it must exceed `limit`.
    static func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar], limit: Int) -> Int? {
        guard abs(a.count - b.count) <= limit else { return nil }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...max(1, a.count) where !a.isEmpty {
            current[0] = i
            var rowMinimum = i
            for j in 1...max(1, b.count) where !b.isEmpty {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(substitution, previous[j] + 1, current[j - 1] + 1)
                rowMinimum = min(rowMinimum, current[j])
            }
            if rowMinimum > limit { return nil }
            swap(&previous, &current)
        }
        let distance = a.isEmpty ? b.count : previous[b.count]
        return distance <= limit ? distance : nil
    }
}
