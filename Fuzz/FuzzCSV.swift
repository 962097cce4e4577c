// libFuzzer target: the CSV reader and the encoding validators on arbitrary bytes.
// Built by scripts/fuzz with the library's own sources (see there).

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSV(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    var utf8 = UTF8Validator()
    var gb = GB18030Validator()
    bytes.withUnsafeBytes { raw in
        // Split at every third of the input, as chunk boundaries do.
        let cut = raw.count / 3
        utf8.feed(UnsafeRawBufferPointer(rebasing: raw[..<cut]))
        utf8.feed(UnsafeRawBufferPointer(rebasing: raw[cut...]))
        gb.feed(raw)
    }
    _ = utf8.finished && gb.finished
    for delimiter in [UInt8(ascii: ","), UInt8(ascii: "\t"), UInt8(ascii: ";")] {
        var reader = CSVReader(source: MemoryUTF8Source(bytes), delimiter: delimiter, maxFieldBytes: 4096, maxCells: 256)
        var lastLine = 0
        while let record = try? reader.next() {
            precondition(record.line >= lastLine, "line numbers go backwards")
            precondition(record.cells.count <= 256, "cell cap broken")
            lastLine = record.line
        }
    }
    return 0
}
