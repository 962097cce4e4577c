import Foundation

/// The shipped example sheets and their manifest `received.tsv` (file, received time), used
/// by `forecast demo` and the tests to fill an inbox as staff would have over a week.
public enum ExampleInbox {
    /// The clock the examples are meant to be run at.
    public static let clock = "2016-12-10T09:00:00+08:00"
    /// The week they forecast.
    public static let week = ForecastWeek.parse("2016-W50")!

    /// Copies every sheet named in `examples/received.tsv` into `inbox`, setting each file's
    /// modification time (its "received" time) from the manifest.
    @discardableResult
    public static func fill(inbox: URL, from examples: URL, time: CentreTime) throws -> [String] {
        let manifest = try String(contentsOf: examples.appendingPathComponent("received.tsv"), encoding: .utf8)
        let fm = FileManager.default
        try fm.createDirectory(at: inbox, withIntermediateDirectories: true)
        var names: [String] = []
        for line in manifest.split(whereSeparator: \.isNewline).dropFirst() {
            let parts = line.split(separator: "\t")
            guard parts.count == 2, let received = time.parse(String(parts[1])) else {
                throw ExampleError(reason: "bad line in received.tsv: \(line)")
            }
            let name = String(parts[0])
            let target = inbox.appendingPathComponent(name)
            if fm.fileExists(atPath: target.path) { try fm.removeItem(at: target) }
            try fm.copyItem(at: examples.appendingPathComponent(name), to: target)
            try fm.setAttributes([.modificationDate: received], ofItemAtPath: target.path)
            names.append(name)
        }
        return names
    }
}

/// The examples folder is not as expected.
public struct ExampleError: Error, CustomStringConvertible {
    public var reason: String
    public var description: String { reason }
}
