import DLEnvCore
import DLEnvStore
import Foundation
import Testing

@testable import DLEnvReport

/// The page as a value of its input: no database, no file.
@Suite struct ReportPageTests {
    static let host = HostIdentity(fingerprint: "00000000000000aa", cpuModel: "Test <CPU>", gpus: [], driver: nil)
    static let other = HostIdentity(
        fingerprint: "00000000000000bb", cpuModel: "Other CPU", gpus: ["NVIDIA H100 (GPU-1)"], driver: "550.54")
    static let t0 = 1_790_000_000.0

    static func bench(
        _ host: HostIdentity, at hours: Double, torch: String? = nil, _ results: [(String, Double)]
    ) -> RunRecord {
        RunRecord(
            kind: .bench, startedAt: Date(timeIntervalSince1970: t0 + hours * 3600), host: host, dlenvVersion: "0.1.0",
            environment: RunEnvironment(
                python: torch == nil ? nil : "3.11.7", torch: torch, device: "cpu", blasThreads: 2, torchThreads: 2),
            quick: false, results: results.map { ResultRecord(name: $0.0, value: $0.1, unit: "GFLOP/s") })
    }

    static func verify(_ host: HostIdentity, at hours: Double, torch: String?, failed: [String]) -> RunRecord {
        RunRecord(
            kind: .verify, startedAt: Date(timeIntervalSince1970: t0 + hours * 3600), host: host, dlenvVersion: "0.1.0",
            environment: RunEnvironment(python: torch == nil ? nil : "3.11.7", torch: torch, device: "cpu"),
            passed: failed.isEmpty,
            results: ["gemm", "training"].map {
                ResultRecord(name: "verify/\($0)", value: 0.1, unit: "s", passed: !failed.contains("verify/\($0)"))
            })
    }

    /// Seven bench runs of one figure on this host, the last 30 % slower (a regression), two verify runs (one
    /// failed), and one bench run on another host two days later.
    static func runs() -> [RunRecord] {
        var runs = (0..<7).map { i in bench(host, at: Double(i), [("sgemm_1024", i == 6 ? 70 : 100)]) }
        runs.append(verify(host, at: 27, torch: nil, failed: []))
        runs.append(verify(host, at: 55, torch: nil, failed: ["verify/gemm"]))
        runs.append(bench(other, at: 48, [("sgemm_1024", 300), ("relu_16m", 5000)]))
        return runs
    }

    static func input(runs: [RunRecord], host: HostIdentity = host) -> ReportPage.Input {
        ReportPage.Input(
            generated: Date(timeIntervalSince1970: t0), host: host, dlenvVersion: "9.8.7",
            database: "/tmp/h.sqlite", regressionRule: "slower & more", runs: runs)
    }

    @Test func theUsersDataComesFirstAndTheReferencePlotsFollowFolded() throws {
        let input = ReportPage.collect(
            generated: Date(timeIntervalSince1970: Self.t0), host: Self.host, dlenvVersion: "9.8.7", database: "db",
            regressionRule: "r", runs: Self.runs())
        let page = ReportPage.html(input)
        let positions = try ReportPage.sectionTitles.map { title in
            try #require(page.range(of: "<h2>\(esc(title))</h2>")?.lowerBound, "missing \(title)")
        }
        #expect(positions == positions.sorted())
        let summary = try #require(page.range(of: "class=\"tiles\"")?.lowerBound)
        #expect(summary < positions[0])
        // Nothing of the reference comes before the user's data, and all of it is folded.
        let firstDetails = try #require(page.range(of: "<details>")?.lowerBound)
        #expect(firstDetails > positions[3])
        let reference = String(page[positions[3]...])
        #expect(reference.components(separatedBy: "<details>").count - 1 == ReportPage.referenceTitles.count)
        #expect(!reference.contains("<details open"))
        for title in ReportPage.referenceTitles { #expect(reference.contains("<summary>\(esc(title))</summary>")) }
        let before = String(page[..<positions[3]])
        #expect(!before.contains("lr/") && !before.contains("kaiming"))
        // Self-contained: no scripts, nothing loaded from elsewhere.
        #expect(
            !page.contains("<script") && !page.contains("src=") && !page.contains("href=") && !page.contains("url("))
    }

    /// Every chart of the page (the user's and the reference): no legend entry inside the plot rectangle, and a
    /// y axis from 0 or a sentence saying it does not start there.
    @Test func noLegendInsideAPlotAndEveryYAxisFromZeroOrLabelled() throws {
        let input = ReportPage.collect(
            host: Self.host, dlenvVersion: "0.1.0", database: "db", regressionRule: "r", runs: Self.runs())
        let charts = SVGStructure.charts(in: ReportPage.html(input))
        #expect(charts.count >= 17)
        for chart in charts {
            let frame = try #require(chart.frame, "a chart without a frame: \(chart.source.prefix(200))")
            for y in chart.legendYs { #expect(y > frame.y + frame.height, "\(chart.source.prefix(160))") }
            let zeroBottom = chart.yTicks.contains { $0.label == "0" }
            let note = chart.texts(class: "an").first ?? ""
            #expect(zeroBottom || note.hasSuffix("does not start at 0"), "\(chart.source.prefix(160))")
        }
    }

    @Test func everyBenchmarkChartSharesOneDateAxis() throws {
        let page = ReportPage.html(Self.input(runs: Self.runs()))
        let charts = SVGStructure.charts(in: page).filter { $0.source.contains("date (UTC)") }
        #expect(charts.count == 3)  // sgemm_1024 on both hosts, relu_16m on the other
        let domains = Set(charts.map(\.xDomain))
        #expect(domains.count == 1 && domains.first! != nil)
        let ticks = Set(charts.map { $0.texts(class: "xl") })
        #expect(ticks.count == 1)
        #expect(ticks.first! == ["09-22 00:00", "09-22 12:00", "09-23 00:00", "09-23 12:00"])
        #expect(charts.allSatisfy { $0.texts(class: "at").first == "date (UTC)" })
        // This host's charts first.
        #expect(charts[0].source.contains("host 00000000 · Test &lt;CPU&gt;"))
        // A run's x is its date: this host's first run at 0 h, the other host's at 48 h, on the same scale.
        let frame = try #require(charts[0].frame)
        let (lo, hi) = try #require(
            charts[0].xDomain.map { d in d.split(separator: " ").map { Double($0)! } }.map { ($0[0], $0[1]) })
        let x0 = charts[0].lines[0].points[0].x, x48 = charts[1].lines[0].points[0].x
        #expect(abs(x0 - (frame.x + (Self.t0 - lo) / (hi - lo) * frame.width)) < 0.1)
        #expect(abs(x48 - (frame.x + (Self.t0 + 48 * 3600 - lo) / (hi - lo) * frame.width)) < 0.1)
    }

    /// Runs of two torch builds of one figure are two lines, each of its own series, never one line joining them.
    @Test func everyLineIsOneSeries() throws {
        var runs = (0..<4).map { i in
            Self.bench(Self.host, at: Double(i), torch: "2.13.0+cpu", [("sgemm_1024", 100), ("torch/sgemm_1024", 90)])
        }
        runs += (4..<7).map { i in
            Self.bench(
                Self.host, at: Double(i), torch: "2.15.0+cu132", [("sgemm_1024", 101), ("torch/sgemm_1024", 95)])
        }
        let charts = SVGStructure.charts(in: ReportPage.html(Self.input(runs: runs)))
            .filter { $0.source.contains("date (UTC)") }
        #expect(charts.count == 1)
        let lines = charts[0].lines
        #expect(lines.map(\.points.count) == [4, 4, 3, 3])
        let keys = lines.map { $0.key ?? "" }
        #expect(keys[0] == "host=00000000000000aa;dlenv=0.1.0;torch=2.13.0+cpu;device=cpu;quick=full;threads=2")
        #expect(keys[2].contains("torch=2.15.0+cu132") && keys[3].contains("torch=2.15.0+cu132"))
        // torch's line of a series is that series (its threads are torch's own, 2 here too); the builds differ.
        #expect(keys[0] == keys[1] && keys[2] == keys[3] && keys[0] != keys[2])
        // Legend: the key of each series, torch's dashed line named as such.
        #expect(
            charts[0].texts(class: "lt") == [
                "dlenv 0.1.0 · torch 2.13.0+cpu · cpu · full · 2 threads", "torch in the same runs · 2 threads",
                "dlenv 0.1.0 · torch 2.15.0+cu132 · cpu · full · 2 threads", "torch in the same runs · 2 threads",
            ])
        // dlenv's and torch's line of one series share a colour; the two series differ.
        let colors = charts[0].elements("polyline").map { SVGStructure.attribute("stroke", of: $0)! }
        #expect(colors[0] == colors[1] && colors[2] == colors[3] && colors[0] != colors[2])
        // Both builds' latest verdicts: 3 runs of 2.15 are not enough to judge, so nothing is ringed.
        #expect(!charts[0].source.contains("class=\"flag\""))
    }

    @Test func theEnvironmentsTableShowsTheVerdictsThisHostFirst() throws {
        let page = ReportPage.html(Self.input(runs: Self.runs()))
        let envs = try #require(
            page.components(separatedBy: "<h2>Your environments</h2>").dropFirst().first?
                .components(separatedBy: "</table>").first)
        let rows = envs.components(separatedBy: "<tr>").dropFirst(2)
        #expect(rows.count == 2)
        let here = try #require(rows.first)
        #expect(here.contains("Test &lt;CPU&gt;") && here.contains("this host"))
        #expect(here.contains("7 verify") == false && here.contains("2 verify · 7 bench"))
        #expect(here.contains("<td class=\"bad\">FAILED 2026-09-23 21:13 UTC: verify/gemm</td>"))
        #expect(here.contains("<td class=\"bad\">REGRESSION: sgemm_1024</td>"))
        let there = try #require(rows.last)
        #expect(there.contains("Other CPU · 1× NVIDIA H100 · driver 550.54"))
        #expect(there.contains("never verified") && there.contains("2 figures, not enough runs to judge yet"))
        // The summary: the failed verification and the regression.
        #expect(page.contains("<div class=\"tv bad\">FAILED</div>"))
        #expect(page.contains("sgemm_1024 on 00000000"))
        // The regression is ringed once, and the chart's title says so.
        #expect(page.components(separatedBy: "class=\"flag\"").count - 1 == 1)
        #expect(page.contains("sgemm_1024 (GFLOP/s) · REGRESSION"))
    }

    @Test func theVerificationRunsNewestFirst() {
        let page = ReportPage.html(Self.input(runs: Self.runs()))
        let failed = page.range(of: "<td class=\"bad\">FAILED: verify/gemm</td>")
        let passed = page.range(of: "<td class=\"ok\">passed (2 workloads)</td>")
        #expect(failed != nil && passed != nil && failed!.lowerBound < passed!.lowerBound)
    }

    @Test func theVerificationTableShowsTheNewestTwelve() {
        let runs = (0..<14).map {
            Self.verify(Self.host, at: Double($0), torch: nil, failed: $0 == 0 ? ["verify/gemm"] : [])
        }
        let page = ReportPage.html(Self.input(runs: runs))
        let table = page.components(separatedBy: "<h2>Your verification runs</h2>")[1].components(
            separatedBy: "</section>")[0]
        #expect(table.components(separatedBy: "<tr>").count - 2 == 12)
        // The oldest (the failed one) is past the twelve shown.
        #expect(!table.contains("FAILED") && table.contains("The newest 12 of 14 runs"))
    }

    @Test func everyUserAndHostStringIsEscaped() {
        let evil = HostIdentity(fingerprint: "<b>ff</b>", cpuModel: "\"><script>x</script>", gpus: [], driver: nil)
        var run = Self.verify(evil, at: 0, torch: "2.13.0+<i>", failed: ["verify/<gemm>"])
        run.environment.python = "3.11 & <x>"
        let page = ReportPage.html(
            ReportPage.Input(
                generated: Date(timeIntervalSince1970: Self.t0), host: evil, dlenvVersion: "<v>", database: "/tmp/<db>",
                regressionRule: "slower & more",
                runs: [run, Self.bench(evil, at: 1, torch: "2.13.0+<i>", [("<f>", 1)])]))
        for raw in ["<b>", "<script", "<i>", "<x>", "<gemm>", "<v>", "<db>", "<f>"] {
            #expect(!page.contains(raw), "\(raw) not escaped")
        }
        #expect(page.contains("3.11 &amp; &lt;x&gt;") && page.contains("&quot;&gt;&lt;script&gt;"))
        #expect(page.contains("slower &amp; more") && page.contains("Generated by dlenv &lt;v&gt;."))
    }

    @Test func anEmptyStoreSaysWhatToRun() {
        let page = ReportPage.html(Self.input(runs: []))
        #expect(page.contains("No runs stored yet: run <code>dlenv verify</code>"))
        #expect(page.contains("No benchmark runs stored yet: run <code>dlenv bench</code>."))
        #expect(page.contains("No verification runs stored yet: run <code>dlenv verify</code>."))
        // The activation curves need no stored run and no workload figures.
        #expect(page.contains("<summary>Activations and their gradients</summary>"))
        #expect(page.components(separatedBy: "<svg").count - 1 == 5)
    }

    @Test func collectRunsTheWorkloadsEveryPlotNeeds() {
        let input = ReportPage.collect(
            host: Self.host, dlenvVersion: "0.1.0", database: "db", regressionRule: "r", runs: [])
        #expect(input.lrFigures?["lr/onecycle"] != nil)
        #expect(input.initScale?["std/kaiming_relu"] != nil)
        #expect(input.descent?["curve/lr_1e-5"] != nil)
        #expect(input.training?["curve/adam"] != nil)
        let page = ReportPage.html(input)
        #expect(page.components(separatedBy: "<svg").count - 1 == 14)
    }
}
