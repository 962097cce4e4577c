/// Bytes appended into memory this object owns: an append is a capacity check and a memcpy.
/// Appended to an `[UInt8]`, each piece went through the generic `append(contentsOf:)`
/// (87 instructions a piece; 22 M of the busy week's writer, 28 M of its report rows, and
/// 17-20% of each report writing thread's samples through `StreamedFile`).
/// One thread uses a buffer, one access at a time, so its properties go without the dynamic
/// exclusivity checks of class properties (20 M instructions of the report rows).
final class ByteBuffer {
    @exclusivity(unchecked) private var base: UnsafeMutablePointer<UInt8>
    @exclusivity(unchecked) private(set) var capacity: Int
    @exclusivity(unchecked) private(set) var count = 0

    init(capacity: Int) {
        self.capacity = capacity
        base = .allocate(capacity: capacity)
    }

    deinit { base.deallocate() }

    /// Empties the buffer, keeping its memory.
    func removeAll() { count = 0 }

    /// Empties the buffer and gives its memory back, keeping a few bytes to grow from.
    func release() {
        base.deallocate()
        capacity = 16
        base = .allocate(capacity: capacity)
        count = 0
    }

    @inline(__always)
    func append(_ raw: UnsafeBufferPointer<UInt8>) {
        guard let source = raw.baseAddress, !raw.isEmpty else { return }
        reserve(raw.count)
        (base + count).update(from: source, count: raw.count)
        count += raw.count
    }

    @inline(__always)
    func append(_ byte: UInt8) {
        reserve(1)
        base[count] = byte
        count += 1
    }

    /// A number in decimal, written in place.
    func append(decimal n: Int) {
        reserve(20)
        var magnitude = n.magnitude
        if n < 0 { base[count] = UInt8(ascii: "-"); count += 1 }
        var digits = 1
        var rest = magnitude / 10
        while rest > 0 { digits += 1; rest /= 10 }
        for i in stride(from: digits - 1, through: 0, by: -1) {
            base[count + i] = UInt8(ascii: "0") + UInt8(magnitude % 10)
            magnitude /= 10
        }
        count += digits
    }

    /// A string's UTF-8 bytes. A native string's are read where they lie: `withUTF8` needs a
    /// mutable copy, whose retain and release were 9.6 M instructions of the busy week's writer.
    func append(_ text: String) {
        if text.utf8.withContiguousStorageIfAvailable({ append($0) }) == nil {
            var text = text
            text.withUTF8 { append($0) }
        }
    }

    /// The bytes so far, valid until the next append or `removeAll`.
    var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: count) }

    @inline(__always)
    private func reserve(_ n: Int) {
        if count + n > capacity { grow(toHold: count + n) }
    }

    private func grow(toHold needed: Int) {
        var grown = capacity * 2
        while grown < needed { grown *= 2 }
        let larger = UnsafeMutablePointer<UInt8>.allocate(capacity: grown)
        larger.update(from: base, count: count)
        base.deallocate()
        base = larger
        capacity = grown
    }
}
