import Foundation
import Testing
@testable import ForecastCore

/// `forecast.toml` over the built-in Ya'an defaults; issue numbering from the config.
@Suite struct ConfigTests {
    @Test func defaultsAreYaan() {
        let c = ForecastConfig.yaan
        #expect(c.counties.map(\.code) == ["511802", "511803", "511822", "511823", "511824", "511825", "511826", "511827"])
        #expect(c.categories.count == 8 && c.largeAudience == 500 && c.settleSeconds == 10 && c.issueOffset == 0)
        #expect(c.deadline == DeadlineRule(weekday: 5, minutes: 18 * 60, weeksBefore: 1))
    }

    @Test func printedConfigReadsBackTheSame() throws {
        #expect(try ForecastConfig.parse(toml: ForecastConfig.yaan.tomlText) == .yaan)
    }

    @Test func overridesApply() throws {
        let c = try ForecastConfig.parse(toml: """
            large_audience = 300
            issue_offset = 68
            [deadline]
            weekday = 4
            time = "12:00"
            [[counties]]
            code = "510104"
            name = "锦江区"
            pinyin = "Jinjiang"
            """)
        #expect(c.largeAudience == 300 && c.issueOffset == 68)
        #expect(c.deadline == DeadlineRule(weekday: 4, minutes: 12 * 60, weeksBefore: 1))
        #expect(c.counties.map(\.short) == ["锦江"])
        #expect(ReferenceMatcher(config: c).county("jinjiang")?.code == "510104")
        #expect(c.categories == ForecastConfig.yaan.categories)
    }

    @Test(arguments: ["large_audience = \"many\"", "time_zone = \"Mars/Base\"", "[deadline]\nweekday = 9", "= broken"])
    func badConfigIsACleanError(text: String) {
        #expect(throws: ConfigError.self) { try ForecastConfig.parse(toml: text) }
    }

    @Test func issueOffsetContinuesTheSeries() throws {
        var config = ForecastConfig.yaan
        config.issueOffset = 68
        let t = try TestRoot(config: config)
        try t.drop("a.csv", text: Sheet.csv(Sheet.row()), received: "2016-12-06T10:00:00+08:00")
        #expect(try t.run().issue == 69)
        #expect(try t.run().issue == 69)
        #expect(try t.report().allTime.issues == 69)
    }

    @Test func deadlineAndClockInTheCentresZone() {
        let time = CentreTime(identifier: "Asia/Shanghai")
        #expect(time.iso(time.deadline(for: ExampleInbox.week, rule: ForecastConfig.yaan.deadline)) == "2016-12-09T18:00:00+08:00")
        let now = time.parse("2016-12-10T09:00:00+08:00")!
        #expect(time.week(of: now).description == "2016-W49")
        #expect(time.parse("2016-12-10T01:00:00Z").map(time.iso) == "2016-12-10T09:00:00+08:00")
    }

    /// Every form `--now` takes: an offset or Z, fractional seconds, or the centre's local
    /// time without an offset; anything else is refused.
    @Test func nowInEveryFormItTakes() {
        let time = CentreTime(identifier: "Asia/Shanghai")
        let forms = ["2016-12-10T09:00:00+08:00": "2016-12-10T09:00:00+08:00",
                     "2016-12-10T01:00:00Z": "2016-12-10T09:00:00+08:00",
                     "2016-12-10T03:30:00+02:30": "2016-12-10T09:00:00+08:00",
                     "2016-12-10T09:00:00.750+08:00": "2016-12-10T09:00:00+08:00",
                     "2016-12-10T09:00:00": "2016-12-10T09:00:00+08:00",
                     "2016-12-10T09:00": "2016-12-10T09:00:00+08:00",
                     "2016-12-10": "2016-12-10T00:00:00+08:00"]
        for (text, iso) in forms {
            #expect(time.parse(text).map(time.iso) == iso, "\(text)")
        }
        #expect(time.parse("2016-12-10T09:00:00.750+08:00")?.timeIntervalSince1970 == 1481331600.75)
        for text in ["", "yesterday", "2016-13-10T09:00:00+08:00", "2016-12-10T25:00", "2016-12-10 09:00:00+08:00x"] {
            #expect(time.parse(text) == nil, "\(text)")
        }
    }
}
