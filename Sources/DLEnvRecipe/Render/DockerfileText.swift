/// A Dockerfile under construction: lines, multi-line instructions with aligned continuations, `RUN` with
/// mounts, and `COPY` heredocs.
struct DockerfileText {
    private(set) var text = ""

    mutating func line(_ s: String) { text += s + "\n" }

    /// A comment wrapped at word boundaries so no line passes 110 characters.
    mutating func comment(_ text: String, width: Int = 110) {
        var current = "#"
        for word in text.split(separator: " ") {
            if current.count + 1 + word.count > width, current != "#" {
                line(current)
                current = "#"
            }
            current += " " + word
        }
        line(current)
    }

    mutating func blank() {
        if !text.hasSuffix("\n\n") { text += "\n" }
    }

    /// `KEYWORD a \` / `      b` with one argument per line.
    mutating func instruction(_ keyword: String, _ arguments: [String]) {
        guard let first = arguments.first else { return }
        let indent = String(repeating: " ", count: keyword.count + 1)
        var lines = ["\(keyword) \(first)"]
        lines += arguments.dropFirst().map { indent + $0 }
        line(lines.joined(separator: " \\\n"))
    }

    /// `RUN --mount=… \` then the commands chained with `&&`, one per line.
    mutating func run(mounts: [String], commands: [String]) {
        let parts = mounts + commands.enumerated().map { i, c in i == 0 ? c : "&& " + c }
        var lines = ["RUN " + parts[0]]
        lines += parts.dropFirst().map { "    " + $0 }
        line(lines.joined(separator: " \\\n"))
    }

    /// `COPY <<'DELIM' path` with the content and a blank line after the terminator (hadolint 2.15 needs it).
    mutating func heredoc(path: String, delimiter: String, content: String) {
        line("COPY <<'\(delimiter)' \(path)")
        text += content.hasSuffix("\n") ? content : content + "\n"
        line(delimiter)
        text += "\n"
    }
}
