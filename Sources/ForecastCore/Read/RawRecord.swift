/// One record of a sheet as read: the cells as text and where the record starts.
///
/// This is the single table abstraction every reader (CSV today; XML, SpreadsheetML and
/// XLSX later) produces, so header matching, validation and problems are shared.
public struct RawRecord: Sendable, Equatable {
    /// The physical line (CSV) or sheet row (spreadsheets) where the record starts, from 1.
    public var line: Int
    public var cells: [String]
    /// The reader cut a cell or dropped cells beyond its caps (the sheet breaks the limits).
    public var oversized: Bool

    public init(line: Int, cells: [String], oversized: Bool = false) {
        self.line = line
        self.cells = cells
        self.oversized = oversized
    }
}

/// A reader that yields a sheet's records one at a time, so memory stays flat.
public protocol TableReader {
    mutating func next() throws -> RawRecord?
}
