import Foundation

/// A line chart as inline SVG (no scripts, no external files): axes with round ticks, linear or log10 y, a legend.
public struct ReportChart: Sendable {
    public struct Series: Sendable {
        public var name: String
        public var points: [(x: Double, y: Double)]
        public var dashed: Bool
        /// A palette index to share a colour (a function and its derivative); nil: the series' position.
        public var colorIndex: Int?
        /// Points drawn as markers too (for short series such as a benchmark history).
        public var markers: Bool

        public init(
            name: String, points: [(x: Double, y: Double)], dashed: Bool = false, colorIndex: Int? = nil,
            markers: Bool = false
        ) {
            self.name = name
            self.points = points
            self.dashed = dashed
            self.colorIndex = colorIndex
            self.markers = markers
        }
    }

    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var logY: Bool
    public var width: Double
    public var height: Double
    public var series: [Series]
    /// Indices of points (in the first series) to ring in red: regressions.
    public var flagged: [Int]

    public init(
        title: String, xLabel: String, yLabel: String, logY: Bool = false, width: Double = 440, height: Double = 270,
        series: [Series], flagged: [Int] = []
    ) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.logY = logY
        self.width = width
        self.height = height
        self.series = series
        self.flagged = flagged
    }

    /// Colour-blind-safe palette (Okabe & Ito, "Color Universal Design", 2008).
    static let palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"]

    /// The chart as one `<svg>` element (styled by the page's CSS classes).
    public func svg() -> String {
        let left = 58.0, right = 12.0, top = 28.0, bottom = 40.0
        let plotW = width - left - right, plotH = height - top - bottom
        let all = series.flatMap(\.points).filter { $0.x.isFinite && $0.y.isFinite && (!logY || $0.y > 0) }
        guard let xMin = all.map(\.x).min(), let xMax = all.map(\.x).max(),
            var yMin = all.map({ ty($0.y) }).min(), var yMax = all.map({ ty($0.y) }).max()
        else {
            return
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"40\"><text x=\"4\" y=\"24\">\(esc(title)): no data</text></svg>"
        }
        if yMax - yMin < 1e-12 {
            yMin -= logY ? 0.5 : max(abs(yMin) * 0.1, 0.5)
            yMax += logY ? 0.5 : max(abs(yMax) * 0.1, 0.5)
        }
        // The data's range (y padded by 4 %); ticks only where they fall inside it.
        let pad = logY ? 0.2 : (yMax - yMin) * 0.04
        let x0 = xMin, x1 = xMax, y0 = yMin - pad, y1 = yMax + pad
        let inside = { (t: Double, lo: Double, hi: Double) in t >= lo - (hi - lo) * 1e-9 && t <= hi + (hi - lo) * 1e-9 }
        let xTicks = Self.ticks(x0, x1).filter { inside($0, x0, x1) }
        let yTicks = (logY ? Self.decades(y0, y1) : Self.ticks(y0, y1)).filter { inside($0, y0, y1) }
        let sx = { (x: Double) in left + (x1 > x0 ? (x - x0) / (x1 - x0) : 0.5) * plotW }
        let sy = { (y: Double) in top + plotH - (y1 > y0 ? (y - y0) / (y1 - y0) : 0.5) * plotH }
        var s =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" width=\"\(Int(width))\" height=\"\(Int(height))\" role=\"img\" aria-label=\"\(esc(title))\">"
        s += "<text x=\"\(left)\" y=\"16\" class=\"t\">\(esc(title))</text>"
        for t in yTicks {
            let y = sy(t)
            s += "<line x1=\"\(f(left))\" x2=\"\(f(left + plotW))\" y1=\"\(f(y))\" y2=\"\(f(y))\" class=\"g\"/>"
            s +=
                "<text x=\"\(f(left - 5))\" y=\"\(f(y + 3.5))\" class=\"yl\">\(logY ? "1e\(Int(t))" : Self.label(t))</text>"
        }
        for t in xTicks {
            let x = sx(t)
            s += "<line x1=\"\(f(x))\" x2=\"\(f(x))\" y1=\"\(f(top))\" y2=\"\(f(top + plotH))\" class=\"g\"/>"
            s += "<text x=\"\(f(x))\" y=\"\(f(top + plotH + 14))\" class=\"xl\">\(Self.label(t))</text>"
        }
        s += "<rect x=\"\(f(left))\" y=\"\(f(top))\" width=\"\(f(plotW))\" height=\"\(f(plotH))\" class=\"frame\"/>"
        s += "<text x=\"\(f(left + plotW / 2))\" y=\"\(f(height - 6))\" class=\"xl\">\(esc(xLabel))</text>"
        s += "<text transform=\"translate(13 \(f(top + plotH / 2))) rotate(-90)\" class=\"xl\">\(esc(yLabel))</text>"
        for (i, line) in series.enumerated() {
            let color = Self.palette[(line.colorIndex ?? i) % Self.palette.count]
            let pts = line.points.filter { $0.x.isFinite && $0.y.isFinite && (!logY || $0.y > 0) }
            let path = pts.map { "\(f(sx($0.x))),\(f(sy(ty($0.y))))" }.joined(separator: " ")
            s +=
                "<polyline points=\"\(path)\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"1.8\"\(line.dashed ? " stroke-dasharray=\"5 3\"" : "")/>"
            if line.markers || pts.count == 1 {
                for p in pts {
                    s += "<circle cx=\"\(f(sx(p.x)))\" cy=\"\(f(sy(ty(p.y))))\" r=\"2.6\" fill=\"\(color)\"/>"
                }
            }
            if i == 0 {
                for k in flagged where k < pts.count {
                    s += "<circle cx=\"\(f(sx(pts[k].x)))\" cy=\"\(f(sy(ty(pts[k].y))))\" r=\"6\" class=\"flag\"/>"
                }
            }
        }
        // Legend in the top right corner of the plot.
        if series.count > 1 || !(series.first?.name.isEmpty ?? true) {
            let rowH = 13.0
            let boxW = min(170, max(52, 22 + 6.2 * Double(series.map(\.name.count).max() ?? 0)))
            let bx = left + plotW - boxW - 4, by = top + 4
            s +=
                "<rect x=\"\(f(bx))\" y=\"\(f(by))\" width=\"\(f(boxW))\" height=\"\(f(rowH * Double(series.count) + 6))\" class=\"lg\"/>"
            for (i, line) in series.enumerated() {
                let y = by + 10 + rowH * Double(i)
                let color = Self.palette[(line.colorIndex ?? i) % Self.palette.count]
                s +=
                    "<line x1=\"\(f(bx + 4))\" x2=\"\(f(bx + 16))\" y1=\"\(f(y - 3))\" y2=\"\(f(y - 3))\" stroke=\"\(color)\" stroke-width=\"2\"\(line.dashed ? " stroke-dasharray=\"4 2\"" : "")/>"
                s += "<text x=\"\(f(bx + 20))\" y=\"\(f(y))\" class=\"lt\">\(esc(line.name))</text>"
            }
        }
        return s + "</svg>"
    }

    private func ty(_ y: Double) -> Double { logY ? log10(y) : y }

    /// About five round ticks (1, 2, 5 × 10^k) covering [lo, hi].
    public static func ticks(_ lo: Double, _ hi: Double) -> [Double] {
        guard hi > lo else { return [lo] }
        let raw = (hi - lo) / 5
        let mag = pow(10, floor(log10(raw)))
        let step = [1.0, 2, 5, 10].map { $0 * mag }.first { $0 >= raw } ?? 10 * mag
        var t = floor(lo / step) * step
        var out: [Double] = []
        while t <= hi + step * 0.5 && out.count < 12 {
            out.append(abs(t) < step * 1e-9 ? 0 : t)
            t += step
        }
        return out
    }

    /// Whole decades covering [lo, hi] (log10 values), at most about eight labels.
    public static func decades(_ lo: Double, _ hi: Double) -> [Double] {
        let a = floor(lo), b = ceil(hi)
        let every = max(1, ((b - a) / 7).rounded(.up))
        return stride(from: a, through: b, by: every).map { $0 }
    }

    static func label(_ v: Double) -> String {
        if v == 0 { return "0" }
        let a = abs(v)
        if a >= 1e5 || a < 1e-3 { return String(format: "%.0e", v) }
        if v == v.rounded() { return String(Int(v)) }
        return String(format: "%g", (v * 1e6).rounded() / 1e6)
    }

    private func f(_ v: Double) -> String { String(format: "%.1f", v) }
}

/// Escapes text for HTML and SVG.
func esc(_ s: String) -> String {
    s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
        .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
}
