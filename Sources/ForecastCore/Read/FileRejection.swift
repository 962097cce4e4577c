/// A file that cannot be read as a sheet; its problems say why (the first is the file's code).
public struct FileRejection: Error, Sendable {
    public var problems: [Problem]
    public var code: ProblemCode { problems[0].code }

    init(_ code: ProblemCode, file: String, row: Int? = nil, field: String = "", value: String = "", detail: String = "") {
        problems = [Problem(code: code, file: file, row: row, field: field, value: value,
                            message: ProblemMessages.text(code, field: field, value: value, detail: detail))]
    }

    init(problems: [Problem]) { self.problems = problems }

    /// The same rejection with the file's name on every problem (readers deep in a
    /// container do not know it).
    func naming(_ file: String) -> FileRejection {
        FileRejection(problems: problems.map { p in var p = p; p.file = file; return p })
    }
}

extension XMLRefusal {
    /// The file problem for this refusal in `part` ("" for a whole XML file), with its line.
    func rejection(file: String, part: String) -> FileRejection {
        let prefix = part.isEmpty ? "" : "\(part) "
        switch self {
        case .forbiddenDTD:
            return FileRejection(.xmlForbiddenDTD, file: file, detail: part)
        case .malformed(let m, let line):
            return FileRejection(.xmlMalformed, file: file, row: line > 0 ? line : nil, detail: "\(prefix)第\(line)行:\(m)")
        case .schemaInvalid(let m, let line):
            return FileRejection(.xmlSchemaInvalid, file: file, row: line > 0 ? line : nil, detail: "第\(line)行:\(m)")
        case .tooLarge(let m):
            return FileRejection(.fileTooLarge, file: file, detail: m)
        }
    }
}
