import Foundation

/// `forecast doctor`: checks what a weekly run needs and says how to fix what is wrong.
public enum Doctor {
    public struct Finding: Sendable {
        public var ok: Bool
        public var what: String
        /// How to fix it (empty when ok).
        public var fix: String
    }

    /// Free space below which the disk is reported.
    static let minimumFreeBytes: Int64 = 512 * 1024 * 1024

    public static func check(workspace: Workspace) -> [Finding] {
        var out: [Finding] = []
        func add(_ ok: Bool, _ what: String, _ fix: String = "") { out.append(Finding(ok: ok, what: what, fix: ok ? "" : fix)) }
        let fm = FileManager.default

        var config = ForecastConfig.yaan
        do {
            config = try ForecastConfig.load(root: workspace.root)
            add(true, "config: \(fm.fileExists(atPath: workspace.root.appendingPathComponent("forecast.toml").path) ? "forecast.toml" : "built-in Ya'an defaults") (\(config.counties.count) counties, \(config.categories.count) categories)")
        } catch {
            add(false, "config: \(error)", "correct forecast.toml (forecast config prints the effective values)")
        }

        for (name, url) in [("root", workspace.root), ("inbox", workspace.inbox), ("output", workspace.output),
                            ("data", URL(fileURLWithPath: (workspace.databasePath as NSString).deletingLastPathComponent))] {
            var isDir: ObjCBool = false
            let exists = fm.fileExists(atPath: url.path, isDirectory: &isDir) && isDir.boolValue
            if !exists {
                add(false, "\(name) folder \(url.path) is missing", "mkdir -p \(url.path)")
            } else {
                add(access(url.path, W_OK | X_OK) == 0, "\(name) folder \(url.path) is writable",
                    "give the user running cron write access: chown or chmod \(url.path)")
            }
        }

        if fm.fileExists(atPath: workspace.databasePath) {
            do {
                let store = try Store(path: workspace.databasePath)
                let integrity = try store.integrityCheck()
                add(integrity == "ok", "database integrity: \(integrity)",
                    "restore the last backup (forecast backup --to FILE makes one) over \(workspace.databasePath)")
                let broken = try store.brokenReferences()
                add(broken.isEmpty,
                    "database references: \(broken.isEmpty ? "ok" : "\(broken.count) broken, first \(broken.prefix(3).joined(separator: "; "))")",
                    "restore the last backup (forecast backup --to FILE makes one) over \(workspace.databasePath)")
                let (pending, unknown) = try store.migrationState()
                add(pending.isEmpty && unknown.isEmpty,
                    "database migrations: \(pending.isEmpty && unknown.isEmpty ? "up to date" : "pending \(pending), unknown \(unknown)")",
                    unknown.isEmpty ? "run forecast once to apply them" : "this program is older than the database: install the newer forecast")
            } catch {
                add(false, "database \(workspace.databasePath): \(error)", "restore the last backup over it")
            }
        } else {
            add(true, "database \(workspace.databasePath) not created yet (the first run creates it)")
        }

        if let attrs = try? fm.attributesOfFileSystem(forPath: workspace.root.path),
           let free = (attrs[.systemFreeSize] as? NSNumber)?.int64Value {
            add(free >= minimumFreeBytes, "free disk: \(free / 1024 / 1024) MB",
                "free space on \(workspace.root.path): archive/ and old output/ weeks can be moved elsewhere")
        }

        do {
            let renderer = try TemplateRenderer(overrideDirectory: workspace.templates)
            for name in ["summary.html", "summary.md", "notice.html", "chart"] {
                _ = try renderer.render(name, [String: String]())
            }
            _ = try ForecastXMLReader.schema.get()
            add(true, "templates: summary, notice and chart render; forecast.xsd compiles")
        } catch {
            add(false, "templates: \(error)", "fix or remove the template in \(workspace.templates.path); the built-in copy is used when none is there")
        }

        do {
            let lock = try RunLock(databasePath: workspace.databasePath)
            withExtendedLifetime(lock) {}
            add(true, "no run in progress")
        } catch {
            add(false, "\(error)", "wait for it to finish; a killed run never leaves the lock behind")
        }
        return out
    }
}
