// libFuzzer target: the XLSX reader (ZIP container with its bomb guards, workbook parts,
// shared strings, styles, the sheet) on arbitrary bytes written to a temporary .xlsx file.
import Foundation

let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("fuzz-xlsx-\(getpid()).xlsx")

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzXLSX(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    try? Data(bytes: data, count: size).write(to: scratch)
    var limits = ZipLimits()
    limits.maxUncompressedBytes = 16 << 20
    if var reader = try? XLSXSheetReader(path: scratch.path, name: "fuzz.xlsx", limits: limits) {
        var rows = 0
        while let record = try? reader.next(), rows < 100_000 {
            precondition(record.cells.count <= 16_384, "cells beyond Excel's last column")
            rows += 1
        }
    }
    return 0
}
