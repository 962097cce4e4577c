/// How much a problem weighs: whether it refuses a file, a row, or only asks for a fix.
public enum ProblemLevel: String, Sendable, Codable, Comparable {
    case file, row, warning, info

    private var rank: Int {
        switch self {
        case .file: return 0
        case .row: return 1
        case .warning: return 2
        case .info: return 3
        }
    }
    public static func < (a: ProblemLevel, b: ProblemLevel) -> Bool { a.rank < b.rank }
}

/// The stable kebab-case codes of SPEC "What each input gets".
public enum ProblemCode: String, Sendable, Codable, CaseIterable {
    case unreadableFile = "unreadable-file"
    case unsupportedFormat = "unsupported-format"
    case encodingError = "encoding-error"
    case emptyFile = "empty-file"
    case fileTooLarge = "file-too-large"
    case symlinkRefused = "symlink-refused"
    case noHeaderRow = "no-header-row"
    case missingColumn = "missing-column"
    case xmlMalformed = "xml-malformed"
    case xmlSchemaInvalid = "xml-schema-invalid"
    case xmlForbiddenDTD = "xml-forbidden-dtd"
    case duplicateFile = "duplicate-file"
    case unknownColumn = "unknown-column"
    case missingValue = "missing-value"
    case invalidDate = "invalid-date"
    case invalidTime = "invalid-time"
    case endBeforeStart = "end-before-start"
    case unknownCounty = "unknown-county"
    case invalidAudience = "invalid-audience"
    case unknownCategory = "unknown-category"
    case invalidPhone = "invalid-phone"
    case invalidCreditCode = "invalid-credit-code"
    case audienceRange = "audience-range"
    case largeAudience = "large-audience"
    case unusualHour = "unusual-hour"
    case pastDate = "past-date"
    case unregisteredOrg = "unregistered-org"
    case duplicateRow = "duplicate-row"
    case revised
    case cancelled
    case lateSubmission = "late-submission"

    /// The level SPEC gives this code.
    public var level: ProblemLevel {
        switch self {
        case .unreadableFile, .unsupportedFormat, .encodingError, .emptyFile, .fileTooLarge,
             .symlinkRefused, .noHeaderRow, .missingColumn, .xmlMalformed, .xmlSchemaInvalid,
             .xmlForbiddenDTD:
            return .file
        case .missingValue, .invalidDate, .invalidTime, .endBeforeStart, .unknownCounty, .invalidAudience:
            return .row
        case .unknownCategory, .invalidPhone, .invalidCreditCode, .audienceRange, .largeAudience,
             .unusualHour, .pastDate, .unregisteredOrg, .lateSubmission:
            return .warning
        case .duplicateFile, .unknownColumn, .duplicateRow, .revised, .cancelled:
            return .info
        }
    }
}

/// One thing found wrong (or worth telling) about an input: a value, never a thrown error.
public struct Problem: Sendable, Equatable, Codable {
    public var code: ProblemCode
    public var file: String
    /// The physical line or sheet row where the record starts; nil for a whole-file problem.
    public var row: Int?
    /// The header as written in the file ("" when the problem is not about one column).
    public var field: String
    public var value: String
    /// Chinese text staff can forward to the organization.
    public var message: String

    public var level: ProblemLevel { code.level }

    public init(code: ProblemCode, file: String, row: Int? = nil, field: String = "", value: String = "", message: String) {
        self.code = code
        self.file = file
        self.row = row
        self.field = field
        self.value = value
        self.message = message
    }
}
