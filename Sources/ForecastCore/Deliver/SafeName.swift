/// File names built from organization names and other untrusted text: no path separators,
/// no `..`, no control or reserved characters, no leading dot, length capped.
public enum SafeName {
    /// Characters Windows, Linux or a shell would treat specially in a name.
    static let reserved: Set<Character> = ["/", "\\", ":", "*", "?", "\"", "<", ">", "|"]
    static let maxCharacters = 60

    public static func make(_ text: String) -> String {
        var out = ""
        for ch in TextNormalizer.clean(text) {
            if reserved.contains(ch) || ch.unicodeScalars.contains(where: { $0.properties.generalCategory == .control || $0.value == 0x7F }) {
                out.append("_")
            } else {
                out.append(ch)
            }
        }
        while out.contains("..") { out = out.replacingOccurrences(of: "..", with: "_") }
        while out.hasPrefix(".") || out.hasPrefix(" ") { out.removeFirst() }
        if out.count > maxCharacters { out = String(out.prefix(maxCharacters)) }
        return out.isEmpty ? "未命名" : out
    }
}
