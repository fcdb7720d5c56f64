import DLEnvCore

/// The one place that formats diagnostics for people:
///
///     error: unknown key 'pyton'
///       --> dlenv.yaml:3:1
///     hint: did you mean 'python'?
enum DiagnosticRenderer {
    static func render(_ diagnostics: [Diagnostic]) -> String {
        diagnostics.map { d in
            var lines = ["\(d.severity.rawValue): \(d.message)"]
            if let location = d.location { lines.append("  --> \(location)") }
            if let remedy = d.remedy { lines.append("hint: \(remedy)") }
            return lines.joined(separator: "\n")
        }.joined(separator: "\n")
    }
}
