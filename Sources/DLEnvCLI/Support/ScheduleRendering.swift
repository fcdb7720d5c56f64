import DLEnvReport
import DLEnvScheduleExpression

/// Human output of `dlenv schedule`: an aligned table and an SVG line chart.
enum ScheduleRendering {
    /// One row per step: step, lr, momentum (and the metric fed to ReduceLROnPlateau after that step).
    static func table(_ trace: ScheduleTrace, metrics: [Double]?, momentumLabel: String) -> String {
        var header = ["step", "lr", momentumLabel]
        if metrics != nil { header.append("metric") }
        var rows = [header]
        for i in trace.lr.indices {
            var row = ["\(i)", "\(trace.lr[i])", "\(trace.momentum[i])"]
            if let metrics { row.append(i < metrics.count && i < trace.lr.count - 1 ? "\(metrics[i])" : "") }
            rows.append(row)
        }
        return TextTable.lines(rows, right: [0]).map { $0 + "\n" }.joined()
    }

    static func svg(_ trace: ScheduleTrace, title: String, momentumLabel: String) -> String {
        ScheduleChart.svg(trace, title: title, momentumLabel: momentumLabel)
    }
}
