import Foundation

/// A line chart as inline SVG (no scripts, no external files): axes with round ticks, linear or log10 y, a numeric
/// or a date x axis, and a legend below the plot, never over the data.
///
/// A linear y axis starts at zero unless `includeZero` is false, and then the chart says so in words; a log axis
/// says it is one. So a single run, or two runs 0.7 % apart, are drawn at their true height instead of being
/// stretched from the bottom of the frame to its top.
public struct ReportChart: Sendable {
    /// What x means.
    public enum XAxis: Sendable, Hashable {
        /// Plain numbers (steps, layers, x).
        case linear
        /// Seconds since 1970, drawn as UTC dates on the given axis (shared by every chart that passes it).
        case time(TimeAxis)
    }

    public struct Series: Sendable {
        /// The legend's text for this line.
        public var name: String
        public var points: [(x: Double, y: Double)]
        public var dashed: Bool
        /// A palette index to share a colour (a function and its derivative, dlenv's and torch's figure of one
        /// series); nil: the series' position.
        public var colorIndex: Int?
        /// Points drawn as markers too (for short series such as a benchmark history).
        public var markers: Bool
        /// Indices of points to ring in red: regressions.
        public var flagged: [Int]
        /// What makes the points one series (a benchmark `SeriesKey`), written as the line's `data-series`.
        public var key: String?

        public init(
            name: String, points: [(x: Double, y: Double)], dashed: Bool = false, colorIndex: Int? = nil,
            markers: Bool = false, flagged: [Int] = [], key: String? = nil
        ) {
            self.name = name
            self.points = points
            self.dashed = dashed
            self.colorIndex = colorIndex
            self.markers = markers
            self.flagged = flagged
            self.key = key
        }
    }

    public var title: String
    /// A second line under the title (the host of a benchmark chart).
    public var subtitle: String?
    public var xLabel: String
    public var yLabel: String
    public var logY: Bool
    public var xAxis: XAxis
    /// Whether a linear y axis reaches down (or up) to zero; when false and the data does not reach zero, the
    /// chart says "y axis does not start at 0".
    public var includeZero: Bool
    /// The SVG's width in user units (the page scales it to its grid cell).
    public var width: Double
    /// The plot rectangle's height; the legend adds rows below it.
    public var plotHeight: Double
    public var series: [Series]

    public init(
        title: String, subtitle: String? = nil, xLabel: String, yLabel: String, logY: Bool = false,
        xAxis: XAxis = .linear, includeZero: Bool = true, width: Double = 460, plotHeight: Double = 190,
        series: [Series]
    ) {
        self.title = title
        self.subtitle = subtitle
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.logY = logY
        self.xAxis = xAxis
        self.includeZero = includeZero
        self.width = width
        self.plotHeight = plotHeight
        self.series = series
    }

    /// Colour-blind-safe palette (Okabe & Ito, "Color Universal Design", 2008), yellow last (weak on white).
    static let palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"]

    static func color(_ i: Int) -> String { palette[i % palette.count] }

    /// The plot rectangle (x, y, width, height) in the SVG's user units.
    public var plotRect: (x: Double, y: Double, width: Double, height: Double) {
        let left = 58.0, right = 14.0
        let top = (subtitle == nil ? 26.0 : 40.0) + (axisNote == nil ? 0 : 13)
        return (left, top, width - left - right, plotHeight)
    }

    /// The sentence a y axis that is not zero-based carries; nil when it starts at zero.
    var axisNote: String? {
        if logY { return "log scale: the y axis does not start at 0" }
        guard !includeZero, let range = yData, range.lo > 0 || range.hi < 0 else { return nil }
        return "the y axis does not start at 0"
    }

    private var plotted: [(x: Double, y: Double)] {
        series.flatMap(\.points).filter { $0.x.isFinite && $0.y.isFinite && (!logY || $0.y > 0) }
    }

    /// The data's y range (log10 values on a log axis).
    private var yData: (lo: Double, hi: Double)? {
        let ys = plotted.map { ty($0.y) }
        guard let lo = ys.min(), let hi = ys.max() else { return nil }
        return (lo, hi)
    }

    /// The chart as one `<svg>` element (styled by the page's CSS classes).
    public func svg() -> String {
        let all = plotted
        guard let dataX = all.map(\.x).min().map({ ($0, all.map(\.x).max()!) }), let (yLo, yHi) = yData else {
            return
                "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(width)) 40\" width=\"\(Int(width))\" height=\"40\"><text x=\"4\" y=\"24\">\(esc(title)): no data</text></svg>"
        }
        let (x0, x1): (Double, Double)
        let xTicks: [(value: Double, label: String)]
        switch xAxis {
        case .linear:
            (x0, x1) = dataX
            xTicks = Self.ticks(x0, x1).filter { inside($0, x0, x1) }.map { ($0, Self.label($0)) }
        case .time(let axis):
            (x0, x1) = (min(axis.lower, dataX.0), max(axis.upper, dataX.1))
            xTicks = TimeAxis(lower: x0, upper: x1).ticks
        }
        let (y0, y1, yTicks) = yScale(yLo, yHi)
        let plot = plotRect
        let legend = legendLayout(top: plot.y + plot.height + 34)
        let height = (legend.last.map { $0.y + 8 } ?? plot.y + plot.height + 34) + 4
        let sx = { (x: Double) in plot.x + (x1 > x0 ? (x - x0) / (x1 - x0) : 0.5) * plot.width }
        let sy = { (y: Double) in plot.y + plot.height - (y1 > y0 ? (y - y0) / (y1 - y0) : 0.5) * plot.height }
        var s =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" width=\"\(Int(width))\" height=\"\(Int(height))\" role=\"img\" aria-label=\"\(esc(title))\" data-x-domain=\"\(f(x0)) \(f(x1))\">"
        s += "<text x=\"\(f(plot.x))\" y=\"16\" class=\"t\">\(esc(title))</text>"
        if let subtitle {
            // Cut to the width (about 5.7 units a character at 10.5); the whole text stays in the tooltip.
            let fits = Int((width - plot.x - 6) / 5.7)
            let shown = subtitle.count > fits ? subtitle.prefix(max(fits - 1, 1)) + "…" : subtitle
            s +=
                "<text x=\"\(f(plot.x))\" y=\"30\" class=\"st\"><title>\(esc(subtitle))</title>\(esc(shown))</text>"
        }
        if let note = axisNote {
            s += "<text x=\"\(f(plot.x))\" y=\"\(f(plot.y - 5))\" class=\"an\">\(esc(note))</text>"
        }
        for t in yTicks {
            let y = sy(t)
            s +=
                "<line x1=\"\(f(plot.x))\" x2=\"\(f(plot.x + plot.width))\" y1=\"\(f(y))\" y2=\"\(f(y))\" class=\"g\"/>"
            s +=
                "<text x=\"\(f(plot.x - 5))\" y=\"\(f(y + 3.5))\" class=\"yl\">\(logY ? "1e\(Int(t))" : Self.label(t))</text>"
        }
        for t in xTicks {
            let x = sx(t.value)
            s +=
                "<line x1=\"\(f(x))\" x2=\"\(f(x))\" y1=\"\(f(plot.y))\" y2=\"\(f(plot.y + plot.height))\" class=\"g\"/>"
            // A label that would run past the SVG's edge ends (or starts) at its tick instead of centring on it.
            let half = 3.1 * Double(t.label.count)
            let anchor =
                x + half > width - 2 ? " style=\"text-anchor:end\"" : x - half < 2 ? " style=\"text-anchor:start\"" : ""
            s +=
                "<text x=\"\(f(x))\" y=\"\(f(plot.y + plot.height + 14))\"\(anchor) class=\"xl\">\(esc(t.label))</text>"
        }
        s +=
            "<rect x=\"\(f(plot.x))\" y=\"\(f(plot.y))\" width=\"\(f(plot.width))\" height=\"\(f(plot.height))\" class=\"frame\"/>"
        s +=
            "<text x=\"\(f(plot.x + plot.width / 2))\" y=\"\(f(plot.y + plot.height + 28))\" class=\"at\">\(esc(xLabel))</text>"
        s +=
            "<text transform=\"translate(13 \(f(plot.y + plot.height / 2))) rotate(-90)\" class=\"at\">\(esc(yLabel))</text>"
        for (i, line) in series.enumerated() {
            let color = Self.color(line.colorIndex ?? i)
            let pts = line.points.filter { $0.x.isFinite && $0.y.isFinite && (!logY || $0.y > 0) }
            let path = pts.map { "\(f(sx($0.x))),\(f(sy(ty($0.y))))" }.joined(separator: " ")
            let key = line.key.map { " data-series=\"\(esc($0))\"" } ?? ""
            s +=
                "<polyline points=\"\(path)\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"1.8\"\(line.dashed ? " stroke-dasharray=\"5 3\"" : "")\(key)/>"
            if line.markers || pts.count == 1 {
                for p in pts {
                    s += "<circle cx=\"\(f(sx(p.x)))\" cy=\"\(f(sy(ty(p.y))))\" r=\"2.6\" fill=\"\(color)\"/>"
                }
            }
            for k in line.flagged where k < pts.count {
                s += "<circle cx=\"\(f(sx(pts[k].x)))\" cy=\"\(f(sy(ty(pts[k].y))))\" r=\"6\" class=\"flag\"/>"
            }
        }
        if !legend.isEmpty {
            s += "<g class=\"legend\">"
            for item in legend {
                let line = series[item.index]
                let color = Self.color(line.colorIndex ?? item.index)
                s +=
                    "<line x1=\"\(f(item.x))\" x2=\"\(f(item.x + 14))\" y1=\"\(f(item.y - 3.5))\" y2=\"\(f(item.y - 3.5))\" stroke=\"\(color)\" stroke-width=\"2.2\"\(line.dashed ? " stroke-dasharray=\"4 2\"" : "")/>"
                s += "<text x=\"\(f(item.x + 18))\" y=\"\(f(item.y))\" class=\"lt\">\(esc(line.name))</text>"
            }
            s += "</g>"
        }
        return s + "</svg>"
    }

    /// Where each named series' legend entry goes: below the x axis label, left to right, wrapping at the
    /// chart's width (an entry's width estimated from its text at the legend's 10.5-unit font).
    func legendLayout(top: Double) -> [(index: Int, x: Double, y: Double)] {
        let named = series.indices.filter { !series[$0].name.isEmpty }
        guard series.count > 1 || !named.isEmpty else { return [] }
        let rowH = 14.0, left = 12.0, right = width - 8
        var out: [(index: Int, x: Double, y: Double)] = []
        var x = left, y = top + 10
        for i in named {
            let w = 18 + 6.1 * Double(series[i].name.count) + 14
            if x > left && x + w > right {
                x = left
                y += rowH
            }
            out.append((i, x, y))
            x += w
        }
        return out
    }

    /// The y range and its ticks: zero-based round ticks on a linear axis (or padded to the data when
    /// `includeZero` is false), whole decades on a log axis.
    private func yScale(_ lo: Double, _ hi: Double) -> (Double, Double, [Double]) {
        if logY {
            var (lo, hi) = (lo, hi)
            if hi - lo < 1e-12 { (lo, hi) = (lo - 0.5, hi + 0.5) }
            let (y0, y1) = (lo - 0.2, hi + 0.2)
            return (y0, y1, Self.decades(y0, y1).filter { inside($0, y0, y1) })
        }
        if includeZero {
            // Zero is on the axis, and the data's far end 5 % inside the frame: a value sits at its true height.
            var (lo, hi) = (min(lo, 0), max(hi, 0))
            if hi - lo < 1e-300 { hi = 1 }
            let pad = (hi - lo) * 0.05
            if hi > 0 { hi += pad }
            if lo < 0 { lo -= pad }
            return (lo, hi, Self.ticks(lo, hi).filter { inside($0, lo, hi) })
        }
        var (a, b) = (lo, hi)
        if b - a < 1e-12 {
            a -= max(abs(a) * 0.1, 0.5)
            b += max(abs(b) * 0.1, 0.5)
        }
        let pad = (b - a) * 0.04
        let (y0, y1) = (a - pad, b + pad)
        return (y0, y1, Self.ticks(y0, y1).filter { inside($0, y0, y1) })
    }

    private func inside(_ t: Double, _ lo: Double, _ hi: Double) -> Bool {
        t >= lo - (hi - lo) * 1e-9 && t <= hi + (hi - lo) * 1e-9
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
