import GRDB

/// One past issue from paper: a week with its issue number and totals, no detail rows.
public struct HistoryIssue: Sendable, Equatable {
    public var week: ForecastWeek
    public var issue: Int
    public var activities: Int
    public var audience: Int
    /// Where it came from (line in the import file), for messages.
    public var line: Int

    public init(week: ForecastWeek, issue: Int, activities: Int, audience: Int, line: Int) {
        self.week = week
        self.issue = issue
        self.activities = activities
        self.audience = audience
        self.line = line
    }
}

/// What importing history did.
public struct HistoryImportResult: Sendable, Equatable {
    public var added = 0
    public var unchanged = 0
}

/// A history import refused as a whole, with every conflict.
public struct HistoryConflict: Error, CustomStringConvertible {
    public var messages: [String]
    public var description: String { messages.joined(separator: "\n") }
}

extension Store {
    /// Records past issues, all or nothing: a week already issued differently, or an issue
    /// number already used by another week, refuses the whole import.
    public func importHistory(_ issues: [HistoryIssue], at time: String) throws -> HistoryImportResult {
        try pool.write { db in
            var result = HistoryImportResult()
            var conflicts: [String] = []
            for h in issues {
                let w = h.week.description
                if let row = try Row.fetchOne(db, sql: "SELECT * FROM week WHERE week = ?", arguments: [w]) {
                    let same = (row["source"] as String) == "history" && (row["issue"] as Int) == h.issue
                        && (row["activities"] as Int?) == h.activities && (row["audience"] as Int?) == h.audience
                    if same { result.unchanged += 1; continue }
                    conflicts.append("第\(h.line)行:\(w) 已有第\(row["issue"] as Int)期(\((row["source"] as String) == "history" ? "此前导入的历史数据" : "系统生成的汇总"))")
                    continue
                }
                if let other = try String.fetchOne(db, sql: "SELECT week FROM week WHERE issue = ?", arguments: [h.issue]) {
                    conflicts.append("第\(h.line)行:第\(h.issue)期已属于 \(other)")
                    continue
                }
                try db.execute(sql: """
                    INSERT INTO week (week, issue, issued_at, source, activities, audience) VALUES (?, ?, ?, 'history', ?, ?)
                    """, arguments: [w, h.issue, time, h.activities, h.audience])
                result.added += 1
            }
            if !conflicts.isEmpty { throw HistoryConflict(messages: conflicts) }
            return result
        }
    }
}
