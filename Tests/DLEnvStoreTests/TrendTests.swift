import DLEnvCore
import Foundation
import Testing

@testable import DLEnvStore

/// A bench run with the settings that key a series.
func benchRun(
    at seconds: Double, torch: String? = "2.13.0+cpu", quick: Bool? = false, blasThreads: Int? = 2,
    torchThreads: Int? = 2, dlenv: String = "0.1.0", host: HostIdentity = .sample, _ values: [String: Double]
) -> RunRecord {
    RunRecord(
        kind: .bench, startedAt: Date(timeIntervalSince1970: 1_790_000_000 + seconds), host: host, dlenvVersion: dlenv,
        environment: RunEnvironment(
            python: "3.11.2", torch: torch, device: "cpu", blasThreads: blasThreads, torchThreads: torchThreads),
        quick: quick,
        results: values.keys.sorted().map { ResultRecord(name: $0, value: values[$0]!, unit: "GFLOP/s") })
}

/// ±`amplitude` relative jitter around 1, from a fixed linear congruential sequence (Numerical Recipes' constants),
/// so every run of the test sees the same noise.
func jitter(seed: UInt32, count: Int, amplitude: Double = 0.08) -> [Double] {
    var state = seed
    return (0..<count).map { _ in
        state = state &* 1_664_525 &+ 1_013_904_223
        return 1 + amplitude * (Double(state) / 4_294_967_296 * 2 - 1)
    }
}

@Suite struct TrendTests {
    static let series = SeriesKey(
        host: "00000000000000aa", dlenvVersion: "0.1.0", torch: nil, device: "cpu", quick: false, threads: 2)

    func trend(_ values: [Double], unit: String = "GFLOP/s") -> MetricTrend {
        MetricTrend(
            name: "sgemm_1024", unit: unit, series: Self.series,
            points: values.enumerated().map { .init(time: "\($0.offset)", value: $0.element) })
    }

    @Test func aQuietSeriesRegressesPastTheFivePercentFloor() {
        // No spread at all: the floor decides.
        let t = trend([100, 100, 100, 94.9])
        #expect(t.spread == 0)
        #expect(t.threshold == 0.05)
        #expect(t.regression && t.verdict == .regression)
        #expect(!trend([100, 100, 100, 95.5]).regression)
    }

    @Test func theBaselineIsTheMedianOfUpToTenRunsBeforeAndTheSpreadIsTheirScaledMAD() {
        // The ten runs before the latest (999 falls outside): the outliers 10 and 500 move neither median nor MAD.
        let t = trend([999, 100, 10, 100, 500, 101, 99, 100, 102, 98, 100, 101, 80])
        #expect(t.baselineRuns == 10)
        #expect(t.baselineMedian == 100)
        // |x − 100| over the ten: 90, 0, 400, 1, 1, 0, 2, 2, 0, 1 → median 1 → 1.4826 / 100.
        #expect(abs(t.spread! - 0.014826) < 1e-12)
        #expect(t.threshold == 0.05)
        #expect(abs(t.slowdown! - 0.2) < 1e-12)
        #expect(t.regression)
    }

    @Test func aNoisySeriesNeedsASlowdownBeyondItsOwnSpread() {
        // ±10 % noise: 12 % slower is within 3 × its spread, 40 % slower is not.
        let noisy: [Double] = [100, 110, 90, 105, 95, 110, 90, 100]
        let within = trend(noisy + [88])
        #expect(within.threshold! > 0.12)
        #expect(!within.regression)
        #expect(within.verdict == .ok)
        #expect(trend(noisy + [60]).regression)
    }

    @Test func fewerThanThreeRunsBeforeTheLatestAreNotEnoughRuns() {
        for values in [[100.0], [100, 50], [100, 100, 50]] {
            let t = trend(values)
            #expect(t.verdict == .notEnoughRuns)
            #expect(!t.regression)
            #expect(t.threshold == nil)
        }
        #expect(trend([100, 50]).slowdown == 0.5)
        #expect(trend([100, 100, 100, 50]).regression)
    }

    @Test func forTimesSlowerMeansLarger() {
        #expect(trend([10, 10, 10, 11.5], unit: "ms").regression)
        #expect(!trend([10, 10, 10, 8], unit: "ms").regression)
        #expect(!trend([100, 100, 100, 150]).regression)
    }

    @Test func anUnknownUnitIsNeverJudged() {
        let t = trend([100, 100, 100, 1], unit: "")
        #expect(t.verdict == .notJudged)
        #expect(!t.regression)
    }

    @Test(arguments: [
        ("GFLOP/s", MetricDirection.higherIsBetter), ("GB/s", .higherIsBetter), ("steps/s", .higherIsBetter),
        ("ms", .lowerIsBetter), ("s", .lowerIsBetter), ("us/step", .lowerIsBetter),
    ])
    func directionsFromUnits(unit: String, direction: MetricDirection) {
        #expect(MetricDirection(unit: unit) == direction)
    }

    /// Twelve runs with ±8 % jitter: neither the latest as it came nor the latest at −8 % (the worst the jitter
    /// gives, already beyond the 5 % floor) is a regression; the same series with the latest 30 % slower is.
    @Test(arguments: Array(UInt32(1)...12))
    func eightPercentJitterIsNotARegressionAndAPlantedThirtyPercentSlowdownIs(seed: UInt32) {
        let values = jitter(seed: seed, count: 12).map { 100 * $0 }
        #expect(values.allSatisfy { abs($0 - 100) <= 8 })
        #expect(!trend(values).regression, "\(values)")
        #expect(!trend(values.dropLast() + [92]).regression, "\(values)")
        let planted = trend(values.dropLast() + [values.last! * 0.7])
        #expect(planted.regression, "\(values)")
    }

    /// The jitter test above is not won by the floor alone: in most of its series −8 % is more than 5 % below
    /// the baseline median, so the series' own spread is what keeps it from being flagged.
    @Test func theWorstJitterLiesBeyondTheFloorInMostSeries() {
        let beyond = (UInt32(1)...12).filter { seed in
            let values = jitter(seed: seed, count: 12).map { 100 * $0 }
            return trend(values.dropLast() + [92]).slowdown! > RegressionRule.standard.floor
        }
        #expect(beyond.count >= 8, "\(beyond)")
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
        #expect(history[0].trends[0].verdict == .notEnoughRuns)
        #expect(history[1].trends[0].points.count == 1)
        #expect(history[1].trends[0].series.host == "ffff")
    }

    /// The set-up that flagged six regressions: torch 2.13.0+cpu and 2.15.0+cu132 runs alternating on one host.
    @Test func runsOfTwoTorchBuildsDoNotMix() {
        let runs = (0..<8).map { (i: Int) -> RunRecord in
            let cpu = i % 2 == 0
            let torch: Double = cpu ? 120 : 60
            return benchRun(
                at: Double(i), torch: cpu ? "2.13.0+cpu" : "2.15.0+cu132", ["sgemm_256": 100, "torch/sgemm_256": torch])
        }
        let trends = HostHistory.build(from: runs)[0].trends.filter { $0.name == "torch/sgemm_256" }
        #expect(trends.count == 2)
        #expect(Set(trends.map { $0.series.torch }) == Set<String?>(["2.13.0+cpu", "2.15.0+cu132"]))
        #expect(trends.allSatisfy { $0.points.count == 4 && !$0.regression })
        #expect(trends.first { $0.series.torch == "2.15.0+cu132" }?.baselineMedian == 60)
    }

    @Test func aTorchVersionWithoutALocalTagTakesItsCUDAVersion() {
        var run = benchRun(at: 0, torch: "2.4.1", ["x": 1])
        run.environment.cuda = "12.4"
        #expect(SeriesKey(run: run, figure: "torch/x").torch == "2.4.1+cu124")
        #expect(SeriesKey(run: benchRun(at: 0, torch: "2.13.0+cpu", ["x": 1]), figure: "x").torch == "2.13.0+cpu")
    }

    @Test func quickAndFullRunsDoNotMix() {
        // Quick runs use small sizes and are slower; interleaved with full runs they looked like regressions.
        let runs = (0..<8).map { (i: Int) -> RunRecord in
            let quick = i % 2 == 1
            let value: Double = quick ? 40 : 100
            return benchRun(at: Double(i), quick: quick, ["sgemm_1024": value])
        }
        let trends = HostHistory.build(from: runs)[0].trends
        #expect(trends.count == 2)
        #expect(Set(trends.map { $0.series.quick }) == Set<Bool?>([true, false]))
        #expect(trends.allSatisfy { Set($0.points.map(\.value)).count == 1 && !$0.regression })
    }

    @Test func differingThreadCountsDoNotMix() {
        // BLAS threads key dlenv's figures; torch's threads key torch's figures, each independently.
        let runs = (0..<8).map { (i: Int) -> RunRecord in
            let early = i < 4, even = i % 2 == 0
            let dlenv: Double = early ? 200 : 100, torch: Double = even ? 400 : 100
            return benchRun(
                at: Double(i), blasThreads: early ? 2 : 1, torchThreads: even ? 4 : 1,
                ["sgemm_1024": dlenv, "torch/sgemm_1024": torch])
        }
        let trends = HostHistory.build(from: runs)[0].trends
        let dlenv = trends.filter { $0.name == "sgemm_1024" }
        let torch = trends.filter { $0.name == "torch/sgemm_1024" }
        #expect(dlenv.compactMap { $0.series.threads }.sorted() == [1, 2])
        #expect(torch.compactMap { $0.series.threads }.sorted() == [1, 4])
        #expect(trends.allSatisfy { $0.points.count == 4 && !$0.regression })
    }

    @Test func runsStoredWithoutTheSettingsFormTheirOwnSeries() {
        let old = (0..<4).map { i in
            benchRun(at: Double(i), quick: nil, blasThreads: nil, torchThreads: nil, ["sgemm_1024": 300])
        }
        let new = (4..<8).map { i in benchRun(at: Double(i), ["sgemm_1024": 100]) }
        let trends = HostHistory.build(from: old + new)[0].trends
        #expect(trends.count == 2)
        #expect(trends[0].series.quick == nil && trends[0].series.threads == nil)
        #expect(trends[0].series.label == "dlenv 0.1.0 · torch 2.13.0+cpu · cpu · quick/full unknown · threads unknown")
        #expect(trends[1].series.label == "dlenv 0.1.0 · torch 2.13.0+cpu · cpu · full · 2 threads")
        #expect(!trends[1].regression)
    }

    @Test func anotherDLEnvVersionStartsAnotherSeries() {
        let runs = (0..<8).map { (i: Int) -> RunRecord in
            let value: Double = i < 4 ? 1 : 2
            return benchRun(at: Double(i), dlenv: i < 4 ? "0.1.0" : "0.2.0", ["x": value])
        }
        #expect(HostHistory.build(from: runs)[0].trends.map(\.series.dlenvVersion) == ["0.1.0", "0.2.0"])
    }

    @Test func theTrendJSONCarriesTheSeriesAndTheVerdict() throws {
        let data = try JSONEncoder().encode(trend([100, 100, 100, 50]))
        let object = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        for key in [
            "name", "unit", "direction", "series", "points", "latest", "baseline_median", "baseline_runs", "slowdown",
            "spread", "threshold", "verdict", "regression",
        ] {
            #expect(object[key] != nil, "no \(key)")
        }
        #expect(object["verdict"] as? String == "regression")
        let series = object["series"] as! [String: Any]
        #expect(Set(series.keys) == ["host", "dlenv_version", "torch", "device", "quick", "threads"])
    }
}
