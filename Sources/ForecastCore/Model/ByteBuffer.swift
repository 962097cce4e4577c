/// Bytes appended into memory this object owns: an append is a capacity check and a memcpy.
/// Appended to an `[UInt8]`, each piece went through the generic `append(contentsOf:)`
/// (87 instructions a piece; 22 M of the busy week's writer, 28 M of its report rows).
/// One thread uses a buffer, one access at a time, so its properties go without the dynamic
/// exclusivity checks of class properties (20 M instructions of the report rows).
final class ByteBuffer {
    @exclusivity(unchecked) private var base: UnsafeMutablePointer<UInt8>
    @exclusivity(unchecked) private var capacity: Int
    @exclusivity(unchecked) private(set) var count = 0

    init(capacity: Int) {
        self.capacity = capacity
        base = .allocate(capacity: capacity)
    }

    deinit { base.deallocate() }

    /// Empties the buffer, keeping its memory.
    func removeAll() { count = 0 }

    func append(_ raw: UnsafeBufferPointer<UInt8>) {
        guard let source = raw.baseAddress, !raw.isEmpty else { return }
        reserve(raw.count)
        (base + count).update(from: source, count: raw.count)
        count += raw.count
    }

    func append(_ byte: UInt8) {
        reserve(1)
        base[count] = byte
        count += 1
    }

    /// A string's UTF-8 bytes (one copy for a native string).
    func append(_ text: String) {
        var text = text
        text.withUTF8 { append($0) }
    }

    /// The bytes so far, valid until the next append or `removeAll`.
    var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: count) }

    private func reserve(_ n: Int) {
        guard count + n > capacity else { return }
        var grown = capacity * 2
        while grown < count + n { grown *= 2 }
        let larger = UnsafeMutablePointer<UInt8>.allocate(capacity: grown)
        larger.update(from: base, count: count)
        base.deallocate()
        base = larger
        capacity = grown
    }
}
