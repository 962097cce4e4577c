import ArgumentParser
import ForecastCore
import Foundation

/// `forecast history import FILE`: past issues from paper, so numbering and totals continue.
struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Past issues kept on paper.",
        subcommands: [Import.self])

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import past issues from a CSV of week,issue,activities,audience (all or nothing).")

        @OptionGroup var options: RootOptions

        @Argument(help: "The CSV file.")
        var file: String

        func run() throws {
            let workspace = Workspace(root: options.rootURL, databasePath: options.db)
            let issues: [HistoryIssue]
            do {
                issues = try HistoryFile.read(path: file)
            } catch let invalid as HistoryFile.Invalid {
                throw fail("\(file) 未导入:\n" + invalid.messages.joined(separator: "\n"))
            } catch {
                throw fail("\(file): \(error)")
            }
            let config = try loadConfig(root: options.rootURL)
            let time = CentreTime(identifier: config.timeZone)
            do {
                let result = try Store(path: workspace.databasePath).importHistory(issues, at: time.iso(Date()))
                print("history: \(issues.count) rows, \(result.added) added, \(result.unchanged) unchanged")
            } catch let conflict as HistoryConflict {
                throw fail("\(file) 未导入,与已有期次冲突:\n" + conflict.messages.joined(separator: "\n"))
            } catch {
                throw fail("history import did not complete: \(error)")
            }
        }
    }
}
