import Foundation
import ZIPFoundation

/// Limits on a workbook's ZIP container, against zip bombs.
public struct ZipLimits: Sendable, Equatable {
    /// Entries in the archive (a real workbook has a few dozen).
    public var maxEntries = 1_000
    /// Uncompressed bytes of all parts read, declared and actual.
    public var maxUncompressedBytes = 256 * 1024 * 1024
    /// Uncompressed ÷ compressed size of one entry larger than 1 MB (XML compresses ~10–20×).
    public var maxRatio = 200

    public init() {}
}

/// An XLSX file's ZIP container with the bomb guards applied before anything is inflated.
final class XLSXPackage {
    private let archive: Archive
    private let entries: [String: Entry]
    private let limits: ZipLimits
    private var inflated = 0
    let name: String

    init(path: String, name: String, limits: ZipLimits) throws(FileRejection) {
        self.name = name
        self.limits = limits
        let archive: Archive
        do {
            archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
        } catch {
            throw FileRejection(.unreadableFile, file: name, detail: "不是有效的 XLSX(ZIP)文件")
        }
        self.archive = archive
        var entries: [String: Entry] = [:]
        var declared: UInt64 = 0
        for entry in archive {
            if entries.count >= limits.maxEntries {
                throw FileRejection(.fileTooLarge, file: name, detail: "压缩包内文件超过 \(limits.maxEntries) 个")
            }
            declared += entry.uncompressedSize
            if entry.uncompressedSize > 1 << 20,
               entry.uncompressedSize / max(entry.compressedSize, 1) > UInt64(limits.maxRatio) {
                throw FileRejection(.fileTooLarge, file: name, detail: "压缩比异常(\(entry.path))")
            }
            entries[entry.path] = entry
        }
        if declared > UInt64(limits.maxUncompressedBytes) {
            throw FileRejection(.fileTooLarge, file: name, detail: "解压后超过 \(limits.maxUncompressedBytes / 1024 / 1024) MB")
        }
        self.entries = entries
    }

    /// True when the archive has this part.
    func has(_ path: String) -> Bool { entries[path] != nil }

    /// The bytes of a part, counting what is actually inflated against the limits (a lying
    /// header cannot get past them).
    func read(_ path: String) throws(FileRejection) -> [UInt8]? {
        guard let entry = entries[path] else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(Int(min(entry.uncompressedSize, 64 << 20)))
        let budget = limits.maxUncompressedBytes - inflated
        struct OverBudget: Error {}
        do {
            _ = try archive.extract(entry, bufferSize: 64 * 1024, skipCRC32: false) { data in
                if out.count + data.count > budget || out.count + data.count > Int(entry.uncompressedSize) + 1024 {
                    throw OverBudget()
                }
                out.append(contentsOf: data)
            }
        } catch is OverBudget {
            throw FileRejection(.fileTooLarge, file: name, detail: "解压后超过限制(\(path))")
        } catch {
            throw FileRejection(.unreadableFile, file: name, detail: "压缩包内容损坏(\(path))")
        }
        inflated += out.count
        return out
    }
}
