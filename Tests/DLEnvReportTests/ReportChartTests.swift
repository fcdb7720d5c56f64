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

    @Test func aLogChartDropsPointsAtOrBelowZero() {
        let chart = ReportChart(
            title: "log", xLabel: "x", yLabel: "y", logY: true,
            series: [.init(name: "a", points: [(x: 0, y: 0), (x: 1, y: 10), (x: 2, y: 1000)])])
        let svg = chart.svg()
        #expect(svg.contains("1e1") && svg.contains("1e3"))
        // Two points left: one polyline of two coordinates.
        let polyline = svg.components(separatedBy: "<polyline points=\"")[1].prefix { $0 != "\"" }
        #expect(polyline.split(separator: " ").count == 2)
    }

    @Test func flaggedPointsAreRingedAndTheLegendNamesEverySeries() {
        let chart = ReportChart(
            title: "t", xLabel: "x", yLabel: "y",
            series: [
                .init(name: "dlenv", points: [(x: 0, y: 1), (x: 1, y: 2)], markers: true),
                .init(name: "torch", points: [(x: 0, y: 1.5), (x: 1, y: 2.5)], dashed: true),
            ], flagged: [1])
        let svg = chart.svg()
        #expect(svg.components(separatedBy: "class=\"flag\"").count - 1 == 1)
        #expect(svg.contains(">dlenv</text>") && svg.contains(">torch</text>"))
        #expect(svg.contains("stroke-dasharray"))
    }

    @Test func textIsEscaped() {
        #expect(esc("<a & \"b\">") == "&lt;a &amp; &quot;b&quot;&gt;")
        let svg = ReportChart(title: "a<b", xLabel: "x", yLabel: "y", series: []).svg()
        #expect(svg.contains("a&lt;b") && !svg.contains("a<b"))
    }
}
