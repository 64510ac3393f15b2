import CanbaoRules
import CanbaoStore
import Foundation

extension Counter {
    /// Voids a draft opened by mistake (作废), with the reason: one transaction with its audit row.
    public func voidDraft(number: String, expectedVersion: Int?, reason: String, by me: Operator) throws -> CaseRecord {
        try requireRealOperator(me, "作废真实的办件")
        return try store.voidDraft(number: number, expectedVersion: expectedVersion, reason: reason, by: me.id)
    }

    /// Withdraws a submitted case not yet decided (撤回), with the reason: one transaction with its audit row.
    public func withdraw(number: String, expectedVersion: Int?, reason: String, by me: Operator) throws -> CaseRecord {
        try requireRealOperator(me, "撤回真实的办件")
        return try store.withdraw(number: number, expectedVersion: expectedVersion, reason: reason, by: me.id)
    }
}
