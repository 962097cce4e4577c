import Foundation
import TOMLKit

/// The shape of `forecast.toml`: every key optional, an absent key keeps the default.
private struct ConfigFile: Decodable {
    struct Deadline: Decodable {
        var weekday: Int?
        var time: String?
        var weeks_before: Int?
    }
    struct CountyEntry: Decodable {
        var code: String
        var name: String
        var short: String?
        var pinyin: String?
        var aliases: [String]?
    }
    var city: String?
    var time_zone: String?
    var large_audience: Int?
    var settle_seconds: Int?
    var issue_offset: Int?
    var max_file_bytes: Int?
    var supervision_rate: Double?
    var max_rows_per_file: Int?
    var max_columns: Int?
    var max_field_bytes: Int?
    var categories: [String]?
    var fallback_category: String?
    var category_aliases: [String: String]?
    var deadline: Deadline?
    var counties: [CountyEntry]?
}

/// Why `forecast.toml` could not be used.
public struct ConfigError: Error, CustomStringConvertible {
    public var path: String
    public var reason: String
    public var description: String { "\(path): \(reason)" }
}

extension ForecastConfig {
    /// The config of a root: `forecast.toml` there when present, else the built-in default.
    public static func load(root: URL) throws -> ForecastConfig {
        let url = root.appendingPathComponent("forecast.toml")
        guard FileManager.default.fileExists(atPath: url.path) else { return .yaan }
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw ConfigError(path: url.path, reason: "cannot read as UTF-8 (\(error.localizedDescription))")
        }
        return try parse(toml: text, path: url.path)
    }

    /// Applies a `forecast.toml` text over the built-in default.
    public static func parse(toml: String, path: String = "forecast.toml") throws -> ForecastConfig {
        let file: ConfigFile
        do {
            file = try TOMLDecoder().decode(ConfigFile.self, from: toml)
        } catch let error as TOMLParseError {
            throw ConfigError(path: path, reason: "line \(error.source.begin.line): \(error.description)")
        } catch {
            throw ConfigError(path: path, reason: "\(error)")
        }
        var config = ForecastConfig.yaan
        if let v = file.city { config.city = v }
        if let v = file.time_zone {
            guard TimeZone(identifier: v) != nil else { throw ConfigError(path: path, reason: "unknown time_zone \(v)") }
            config.timeZone = v
        }
        if let v = file.large_audience { config.largeAudience = v }
        if let v = file.settle_seconds { config.settleSeconds = max(0, v) }
        if let v = file.issue_offset { config.issueOffset = max(0, v) }
        if let v = file.max_file_bytes { config.maxFileBytes = v }
        if let v = file.max_rows_per_file { config.sheetLimits.maxRows = max(1, v) }
        if let v = file.max_columns { config.sheetLimits.maxColumns = max(14, v) }
        if let v = file.max_field_bytes { config.sheetLimits.maxFieldBytes = max(256, v) }
        if let v = file.supervision_rate {
            guard (0...1).contains(v) else { throw ConfigError(path: path, reason: "supervision_rate must be between 0 and 1") }
            config.supervisionRate = v
        }
        if let v = file.categories {
            guard !v.isEmpty else { throw ConfigError(path: path, reason: "categories is empty") }
            config.categories = v
        }
        if let v = file.fallback_category { config.fallbackCategory = v }
        if let v = file.category_aliases { config.categoryAliases = v }
        if !config.categories.contains(config.fallbackCategory) {
            config.categories.append(config.fallbackCategory)
        }
        for (alias, target) in config.categoryAliases where !config.categories.contains(target) {
            throw ConfigError(path: path, reason: "category alias \(alias) points to unknown category \(target)")
        }
        if let d = file.deadline {
            if let w = d.weekday {
                guard (1...7).contains(w) else { throw ConfigError(path: path, reason: "deadline.weekday must be 1…7") }
                config.deadline.weekday = w
            }
            if let t = d.time {
                guard let minutes = Self.minutes(of: t) else { throw ConfigError(path: path, reason: "deadline.time must be HH:MM") }
                config.deadline.minutes = minutes
            }
            if let b = d.weeks_before { config.deadline.weeksBefore = b }
        }
        if let entries = file.counties {
            guard !entries.isEmpty else { throw ConfigError(path: path, reason: "counties is empty") }
            config.counties = entries.map { e in
                let short = e.short ?? String(e.name.dropLast(e.name.count > 2 ? 1 : 0))
                return County(code: e.code, name: e.name, short: short, pinyin: e.pinyin ?? "", aliases: e.aliases ?? [])
            }
        }
        return config
    }

    private static func minutes(of hhmm: String) -> Int? {
        let parts = hhmm.split(separator: ":")
        guard parts.count == 2, let h = Int(parts[0]), let m = Int(parts[1]),
              (0..<24).contains(h), (0..<60).contains(m) else { return nil }
        return h * 60 + m
    }

    /// The effective config written as `forecast.toml` text (what `forecast config` prints).
    public var tomlText: String {
        func q(_ s: String) -> String {
            var out = "\""
            for ch in s.unicodeScalars {
                switch ch {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                default: out.unicodeScalars.append(ch)
                }
            }
            return out + "\""
        }
        func list(_ xs: [String]) -> String { "[" + xs.map(q).joined(separator: ", ") + "]" }
        var lines: [String] = []
        lines.append("city = \(q(city))")
        lines.append("time_zone = \(q(timeZone))")
        lines.append("large_audience = \(largeAudience)")
        lines.append("settle_seconds = \(settleSeconds)")
        lines.append("issue_offset = \(issueOffset)")
        lines.append("max_file_bytes = \(maxFileBytes)")
        lines.append("max_rows_per_file = \(sheetLimits.maxRows)")
        lines.append("max_columns = \(sheetLimits.maxColumns)")
        lines.append("max_field_bytes = \(sheetLimits.maxFieldBytes)")
        lines.append("supervision_rate = \(supervisionRate)")
        lines.append("categories = \(list(categories))")
        lines.append("fallback_category = \(q(fallbackCategory))")
        lines.append("")
        lines.append("[deadline]")
        lines.append("weekday = \(deadline.weekday)")
        lines.append("time = \(q(String(format: "%02d:%02d", deadline.minutes / 60, deadline.minutes % 60)))")
        lines.append("weeks_before = \(deadline.weeksBefore)")
        lines.append("")
        lines.append("[category_aliases]")
        for alias in categoryAliases.keys.sorted() {
            lines.append("\(q(alias)) = \(q(categoryAliases[alias]!))")
        }
        for c in counties {
            lines.append("")
            lines.append("[[counties]]")
            lines.append("code = \(q(c.code))")
            lines.append("name = \(q(c.name))")
            lines.append("short = \(q(c.short))")
            lines.append("pinyin = \(q(c.pinyin))")
            lines.append("aliases = \(list(c.aliases))")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
