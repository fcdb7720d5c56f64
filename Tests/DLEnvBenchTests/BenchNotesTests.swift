import DLEnvCore
import DLEnvTensor
import Testing

@testable import DLEnvBench

/// The notes a bench report carries: a slow BLAS and why, measured and nominal peaks that disagree, and the
/// block cache behind the element-wise figures.
@Suite struct BenchNotesTests {
    /// A CPU model as the probe builds it (2 cores, AVX2+FMA: 32 FLOP/cycle, 2 GHz: 128 GFLOP/s nominal).
    static let cpu = CPUModel(
        name: "X", vendor: "GenuineIntel", family: 6, model: 60, cores: 2, logicalCores: 2, flags: ["avx2", "fma"],
        clockGHz: 2, clockSource: "cpu MHz")
    static let blas = DLEnvTensor.BLASInfo(library: "libopenblas.so.0", core: "Haswell", threads: 2)

    static func fma(_ gflops: Double) -> FMAThroughput {
        FMAThroughput(gflops: gflops, unit: "AVX2+FMA", threads: 2, seconds: 0.05)
    }

    @Test func notesExplainASlowBLAS() {
        let results = [BenchReport.Result(name: "sgemm_1024", value: 10, unit: "GFLOP/s", peakFraction: 10 / 128)]
        var blas = DLEnvTensor.BLASInfo(library: "libopenblas.so.0", core: "Prescott", threads: 2)
        let notes = BenchSuite.notes(results, blas: blas, cpu: Self.cpu, measured: Self.fma(128))
        #expect(notes.count == 1)
        #expect(notes[0].contains("Prescott") && notes[0].contains("OPENBLAS_CORETYPE=Haswell"))
        #expect(notes[0].contains("128 GFLOP/s measured FMA throughput"))
        blas.core = "Haswell"
        #expect(!BenchSuite.notes(results, blas: blas, cpu: Self.cpu, measured: Self.fma(128))[0].contains("generic"))
    }

    /// Issue #11: "cpu MHz" is not the clock work runs at. A measured throughput 25 % or more away from the
    /// nominal peak is explained, with the clock it implies; within 25 % nothing is said.
    @Test func measuredAndNominalPeaksThatDisagreeAreExplained() throws {
        let above = BenchSuite.notes(
            [], blas: .init(library: nil, core: nil, threads: 2), cpu: Self.cpu, measured: Self.fma(230))
        #expect(above.count == 1)
        #expect(above[0].contains("80 % above the nominal peak (128 GFLOP/s") && above[0].contains("≈ 3.6 GHz"))
        let below = BenchSuite.notes(
            [], blas: .init(library: nil, core: nil, threads: 2), cpu: Self.cpu, measured: Self.fma(60))
        #expect(below.count == 1 && below[0].contains("53 % below") && below[0].contains("shared host"))
        #expect(
            BenchSuite.notes(
                [], blas: .init(library: nil, core: nil, threads: 2), cpu: Self.cpu, measured: Self.fma(140)
            )
            .isEmpty)
    }

    func notes(_ names: [String], elementwiseHits: Int) -> [String] {
        let results = names.map { BenchReport.Result(name: $0, value: 300, unit: "Melem/s", peakFraction: nil) }
        let cache = BenchReport.BlockCache(
            hits: elementwiseHits + 4, misses: 7, budgetBytes: 256 << 20, elementwiseHits: elementwiseHits)
        return BenchSuite.notes(results, blas: Self.blas, cpu: Self.cpu, measured: nil, blockCache: cache)
    }

    @Test func theBlockCacheNoteAppearsOnlyWhenTheElementwiseJobsHitTheCache() {
        let with = notes(["relu_16m", "gelu_16m", "tiny_mlp_step"], elementwiseHits: 12)
        #expect(with.count == 1)
        #expect(with[0].hasPrefix("relu_16m, gelu_16m reuse freed 64 MiB result blocks (12 hits)"))
        #expect(with[0].contains("DLENV_BLOCK_CACHE_MB=0") && with[0].contains("THP_MEM_ALLOC_ENABLE=1"))
        #expect(notes(["relu_16m", "sigmoid_16m"], elementwiseHits: 0).isEmpty)
        #expect(notes(["tiny_mlp_step"], elementwiseHits: 3).isEmpty)
        #expect(
            BenchSuite.notes(
                [BenchReport.Result(name: "relu_16m", value: 300, unit: "Melem/s", peakFraction: nil)], blas: Self.blas,
                cpu: Self.cpu, measured: nil
            ).isEmpty)
    }

    /// Outlier rounds are named with the figures formatted as the table prints them.
    @Test func outlierRoundsAreNamedWithTheirMedian() {
        var result = BenchReport.Result(name: "sgemm_512", value: 120, unit: "GFLOP/s", peakFraction: nil)
        result.rounds = BenchRounds([120, 118, 3.25])
        let notes = BenchSuite.notes([result], blas: Self.blas, cpu: Self.cpu, measured: nil)
        let expected =
            "sgemm_512: dlenv round(s) 3.25 GFLOP/s far from the others (median of the kept rounds 119): "
            + "flagged and re-run, not reported."
        #expect(notes == [expected])
    }
}

/// What the suite accepts before it runs anything.
@Suite struct BenchSuiteOptionsTests {
    @Test func theNamesAreEveryJobOfAFullRun() {
        #expect(BenchSuite.names.first == "sgemm_256" && BenchSuite.names.last == "tiny_mlp_step")
        #expect(BenchSuite.names.contains("dgemm_2048") && BenchSuite.names.contains("mlp_step"))
        #expect(Set(BenchSuite.names).isSuperset(of: BenchSuite.elementwiseNames))
    }

    @Test(arguments: [0, -2])
    func roundsBelowOneAreBadInput(_ rounds: Int) {
        #expect(throws: BenchError.roundsBelowOne(rounds)) { try BenchSuite.validate(.init(rounds: rounds)) }
        #expect(BenchError.roundsBelowOne(rounds).isBadInput)
        #expect(BenchError.roundsBelowOne(rounds).description == "--rounds must be at least 1 (got \(rounds))")
    }

    @Test func anUnknownNameSuggestsTheClosest() throws {
        #expect(throws: BenchError.self) { try BenchSuite.validate(.init(only: ["sgemm_1023"])) }
        do throws(BenchError) {
            try BenchSuite.validate(.init(only: ["sgemm_1023"]))
        } catch {
            #expect(error.isBadInput)
            #expect(error.description == "unknown benchmark 'sgemm_1023'")
            #expect(error.remedy?.contains("sgemm_1024") == true)
        }
        try BenchSuite.validate(.init(only: ["sgemm_256", "tiny_mlp_step"]))
    }

    @Test func formatKeepsThreeSignificantFigures() {
        #expect(BenchReport.format(1234.5) == "1234" || BenchReport.format(1234.5) == "1235")
        #expect(BenchReport.format(42.06) == "42.1")
        #expect(BenchReport.format(3.14159) == "3.14")
    }
}
