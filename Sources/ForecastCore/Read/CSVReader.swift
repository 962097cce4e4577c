/// RFC 4180 records from a UTF-8 byte stream: quoted fields, doubled quotes, quoted line
/// breaks, and CRLF, LF or lone CR as the record end.
///
/// Written by hand on bytes rather than with SwiftCSV or CSV.swift: those take a `String`
/// (a whole-file copy) or decode per character; this runs over the chunks the decoder
/// hands out and builds a `String` only per cell.
struct CSVReader: TableReader {
    static var quote: UInt8 { 0x22 }
    static var cr: UInt8 { 0x0D }
    static var lf: UInt8 { 0x0A }

    let delimiter: UInt8
    /// A cell longer than this many bytes is cut, and a record with more cells loses the
    /// rest; either marks the record oversized, which the sheet limits refuse. They bound
    /// memory on hostile input (a 20 MB line of commas would otherwise be 20M strings).
    let maxFieldBytes: Int
    let maxCells: Int
    /// An existential, not a generic parameter: it is called once per chunk, not per byte, and
    /// the generic form crashes the Swift 6.3.1 optimizer (CopyPropagation) in release builds.
    private var source: any UTF8Source
    private var chunk: [UInt8] = []
    private var pos = 0
    private var exhausted = false
    private var line = 1
    /// The previous byte was a CR ending a line: a following LF belongs to it.
    private var swallowLF = false
    /// Cells of the last record: the next one's array is made that size at once, not grown
    /// from empty through five copies (the busy week's records 208 → 177 M instructions).
    private var lastCellCount = 0

    init(source: any UTF8Source, delimiter: UInt8, maxFieldBytes: Int = 1 << 20, maxCells: Int = 4096) {
        self.source = source
        self.delimiter = delimiter
        self.maxFieldBytes = maxFieldBytes
        self.maxCells = maxCells
    }

    private enum State { case fieldStart, unquoted, quoted, quoteInQuoted }

    private mutating func refill() throws -> Bool {
        while !exhausted {
            if let next = try source.nextChunk() {
                if next.isEmpty { continue }
                chunk = next
                pos = 0
                return true
            }
            exhausted = true
        }
        return false
    }

    mutating func next() throws -> RawRecord? {
        var cells: [String] = []
        cells.reserveCapacity(lastCellCount)
        var field: [UInt8] = []
        var state = State.fieldStart
        var startLine = line
        var started = false
        var oversized = false
        func finishCell() {
            if cells.count < maxCells { cells.append(String(decoding: field, as: UTF8.self)) } else { oversized = true }
            if field.count >= maxFieldBytes { oversized = true }
            lastCellCount = cells.count
        }
        while true {
            if pos == chunk.count {
                guard try refill() else {
                    if !started { return nil }
                    finishCell()
                    return RawRecord(line: startLine, cells: cells, oversized: oversized)
                }
            }
            let b = chunk[pos]
            if swallowLF {
                swallowLF = false
                if b == Self.lf {
                    pos += 1
                    if state == .quoted { field.append(b) }
                    continue
                }
            }
            if !started { started = true; startLine = line }
            switch state {
            case .fieldStart, .unquoted:
                if state == .fieldStart && b == Self.quote {
                    state = .quoted
                    pos += 1
                    continue
                }
                if b == delimiter {
                    finishCell()
                    field.removeAll(keepingCapacity: true)
                    state = .fieldStart
                    pos += 1
                } else if b == Self.lf || b == Self.cr {
                    line += 1
                    swallowLF = b == Self.cr
                    pos += 1
                    finishCell()
                    return RawRecord(line: startLine, cells: cells, oversized: oversized)
                } else {
                    // Copy the run of ordinary bytes in one go.
                    var end = pos + 1
                    while end < chunk.count {
                        let c = chunk[end]
                        if c == delimiter || c == Self.lf || c == Self.cr { break }
                        end += 1
                    }
                    let room = maxFieldBytes - field.count
                    if room > 0 { field.append(contentsOf: chunk[pos..<min(end, pos + room)]) }
                    pos = end
                    state = .unquoted
                }
            case .quoted:
                if b == Self.quote {
                    state = .quoteInQuoted
                } else {
                    if b == Self.lf || b == Self.cr {
                        line += 1
                        swallowLF = b == Self.cr
                    }
                    if field.count < maxFieldBytes { field.append(b) }
                }
                pos += 1
            case .quoteInQuoted:
                if b == Self.quote {
                    field.append(b)          // "" inside quotes is one quote
                    state = .quoted
                    pos += 1
                } else {
                    // Closing quote; anything before the delimiter is kept as text (lenient).
                    state = .unquoted
                }
            }
        }
    }
}
