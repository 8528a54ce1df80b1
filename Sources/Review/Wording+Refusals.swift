import Archive
import IngestCore

/// What the desk refuses, in the wording's language: the web UI says it on the page as it is.
extension Wording {
    public func refusal(_ error: ReviewError) -> String {
        guard language == .zh else { return error.description }
        switch error {
        case let .noSuchItem(id): return "档案中没有第\(id)项"
        case let .notInReview(id, status): return "第\(id)项\(Self.statusName(status))，不在待审核队列中"
        case let .notReopenable(id, status): return "第\(id)项\(Self.statusName(status))：只有已接受或已拒绝的项目可以重新打开"
        case let .unknownField(field, type, _): return "\(typeName(type))没有字段“\(field)”"
        case let .problemsRemain(id, problems):
            let rules = problems.map { problem in problem.field.map { fieldName($0, type: .unknown) } ?? problem.rule }
            return "第\(id)项仍有问题（\(Array(Set(rules)).sorted().joined(separator: "、"))）：请更正；"
                + "如证书原件本身如此，请按原样接受并写明原因"
        case let .awaitingApproval(id, step, own):
            return "第\(id)项等待\(step)：" + (own ? "自己的修改须由他人复核" : "须由有复核权限的账户批准")
        case let .notAwaitingApproval(id): return "第\(id)项没有等待批准的修改"
        case let .changedSince(id, names):
            return "第\(id)项在您打开后已被\(names.isEmpty ? "他人" : names.joined(separator: "、"))修改：您的修改未保存，"
                + "请重新打开查看后再改"
        case let .unacceptableText(refusal): return "未保存：\(refusal.chinese)"
        case let .unknownType(id): return "第\(id)项认不出是哪一种证书，不能入档：请选择证书类型，或拒绝（Alt+R）"
        case let .typeAlreadyKnown(id): return "第\(id)项已有证书类型：只有认不出类型的项目可以选择类型"
        }
    }

    private static func statusName(_ status: ItemStatus) -> String {
        switch status {
        case .accepted: "已接受"
        case .review: "待审核"
        case .failed: "已拒绝或读取失败"
        }
    }
}
