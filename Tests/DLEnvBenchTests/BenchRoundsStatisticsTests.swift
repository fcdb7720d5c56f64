import Testing

@testable import DLEnvBench

/// The rounds of one side of a benchmark: outliers flagged (never the figure), spread, and ratios only between
/// stable sides (issue #11: a torch sgemm_256 read 2.18, then 51.6, then 136 GFLOP/s).
@Suite struct BenchRoundsStatisticsTests {
    @Test func theIssuesRoundsFlagTheOutlierAndGiveNoRatio() {
        let torch = BenchRounds([2.18, 51.6, 136])
        #expect(torch.outliers == [2.18])
        #expect(torch.kept == [51.6, 136] && torch.best == 136)
        #expect(torch.stable == false)
        let dlenv = BenchRounds([101, 104, 99])
        #expect(dlenv.outliers.isEmpty && dlenv.stable == true && dlenv.best == 104)
        let c = BenchComparison(dlenv: dlenv, torch: torch)
        #expect(c.ratio == nil && c.noisy?.contains("torch's rounds spread") == true)
    }

    @Test func aReRunReplacesTheOutlierAndStableSidesGetARatio() {
        var torch = BenchRounds([2.18, 130, 136])
        #expect(torch.outliers == [2.18] && torch.stable == true)
        let flagged = torch.record(133)
        #expect(!flagged)
        #expect(torch.values == [2.18, 130, 136, 133] && torch.median == 133)
        let c = BenchComparison(dlenv: BenchRounds([140, 138, 141]), torch: torch)
        #expect(c.ratio == 141.0 / 136 && c.noisy == nil)
    }

    @Test func twoRoundsCannotNameAnOutlierAndOneRoundIsNotJudged() {
        #expect(BenchRounds([2, 100]).outliers.isEmpty && BenchRounds([2, 100]).stable == false)
        #expect(BenchRounds([50]).stable == nil && BenchRounds([50]).best == 50)
        // A failed measurement (NaN, 0) never counts.
        let r = BenchRounds([.nan, 0, 80, 82, 81])
        #expect(r.kept == [80, 82, 81] && r.outliers.count == 2)
        #expect(BenchRounds([.nan]).best == nil && BenchRounds([.nan]).stable == false)
    }
}
