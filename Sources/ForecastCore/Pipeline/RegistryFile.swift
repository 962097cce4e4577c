import Foundation

/// The registry sheet of `forecast orgs import` (CSV or XLSX): name, credit code, county,
/// category, local/outside, active/inactive, aliases separated by `;` or `、`.
public enum RegistryFile {
    enum Column: CaseIterable { case name, creditCode, county, category, scope, status, aliases }

    static let headers: [String: Column] = {
        var t: [String: Column] = [:]
        let names: [(Column, [String])] = [
            (.name, ["组织名称", "社会组织名称", "单位名称", "名称", "name", "organization"]),
            (.creditCode, ["统一社会信用代码", "信用代码", "credit_code", "code"]),
            (.county, ["县区", "所属县区", "区县", "county", "district"]),
            (.category, ["类别", "组织类别", "服务类别", "服务领域", "活动类别", "category"]),
            (.scope, ["属地", "本地外地", "本地/外地", "来源", "local", "scope"]),
            (.status, ["状态", "是否活跃", "status", "active"]),
            (.aliases, ["别名", "简称", "曾用名", "aliases", "alias"]),
        ]
        for (column, list) in names { for h in list { t[ColumnMap.headerKey(h)] = column } }
        return t
    }()

    /// One row of the file and what reading it found.
    public struct Row: Sendable {
        public var line: Int
        public var org: RegisteredOrg?
        public var name: String
        /// Problems in Chinese; with `org == nil` the row is refused.
        public var problems: [String]
    }

    static func knownColumns(_ cells: [String]) -> Int {
        Set(cells.compactMap { headers[ColumnMap.headerKey($0)] }).count
    }

    static let inactiveWords: Set<String> = ["注销", "停用", "撤销", "吊销", "inactive", "否", "不活跃", "已注销"]
    static let outsideWords: Set<String> = ["外地", "市外", "外来", "outside", "非本地"]

    /// Reads every row; a file-level problem throws `FileRejection`.
    public static func read(path: String, config: ForecastConfig) throws -> [Row] {
        let name = (path as NSString).lastPathComponent
        let facts = try FileSniffer.sniff(path: path)
        var (header, reader) = try SheetOpener.openTable(path: path, name: name, facts: facts, knownColumns: knownColumns)
        var index: [Column: Int] = [:]
        for (i, cell) in header.cells.enumerated() {
            if let c = headers[ColumnMap.headerKey(cell)], index[c] == nil { index[c] = i }
        }
        guard index[.name] != nil else {
            throw FileRejection(.missingColumn, file: name, row: header.line, field: "组织名称")
        }
        let matcher = ReferenceMatcher(config: config)
        var rows: [Row] = []
        while let record = try reader.next() {
            func cell(_ c: Column) -> String {
                guard let i = index[c], i < record.cells.count else { return "" }
                return TextNormalizer.clean(record.cells[i])
            }
            if Column.allCases.allSatisfy({ cell($0).isEmpty }) { continue }
            var problems: [String] = []
            var refused = false
            let orgName = cell(.name)
            if orgName.isEmpty { problems.append("组织名称为空"); refused = true }
            var code: String?
            if !cell(.creditCode).isEmpty {
                switch CreditCode.check(cell(.creditCode)) {
                case .valid(let c): code = c
                case .badCheckCharacter(let c): code = c; problems.append("统一社会信用代码“\(c)”校验位不正确(已导入,请核对)")
                case .malformed: problems.append("统一社会信用代码“\(cell(.creditCode))”格式有误"); refused = true
                }
            }
            var countyCode: String?
            if !cell(.county).isEmpty {
                countyCode = matcher.county(cell(.county))?.code
                if countyCode == nil { problems.append("县区“\(cell(.county))”不在本市县区名单中"); refused = true }
            }
            let category = cell(.category).isEmpty ? nil : (matcher.category(cell(.category)) ?? cell(.category))
            let aliases = cell(.aliases).split(whereSeparator: { ";；、,，".contains($0) })
                .map { TextNormalizer.clean(String($0)) }.filter { !$0.isEmpty }
            let org = refused ? nil : RegisteredOrg(
                name: orgName, creditCode: code, countyCode: countyCode, category: category,
                local: !outsideWords.contains(cell(.scope).lowercased()),
                active: !inactiveWords.contains(cell(.status).lowercased()), aliases: aliases)
            rows.append(Row(line: record.line, org: org, name: orgName, problems: problems))
        }
        return rows
    }
}
