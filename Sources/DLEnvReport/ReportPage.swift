import DLEnvStore
import DLEnvWorkloads
import Foundation

/// `dlenv report --html`: one self-contained page (inline CSS and SVG, no scripts, nothing fetched). The user's
/// own data comes first: a summary, their environments with their verdicts, their benchmark history on one shared
/// date axis (one line per comparable series), their verification runs. The reference plots that are the
/// same for every user (lr schedules, initialisation, activations, training curves) follow, folded.
/// The page is a value of its input: the CLI reads the store and picks the file; `collect` runs the workloads
/// the reference plots need.
public enum ReportPage {
    /// Everything the page shows.
    public struct Input: Sendable {
        public var generated: Date
        /// The host the page is generated on (its fingerprint and label head the page; its data comes first).
        public var host: HostIdentity
        /// dlenv's version, in the header and the footer.
        public var dlenvVersion: String
        /// The database the history came from (named in the benchmark section).
        public var database: String
        /// The regression rule in one line, as `dlenv history` prints it.
        public var regressionRule: String
        /// The stored runs, any order.
        public var runs: [RunRecord]
        /// The history of every host, as `HostHistory.build` makes it from `runs` under the rule.
        public var histories: [HostHistory]
        public var lrFigures: Figures?
        public var initScale: Figures?
        public var descent: Figures?
        public var training: Figures?

        public init(
            generated: Date, host: HostIdentity, dlenvVersion: String, database: String, regressionRule: String,
            runs: [RunRecord], rule: RegressionRule = .standard, lrFigures: Figures? = nil,
            initScale: Figures? = nil, descent: Figures? = nil, training: Figures? = nil
        ) {
            self.generated = generated
            self.host = host
            self.dlenvVersion = dlenvVersion
            self.database = database
            self.regressionRule = regressionRule
            self.runs = runs
            self.histories = HostHistory.build(from: runs, rule: rule)
            self.lrFigures = lrFigures
            self.initScale = initScale
            self.descent = descent
            self.training = training
        }
    }

    /// The input with the figures of the workloads the reference plots need, run on the core at quick sizes
    /// (`lr-schedules`, `init-scale`, `gradient-descent`, `training`).
    public static func collect(
        generated: Date = Date(), host: HostIdentity, dlenvVersion: String, database: String, regressionRule: String,
        runs: [RunRecord], rule: RegressionRule = .standard
    ) -> Input {
        let figures = { (id: String) -> Figures? in
            Workloads.select([id]).workloads.first.map { $0.run(quick: true).figures }
        }
        return Input(
            generated: generated, host: host, dlenvVersion: dlenvVersion, database: database,
            regressionRule: regressionRule, runs: runs, rule: rule, lrFigures: figures("lr-schedules"),
            initScale: figures("init-scale"), descent: figures("gradient-descent"), training: figures("training"))
    }

    /// The titles of the page's sections, in the order they appear (the user's data, then the reference).
    public static let sectionTitles = [
        "Your environments", "Your benchmarks", "Your verification runs", "Reference plots",
    ]

    /// The page: an HTML5 document, UTF-8.
    public static func html(_ input: Input) -> String {
        let environments = ReportEnvironment.build(
            from: input.runs, histories: input.histories, current: input.host.fingerprint)
        var body: [String] = []
        body.append("<header><h1>dlenv report</h1>")
        body.append(
            "<p class=\"meta\">\(esc(TimeAxis.format(input.generated))) · dlenv \(esc(input.dlenvVersion)) · this host \(esc(input.host.fingerprint)): \(esc(input.host.label)) · history \(esc(input.database))</p></header>"
        )
        body.append(summary(input, environments))
        body.append(
            section(
                sectionTitles[0], environmentTable(input, environments),
                note:
                    "Every interpreter, torch build and device your stored runs saw, this host first, with what the runs concluded."
            ))
        body.append(
            section(
                sectionTitles[1], "<div class=\"grid\">\(benchmarks(input))</div>",
                note:
                    "One chart per host and figure, all on one date axis (UTC). Each line is one series: the same host, dlenv build, torch build, device, quick or full sizes and threads; runs of different builds are never joined. Dashed: torch's figure in the same runs. y axes start at 0. A ringed point is a regression: \(esc(input.regressionRule)) (see <code>dlenv history --help</code>)."
            ))
        body.append(section(sectionTitles[2], verifications(input), note: nil))
        body.append(reference(input))
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>dlenv report</title>
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <style>\(css)</style></head>
            <body>\(body.joined(separator: "\n"))
            <footer>Generated by dlenv \(esc(input.dlenvVersion)). Self-contained: no scripts, no external resources.</footer>
            </body></html>
            """
    }

    static func section(_ title: String, _ content: String, note: String?) -> String {
        "<section><h2>\(esc(title))</h2>" + (note.map { "<p class=\"note\">\($0)</p>" } ?? "") + content
            + "</section>"
    }

    static func figure(_ chart: ReportChart) -> String { "<figure>\(chart.svg())</figure>" }
}
