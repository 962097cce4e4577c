import ArgumentParser
import ForecastCore
import Foundation

/// `forecast orgs`: the organization registry (组织库).
struct OrgsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "orgs",
        abstract: "The organization registry: import, list, aliases.",
        subcommands: [Import.self, List.self, Alias.self])

    /// `forecast orgs import FILE`: upsert by credit code, else by normalized name.
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import organizations from CSV or XLSX (name, credit code, county, category, local/outside, active/inactive, aliases).")

        @OptionGroup var options: RootOptions

        @Argument(help: "The registry sheet.")
        var file: String

        func run() throws {
            let config = try loadConfig(root: options.rootURL)
            let workspace = Workspace(root: options.rootURL, databasePath: options.db)
            do {
                let report = try RegistryImport.run(path: file, store: try Store(path: workspace.databasePath), config: config)
                for line in report.lines { print(line) }
                print(report.summary)
            } catch let rejection as FileRejection {
                throw fail("\(file) 未导入:" + rejection.problems.map(\.message).joined(separator: " "))
            } catch {
                throw fail("orgs import did not complete: \(error)")
            }
        }
    }

    /// `forecast orgs list [--county]`.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List registered organizations, by county.")

        @OptionGroup var options: RootOptions

        @Option(help: "Only this county (name, pinyin or code).")
        var county: String?

        func run() throws {
            let config = try loadConfig(root: options.rootURL)
            let workspace = Workspace(root: options.rootURL, databasePath: options.db)
            let registry = try Store(path: workspace.databasePath).registry(config: config)
            let only = county.flatMap { ReferenceMatcher(config: config).county($0)?.code }
            if county != nil && only == nil { throw fail("unknown county \(county!)") }
            for org in registry.orgs where only == nil || org.countyCode == only {
                let place = org.countyCode.flatMap { config.county(code: $0)?.name } ?? "-"
                let flags = [org.local ? "本地" : "外地", org.active ? "正常" : "停用"].joined(separator: "/")
                let aliases = org.aliases.isEmpty ? "" : "  别名:" + org.aliases.joined(separator: "、")
                print("\(place)\t\(org.name)\t\(org.creditCode ?? "-")\t\(flags)\(aliases)")
            }
        }
    }

    /// `forecast orgs alias add NAME ALIAS`.
    struct Alias: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Aliases of registered organizations.", subcommands: [Add.self])

        struct Add: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Add ALIAS to the registered organization NAME.")

            @OptionGroup var options: RootOptions
            @Argument var name: String
            @Argument var alias: String

            func run() throws {
                let config = try loadConfig(root: options.rootURL)
                let workspace = Workspace(root: options.rootURL, databasePath: options.db)
                guard try Store(path: workspace.databasePath).addAlias(alias, to: name, config: config) else {
                    throw fail("no registered organization named \(name) (forecast orgs list)")
                }
                print("alias \(alias) → \(name)")
            }
        }
    }
}
