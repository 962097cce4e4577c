/// Which column of a sheet holds which field, found from its header row.
public struct ColumnMap: Sendable, Equatable {
    /// Column index of each recognised field.
    public var index: [Field: Int]
    /// The header text as written, per column.
    public var headers: [String]
    /// Columns whose header is unknown or names a field already taken.
    public var unknown: [Int]

    /// The header as written for a field ("" when the sheet has no such column).
    public func header(of field: Field) -> String {
        guard let i = index[field] else { return field.templateHeader }
        return headers[i]
    }

    /// Required fields the sheet has no column for.
    public var missingRequired: [Field] {
        Field.allCases.filter { $0.isRequired && index[$0] == nil }
    }

    /// A header cell normalized for matching: NFKC, trimmed, case folded, with the marks
    /// templates add around names ("*活动名称", "预计受众人数(人)") removed.
    ///
    /// Scalar by scalar: `lowercased()` and a Character-level `removeAll` cost 33k
    /// instructions a cell (callgrind), and header detection runs on up to ten rows of every
    /// sheet: 11% of a 152-file week's instructions.
    static func headerKey(_ cell: String) -> String {
        var key = String.UnicodeScalarView()
        for scalar in TextNormalizer.clean(cell).unicodeScalars {
            let v = scalar.value
            if v < 0x80 {
                switch v {
                case 0x41...0x5A: key.append(Unicode.Scalar(UInt8(v + 0x20)))
                case 0x2A, 0x20, 0x09...0x0D: continue   // "*" and white space: "预计受众\n人数" from a wrapped cell
                default: key.append(scalar)
                }
            } else if (0x4E00...0x9FFF).contains(v) {
                key.append(scalar)
            } else if v != 0xFEFF && !scalar.properties.isWhitespace {
                key.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
            }
        }
        if key.last == ")", let open = key.lastIndex(of: "("), open != key.startIndex {
            key = String.UnicodeScalarView(key[..<open])
        }
        return String(key)
    }

    private static let fieldByHeader: [String: Field] = {
        var table: [String: Field] = [:]
        for field in Field.allCases {
            for header in field.headers { table[headerKey(header)] = field }
        }
        return table
    }()

    /// The field a header names, if any.
    public static func field(forHeader cell: String) -> Field? {
        fieldByHeader[headerKey(cell)]
    }

    /// Maps a header row; the first column naming a field wins, later ones count as unknown.
    public init(headerRow cells: [String]) {
        index = [:]
        headers = cells.map { TextNormalizer.clean($0) }
        unknown = []
        for (i, cell) in cells.enumerated() {
            if headers[i].isEmpty { continue }
            if let field = Self.field(forHeader: cell), index[field] == nil {
                index[field] = i
            } else {
                unknown.append(i)
            }
        }
    }

    /// How many distinct known fields a row names (the header test: at least 3).
    public static func knownFieldCount(_ cells: [String]) -> Int {
        Set(cells.compactMap { field(forHeader: $0) }).count
    }

    /// Header rows are looked for among the first records of a sheet.
    public static let headerSearchDepth = 10
    /// A header row names at least this many known columns.
    public static let minimumKnownColumns = 3
}
