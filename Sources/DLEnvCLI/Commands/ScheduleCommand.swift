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
        let request = ScheduleRequest(
            expression: expression, lr: lr, steps: steps, metrics: metrics, optimizer: optimizer)
        let trace: ScheduleTrace
        do { trace = try request.trace() } catch { throw ScheduleDiagnostics.failure(error, in: expression) }
        if let plot {
            let svg = ScheduleRendering.svg(trace, title: expression, momentumLabel: request.momentumLabel)
            try Output.writeFiles([FileSetWriter.File(path: plot, text: svg)])
        }
        if json {
            try Output.printJSON(trace)
        } else {
            let table = ScheduleRendering.table(
                trace, metrics: try request.metricValues(), momentumLabel: request.momentumLabel)
            print(table, terminator: "")
            if let plot { print("plot written to \(plot)") }
        }
    }
}
