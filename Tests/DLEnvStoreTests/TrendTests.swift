import Testing

@testable import DLEnvStore

@Suite struct TrendTests {
    func trend(_ values: [Double], unit: String = "GFLOP/s") -> MetricTrend {
        MetricTrend(
            name: "sgemm_1024", unit: unit,
            points: values.enumerated().map { .init(time: "\($0.offset)", value: $0.element) })
    }

    @Test func latestMoreThanTenPercentBelowTheMedianOfTheLastFiveIsARegression() {
        // The baseline is the median of the five runs before the latest: 100 (the 10 and 500 outliers do not move it).
        let t = trend([999, 100, 10, 100, 500, 101, 89])
        #expect(t.baselineMedian == 100)
        #expect(t.regression)
        #expect(abs(t.slowdown! - 0.11) < 1e-12)
    }

    @Test func exactlyTenPercentSlowerIsNotYetARegression() {
        #expect(!trend([100, 100, 100, 90]).regression)
        #expect(trend([100, 100, 100, 89.9]).regression)
    }

    @Test func forTimesSlowerMeansLarger() {
        #expect(trend([10, 10, 10, 11.5], unit: "ms").regression)
        #expect(!trend([10, 10, 10, 8], unit: "ms").regression)
        #expect(!trend([100, 100, 100, 150]).regression)
    }

    @Test func aSingleRunOrAnUnknownUnitIsNeverARegression() {
        #expect(!trend([5]).regression)
        #expect(trend([5]).baselineMedian == nil)
        #expect(!trend([100, 100, 1], unit: "").regression)
    }

    @Test(arguments: [
        ("GFLOP/s", MetricDirection.higherIsBetter), ("GB/s", .higherIsBetter), ("steps/s", .higherIsBetter),
        ("ms", .lowerIsBetter), ("s", .lowerIsBetter), ("us/step", .lowerIsBetter),
    ])
    func directionsFromUnits(unit: String, direction: MetricDirection) {
        #expect(MetricDirection(unit: unit) == direction)
    }

    @Test func historyGroupsByHostAndTrendsOnlyBenchRuns() {
        let other = HostIdentity(fingerprint: "ffff", cpuModel: "other", gpus: [], driver: nil)
        let runs = [
            sampleRun(at: 0, value: 100), sampleRun(kind: .verify, at: 1), sampleRun(at: 2, value: 80),
            sampleRun(at: 3, host: other, value: 50),
        ]
        let history = HostHistory.build(from: runs)
        #expect(history.count == 2)
        #expect(history[0].runs.count == 3)
        #expect(history[0].trends.count == 3)
        #expect(history[0].trends[0].points.map(\.value) == [100, 80])
        #expect(history[0].trends[0].regression)
        #expect(history[1].trends[0].points.count == 1)
    }
}
