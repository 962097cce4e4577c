import ArgumentParser
import ForecastCore
import Foundation

/// `forecast doctor`: what is wrong with this root, and how to fix it.
struct DoctorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check config, folders, database integrity and migrations, free disk and templates.")

    @OptionGroup var options: RootOptions

    func run() throws {
        let findings = Doctor.check(workspace: Workspace(root: options.rootURL, databasePath: options.db))
        for f in findings {
            print((f.ok ? "ok    " : "FIX   ") + f.what)
            if !f.ok { print("      → \(f.fix)") }
        }
        if findings.contains(where: { !$0.ok }) { throw Exit.failed }
    }
}

/// `forecast backup --to FILE`: an online copy of the database.
struct BackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Copy the database with SQLite's online backup (safe during a run).")

    @OptionGroup var options: RootOptions

    @Option(help: "The backup file to write.")
    var to: String

    func run() throws {
        let workspace = Workspace(root: options.rootURL, databasePath: options.db)
        guard FileManager.default.fileExists(atPath: workspace.databasePath) else {
            throw fail("no store at \(workspace.databasePath)")
        }
        do {
            try Store(path: workspace.databasePath).backup(to: to)
            print("backup: \(workspace.databasePath) → \(to)")
        } catch {
            throw fail("backup did not complete: \(error)")
        }
    }
}
