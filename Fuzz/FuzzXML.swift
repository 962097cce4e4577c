// libFuzzer target: the streaming XML reader with the safe options, the Excel 2003 XML
// reader, and schema validation against the shipped forecast.xsd, on arbitrary bytes.
import Foundation

let schema: XMLSchema = {
    let path = ProcessInfo.processInfo.environment["FORECAST_XSD"] ?? "Sources/ForecastCore/Resources/templates/forecast.xsd"
    return try! XMLSchema(xsd: String(contentsOfFile: path, encoding: .utf8))
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzXML(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    if let stream = try? XMLStreamReader(bytes: bytes, name: "fuzz.xml", schema: schema) {
        try? stream.readToEnd()
    }
    if var sheet = try? SpreadsheetMLReader(bytes: bytes, name: "fuzz.xml") {
        var rows = 0
        while let record = try? sheet.next(), rows < 10_000 {
            precondition(record.cells.count <= 16_384 + 16_384, "cells beyond the caps")
            rows += 1
        }
    }
    return 0
}
