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
            guard let c = committed[r.id] else { continue }
            #expect(Set(c.names) == Set(r.figures.names), "\(r.id): \(Self.stale)")
            for name in r.figures.names {
                let a = r.figures[name] ?? [], b = c[name] ?? []
                // Equal to 1e-3 relative (NaN equals NaN): the last bits depend on the CPU (OpenBLAS picks its
                // kernel per CPU; AVX2+FMA or portable kernels), and RMSprop's curve amplifies a 1-ulp change in
                // exp to ~1e-4 within 12 steps; a changed workload moves far more. The twin's own comparison
                // with torch uses tolerances of this order (training: 2e-3).
                let same =
                    a.count == b.count
                    && zip(a, b).allSatisfy { x, y in
                        x.bitPattern == y.bitPattern || (x.isNaN && y.isNaN)
                            || Swift.abs(x - y) <= 1e-3 * Swift.max(Swift.abs(x), Swift.abs(y))
                    }
                #expect(same, "\(r.id) \(name): fresh \(a.prefix(3)), committed \(b.prefix(3)); \(Self.stale)")
            }
        }
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
