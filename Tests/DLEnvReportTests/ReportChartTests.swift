import Foundation
import Testing

@testable import DLEnvReport

@Suite struct ReportChartTests {
    @Test func ticksAreRoundAndCoverTheRange() {
        let t = ReportChart.ticks(0, 0.1)
        #expect(t.count == 6)
        #expect(t.first == 0)
        #expect(abs(t.last! - 0.1) < 1e-12)
        #expect(ReportChart.ticks(-6, 6).contains(0))
        #expect(ReportChart.decades(-7, 12).first == -7)
    }

    @Test func aChartWithoutDataSaysSo() {
        let svg = ReportChart(title: "empty", xLabel: "x", yLabel: "y", series: []).svg()
        #expect(svg.contains("no data"))
    }

    @Test func aLogChartDropsPointsAtOrBelowZeroAndSaysItIsLog() {
        let chart = ReportChart(
            title: "log", xLabel: "x", yLabel: "y", logY: true,
            series: [.init(name: "a", points: [(x: 0, y: 0), (x: 1, y: 10), (x: 2, y: 1000)])])
        let svg = SVGStructure(source: chart.svg())
        #expect(svg.source.contains("1e1") && svg.source.contains("1e3"))
        #expect(svg.lines.count == 1 && svg.lines[0].points.count == 2)
        #expect(svg.texts(class: "an") == ["log scale: the y axis does not start at 0"])
    }

    @Test func flaggedPointsAreRingedPerSeriesAndTheLegendNamesEverySeries() {
        let chart = ReportChart(
            title: "t", xLabel: "x", yLabel: "y",
            series: [
                .init(name: "dlenv", points: [(x: 0, y: 1), (x: 1, y: 2)], markers: true),
                .init(name: "torch", points: [(x: 0, y: 1.5), (x: 1, y: 2.5)], dashed: true, flagged: [1]),
            ])
        let svg = SVGStructure(source: chart.svg())
        let rings = svg.elements("circle", having: "class=\"flag\"")
        #expect(rings.count == 1)
        // The ring sits on torch's last point, not on dlenv's.
        let last = svg.lines[1].points[1]
        #expect(SVGStructure.number("cx", of: rings[0]) == last.x && SVGStructure.number("cy", of: rings[0]) == last.y)
        #expect(svg.texts(class: "lt") == ["dlenv", "torch"])
        #expect(svg.source.contains("stroke-dasharray"))
    }

    /// Any number of series, with long names: every legend entry lies below the plot and the x axis label, inside
    /// the SVG's width, so no legend ever covers a data point.
    @Test(arguments: [1, 2, 5, 12])
    func theLegendIsBelowThePlot(count: Int) throws {
        let series = (0..<count).map { i in
            ReportChart.Series(
                name: "dlenv 0.1.0 · torch 2.13.0+cpu · cpu · full · \(i) threads",
                points: (0..<20).map { (x: Double($0), y: Double(($0 * (i + 3)) % 17)) })
        }
        let chart = ReportChart(title: "t", xLabel: "x", yLabel: "y", series: series)
        let svg = SVGStructure(source: chart.svg())
        let frame = try #require(svg.frame)
        let ys = svg.legendYs
        #expect(ys.count == 2 * count)
        #expect(
            ys.allSatisfy { $0 > frame.y + frame.height + 28 },
            "legend at \(ys), plot ends at \(frame.y + frame.height)")
        let viewBox = try #require(SVGStructure.attribute("viewBox", of: svg.elements("svg")[0]))
        let height = try #require(Double(viewBox.split(separator: " ")[3]))
        #expect(ys.allSatisfy { $0 < height })
        for e in svg.legend!.elements("text") { #expect(SVGStructure.number("x", of: e)! < chart.width - 20) }
    }

    /// A single value of 102 or two values 0.7 % apart are drawn at their true height: the axis starts at 0, so
    /// 101.6 and 102.2 sit a few pixels apart instead of at the bottom and the top of the frame.
    @Test func aLinearAxisStartsAtZero() throws {
        for points in [[(x: 0.0, y: 102.0)], [(x: 0, y: 101.6), (x: 1, y: 102.2)]] {
            let svg = SVGStructure(
                source: ReportChart(title: "t", xLabel: "x", yLabel: "y", series: [.init(name: "", points: points)])
                    .svg())
            let frame = try #require(svg.frame)
            let zero = try #require(svg.yTicks.first { $0.label == "0" })
            #expect(abs(zero.y - 3.5 - (frame.y + frame.height)) < 0.11, "0 is the frame's bottom")
            let ys = svg.lines[0].points.map(\.y)
            #expect(ys.max()! - ys.min()! < 0.01 * frame.height)
            #expect(ys.allSatisfy { $0 < frame.y + frame.height * 0.25 }, "the data is near the top, at its height")
            #expect(svg.texts(class: "an").isEmpty)
        }
    }

    @Test func anAxisThatDoesNotStartAtZeroSaysSo() {
        let chart = ReportChart(
            title: "t", xLabel: "x", yLabel: "y", includeZero: false,
            series: [.init(name: "", points: [(x: 0, y: 101.6), (x: 1, y: 102.2)])])
        let svg = SVGStructure(source: chart.svg())
        #expect(svg.texts(class: "an") == ["the y axis does not start at 0"])
        #expect(!svg.yTicks.contains { $0.label == "0" })
        // Negative data crossing zero needs no note: zero is on the axis.
        let crossing = ReportChart(
            title: "t", xLabel: "x", yLabel: "y", includeZero: false,
            series: [.init(name: "", points: [(x: 0, y: -1), (x: 1, y: 2)])])
        #expect(SVGStructure(source: crossing.svg()).texts(class: "an").isEmpty)
    }

    @Test func aTimeAxisLabelsDatesAndKeepsItsDomain() {
        let day = 86_400.0, t0 = 1_790_000_000.0
        let axis = TimeAxis(lower: t0, upper: t0 + 10 * day)
        let chart = ReportChart(
            title: "t", xLabel: "date (UTC)", yLabel: "y", xAxis: .time(axis),
            series: [.init(name: "", points: [(x: t0 + 4 * day, y: 1)])])
        let svg = SVGStructure(source: chart.svg())
        #expect(svg.xDomain == "\(String(format: "%.1f", t0)) \(String(format: "%.1f", t0 + 10 * day))")
        let labels = svg.texts(class: "xl")
        #expect(labels == ["2026-09-22", "2026-09-24", "2026-09-26", "2026-09-28", "2026-09-30"])
        #expect(svg.texts(class: "at") == ["date (UTC)", "y"])
        // One point in the middle of the domain: at 40 % of the plot's width, not stretched to the frame.
        let frame = svg.frame!
        #expect(abs(svg.lines[0].points[0].x - (frame.x + 0.4 * frame.width)) < 0.1)
    }

    /// Date labels are wide: one on a tick near the frame's right or left edge ends or starts there instead of
    /// running past the SVG; a long subtitle is cut to the width, whole in its tooltip.
    @Test func labelsStayInsideTheSVG() {
        let t0 = 1_790_000_000.0, day = 86_400.0
        let even = (t0 / (2 * day)).rounded(.down) * 2 * day
        let chart = ReportChart(
            title: "t", subtitle: String(repeating: "host label ", count: 20), xLabel: "date (UTC)", yLabel: "y",
            // Ticks every 2 days, the first and the last just inside the frame's edges.
            xAxis: .time(TimeAxis(lower: even - 0.02 * day, upper: even + 8.02 * day)),
            series: [.init(name: "", points: [(x: t0, y: 1)])])
        let svg = SVGStructure(source: chart.svg())
        let ticks = svg.elements("text", having: "class=\"xl\"")
        #expect(ticks.count >= 3)
        var anchored = 0
        for (e, label) in zip(ticks, svg.texts(class: "xl")) {
            let x = SVGStructure.number("x", of: e)!, w = 6.2 * Double(label.count)
            let (lo, hi) =
                e.contains("text-anchor:end")
                ? (x - w, x) : e.contains("text-anchor:start") ? (x, x + w) : (x - w / 2, x + w / 2)
            anchored += e.contains("text-anchor") ? 1 : 0
            #expect(lo >= 0 && hi <= chart.width, "\(label) spans \(lo)…\(hi)")
        }
        // Only the last: the first has the y axis labels' margin to its left.
        #expect(anchored == 1)
        #expect(svg.source.contains("class=\"st\"><title>\(String(repeating: "host label ", count: 20))</title>"))
        let shown = svg.source.components(separatedBy: "</title>")[1].prefix { $0 != "<" }
        #expect(shown.hasSuffix("…") && Double(shown.count) * 5.7 <= chart.width - 58)
    }

    @Test func textIsEscaped() {
        #expect(HTMLText.escape("<a & \"b\">") == "&lt;a &amp; &quot;b&quot;&gt;")
        #expect(HTMLText.escape("&amp;") == "&amp;amp;")
        let svg = ReportChart(title: "a<b", xLabel: "x", yLabel: "y", series: []).svg()
        #expect(svg.contains("a&lt;b") && !svg.contains("a<b"))
        let named = ReportChart(
            title: "t", xLabel: "x\"", yLabel: "y", series: [.init(name: "<n>", points: [(x: 0, y: 1)], key: "k=\"1\"")]
        ).svg()
        #expect(
            named.contains("&lt;n&gt;") && named.contains("data-series=\"k=&quot;1&quot;\"")
                && named.contains("x&quot;"))
    }
}
