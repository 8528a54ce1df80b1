import Foundation
import IngestCore
import Yams

/// The 特种作业目录: each 作业类别 with its 操作项目 (`pipelines/special-operations.yaml`). A 特种作业操作证's category
/// and item are checked against it, so that a misread or mismatched pair is not kept silently.
public struct OperationCatalogue: Sendable {
    /// Category → its items; an empty list takes any item.
    public var items: [String: [String]]

    public init(items: [String: [String]]) { self.items = items }

    static func load(from url: URL) throws -> OperationCatalogue {
        OperationCatalogue(items: try YAMLDecoder().decode([String: [String]].self,
                                                           from: String(contentsOf: url, encoding: .utf8)))
    }

    /// What breaks the catalogue: a category it does not hold, or an item its category does not list.
    func problems(category: String?, item: String?) -> [Problem] {
        guard let category else { return [] }
        guard let listed = items.first(where: { Self.same(category, $0.key) })?.value else {
            return [Problem(rule: "\(FieldName.operationCategory).catalogue", field: FieldName.operationCategory,
                            message: "'\(category)' is not a 作业类别 of the 特种作业目录")]
        }
        guard let item, !listed.isEmpty, !listed.contains(where: { Self.same(item, $0) }) else { return [] }
        return [Problem(rule: "\(FieldName.operationItem).catalogue", field: FieldName.operationItem,
                        message: "'\(item)' is not an 操作项目 of 作业类别 '\(category)' in the 特种作业目录")]
    }

    /// Alike as printed: brackets of either width, with or without the closing 作业.
    static func same(_ printed: String, _ listed: String) -> Bool {
        let forms = { (text: String) -> String in
            let halfWidth = text.replacingOccurrences(of: "（", with: "(").replacingOccurrences(of: "）", with: ")")
            return halfWidth.hasSuffix("作业") ? String(halfWidth.dropLast(2)) : halfWidth
        }
        return forms(printed) == forms(listed)
    }
}
