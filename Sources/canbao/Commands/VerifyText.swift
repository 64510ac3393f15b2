import CanbaoStore
import Foundation

/// `store verify`'s report: Chinese lines for a person, or JSON for machines.
enum VerifyText {
    static func text(_ r: VerifyReport, path: String) -> String {
        var lines = ["数据库：\(path)（只读打开）"]
        lines.append("文件完整性：\(r.integrity == ["ok"] ? "正常" : "损坏")；外键：\(r.foreignKeyProblems == 0 ? "正常" : "\(r.foreignKeyProblems) 处问题")")
        var chain = "审计日志：\(r.auditEntries) 条"
        if let keyedFrom = r.keyedFrom { chain += keyedFrom == 1 ? "，全部以密钥签名" : "，第 \(keyedFrom) 条起以密钥签名（此前为升级前的记录）" }
        lines.append(chain)
        if let head = r.head {
            lines.append("检查点：\(head)（第 \(head.seq) 条，\(head.at.prefix(19)) UTC）")
        }
        lines.append("已核对 \(r.rowsChecked) 行与审计日志所记摘要")
        let c = r.counts
        lines.append("人员 \(c.persons)，参保记录 \(c.platformRecords)，办件 \(c.cases)（已登记 \(c.registeredCases)），操作员 \(c.operators)")
        if r.isOK {
            lines.append("结论：完整，未发现问题")
        } else {
            let total = r.findings.count + r.omittedFindings
            lines.append("结论：发现 \(total) 处问题：")
            for (index, finding) in r.findings.enumerated() {
                lines.append("  \(index + 1). \(finding.message)")
            }
            if r.omittedFindings > 0 { lines.append("  ……另有 \(r.omittedFindings) 处未列出") }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func json(_ r: VerifyReport, path: String) -> String {
        let c = r.counts
        return encode(Document(
            database: path, intact: r.isOK, integrity: r.integrity, foreign_key_problems: r.foreignKeyProblems,
            audit_entries: r.auditEntries, keyed_from: r.keyedFrom,
            head: r.head.map { Head(seq: $0.seq, hash: $0.hash, at: $0.at) }, rows_checked: r.rowsChecked,
            findings: r.findings, omitted_findings: r.omittedFindings,
            counts: Counts(operators: c.operators, persons: c.persons, platform_records: c.platformRecords, cases: c.cases,
                           registered_cases: c.registeredCases, audit_entries: c.auditEntries)))
    }

    /// The same document for a database that could not be opened or read: not intact, the reason as its one finding
    /// (`cannot-open`), nothing checked or counted; a script that asked for JSON gets JSON.
    static func json(unopened reason: String, path: String) -> String {
        encode(Document(
            database: path, intact: false, integrity: [], foreign_key_problems: 0, audit_entries: 0, keyed_from: nil,
            head: nil, rows_checked: 0, findings: [VerifyFinding(kind: .cannotOpen, message: reason)],
            omitted_findings: 0,
            counts: Counts(operators: 0, persons: 0, platform_records: 0, cases: 0, registered_cases: 0, audit_entries: 0)))
    }

    private struct Head: Encodable {
        var seq: Int64
        var hash: String
        var at: String
    }

    private struct Counts: Encodable {
        var operators, persons, platform_records, cases, registered_cases, audit_entries: Int
    }

    private struct Document: Encodable {
        var database: String
        var intact: Bool
        var integrity: [String]
        var foreign_key_problems: Int
        var audit_entries: Int
        var keyed_from: Int64?
        var head: Head?
        var rows_checked: Int
        var findings: [VerifyFinding]
        var omitted_findings: Int
        var counts: Counts
    }

    private static func encode(_ document: Document) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(document)) ?? Data("{}".utf8), as: UTF8.self) + "\n"
    }
}
