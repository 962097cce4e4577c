// Contact-phone cells: Chinese mobile numbers and landlines in their many written forms,
// reduced to one canonical spelling so versions of a row compare equal.

/// Parses the contact phone (联系电话) cell.
public enum PhoneParser {
    /// Returns the canonical phone number, or nil.
    ///
    /// - Mobile: `1[3-9]` + 9 digits, in any grouping (`139 0816 1234`, `139-0816-1234`),
    ///   optionally after `+86`, `0086` or a bare `86`. Canonical: 11 digits `13908161234`.
    /// - Landline: area code + local number + optional extension. Canonical:
    ///   `0835-2221234` or `0835-2221234-801`.
    ///   - Area codes follow China's numbering plan: three digits for `010` and `020`–`029`,
    ///     four digits `0[3-9]xx` for everything else. This is what makes an unseparated
    ///     `08352221234` unambiguous: the digit after the leading 0 decides the length
    ///     (1 or 2 → 3 digits, 3–9 → 4 digits); a separated area code must also obey it.
    ///   - Local number: 7 or 8 digits, first digit 2–9; it may itself be split
    ///     (`0835-222-1234`): groups after the area code are joined until they reach 7 digits.
    ///   - Extension: 1–6 digits, after `转`, `分机`, `ext`, `x`, or as one more
    ///     dash-separated group (`0835-2221234-801`).
    ///   - Separators: spaces, `-`, dashes, `.`, `(` `)`; `+86 835 2221234` gets its
    ///     trunk 0 back (`0835-2221234`).
    /// Anything else (letters, several numbers in one cell, short or long numbers) is nil.
    public static func parse(_ text: String) -> String? {
        withScalarReader(text) { r in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 40) { d in
                withUnsafeTemporaryAllocation(of: Int.self, capacity: 8) { ends in
                    parse(&r, digits: d, groupEnds: ends)
                }
            }
        }
    }

    /// Tokenizes into digit groups, then interprets them. `d[0]` is kept free so a dropped
    /// trunk 0 can be put back in front without moving anything.
    static func parse(_ r: inout ScalarReader, digits d: UnsafeMutableBufferPointer<UInt8>,
                      groupEnds ends: UnsafeMutableBufferPointer<Int>) -> String? {
        var length = 1          // next free slot in d
        var groups = 0
        var plus = false
        var extensionGroup = -1 // index of the first group after an extension marker
        while let s = r.peek() {
            if ScalarReader.isDigit(s) {
                guard groups < ends.count else { return nil }
                while let c = r.peekAdjacent(), ScalarReader.isDigit(c) {
                    guard length < d.count else { return nil }
                    d[length] = UInt8(truncatingIfNeeded: c &- 0x30)
                    length += 1
                    r.advance()
                }
                ends[groups] = length
                groups += 1
                continue
            }
            switch s {
            case 0x2B:                                            // +
                guard groups == 0, !plus else { return nil }
                plus = true
                r.advance()
            case 0x2D, 0x2E, 0x28, 0x29, 0x2013, 0x2014, 0x2015, 0x2212:  // - . ( ) – — ― −
                r.advance()
            case Ch.zhuan:                                        // 转
                guard extensionGroup < 0, groups > 0 else { return nil }
                extensionGroup = groups
                r.advance()
            case Ch.fen:                                          // 分机
                guard extensionGroup < 0, groups > 0, r.eat(Ch.fen, Ch.ji1) else { return nil }
                extensionGroup = groups
            case 0x65, 0x45, 0x78, 0x58:                          // ext / x
                guard extensionGroup < 0, groups > 0 else { return nil }
                r.advance()
                if s == 0x65 || s == 0x45 {
                    guard let x = r.peekAdjacent(), x == 0x78 || x == 0x58 else { return nil }
                    r.advance()
                    guard let t = r.peekAdjacent(), t == 0x74 || t == 0x54 else { return nil }
                    r.advance()
                    if r.peekAdjacent() == 0x2E { r.advance() }
                    if r.peekAdjacent() == 0x3A { r.advance() }
                }
                extensionGroup = groups
            default:
                return nil
            }
        }
        guard groups > 0 else { return nil }

        // Split groups into the main number and the marked extension.
        let mainGroups = extensionGroup >= 0 ? extensionGroup : groups
        var markedExtension: (start: Int, end: Int)?
        if extensionGroup >= 0 {
            guard groups == extensionGroup + 1 else { return nil }
            let start = ends[extensionGroup - 1]
            let count = ends[extensionGroup] - start
            guard count >= 1, count <= 6 else { return nil }
            markedExtension = (start, ends[extensionGroup])
        }
        let mainEnd = ends[mainGroups - 1]

        // Country code.
        var start = 1
        var international = false
        @inline(__always) func startsWith(_ a: UInt8, _ b: UInt8, at i: Int) -> Bool {
            i + 1 < mainEnd && d[i] == a && d[i + 1] == b
        }
        if plus {
            guard startsWith(8, 6, at: 1) else { return nil }    // only China's +86
            start = 3
            international = true
        } else if startsWith(0, 0, at: 1) && startsWith(8, 6, at: 3) {
            start = 5
            international = true
        } else if startsWith(8, 6, at: 1) && mainEnd - 3 == 11 && d[3] == 1 {
            start = 3                                             // "86 139…" without "+"
        }
        guard start < mainEnd else { return nil }

        // Mobile.
        if d[start] == 1 {
            guard mainEnd - start == 11, d[start + 1] >= 3, markedExtension == nil else { return nil }
            return makeASCIIString(capacity: 11) { w in
                for i in start..<mainEnd { w.append(0x30 + d[i]) }
            }
        }

        // Landline. The first group is the one holding `start` (a lone "+86" group is skipped).
        var g = 0
        while ends[g] <= start { g += 1 }
        // After +86 the trunk 0 is dropped in writing; put it back in the free slot before.
        if d[start] != 0 {
            guard international else { return nil }
            start -= 1
            d[start] = 0
        }
        let firstEnd = ends[g]
        let areaLength: Int
        var numberStart: Int
        var numberEnd: Int
        var next: Int                                             // first group after the number
        if firstEnd - start <= 4 {
            // Separated area code; the local number may span several groups.
            areaLength = firstEnd - start
            numberStart = firstEnd
            next = g + 1
            guard next < mainGroups else { return nil }
            numberEnd = ends[next]
            next += 1
            while numberEnd - numberStart < 7 && next < mainGroups {
                numberEnd = ends[next]
                next += 1
            }
        } else {
            // Area code glued to the number: the numbering plan fixes its length.
            areaLength = (d[start + 1] == 1 || d[start + 1] == 2) ? 3 : 4
            numberStart = start + areaLength
            numberEnd = firstEnd
            next = g + 1
        }
        guard validArea(d, start: start, length: areaLength) else { return nil }
        let numberLength = numberEnd - numberStart
        guard numberLength == 7 || numberLength == 8, d[numberStart] >= 2 else { return nil }

        // Extension: the marked one, or exactly one short trailing group.
        var ext: (start: Int, end: Int)? = markedExtension
        if next < mainGroups {
            guard ext == nil, next == mainGroups - 1 else { return nil }
            let count = ends[next] - ends[next - 1]
            guard count >= 1, count <= 6 else { return nil }
            ext = (ends[next - 1], ends[next])
        }

        return makeASCIIString(capacity: 20) { w in
            for i in start..<(start + areaLength) { w.append(0x30 + d[i]) }
            w.append(0x2D)
            for i in numberStart..<numberEnd { w.append(0x30 + d[i]) }
            if let (s, e) = ext {
                w.append(0x2D)
                for i in s..<e { w.append(0x30 + d[i]) }
            }
        }
    }

    /// `010`, `020`–`029`, or `0[3-9]xx`.
    @inline(__always)
    static func validArea(_ d: UnsafeMutableBufferPointer<UInt8>, start: Int, length: Int) -> Bool {
        guard d[start] == 0 else { return false }
        switch length {
        case 3: return (d[start + 1] == 1 && d[start + 2] == 0) || d[start + 1] == 2
        case 4: return d[start + 1] >= 3
        default: return false
        }
    }
}
