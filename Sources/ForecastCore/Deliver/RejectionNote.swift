/// The `<name>.error.txt` written beside a refused file: why, in Chinese, for staff to forward.
enum RejectionNote {
    static func text(file: String, problems: [Problem]) -> String {
        var lines = ["文件“\(file)”未被接收。", ""]
        for p in problems {
            var line = "- [\(p.code.rawValue)] \(p.message)"
            if !p.field.isEmpty { line += "(列:\(p.field))" }
            lines.append(line)
        }
        lines.append("")
        lines.append("请按上述说明修改后重新报送。")
        return lines.joined(separator: "\n") + "\n"
    }
}
