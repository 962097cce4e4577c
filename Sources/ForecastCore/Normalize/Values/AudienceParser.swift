// Expected-audience cells: a head count, often decorated (约60人, 60余人) or given as a range.

/// Parses the audience (预计受众人数) cell.
public enum AudienceParser {
    /// Largest count accepted; anything bigger is a typo, not a neighbourhood activity.
    public static let maximum = 10_000_000

    /// Parses an audience cell to a head count; `wasRange` is true when a range was given
    /// and its upper bound taken (the pipeline warns `audience-range`).
    ///
    /// Grammar: `[预计|估计] [大约|大概|约] N [余|多] [人次|人|名|位] [sep N [余|多] [unit]] [左右|上下]`
    /// where N is digits, optionally grouped by commas in threes (`1,200`), and sep is
    /// `-` `~` `—` `–` `―` `−` `〜` `至` `到`. A reversed range (`80-50`) gives the larger
    /// number. Decimals, negatives, words (`若干`) and counts above `maximum` are nil; 0 is 0.
    public static func parse(_ text: String) -> (count: Int, wasRange: Bool)? {
        withScalarReader(text) { r -> (count: Int, wasRange: Bool)? in
            _ = r.eat(Ch.yu, Ch.ji) || r.eat(Ch.gu, Ch.ji)                 // 预计 估计
            _ = r.eat(Ch.da, Ch.yue1) || r.eat(Ch.da, Ch.gai) || r.eat(Ch.yue1)  // 大约 大概 约
            guard let first = count(&r) else { return nil }
            suffix(&r)
            var result = first
            var wasRange = false
            if let s = r.peek(), TimeParser.isDash(s) || s == Ch.zhi || s == Ch.dao {
                r.advance()
                guard let second = count(&r) else { return nil }
                suffix(&r)
                result = max(first, second)
                wasRange = true
            }
            _ = r.eat(Ch.zuo, Ch.you) || r.eat(Ch.shang, Ch.xia)          // 左右 上下
            guard r.atEnd(), result <= maximum else { return nil }
            return (result, wasRange)
        }
    }

    /// Skips `[余|多] [人次|人|名|位]`.
    static func suffix(_ r: inout ScalarReader) {
        _ = r.eat(Ch.yu2) || r.eat(Ch.duo)
        if r.eat(Ch.ren) {
            _ = r.eat(Ch.ci)
        } else {
            _ = r.eat(Ch.ming) || r.eat(Ch.wei)
        }
    }

    /// Digits with optional thousands commas; nil for malformed grouping (`1,20`).
    static func count(_ r: inout ScalarReader) -> Int? {
        guard let lead = r.number(maxDigits: 12) else { return nil }
        var value = lead.value
        guard r.peekAdjacent() == 0x2C else { return value }
        guard lead.digits <= 3 else { return nil }              // "1200,000" is not grouping
        // A comma continues the number only when exactly three digits follow it.
        while r.peekAdjacent() == 0x2C {
            r.advance()
            guard let c = r.peekAdjacent(), ScalarReader.isDigit(c),
                  let group = r.number(maxDigits: 3), group.digits == 3
            else { return nil }
            value = value * 1000 + group.value
            if value > maximum { return nil }
        }
        return value
    }
}
