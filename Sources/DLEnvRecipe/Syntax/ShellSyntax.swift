/// Shell text (the sbatch scripts, the build-steps script): user values are single-quoted words, comments
/// are printable, and every step of a user's `run` list runs in its own `bash -c`, so a heredoc opener or an
/// unbalanced construct in one step cannot reach the next line.
public enum ShellSyntax {
    /// A single-quoted POSIX shell word: `'` becomes `'\''`; nothing inside is expanded.
    public static func quoted(_ value: String) -> String {
        "'" + value.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// `value` as one shell word: as it is when it holds only characters no shell treats specially
    /// (letters, digits and `._/:@%+=,-`, not starting with `-` or `~`), else single-quoted.
    public static func word(_ value: String) -> String {
        let plain =
            !value.isEmpty && !value.hasPrefix("-") && !value.hasPrefix("~")
            && value.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "._/:@%+=,-".contains($0)) }
        return plain ? value : quoted(value)
    }

    /// A comment line: `# ` and the printable form of `text`.
    public static func comment(_ text: String) -> String {
        "# " + TextSafety.printable(text, limit: .max)
    }

    /// The script that runs a spec's build steps: each step is one line, `bash -euo pipefail -c -- 'STEP'`,
    /// run in order; the first failing step stops the script (and the image build).
    public static func stepsScript(_ steps: [String], header: [String]) -> String {
        var lines = ["#!/bin/bash"] + header.map(comment) + ["set -euo pipefail"]
        for (i, step) in steps.enumerated() {
            lines.append("echo \(quoted("dlenv build step \(i + 1)/\(steps.count)")) >&2")
            // `--` ends bash's options, so a step that starts with '-' is a command, not an option of bash.
            lines.append("/bin/bash -euo pipefail -c -- \(quoted(step))")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
