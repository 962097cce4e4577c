import GRDB
import GRDBSQLite
#if canImport(Glibc)
import Glibc
#endif

/// A prepared statement driven through SQLite's C API: bind by position, step, reset.
///
/// Ingest runs three statements for every row of every sheet. GRDB's `StatementArguments`
/// box each value as `DatabaseValueConvertible` in an array and look the statement up by
/// its SQL text; on a 15.7k-row week that was 40% of the store's time (perf). Binding in
/// place costs a C call per value. The statement still belongs to GRDB's connection and is
/// used only inside the `pool.write` or `pool.read` that prepared it.
struct RawStatement {
    let statement: Statement
    var handle: SQLiteStatement { statement.sqliteStatement }

    init(_ db: Database, _ sql: String) throws {
        statement = try db.cachedStatement(sql: sql)
    }

    /// SQLITE_TRANSIENT: SQLite copies the bytes before the bind returns.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    func bind(_ i: Int32, _ value: String) {
        var value = value
        value.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) { chars in
                if let base = chars.baseAddress {
                    _ = sqlite3_bind_text(handle, i, base, Int32(chars.count), Self.transient)
                } else {
                    _ = sqlite3_bind_text(handle, i, "", 0, Self.transient)
                }
            }
        }
    }

    func bind(_ i: Int32, _ value: String?) {
        if let value { bind(i, value) } else { sqlite3_bind_null(handle, i) }
    }

    func bind(_ i: Int32, _ value: Int64) { sqlite3_bind_int64(handle, i, value) }
    func bind(_ i: Int32, _ value: Int) { sqlite3_bind_int64(handle, i, Int64(value)) }
    func bind(_ i: Int32, _ value: Int?) {
        if let value { bind(i, value) } else { sqlite3_bind_null(handle, i) }
    }
    func bind(_ i: Int32, _ value: Bool) { sqlite3_bind_int64(handle, i, value ? 1 : 0) }
    func bind(_ i: Int32, _ value: Double) { sqlite3_bind_double(handle, i, value) }

    /// Runs a statement that returns no rows.
    func run(_ db: Database) throws {
        defer { sqlite3_reset(handle) }
        let code = sqlite3_step(handle)
        guard code == SQLITE_DONE else { throw DatabaseError(resultCode: ResultCode(rawValue: code), message: db.lastErrorMessage) }
    }

    /// Steps to the first row; `read` sees it; nil when there is none.
    func first<T>(_ db: Database, _ read: (RawStatement) -> T) throws -> T? {
        defer { sqlite3_reset(handle) }
        switch sqlite3_step(handle) {
        case SQLITE_ROW: return read(self)
        case SQLITE_DONE: return nil
        case let code: throw DatabaseError(resultCode: ResultCode(rawValue: code), message: db.lastErrorMessage)
        }
    }

    /// Steps through every row; `body` sees each while it is current.
    func each(_ db: Database, _ body: (RawStatement) throws -> Void) throws {
        defer { sqlite3_reset(handle) }
        while true {
            switch sqlite3_step(handle) {
            case SQLITE_ROW: try body(self)
            case SQLITE_DONE: return
            case let code: throw DatabaseError(resultCode: ResultCode(rawValue: code), message: db.lastErrorMessage)
            }
        }
    }

    func int(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }
    func isNull(_ column: Int32) -> Bool { sqlite3_column_type(handle, column) == SQLITE_NULL }
    /// A text column's bytes, valid until the next step (empty for NULL).
    func bytes(_ column: Int32) -> UnsafeBufferPointer<UInt8> {
        guard let p = sqlite3_column_text(handle, column) else { return UnsafeBufferPointer(start: nil, count: 0) }
        return UnsafeBufferPointer(start: p, count: Int(sqlite3_column_bytes(handle, column)))
    }
    /// A text column's bytes, or nil for NULL, from one call where `bytes` and `isNull` make
    /// three: SQLite gives no text pointer for NULL (nor when out of memory, which the type
    /// then tells apart).
    func textOrNull(_ column: Int32) -> UnsafeBufferPointer<UInt8>? {
        guard let p = sqlite3_column_text(handle, column) else {
            return sqlite3_column_type(handle, column) == SQLITE_NULL ? nil : UnsafeBufferPointer(start: nil, count: 0)
        }
        return UnsafeBufferPointer(start: p, count: Int(sqlite3_column_bytes(handle, column)))
    }
    func double(_ column: Int32) -> Double { sqlite3_column_double(handle, column) }
    func text(_ column: Int32) -> String {
        guard let p = sqlite3_column_text(handle, column) else { return "" }
        let n = Int(sqlite3_column_bytes(handle, column))
        return String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self)
    }
    /// Number of rows the last run changed (0 when an `ON CONFLICT DO NOTHING` insert met its key).
    func changes(_ db: Database) -> Int { Int(sqlite3_changes(db.sqliteConnection)) }
}

/// The text values of one row, copied end to end into one reused buffer and bound in place
/// (SQLITE_STATIC) instead of copied by SQLite (SQLITE_TRANSIENT): a transient bind mallocs,
/// copies and later frees each value, 700 instructions a text (callgrind: a third of the
/// store's instructions per row, 34 texts a row). The bytes must stay put while a statement
/// that holds them steps: bind and step inside `withBytes`, and clear the bindings before
/// the buffer changes (`RawStatement.clearBindings`). The buffer is a `ByteBuffer`.
final class TextArena {
    /// Where one value lies in the buffer.
    struct Slice {
        let offset: Int
        let count: Int
    }

    private let buffer = ByteBuffer(capacity: 4096)

    func reset() { buffer.removeAll() }

    func add(_ text: String) -> Slice {
        let offset = buffer.count
        buffer.append(text)
        return Slice(offset: offset, count: buffer.count - offset)
    }

    /// `a|b|c` as one value: the activity key, without building it as a String first
    /// (String appends were 37 M of the busy week's 1 G writer instructions).
    func add(_ a: String, _ b: String, _ c: String, separator: UInt8) -> Slice {
        let offset = buffer.count
        buffer.append(a)
        buffer.append(separator)
        buffer.append(b)
        buffer.append(separator)
        buffer.append(c)
        return Slice(offset: offset, count: buffer.count - offset)
    }

    func add(_ text: String?) -> Slice? { text.map { add($0) } }

    /// Runs `body` with the buffer's bytes, which stay put until the next `add` or `reset`.
    func withBytes<T>(_ body: (Bytes) throws -> T) rethrows -> T {
        try body(Bytes(base: buffer.bytes))
    }

    /// The pinned buffer, for `RawStatement.bind(_:_:in:)`.
    struct Bytes {
        let base: UnsafeBufferPointer<UInt8>
    }
}

extension RawStatement {
    /// Binds a slice of a pinned arena without a copy (SQLITE_STATIC); nil binds NULL.
    /// An empty slice points at its offset too: SQLite reads no byte of a zero-length text.
    func bind(_ i: Int32, _ slice: TextArena.Slice?, in bytes: TextArena.Bytes) {
        guard let slice else { sqlite3_bind_null(handle, i); return }
        guard let base = bytes.base.baseAddress else { bind(i, ""); return }   // an empty arena
        let chars = UnsafeRawPointer(base + slice.offset).assumingMemoryBound(to: CChar.self)
        _ = sqlite3_bind_text(handle, i, chars, Int32(slice.count), nil)
    }

    /// Sets every parameter to NULL, so no binding points into a buffer that may change.
    func clearBindings() { sqlite3_clear_bindings(handle) }
}
