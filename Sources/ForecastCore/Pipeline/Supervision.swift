import Foundation

/// `forecast supervise record`: a spot-check's outcome, with its recording filed by date,
/// place and organization (视频督查, 按时间、地点、社会组织分类保存).
public enum Supervision {
    public static let results = ["held", "not-held", "changed", "unreachable"]

    /// Why a check could not be recorded.
    public struct RecordError: Error, CustomStringConvertible {
        public var description: String
    }

    /// Stores the outcome; copies the evidence file (a regular file, never through a link)
    /// to `archive/supervision/<date>/<county>/<organization>/` and records its SHA-256.
    /// Returns the evidence's path relative to the root, if any.
    @discardableResult
    public static func record(store: Store, workspace: Workspace, config: ForecastConfig, activityID: Int64,
                              result: String, checker: String?, note: String?, evidence: URL?, at time: String) throws -> String? {
        guard results.contains(result) else {
            throw RecordError(description: "result must be one of \(results.joined(separator: ", "))")
        }
        guard let activity = try store.activity(id: activityID) else {
            throw RecordError(description: "no current activity with id \(activityID) (see supervision/checklist.csv)")
        }
        var relative: String?
        var digest: String?
        if let evidence {
            var st = stat()
            guard lstat(evidence.path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else {
                throw RecordError(description: "evidence \(evidence.path) is not a regular file")
            }
            let data = try Data(contentsOf: evidence)
            let county = config.county(code: activity.countyCode)?.name ?? activity.countyCode
            let path = ["archive", "supervision", activity.date.iso, SafeName.make(county), SafeName.make(activity.orgName),
                        "\(activityID)-" + SafeName.make(evidence.lastPathComponent)].joined(separator: "/")
            try AtomicFile.write(data, to: workspace.root.appendingPathComponent(path), permissions: 0o640)
            relative = path
            digest = FileSniffer.sha256Hex(data)
        }
        try store.recordCheck(activityID: activityID, result: result, checker: checker, note: note,
                              evidencePath: relative, evidenceSHA256: digest, at: time)
        return relative
    }
}
