import Foundation
import Testing
@testable import ForecastCore

/// `forecast generate`: deterministic, realistic sheets the pipeline reads.
@Suite struct GeneratorTests {
    @Test func sameSeedSameSheetsAndTheyRunThrough() throws {
        let generator = SheetGenerator(orgs: 30, rowsPerOrg: 40, week: ExampleInbox.week, seed: 42)
        let a = generator.files(config: .yaan), b = generator.files(config: .yaan)
        #expect(a.map(\.name) == b.map(\.name) && a.map(\.bytes) == b.map(\.bytes))
        #expect(Set(a.map { ($0.name as NSString).pathExtension }) == ["csv", "txt", "xml"])
        #expect(SheetGenerator(orgs: 30, rowsPerOrg: 40, week: ExampleInbox.week, seed: 43).files(config: .yaan).map(\.bytes) != a.map(\.bytes))

        let t = try TestRoot()
        for f in a {
            try f.bytes.write(to: t.inbox.appendingPathComponent(f.name))
            try FileManager.default.setAttributes([.modificationDate: f.received], ofItemAtPath: t.inbox.appendingPathComponent(f.name).path)
        }
        let outcome = try t.run()
        #expect(outcome.counts.files.rejected == 0)
        let rows = outcome.counts.rows
        #expect(rows.read >= 1200)
        #expect((1...Int(Double(rows.read) * 0.06)).contains(rows.rejected))       // about 3% bad rows
        #expect((1...Int(Double(rows.read) * 0.1)).contains(rows.merged))          // about 5% repeated
        let codes = Set(try t.rejections().map { $0[3] })
        #expect(codes.isSuperset(of: ["invalid-date", "unknown-county", "missing-value", "duplicate-row"]))
        #expect(!codes.contains("invalid-time") && !codes.contains("invalid-credit-code"))
    }

    /// `--csv-only`, the benchmark's inbox: comma-separated sheets only, UTF-8 with BOM and
    /// GBK with a title row, the same organizations and rows as the mixed inbox.
    @Test func csvOnlyGivesUTF8AndGBKSheets() throws {
        let mixed = SheetGenerator(orgs: 20, rowsPerOrg: 10, week: ExampleInbox.week, seed: 7).files(config: .yaan)
        let csv = SheetGenerator(orgs: 20, rowsPerOrg: 10, week: ExampleInbox.week, seed: 7, csvOnly: true).files(config: .yaan)
        #expect(csv.allSatisfy { $0.name.hasSuffix(".csv") })
        #expect(csv.map { ($0.name as NSString).deletingPathExtension } == mixed.map { ($0.name as NSString).deletingPathExtension })
        let bom = csv.filter { $0.bytes.starts(with: [0xEF, 0xBB, 0xBF]) }
        #expect(!bom.isEmpty && bom.count < csv.count)   // the rest are GBK
        let t = try TestRoot()
        for f in csv { try t.drop(f.name, f.bytes, received: "2016-12-06T10:00:00+08:00") }
        let outcome = try t.run()
        let files = outcome.counts.files
        #expect(files.rejected == 0 && files.ingested + files.duplicate == csv.count)
        #expect(outcome.counts.rows.read >= 200)
    }
}
