import Foundation
import Testing

/// The command end to end (the page's content is `DLEnvReportTests`'): the store's history in, one file out.
@Suite struct ReportCommandTests {
    @Test func writesOneSelfContainedPageWithEveryPlotAndTheBenchmarkHistory() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dlenv-report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let db = dir.appendingPathComponent("r.sqlite").path
        let export = dir.appendingPathComponent("runs.json")
        try writeExport(to: export, count: 7, results: 1) { $0 == 6 ? 70 : 100 }
        #expect(try CLIRunner.run(["history", "--import", export.path, "--db", db]).status == 0)
        let html = dir.appendingPathComponent("report.html")
        let r = try CLIRunner.run(["report", "--html", html.path, "--db", db])
        #expect(r.status == 0, "\(r.stderr)")
        let page = try String(contentsOf: html, encoding: .utf8)
        #expect(page.hasPrefix("<!DOCTYPE html>"))
        // The user's data first, then the reference plots, folded.
        var last = page.startIndex
        for title in [
            "Your environments", "Your benchmarks", "Your verification runs", "Reference plots",
            "<summary>Learning-rate schedules", "<summary>Initialisation: activation std per layer",
            "<summary>Activations and their gradients", "<summary>Gradient descent and training",
        ] {
            let at = page.range(of: title)?.lowerBound
            #expect(at != nil && at! > last, "missing or out of order: \(title)")
            last = at ?? last
        }
        #expect(page.components(separatedBy: "<svg").count - 1 >= 15)
        #expect(page.contains("figure_0 (") && page.contains(") · REGRESSION</text>"))
        #expect(page.contains("class=\"flag\""))
        // Self-contained: no scripts, nothing loaded from elsewhere.
        #expect(!page.contains("<script"))
        #expect(!page.contains("src="))
        #expect(!page.contains("href="))
    }
}
