#if canImport(Glibc)
import Glibc
#endif

/// A sheet opened for reading: its columns are known and its data rows come one at a time.
public struct OpenedSheet {
    public let format: SheetFormat
    public let encoding: TextEncoding
    public let columns: ColumnMap
    /// Problems about the file as a whole that do not refuse it (`unknown-column`).
    public let fileProblems: [Problem]
    var reader: any TableReader
    var limits = SheetLimits()
    var name = ""
    private var rows = 0

    init(format: SheetFormat, encoding: TextEncoding, columns: ColumnMap, fileProblems: [Problem], reader: any TableReader) {
        self.format = format
        self.encoding = encoding
        self.columns = columns
        self.fileProblems = fileProblems
        self.reader = reader
    }

    /// The next record after the header, blank or not; a record beyond the limits refuses
    /// the whole file (`file-too-large`), whatever the format.
    public mutating func nextRecord() throws -> RawRecord? {
        guard let record = try reader.next() else { return nil }
        rows += 1
        if rows > limits.maxRows {
            throw FileRejection(.fileTooLarge, file: name, detail: "超过 \(limits.maxRows) 行")
        }
        if let why = limits.violation(record) {
            throw FileRejection(.fileTooLarge, file: name, row: record.line, detail: why)
        }
        return record
    }
}

/// Limits on one sheet's shape; breaking one refuses that file only.
public struct SheetLimits: Sendable, Equatable {
    public var maxRows = 100_000
    public var maxColumns = 256
    public var maxFieldBytes = 8_192

    public init() {}

    /// Why a record breaks the limits, in Chinese; nil when it does not.
    func violation(_ record: RawRecord) -> String? {
        if record.cells.count > maxColumns || (record.oversized && record.cells.count >= maxColumns) {
            return "第\(record.line)行超过 \(maxColumns) 列"
        }
        if record.oversized || record.cells.contains(where: { $0.utf8.count > maxFieldBytes }) {
            return "第\(record.line)行有单元格超过 \(maxFieldBytes) 字节"
        }
        return nil
    }
}

/// Opens a submitted file as a sheet: format, encoding, delimiter and header row.
public enum SheetOpener {
    /// The SPEC's file checks after the size check: empty, format, decoding, structure.
    public static func open(path: String, name: String, facts: FileFacts, zipLimits: ZipLimits = ZipLimits(),
                            limits: SheetLimits = SheetLimits()) throws(FileRejection) -> OpenedSheet {
        var sheet = try openUnlimited(path: path, name: name, facts: facts, zipLimits: zipLimits)
        sheet.limits = limits
        sheet.name = name
        return sheet
    }

    static func openUnlimited(path: String, name: String, facts: FileFacts, zipLimits: ZipLimits) throws(FileRejection) -> OpenedSheet {
        if facts.size == 0 { throw FileRejection(.emptyFile, file: name) }
        let container: SheetFormat.Container
        switch SheetFormat.detect(name: name, head: facts.head) {
        case .success(let c): container = c
        case .failure(let why): throw FileRejection(.unsupportedFormat, file: name, detail: why.detail)
        }
        do {
            switch container {
            case .delimitedText:
                guard let encoding = facts.encoding else { throw FileRejection(.encodingError, file: name) }
                let reader = try csvReader(path: path, name: name, encoding: encoding, knownColumns: ColumnMap.knownFieldCount)
                return try locateHeader(reader: reader, format: .csv, encoding: encoding, name: name)
            case .xml:
                guard let encoding = facts.encoding else { throw FileRejection(.encodingError, file: name) }
                return try openXML(path: path, name: name, encoding: encoding, size: facts.size)
            case .zip:
                let reader = try XLSXSheetReader(path: path, name: name, limits: zipLimits)
                return try locateHeader(reader: reader, format: .xlsx, encoding: .utf8, name: name)
            }
        } catch let rejection as FileRejection {
            throw rejection.naming(name)
        } catch is DecodeError {
            throw FileRejection(.encodingError, file: name)
        } catch let error as FileReadError {
            throw FileRejection(.unreadableFile, file: name, detail: error.detail)
        } catch {
            throw FileRejection(.unreadableFile, file: name, detail: "\(error)")
        }
    }

    /// Forecast XML or SpreadsheetML, told by the root element.
    static func openXML(path: String, name: String, encoding: TextEncoding, size: Int) throws -> OpenedSheet {
        let bytes = try ByteFile(path: path).read(upTo: size)
        do {
            let probe = try XMLStreamReader(bytes: bytes, name: name)
            var root: (name: String, namespace: String?)?
            while root == nil, let node = try probe.next() {
                if case .start(let tag, _) = node { root = (tag, probe.namespaceURI) }
            }
            guard let root else { throw XMLRefusal.malformed("Document is empty", line: 1) }
            if root.name == "forecast" && root.namespace == nil {
                let reader = try ForecastXMLReader(bytes: bytes, name: name)
                let columns = ColumnMap(headerRow: ForecastXMLReader.columns)
                return OpenedSheet(format: .forecastXML, encoding: encoding, columns: columns, fileProblems: [], reader: reader)
            }
            if SpreadsheetMLReader.recognises(root: root.name, namespace: root.namespace) {
                return try locateHeader(reader: SpreadsheetMLReader(bytes: bytes, name: name), format: .spreadsheetML,
                                        encoding: encoding, name: name)
            }
            throw FileRejection(.unsupportedFormat, file: name, detail: "XML 根元素 <\(root.name)> 既不是 forecast 也不是 Excel 2003 工作簿")
        } catch let refusal as XMLRefusal {
            throw refusal.rejection(file: name, part: "")
        }
    }

    /// Bytes of decoded text looked at to choose the delimiter and find the header.
    static let probeBytes = 64 * 1024

    /// A CSV reader with the delimiter under which a header row appears with the most known
    /// columns (`knownColumns` counts them for a row).
    static func csvReader(path: String, name: String, encoding: TextEncoding,
                          knownColumns: ([String]) -> Int) throws -> CSVReader {
        let probeSource = try FileUTF8Source(path: path, encoding: encoding, chunkSize: probeBytes)
        let probe = try probeSource.nextChunk() ?? []
        if probe.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D || $0 == 0x2C || $0 == 0x3B }) {
            throw FileRejection(.emptyFile, file: name)
        }
        var best: (delimiter: UInt8, known: Int) = (UInt8(ascii: ","), 0)
        // A delimiter the probe never holds gives one cell a record, never a header: skip it.
        // memchr, not `contains`: a byte at a time, the two delimiters a sheet lacks were looked
        // for through its whole probe (the busy week's probing 82 → 41 M instructions).
        let candidates = probe.withUnsafeBytes { bytes in
            [UInt8(ascii: ","), UInt8(ascii: "\t"), UInt8(ascii: ";")].filter { delimiter in
                bytes.baseAddress.map { memchr($0, Int32(delimiter), bytes.count) != nil } ?? false
            }
        }
        for delimiter in candidates {
            var reader = CSVReader(source: MemoryUTF8Source(probe), delimiter: delimiter)
            let known = try findHeader(in: &reader, knownColumns: knownColumns).map { knownColumns($0.cells) } ?? 0
            if known > best.known { best = (delimiter, known) }
        }
        // A file the probe held whole (nearly every weekly sheet: 20 KB) is read from the probe,
        // not read and decoded a second time.
        if probeSource.isExhausted { return CSVReader(source: MemoryUTF8Source(probe), delimiter: best.delimiter) }
        return CSVReader(source: try FileUTF8Source(path: path, encoding: encoding), delimiter: best.delimiter)
    }

    /// The header row: the first record among the first ten naming at least three known
    /// columns; the records above it (titles, "填报单位:…") are consumed.
    static func findHeader(in reader: inout some TableReader, knownColumns: ([String]) -> Int) throws -> RawRecord? {
        for _ in 0..<ColumnMap.headerSearchDepth {
            guard let record = try reader.next() else { return nil }
            if knownColumns(record.cells) >= ColumnMap.minimumKnownColumns { return record }
        }
        return nil
    }

    /// Opens a CSV, XLSX or SpreadsheetML file as a table in another vocabulary (the
    /// organization registry): its header row and a reader positioned after it.
    public static func openTable(path: String, name: String, facts: FileFacts,
                                 knownColumns: ([String]) -> Int) throws(FileRejection) -> (header: RawRecord, reader: any TableReader) {
        if facts.size == 0 { throw FileRejection(.emptyFile, file: name) }
        do {
            var reader: any TableReader
            switch SheetFormat.detect(name: name, head: facts.head) {
            case .failure(let why):
                throw FileRejection(.unsupportedFormat, file: name, detail: why.detail)
            case .success(.delimitedText):
                guard let encoding = facts.encoding else { throw FileRejection(.encodingError, file: name) }
                reader = try csvReader(path: path, name: name, encoding: encoding, knownColumns: knownColumns)
            case .success(.zip):
                reader = try XLSXSheetReader(path: path, name: name, limits: ZipLimits())
            case .success(.xml):
                reader = try SpreadsheetMLReader(bytes: try ByteFile(path: path).read(upTo: facts.size), name: name)
            }
            guard let header = try findHeader(in: &reader, knownColumns: knownColumns) else {
                throw FileRejection(.noHeaderRow, file: name)
            }
            return (header, reader)
        } catch let rejection as FileRejection {
            throw rejection.naming(name)
        } catch let refusal as XMLRefusal {
            throw refusal.rejection(file: name, part: "")
        } catch {
            throw FileRejection(.unreadableFile, file: name, detail: "\(error)")
        }
    }

    /// Skips the preamble above the header row, maps the columns and checks required ones.
    static func locateHeader(reader: some TableReader, format: SheetFormat, encoding: TextEncoding, name: String) throws -> OpenedSheet {
        var reader = reader
        if let record = try findHeader(in: &reader, knownColumns: ColumnMap.knownFieldCount) {
            if let why = SheetLimits().violation(record) { throw FileRejection(.fileTooLarge, file: name, row: record.line, detail: why) }
            let columns = ColumnMap(headerRow: record.cells)
            let missing = columns.missingRequired
            if !missing.isEmpty {
                throw FileRejection(problems: missing.map { field in
                    Problem(code: .missingColumn, file: name, row: record.line, field: field.templateHeader,
                            message: ProblemMessages.text(.missingColumn, field: field.templateHeader))
                })
            }
            let unknown = columns.unknown.map { i in
                Problem(code: .unknownColumn, file: name, row: record.line, field: columns.headers[i],
                        message: ProblemMessages.text(.unknownColumn, field: columns.headers[i]))
            }
            return OpenedSheet(format: format, encoding: encoding, columns: columns, fileProblems: unknown, reader: reader)
        }
        throw FileRejection(.noHeaderRow, file: name)
    }
}
