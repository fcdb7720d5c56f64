import Testing

@testable import DLEnvWorkloads

/// The figures committed in `TwinExpectedFigures.swift` (embedded in every generated Dockerfile's twin) must be
/// what a quick core run produces now: the quick run is deterministic (fixed seeds), so they must match to the
/// last bits a different CPU may change.
@Suite struct TwinExpectedFiguresTests {
    static let stale =
        "the committed twin figures are stale: run scripts/embed-twin-expected.sh, then re-record "
        + "the Dockerfiles (RECORD_GOLDENS=1 swift test --filter RecipeGoldenTests) and the fleet plan"

    @Test func committedFiguresEqualAFreshQuickRun() {
        let committed = TwinScript.committedQuickFigures()
        let fresh = Workloads.run(Workloads.all, quick: true)
        #expect(Set(committed.keys) == Set(fresh.map(\.id)), "\(Self.stale)")
        for r in fresh {
            guard let c = committed[r.id], let w = Workloads.all.first(where: { $0.id == r.id }) else { continue }
            #expect(Set(c.names) == Set(r.figures.names), "\(r.id): \(Self.stale)")
            for name in r.figures.names {
                let a = r.figures[name] ?? [], b = c[name] ?? []
                let tolerance = w.tolerances.tolerance(for: name)
                if tolerance.mode == .atMost {
                    // A bound: this CPU's value must stay under it, and the file holds the bound itself.
                    #expect(a.allSatisfy { tolerance.within($0) <= 1 }, "\(r.id) \(name): \(a) exceeds \(tolerance)")
                    #expect(b == a.map { _ in tolerance.atol }, "\(r.id) \(name): committed \(b); \(Self.stale)")
                    continue
                }
                let same = TwinScript.agreesWithCommitted(fresh: a, committed: b)
                #expect(same, "\(r.id) \(name): fresh \(a.prefix(3)), committed \(b.prefix(3)); \(Self.stale)")
            }
            // Regenerating the file on this machine writes the same bytes (the committed values are kept).
            #expect(
                TwinScript.committable(r, previous: c).json.compactText == c.json.compactText,
                "\(r.id): scripts/embed-twin-expected.sh would rewrite it on this CPU")
        }
    }

    /// Error figures are bounds wherever they are compared: on the core, in the twin's comparison, and in the file.
    @Test func errorFiguresAreBoundsNotValues() {
        let gemm = GemmWorkload()
        for name in ["max_rel_err/float32", "max_rel_err/float64"] {
            let t = gemm.tolerances.tolerance(for: name)
            #expect(t.mode == .atMost)
            // Any value under the bound passes whatever the core measured; one over it fails; NaN fails.
            #expect(t.distance(1, t.atol / 2) <= 1 && t.distance(0, t.atol / 2) <= 1)
            #expect(t.distance(t.atol / 2, t.atol * 3) > 1 && t.distance(0, .nan) > 1)
        }
        let committed = TwinScript.committable(
            WorkloadResult(
                id: "gemm", summary: "", headline: "", figures: Workloads.run([gemm], quick: true)[0].figures,
                checks: [], seconds: 0))
        #expect(committed["max_rel_err/float32"] == [1e-5] && committed["max_rel_err/float64"] == [1e-12])
        #expect(committed["checksum/float64"] != nil)
        #expect(TwinScript.committedCheckingSource().contains("if mode == \"at_most\":"))
    }

    @Test func theCommittedTwinChecksItselfWithEveryWorkload() {
        let source = TwinScript.committedCheckingSource()
        #expect(!source.contains("__DLENV_"))
        #expect(source.contains("EXPECTED = json.loads(r'''{\"quick\":true,\"workloads\":{\n"))
        for w in Workloads.all { #expect(source.contains("\n\"\(w.id)\":{\"fallback\"")) }
        // BuildKit's parser reads lines up to 64 KiB: the twin must fit a Dockerfile heredoc.
        let longest = source.split(separator: "\n").map(\.utf8.count).max() ?? 0
        #expect(longest < 60_000, "longest line: \(longest) bytes")
    }
}
