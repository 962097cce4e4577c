import Foundation

/// `forecast orgs import`: reads the registry sheet and upserts it, reporting every row's fate.
public enum RegistryImport {
    public struct Report: Sendable {
        public var fates: [(line: Int, name: String, fate: RegistryFate, problems: [String])]
        public var count: [RegistryFate: Int] {
            Dictionary(grouping: fates, by: \.fate).mapValues(\.count)
        }
        /// One line per row: its fate and problems, in Chinese, as staff read sheets.
        public var lines: [String] {
            fates.map { f in
                let word = ["added": "新增", "updated": "更新", "unchanged": "未变", "refused": "未导入"][f.fate.rawValue]!
                return "第\(f.line)行 \(f.name.isEmpty ? "(无名称)" : f.name):\(word)"
                    + (f.problems.isEmpty ? "" : "——" + f.problems.joined(separator: ";"))
            }
        }
        public var summary: String {
            let c = count
            return "orgs: \(fates.count) rows, \(c[.added] ?? 0) added, \(c[.updated] ?? 0) updated, "
                + "\(c[.unchanged] ?? 0) unchanged, \(c[.refused] ?? 0) refused"
        }
    }

    public static func run(path: String, store: Store, config: ForecastConfig) throws -> Report {
        let rows = try RegistryFile.read(path: path, config: config)
        let fates = try store.importRegistry(rows, config: config)
        return Report(fates: zip(rows, fates).map { ($0.line, $0.name, $1, $0.problems) })
    }
}
