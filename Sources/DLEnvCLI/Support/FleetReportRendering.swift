import DLEnvReport
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
        var lines = TextTable.lines([header] + body)
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

    static func describe(_ mismatches: [FleetMismatch]) -> String { FleetMismatch.describe(mismatches) }
    static func printable(_ s: String) -> String { FleetMismatch.printable(s) }

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
}
