import Hummingbird
import Review

/// `POST /api/bulk`: a selection of the queue decided, or given to a reviewer, at once.
extension ReviewController {
    /// A selection rejected or accepted as printed with one reason, item by item: an item outside the account's
    /// companies, or one the desk refuses, is reported and the others go on.
    func decide(_ body: BulkDecision, _ context: ReviewContext) throws -> BulkAnswer {
        var answer = BulkAnswer()
        let admits = try scopedCodes(context)
        for id in body.ids {
            guard admits?(id) ?? true else {
                answer.refused.append(.init(id: id, reason: "no such item"))
                continue
            }
            if body.action != .assign || !(context.role?.approves ?? true), let hold = try holdOnChanges(id, context) {
                answer.refused.append(.init(id: id, reason: hold))
                continue
            }
            do {
                switch body.action {
                case .assign: try assign(id, to: body.to, reason: body.reason, context)
                case .reject: _ = try desk.reject(id, reviewer: actor(context, body.reviewer), reason: body.reason)
                case .acceptAsPrinted:
                    _ = try desk.accept(id, reviewer: actor(context, body.reviewer), despite: body.reason,
                                        mayApprove: context.role?.approves ?? true)
                }
                answer.done.append(id)
            } catch let error as ReviewError {
                answer.refused.append(.init(id: id, reason: desk.wording.refusal(error)))
            }
        }
        return answer
    }
}
