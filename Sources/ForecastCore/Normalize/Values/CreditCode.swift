// Unified social credit codes (统一社会信用代码, GB 32100-2015): the organization identity
// when present. A wrong check character only warns, because early pilot codes fail it.

/// Outcome of checking a credit-code cell.
public enum CreditCodeCheck: Equatable, Sendable {
    /// 18 characters of the alphabet with the right check character (cleaned, upper-case).
    case valid(String)
    /// The right form, but the 18th character is not the computed one (cleaned, upper-case).
    case badCheckCharacter(String)
    /// Not 18 characters of `0-9A-HJ-NPQRTUWXY`.
    case malformed
}

/// GB 32100-2015 form and check-character validation.
public enum CreditCode {
    /// The 31 characters of the code alphabet; a character's value is its index
    /// (I, O, Z, S and V are left out to avoid confusion with 1, 0, 2, 5 and U).
    public static let alphabet: [Character] = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")

    /// Weights of positions 1…17: 3^(i-1) mod 31.
    static let weights: [Int] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

    /// Value of an (upper-case, folded) scalar in the alphabet, or nil.
    @inline(__always)
    static func value(_ s: UInt32) -> Int? {
        switch s {
        case 0x30...0x39: return Int(s - 0x30)            // 0-9 → 0…9
        case 0x41...0x48: return Int(s - 0x41) + 10       // A-H → 10…17
        case 0x4A...0x4E: return Int(s - 0x4A) + 18       // J-N → 18…22
        case 0x50, 0x51, 0x52: return Int(s - 0x50) + 23  // P Q R → 23…25
        case 0x54: return 26                               // T
        case 0x55: return 27                               // U
        case 0x57, 0x58, 0x59: return Int(s - 0x57) + 28  // W X Y → 28…30
        default: return nil
        }
    }

    /// The alphabet as ASCII bytes, readable without allocation on the per-row path.
    static let alphabetASCII: StaticString = "0123456789ABCDEFGHJKLMNPQRTUWXY"

    /// Checks a credit-code cell. Whitespace anywhere is removed (codes are often typed in
    /// groups) and ASCII letters are upper-cased before checking.
    public static func check(_ text: String) -> CreditCodeCheck {
        withScalarReader(text) { r -> CreditCodeCheck in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 18) { values in
                guard read(&r, into: values) == 18 else { return .malformed }
                let code = makeASCIIString(capacity: 18) { w in
                    for i in 0..<18 { w.append(alphabetASCII.utf8Start[Int(values[i])]) }
                }
                return checkValue(values) == Int(values[17]) ? .valid(code) : .badCheckCharacter(code)
            }
        }
    }

    /// The check character for the first 17 characters of a code (same cleaning as
    /// `check`), or nil when they are not 17 characters of the alphabet.
    public static func checkCharacter(for first17: String) -> Character? {
        withScalarReader(first17) { r -> Character? in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 17) { values in
                guard read(&r, into: values) == 17 else { return nil }
                return alphabet[checkValue(values)]
            }
        }
    }

    /// Reads alphabet values (skipping whitespace, upper-casing ASCII) into `values`;
    /// returns how many, or -1 for a character outside the alphabet or too many characters.
    static func read(_ r: inout ScalarReader, into values: UnsafeMutableBufferPointer<UInt8>) -> Int {
        var count = 0
        while let s = r.peek() {
            let upper = (s >= 0x61 && s <= 0x7A) ? s - 0x20 : s
            guard count < values.count, let v = value(upper) else { return -1 }
            values[count] = UInt8(truncatingIfNeeded: v)
            count += 1
            r.advance()
        }
        return count
    }

    /// (31 − Σ value × weight mod 31) mod 31 over the first 17 values, weight = 3^(i-1) mod 31.
    @inline(__always)
    static func checkValue(_ values: UnsafeMutableBufferPointer<UInt8>) -> Int {
        var sum = 0
        var weight = 1
        for i in 0..<17 {
            sum += Int(values[i]) * weight
            weight = weight * 3 % 31
        }
        return (31 - sum % 31) % 31
    }
}
