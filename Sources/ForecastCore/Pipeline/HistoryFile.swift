import Foundation

/// The history file of `forecast history import`: CSV `week,issue,activities,audience`, one
/// past issue per row (any encoding and delimiter the sheets may use).
public enum HistoryFile {
    /// Why a history file cannot be imported: every bad row, in Chinese.
    public struct Invalid: Error, CustomStringConvertible {
        public var messages: [String]
        public var description: String { messages.joined(separator: "\n") }
    }

    static let headers: [String: Int] = [
        "week": 0, "周": 0, "周次": 0, "预报周": 0,
        "issue": 1, "期": 1, "期号": 1, "期数": 1,
        "activities": 2, "活动数": 2, "活动": 2,
        "audience": 3, "受众数": 3, "受众人数": 3, "受众": 3,
    ]

    /// Reads and checks every row; any bad row refuses the file.
    public static func read(path: String) throws -> [HistoryIssue] {
        let facts = try FileSniffer.sniff(path: path)
        guard let encoding = facts.encoding, facts.size > 0 else { throw Invalid(messages: ["文件为空或不是文本"]) }
        let probe = try FileUTF8Source(path: path, encoding: encoding, chunkSize: 4096).nextChunk() ?? []
        let delimiter: UInt8 = [UInt8(ascii: "\t"), UInt8(ascii: ";")].first { probe.contains($0) } ?? UInt8(ascii: ",")
        var reader = CSVReader(source: try FileUTF8Source(path: path, encoding: encoding), delimiter: delimiter)
        var columns: [Int: Int]?
        var issues: [HistoryIssue] = []
        var errors: [String] = []
        while let record = try reader.next() {
            let cells = record.cells.map { TextNormalizer.clean($0) }
            if cells.allSatisfy(\.isEmpty) { continue }
            guard let map = columns else {
                var found: [Int: Int] = [:]
                for (i, c) in cells.enumerated() { if let f = headers[c.lowercased()] { found[f] = i } }
                if found.count == 4 { columns = found } else if record.line >= 10 { break }
                continue
            }
            func cell(_ f: Int) -> String { map[f]! < cells.count ? cells[map[f]!] : "" }
            guard let week = ForecastWeek.parse(cell(0)) else { errors.append("第\(record.line)行:周次“\(cell(0))”应写成 2016-W49"); continue }
            guard let issue = Int(cell(1)), issue > 0 else { errors.append("第\(record.line)行:期号“\(cell(1))”应为正整数"); continue }
            guard let n = Int(cell(2)), n >= 0 else { errors.append("第\(record.line)行:活动数“\(cell(2))”应为整数"); continue }
            guard let a = Int(cell(3)), a >= 0 else { errors.append("第\(record.line)行:受众数“\(cell(3))”应为整数"); continue }
            issues.append(HistoryIssue(week: week, issue: issue, activities: n, audience: a, line: record.line))
        }
        if columns == nil { errors.insert("找不到表头 week,issue,activities,audience(或 周次,期号,活动数,受众数)", at: 0) }
        var seenWeeks: [ForecastWeek: Int] = [:]
        var seenIssues: [Int: Int] = [:]
        for h in issues {
            if let line = seenWeeks[h.week] { errors.append("第\(h.line)行:\(h.week) 与第\(line)行重复") }
            if let line = seenIssues[h.issue] { errors.append("第\(h.line)行:第\(h.issue)期与第\(line)行重复") }
            seenWeeks[h.week] = h.line
            seenIssues[h.issue] = h.line
        }
        if !errors.isEmpty { throw Invalid(messages: errors) }
        return issues
    }
}
