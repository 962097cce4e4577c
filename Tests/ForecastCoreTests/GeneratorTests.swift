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
}
