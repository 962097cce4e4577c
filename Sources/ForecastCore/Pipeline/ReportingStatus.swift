import Foundation

/// `forecast status`: for staff on Thursday afternoon, who has and has not sent a sheet for
/// the coming week, per county: sheets already taken and sheets still waiting in the inbox.
public enum ReportingStatus {
    /// The status as lines of Chinese text.
    public static func lines(workspace: Workspace, store: Store, config: ForecastConfig, week: ForecastWeek, now: Date) throws -> [String] {
        let registry = try store.registry(config: config)
        let time = CentreTime(identifier: config.timeZone)
        guard !registry.isEmpty else { return ["尚未导入组织库(forecast orgs import FILE),无法列出未报送的组织。"] }
        var submissions = try store.submissions(forRunsOf: week)
        let waiting = try pendingInbox(workspace: workspace, config: config, week: week, today: time.localDate(of: now))
        submissions += waiting
        let c = Completeness(registry: registry, submissions: submissions, deadline: time.deadline(for: week, rule: config.deadline),
                             config: config)
        var out = ["\(week) 报送情况(截至 \(time.display(now))):应报 \(c.expected) 家,已报 \(c.reported) 家,其中收件箱中待处理 \(waiting.count) 份;截止时间 \(time.display(time.deadline(for: week, rule: config.deadline)))。"]
        let missing = Dictionary(c.missingByCounty.map { ($0.county, $0.orgs) }, uniquingKeysWith: { a, _ in a })
        for county in config.counties {
            let expected = registry.orgs.filter { $0.active && $0.countyCode == county.code }.count
            guard expected > 0 else { continue }
            let names = missing[county.name] ?? []
            out.append("\(county.name):已报 \(expected - names.count)/\(expected)" + (names.isEmpty ? "" : ";未报:" + names.joined(separator: "、")))
        }
        if let other = missing["未填县区"] { out.append("未填县区:未报:" + other.joined(separator: "、")) }
        if !c.unregistered.isEmpty { out.append("不在组织库中的报送组织:" + c.unregistered.joined(separator: "、")) }
        return out
    }

    /// Sheets in the inbox not yet taken, read only far enough to know who sent them.
    static func pendingInbox(workspace: Workspace, config: ForecastConfig, week: ForecastWeek, today: LocalDate) throws -> [Submission] {
        guard FileManager.default.fileExists(atPath: workspace.inbox.path) else { return [] }
        let (entries, _) = try InboxScanner.scan(inbox: workspace.inbox, wallClock: .distantFuture, settleSeconds: 0)
        return entries.filter { !$0.isSymlink && $0.size <= config.maxFileBytes }.compactMap { entry in
            guard let facts = try? FileSniffer.sniff(path: entry.path),
                  var sheet = try? SheetOpener.open(path: entry.path, name: entry.name, facts: facts) else { return nil }
            var validator = RowValidator(fileName: entry.name, columns: sheet.columns, matcher: ReferenceMatcher(config: config),
                                         forecastWeek: week, today: today)
            var name: String?
            var code: String?
            var rows = 0
            while name == nil, let record = try? sheet.nextRecord() {
                guard let row = validator.validate(record) else { continue }
                rows += 1
                name = row.orgName
                code = row.draft?.creditCode
            }
            return Submission(fileName: entry.name, receivedAt: "", outcome: .ingested, orgName: name, creditCode: code,
                              receivedEpoch: entry.received.timeIntervalSince1970, rowsRead: rows, rowsAccepted: rows,
                              rowsRejected: 0, audience: 0)
        }
    }
}
