/// Geometry of a horizontal bar chart, computed here so templates only place shapes.
/// Templates escape every label; nothing here is raw markup.
public struct BarChart: Sendable {
    public struct Bar: Sendable {
        public var label: String
        public var value: Int
        public var valueText: String
        public var y: Int
        public var textY: Int
        public var width: Int
        public var valueX: Int
        /// A text bar for Markdown: one block per step of the largest value.
        public var blocks: String
    }

    public var title: String
    public var width: Int
    public var height: Int
    public var labelWidth: Int
    public var bars: [Bar]

    static let rowHeight = 24
    static let barHeight = 16
    static let maxBlocks = 30

    /// A chart of `items` (label, value, caption beside the bar).
    public init(title: String, items: [(label: String, value: Int, caption: String)], width: Int = 640, labelWidth: Int = 120) {
        self.title = title
        self.width = width
        self.labelWidth = labelWidth
        let top = items.map(\.value).max() ?? 0
        let room = width - labelWidth - 110
        bars = items.enumerated().map { i, item in
            let w = top > 0 ? Int((Double(item.value) / Double(top) * Double(room)).rounded()) : 0
            let blocks = top > 0 ? Int((Double(item.value) / Double(top) * Double(Self.maxBlocks)).rounded()) : 0
            return Bar(label: item.label, value: item.value, valueText: item.caption,
                       y: i * Self.rowHeight + 4, textY: i * Self.rowHeight + 4 + 13,
                       width: max(w, item.value > 0 ? 1 : 0), valueX: labelWidth + max(w, 0) + 6,
                       blocks: String(repeating: "█", count: blocks))
        }
        height = items.count * Self.rowHeight + 8
    }
}
