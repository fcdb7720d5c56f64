import DLEnvStore

/// The self-contained HTML page of `dlenv fleet report --html FILE`: GPU product × driver × stack → status.
public enum FleetReportPage {
    public static func html(_ rows: [FleetReport.Row]) -> String {
        func escape(_ s: String) -> String { HTMLText.escape(s) }
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
                String(r.results), escape(r.failedWorkloads.joined(separator: ", ")),
                escape(FleetMismatch.describe(r.mismatches)),
            ]
            lines.append("<tr>" + cells.map { "<td>\($0)</td>" }.joined() + "</tr>")
        }
        lines += ["</table>", "</body>", "</html>"]
        return lines.joined(separator: "\n") + "\n"
    }
}

extension FleetMismatch {
    /// "gpu: claimed NVIDIA H100 80GB HBM3, observed none; device: claimed cuda, observed cpu", with control
    /// characters from a collected file shown as `\u{…}`.
    public static func describe(_ mismatches: [FleetMismatch]) -> String {
        mismatches.map { "\($0.field.rawValue): claimed \(printable($0.claimed)), observed \(printable($0.observed))" }
            .joined(separator: "; ")
    }

    /// Text from a collected file as it may be printed: control characters shown as `\u{…}`.
    public static func printable(_ s: String) -> String {
        s.unicodeScalars.map {
            $0.properties.generalCategory == .control ? "\\u{\(String($0.value, radix: 16))}" : String($0)
        }.joined()
    }
}
