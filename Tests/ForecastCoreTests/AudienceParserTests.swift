import Testing
@testable import ForecastCore

@Suite struct AudienceParserTests {
    @Test(arguments: [
        ("60", 60), ("60人", 60), ("约60人", 60), ("60人次", 60), ("60 人", 60),
        ("大约60人", 60), ("60余人", 60), ("60左右", 60), ("60人左右", 60), ("1,200", 1200),
        ("1200人", 1200), ("６０", 60), ("0", 0), ("0人", 0), ("大概60人", 60), ("约 60 人", 60),
        ("60多人", 60), ("60名", 60), ("60位", 60), ("预计60人", 60), ("1,234,567", 1_234_567),
        ("10000000", 10_000_000), ("060", 60), ("１，２００人", 1200), ("约60人左右", 60),
    ])
    func singleCounts(_ text: String, count: Int) {
        let parsed = AudienceParser.parse(text)
        #expect(parsed?.count == count)
        #expect(parsed?.wasRange == false)
    }

    @Test(arguments: [
        ("50-80", 80), ("50~80", 80), ("50—80", 80), ("50至80人", 80), ("50到80人", 80),
        ("50–80", 80), ("50人-80人", 80), ("约50-80人", 80), ("50 - 80", 80),
        ("1,000-1,500", 1500), ("80-50", 80), ("50-80人左右", 80),
    ])
    func rangesTakeTheUpperBound(_ text: String, count: Int) {
        let parsed = AudienceParser.parse(text)
        #expect(parsed?.count == count)
        #expect(parsed?.wasRange == true)
    }

    @Test(arguments: [
        "-60", "60.5", "60.", ".5", "若干", "", "  ", "约", "人", "10000001", "1,20", "1,2000",
        "1200,000", "50,80", "50-", "-", "50-80-100", "60人60人", "六十", "60 70",
        "60%", "999999999999", "50-若干", "60+", "60人次次",
    ])
    func rejects(_ text: String) {
        #expect(AudienceParser.parse(text) == nil)
    }
}
