import DLEnvStore

/// Text and HTML forms of `dlenv fleet report`.
enum FleetReportRendering {
    static func text(_ rows: [FleetReport.Row]) -> String {
        guard !rows.isEmpty else {
            return "no fleet results yet: collect job output with `dlenv fleet collect FILE…`\n"
        }
        let header = ["GPU product", "driver", "stack", "status", "results"]
        let body = rows.map { r in
            [
                r.product, r.driver, r.stack, r.status.rawValue.replacingOccurrences(of: "_", with: " "),
                String(r.results),
            ]
        }
        var widths = header.map(\.count)
        for line in body { for (i, cell) in line.enumerated() { widths[i] = max(widths[i], cell.count) } }
        func format(_ cells: [String]) -> String {
            cells.enumerated().map { i, c in
                i == cells.count - 1 ? c : c + String(repeating: " ", count: widths[i] - c.count)
            }.joined(separator: "  ")
        }
        var lines = [format(header)] + body.map(format)
        for r in rows where !r.failedWorkloads.isEmpty {
            lines.append("failed on \(r.product) \(r.driver), \(r.stack): \(r.failedWorkloads.joined(separator: ", "))")
        }
        let counts = [FleetReport.Status.passed, .failed, .notRun].map { s in rows.filter { $0.status == s }.count }
        lines.append("\(counts[0]) passed, \(counts[1]) failed, \(counts[2]) not run")
        return lines.joined(separator: "\n") + "\n"
    }

    static func html(_ rows: [FleetReport.Row]) -> String {
        func escape(_ s: String) -> String {
            s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
        }
        var lines = [
            "<!DOCTYPE html>",
            "<html lang=\"en\">",
            "<head>",
            "<meta charset=\"utf-8\">",
            "<title>dlenv fleet report</title>",
            "<style>",
            "body { font-family: system-ui, sans-serif; margin: 2rem; }",
            "table { border-collapse: collapse; }",
            "th, td { padding: 0.3rem 0.8rem; border-bottom: 1px solid #ddd; text-align: left; }",
            ".passed { color: #146c2e; } .failed { color: #b3261e; font-weight: bold; } .not_run { color: #777; }",
            "</style>",
            "</head>",
            "<body>",
            "<h1>dlenv fleet report</h1>",
            "<table>",
            "<tr><th>GPU product</th><th>driver</th><th>stack</th><th>image</th><th>status</th><th>results</th>"
                + "<th>failed workloads</th></tr>",
        ]
        for r in rows {
            let cells = [
                escape(r.product), escape(r.driver), escape(r.stack), escape(r.image ?? ""),
                "<span class=\"\(r.status.rawValue)\">\(r.status.rawValue.replacingOccurrences(of: "_", with: " "))</span>",
                String(r.results), escape(r.failedWorkloads.joined(separator: ", ")),
            ]
            lines.append("<tr>" + cells.map { "<td>\($0)</td>" }.joined() + "</tr>")
        }
        lines += ["</table>", "</body>", "</html>"]
        return lines.joined(separator: "\n") + "\n"
    }
}
