import DLEnvScheduleExpression
import Foundation

/// The SVG line chart of an lr schedule (`dlenv schedule --plot`): lr on the left axis, momentum dashed on the
/// right axis when it varies.
public enum ScheduleChart {
    /// A self-contained SVG: lr on the left axis; momentum dashed on the right axis when it varies.
    public static func svg(_ trace: ScheduleTrace, title: String, momentumLabel: String) -> String {
        let width = 720.0, height = 360.0, left = 80.0, right = 70.0, top = 40.0, bottom = 50.0
        let plotW = width - left - right, plotH = height - top - bottom
        let n = max(trace.lr.count - 1, 1)
        func x(_ i: Int) -> Double { left + plotW * Double(i) / Double(n) }
        func scale(_ values: [Double]) -> (Double, Double) {
            let lo = values.min() ?? 0, hi = values.max() ?? 1
            return lo == hi ? (lo - (lo == 0 ? 1 : abs(lo) * 0.1), hi + (hi == 0 ? 1 : abs(hi) * 0.1)) : (lo, hi)
        }
        func path(_ values: [Double], _ range: (Double, Double)) -> String {
            values.enumerated().map { i, v in
                let y = top + plotH * (1 - (v - range.0) / (range.1 - range.0))
                return "\(i == 0 ? "M" : "L")\(fmt(x(i))),\(fmt(y))"
            }.joined(separator: " ")
        }
        let lrRange = scale(trace.lr)
        let momentumVaries = Set(trace.momentum).count > 1
        let momentumRange = scale(trace.momentum)
        var svg = """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" \
            viewBox="0 0 \(Int(width)) \(Int(height))" font-family="sans-serif" font-size="12">
            <rect width="100%" height="100%" fill="white"/>
            <text x="\(fmt(width / 2))" y="22" text-anchor="middle" font-size="14">\(escape(title))</text>

            """
        for k in 0...4 {
            let fraction = Double(k) / 4
            let y = top + plotH * (1 - fraction)
            let value = lrRange.0 + (lrRange.1 - lrRange.0) * fraction
            svg += "<line x1=\"\(fmt(left))\" y1=\"\(fmt(y))\" x2=\"\(fmt(left + plotW))\" y2=\"\(fmt(y))\" "
            svg += "stroke=\"#e5e5e5\"/>\n"
            svg += "<text x=\"\(fmt(left - 6))\" y=\"\(fmt(y + 4))\" text-anchor=\"end\">\(short(value))</text>\n"
            if momentumVaries {
                let m = momentumRange.0 + (momentumRange.1 - momentumRange.0) * fraction
                svg += "<text x=\"\(fmt(left + plotW + 6))\" y=\"\(fmt(y + 4))\" fill=\"#d95f02\">\(short(m))</text>\n"
            }
        }
        let ticks = Array(Set((0...5).map { $0 * n / 5 })).sorted()
        for i in ticks {
            svg += "<text x=\"\(fmt(x(i)))\" y=\"\(fmt(top + plotH + 18))\" text-anchor=\"middle\">\(i)</text>\n"
        }
        svg += "<rect x=\"\(fmt(left))\" y=\"\(fmt(top))\" width=\"\(fmt(plotW))\" height=\"\(fmt(plotH))\" "
        svg += "fill=\"none\" stroke=\"#999\"/>\n"
        svg += "<text x=\"\(fmt(left + plotW / 2))\" y=\"\(fmt(height - 12))\" text-anchor=\"middle\">step</text>\n"
        svg += "<text x=\"16\" y=\"\(fmt(top + plotH / 2))\" transform=\"rotate(-90 16 \(fmt(top + plotH / 2)))\" "
        svg += "text-anchor=\"middle\" fill=\"#1b6ac9\">lr</text>\n"
        svg += "<path d=\"\(path(trace.lr, lrRange))\" fill=\"none\" stroke=\"#1b6ac9\" stroke-width=\"2\"/>\n"
        if momentumVaries {
            svg += "<path d=\"\(path(trace.momentum, momentumRange))\" fill=\"none\" stroke=\"#d95f02\" "
            svg += "stroke-width=\"1.5\" stroke-dasharray=\"6 4\"/>\n"
            let labelY = fmt(top + plotH / 2)
            svg +=
                "<text x=\"\(fmt(width - 14))\" y=\"\(labelY)\" transform=\"rotate(90 \(fmt(width - 14)) \(labelY))\" "
            svg += "text-anchor=\"middle\" fill=\"#d95f02\">\(momentumLabel)</text>\n"
        }
        return svg + "</svg>\n"
    }

    private static func fmt(_ v: Double) -> String { String(format: "%.2f", v) }
    private static func short(_ v: Double) -> String { String(format: "%.4g", v) }

    private static func escape(_ text: String) -> String { HTMLText.escape(text) }
}
