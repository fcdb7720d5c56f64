import ArgumentParser
import DLEnvCore
import DLEnvNN
import DLEnvScheduleExpression
import Foundation

/// `dlenv schedule EXPR`: an lr schedule, written as the torch constructor, computed exactly as torch does.
struct ScheduleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schedule",
        abstract: "Show the lr (and momentum) a torch lr scheduler produces, step by step, exactly as torch does.",
        discussion: """
            EXPR is the scheduler's constructor without the optimizer, as written in Python. Examples:

              dlenv schedule 'OneCycleLR(max_lr=0.1, total_steps=100)'
              dlenv schedule 'StepLR(step_size=3, gamma=0.5)' --steps 10 --json
              dlenv schedule 'ReduceLROnPlateau(patience=2)' --metrics 1,0.9,0.95,0.95
              dlenv schedule 'LambdaLR(lr_lambda=lambda e: 0.95 ** e)' --plot lr.svg

            The optimizer is SGD with one parameter group (lr --lr, momentum 0.9, so momentum cycling \
            shows); --optimizer adam drives Adam's beta1 instead. Value i is the lr in force for step i: \
            the first right after construction, each next one after step() (with metric i for \
            ReduceLROnPlateau). Values are computed exactly as torch 2.13 computes them.
            """
    )

    @Argument(help: "The scheduler constructor, e.g. 'StepLR(step_size=30, gamma=0.1)'.")
    var expression: String

    @Option(help: "The optimizer's initial learning rate.")
    var lr: Double = 0.1

    @Option(help: "How many values to show (default: the schedule's natural length; metrics count + 1 for plateau).")
    var steps: Int?

    @Option(help: "Comma-separated metric values for ReduceLROnPlateau, one per step().")
    var metrics: String?

    @Option(help: "The optimizer whose momentum is cycled: sgd (momentum 0.9) or adam (beta1 0.9).")
    var optimizer: String = "sgd"

    @Flag(help: "Print {\"lr\": [...], \"momentum\": [...]} as JSON.")
    var json = false

    @Option(help: "Also write an SVG line chart of the schedule to this file.")
    var plot: String?

    func run() throws {
        if let steps, steps < 1 || steps > 1_000_000 {
            throw CLIFailure.badInput(
                "--steps must be between 1 and 1000000, got \(steps)", remedy: "pass --steps 20")
        }
        guard lr.isFinite, lr >= 0 else {
            throw CLIFailure.badInput("--lr must be a finite number >= 0, got \(lr)")
        }
        let metricValues = try parseMetrics()
        let groups = try makeGroups()
        let trace: ScheduleTrace
        do {
            let parsed = try ScheduleExpression(expression)
            trace = try parsed.trace(on: groups, steps: steps, metrics: metricValues)
        } catch {
            throw ScheduleDiagnostics.failure(for: error, in: expression)
        }
        if let step = trace.firstNonFiniteStep {
            throw CLIFailure.badInput(
                "the schedule produced a non-finite value at step \(step)",
                remedy: "check the lambda or factors for division by a tiny number")
        }
        if let plot {
            let svg = ScheduleRendering.svg(trace, title: expression, momentumLabel: momentumLabel)
            try Output.writeFiles([FileSetWriter.File(path: plot, text: svg)])
        }
        if json {
            try Output.printJSON(trace)
        } else {
            print(ScheduleRendering.table(trace, metrics: metricValues, momentumLabel: momentumLabel), terminator: "")
            if let plot { print("plot written to \(plot)") }
        }
    }

    private var momentumLabel: String { (ScheduleOptimizer(rawValue: optimizer) ?? .sgd).momentumLabel }

    private func makeGroups() throws -> ParamGroupTable {
        guard let optimizer = ScheduleOptimizer(rawValue: optimizer) else {
            throw CLIFailure.badInput(
                "unknown --optimizer '\(optimizer)'", remedy: "use --optimizer sgd or --optimizer adam")
        }
        return optimizer.groups(lr: lr)
    }

    private func parseMetrics() throws -> [Double]? {
        guard let metrics else { return nil }
        var values: [Double] = []
        for (i, item) in metrics.split(separator: ",", omittingEmptySubsequences: false).enumerated() {
            let text = item.trimmingCharacters(in: .whitespaces)
            guard let value = Double(text) else {
                throw CLIFailure.badInput(
                    "--metrics item \(i + 1) is not a number: '\(text)'", remedy: "write --metrics 1.0,0.9,0.95")
            }
            values.append(value)
        }
        return values
    }
}
