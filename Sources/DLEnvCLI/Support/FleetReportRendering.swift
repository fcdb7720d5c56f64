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
        for r in rows where !r.mismatches.isEmpty {
            lines.append("mismatch on \(r.product) \(r.driver), \(r.stack): \(describe(r.mismatches))")
        }
        let counts = [FleetReport.Status.passed, .failed, .notRun, .mismatch, .unknownGPU].map { s in
            rows.filter { $0.status == s }.count
        }
        lines.append(
            "\(counts[0]) passed, \(counts[1]) failed, "
                + (counts[3] > 0 ? "\(counts[3]) mismatched, " : "")
                + (counts[4] > 0 ? "\(counts[4]) on GPUs outside the matrix, " : "") + "\(counts[2]) not run")
        return lines.joined(separator: "\n") + "\n"
    }

    /// "gpu: claimed NVIDIA H100 80GB HBM3, observed none; device: claimed cuda, observed cpu".
    static func describe(_ mismatches: [FleetMismatch]) -> String {
        mismatches.map { "\($0.field.rawValue): claimed \(printable($0.claimed)), observed \(printable($0.observed))" }
            .joined(separator: "; ")
    }

    /// Text from a collected file as it may be printed: control characters shown as `\u{…}`.
    static func printable(_ s: String) -> String {
        s.unicodeScalars.map {
            $0.properties.generalCategory == .control ? "\\u{\(String($0.value, radix: 16))}" : String($0)
        }
        .joined()
    }

    /// The lines `fleet collect` prints: one per result, the mismatches spelled out, then what was stored.
    static func collected(_ records: [FleetResultRecord], stored: Int, database: String) -> String {
        var lines: [String] = []
        for r in records {
            let job = r.job.map { "\($0) shard \(r.shard ?? 0)" } ?? r.source
            let claimed = "\(printable(r.gpu)) (driver \(printable(r.driver))), \(printable(r.stack))"
            switch r.status {
            case .passed: lines.append("\(job): passed on \(claimed)")
            case .failed: lines.append("\(job): FAILED on \(claimed)")
            case .unknownGPU:
                lines.append(
                    "\(job): \(r.passed ? "passed" : "FAILED") on \(claimed), a GPU the matrix does not know; "
                        + "stored as unknown_gpu, not counted as verified")
            case .mismatch:
                lines.append("\(job): MISMATCH, not what the job claims (\(claimed)); not counted as verified")
                for m in r.mismatches {
                    lines.append(
                        "  \(m.field.rawValue): claimed \(printable(m.claimed)), observed \(printable(m.observed))")
                }
            }
        }
        lines.append(
            "stored \(stored) of \(records.count) results in \(database)"
                + (stored < records.count ? " (the rest were stored before)" : ""))
        let mismatched = records.filter { $0.status == .mismatch }.count
        if mismatched > 0 {
            lines.append(
                "\(mismatched) result(s) did not run on what their job claims: stored as mismatches, not as verified")
        }
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
            ".passed { color: #146c2e; } .failed, .mismatch { color: #b3261e; font-weight: bold; } .not_run { color: #777; }",
            "</style>",
            "</head>",
            "<body>",
            "<h1>dlenv fleet report</h1>",
            "<table>",
            "<tr><th>GPU product</th><th>driver</th><th>stack</th><th>image</th><th>status</th><th>results</th>"
                + "<th>failed workloads</th><th>mismatches</th></tr>",
        ]
        for r in rows {
            let cells = [
                escape(r.product), escape(r.driver), escape(r.stack), escape(r.image ?? ""),
                "<span class=\"\(r.status.rawValue)\">\(r.status.rawValue.replacingOccurrences(of: "_", with: " "))</span>",
                String(r.results), escape(r.failedWorkloads.joined(separator: ", ")), escape(describe(r.mismatches)),
            ]
            lines.append("<tr>" + cells.map { "<td>\($0)</td>" }.joined() + "</tr>")
        }
        lines += ["</table>", "</body>", "</html>"]
        return lines.joined(separator: "\n") + "\n"
    }
}
