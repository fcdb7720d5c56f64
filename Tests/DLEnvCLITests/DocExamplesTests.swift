import Foundation
import Testing

/// The examples in README.md and docs/*.md run, so they cannot drift: every `$ dlenv …` line of a fenced block
/// whose command depends on nothing but the embedded matrices (`check`/`resolve` with declared hosts, `matrix`
/// queries, `schedule`) is run and its output compared with the lines under it (a line `…` stands for any lines;
/// a last line `[exit N]` is the expected status). Re-record with `DOCS_RECORD=1 swift test --filter
/// DocExamplesTests` (never by hand).
@Suite(.serialized) struct DocExamplesTests {
    struct Example: CustomStringConvertible {
        var file: String
        var line: Int
        var arguments: [String]
        /// The lines of the expected output (the `[exit N]` line removed).
        var expected: [String]
        var status: Int32?
        /// The range of the example's output lines in the file (0-based, `[exit N]` included).
        var outputLines: Range<Int>

        var description: String { "\(file):\(line + 1) dlenv \(arguments.joined(separator: " "))" }
    }

    static var recording: Bool { ProcessInfo.processInfo.environment["DOCS_RECORD"] == "1" }

    static let files: [String] = {
        let docs = CLIRunner.repositoryRoot.appendingPathComponent("docs")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: docs.path)) ?? []
        return ["README.md"] + names.filter { $0.hasSuffix(".md") }.sorted().map { "docs/\($0)" }
    }()

    /// Commands whose output depends only on dlenv and its embedded data.
    static func runnable(_ args: [String]) -> Bool {
        guard let command = args.first else { return false }
        let banned = ["--host", "--profile", "--spec", "--root", "--plot", "--db", "--python", "-o", "--interpreter"]
        if args.contains(where: { a in banned.contains { a == $0 || a.hasPrefix($0 + "=") } }) {
            // check/resolve take --python as a version: that alone is fine.
            let onlyVersion = args.enumerated().allSatisfy { i, a in
                guard a == "--python" else { return !banned.contains(a) }
                return i + 1 < args.count && args[i + 1].first?.isNumber == true
            }
            guard onlyVersion, command == "check" || command == "resolve" else { return false }
        }
        switch command {
        case "check": return args.contains("--driver") || args.contains("--gpu") || args.contains("--accelerator")
        case "resolve", "schedule": return true
        case "matrix": return ["torch", "cuda", "gpu"].contains(args.dropFirst().first ?? "")
        default: return false
        }
    }

    /// Splits a shell command line (single and double quotes, no expansion); nil when it uses pipes, redirects,
    /// `;`, `&&` or a comment.
    static func split(_ line: String) -> [String]? {
        var args: [String] = [], current = "", quote: Character?, started = false
        for c in line {
            if let q = quote {
                if c == q { quote = nil } else { current.append(c) }
            } else if c == "'" || c == "\"" {
                quote = c
                started = true
            } else if c == " " {
                if started || !current.isEmpty { args.append(current) }
                current = ""
                started = false
            } else if "|;><#&$`".contains(c) {
                return nil
            } else {
                current.append(c)
            }
        }
        if quote != nil { return nil }
        if started || !current.isEmpty { args.append(current) }
        return args
    }

    static func examples(in file: String) -> [Example] {
        let url = CLIRunner.repositoryRoot.appendingPathComponent(file)
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
        let lines = text.components(separatedBy: "\n")
        var out: [Example] = []
        var inBlock = false, i = 0
        while i < lines.count {
            let l = lines[i]
            if l.hasPrefix("```") {
                inBlock.toggle()
                i += 1
                continue
            }
            guard inBlock, l.hasPrefix("$ dlenv "), let args = split(String(l.dropFirst("$ dlenv ".count))),
                runnable(args)
            else {
                i += 1
                continue
            }
            var j = i + 1
            while j < lines.count, !lines[j].hasPrefix("$ "), !lines[j].hasPrefix("```") { j += 1 }
            var expected = Array(lines[(i + 1)..<j])
            while expected.last?.isEmpty == true { expected.removeLast() }
            var status: Int32?
            if let last = expected.last, last.hasPrefix("[exit "), last.hasSuffix("]") {
                status = Int32(last.dropFirst(6).dropLast())
                expected.removeLast()
            }
            var end = j
            while end > i + 1, lines[end - 1].isEmpty { end -= 1 }
            out.append(
                Example(
                    file: file, line: i, arguments: args, expected: expected, status: status, outputLines: (i + 1)..<end
                ))
            i = j
        }
        return out
    }

    static let all: [Example] = files.flatMap(examples)

    /// Whether `actual` matches `expected`, where an expected line `…` matches any run of lines.
    static func matches(_ actual: [String], _ expected: [String]) -> Bool {
        guard let star = expected.firstIndex(of: "…") else { return actual == expected }
        let head = Array(expected[..<star]), tail = Array(expected[(star + 1)...])
        guard actual.count >= head.count + tail.count, Array(actual.prefix(head.count)) == head else { return false }
        return matches(Array(actual.dropFirst(head.count)), tail)
            || (1...max(1, actual.count - head.count)).contains { n in
                matches(Array(actual.dropFirst(head.count + n)), tail)
            }
    }

    static func output(_ r: CLIRunner.Result) -> [String] {
        var lines = (r.stdout + r.stderr).components(separatedBy: "\n").map { line in
            var l = line
            while l.last == " " { l.removeLast() }
            return l
        }
        while lines.last?.isEmpty == true { lines.removeLast() }
        return lines
    }

    @Test func thereAreExamplesToRun() {
        #expect(Self.all.count >= 15, "\(Self.all.count) runnable examples")
        #expect(Self.all.contains { $0.file == "README.md" && $0.arguments.first == "check" })
    }

    @Test(arguments: all)
    func theExampleStillPrintsWhatTheDocsSay(_ example: Example) throws {
        let r = try CLIRunner.run(example.arguments)
        let actual = Self.output(r)
        if Self.recording, !Self.matches(actual, example.expected) || example.status.map({ $0 != r.status }) == true {
            try Self.record(example, actual: actual, status: r.status)
            return
        }
        #expect(
            Self.matches(actual, example.expected),
            "\(example) drifted; re-record with DOCS_RECORD=1 swift test --filter DocExamplesTests\n--- docs\n\(example.expected.joined(separator: "\n"))\n--- now\n\(actual.joined(separator: "\n"))"
        )
        if let status = example.status { #expect(r.status == status, "\(example): exit \(r.status)") }
    }

    /// Rewrites one example's output in its file (keeping a `…` abbreviation's head and tail line counts).
    static func record(_ example: Example, actual: [String], status: Int32) throws {
        let url = CLIRunner.repositoryRoot.appendingPathComponent(example.file)
        var lines = try String(contentsOf: url, encoding: .utf8).components(separatedBy: "\n")
        // Another example of the same file may have been recorded since the file was read: find this one again.
        guard let at = examples(in: example.file).first(where: { $0.arguments == example.arguments }) else { return }
        // An abbreviated example keeps its first lines and ends in `…`.
        var new = actual
        if let star = example.expected.firstIndex(of: "…"), actual.count > star {
            new = Array(actual.prefix(star)) + ["…"]
        }
        if status != 0 || example.status != nil { new.append("[exit \(status)]") }
        lines.replaceSubrange(at.outputLines, with: new)
        try lines.joined(separator: "\n").write(to: url, atomically: true, encoding: .utf8)
    }
}
