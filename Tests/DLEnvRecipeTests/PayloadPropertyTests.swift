import DLEnvCore
import DLEnvMatrix
import Foundation
import Testing
import Yams

@testable import DLEnvRecipe

/// The property of issue #19: every payload class of the adversarial trial, in every spec field and every
/// workspace field, is either refused with a located message or gives files whose structure equals the
/// files of a harmless value — checked by the real parsers here: BuildKit's (PyPI `dockerfile`) and hadolint
/// for Dockerfiles, `bash -n` for scripts, Yams for YAML, and Swift's own reading of each file's lines.
@Suite(.serialized) struct PayloadPropertyTests {
    /// The payload classes: line breaks of every kind, continuation, heredoc openers, command substitution,
    /// flags, GitHub expressions, C0/C1 controls, BOM, quotes, shell separators, a 100k-character value.
    static let payloads: [(name: String, text: String)] = [
        ("newline", "\nFROM busybox AS PWNED\nRUN echo PWNED"), ("CR", "\rRUN echo PWNED"), ("CRLF", "\r\nUSER 0"),
        ("NEL", "\u{85}USER 0"), ("LS", "\u{2028}USER 0"), ("continuation", " \\"), ("backslash", "a\\b"),
        ("heredoc", "<<EOF"), ("quoted heredoc", "<<'USER 10001:10001'"), ("substitution", "$(touch PWNED)"),
        ("backtick", "`touch PWNED`"), ("flag", "--network=host"),
        ("mount flag", "--mount=type=bind,source=/,target=/x"),
        ("github expression", "${{ secrets.TOKEN }}"), ("C0", "\u{1}"), ("ESC", "\u{1B}[2J"), ("DEL", "\u{7F}"),
        ("C1 CSI", "\u{9B}31m"), ("BOM", "\u{FEFF}"), ("single quote", "'"), ("double quote", "\""),
        ("separator", "; touch PWNED"), ("space", " PWNED"), ("glob", "*"), ("credentials", "://u:p@h"),
        ("long", String(repeating: "x", count: 100_000)),
    ]

    /// A YAML double-quoted scalar holding any text: every character YAML would read as structure is escaped.
    static func q(_ text: String) -> String {
        var out = "\""
        for s in text.unicodeScalars {
            switch s {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            default:
                if TextSafety.isUnsafe(s) {
                    let hex = String(s.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(s)
                }
            }
        }
        return out + "\""
    }

    /// The instruction keywords of a Dockerfile as a line reader sees them: what a payload would add to.
    static func keywords(_ dockerfile: String) -> [String] {
        let names: Set<String> = [
            "FROM", "RUN", "COPY", "ADD", "USER", "WORKDIR", "ENV", "LABEL", "SHELL", "CMD", "ENTRYPOINT",
            "HEALTHCHECK", "ARG", "EXPOSE", "VOLUME", "ONBUILD", "STOPSIGNAL",
        ]
        return dockerfile.split(separator: "\n", omittingEmptySubsequences: false).compactMap { line in
            let word = String(line.prefix(while: { !$0.isWhitespace })).uppercased()
            return names.contains(word) ? word : nil
        }
    }

    /// Every spec field × every payload (appended to a valid value, and alone).
    static var specCases: [(field: InjectionTests.Field, payload: String, value: String)] {
        var cases: [(InjectionTests.Field, String, String)] = []
        for field in InjectionTests.fields {
            for p in payloads {
                cases.append((field, p.name, field.valid + p.text))
                cases.append((field, p.name + " alone", p.text))
            }
        }
        return cases
    }

    /// Raw control bytes in the file (not YAML escapes) are refused by the YAML reader, with their position.
    @Test(arguments: ["\u{1}", "\u{1B}", "\u{7F}", "\u{9B}", "\u{FEFF}"])
    func rawControlCharactersAreRefusedWithTheirPosition(character: String) throws {
        let error = try #require(throws: DiagnosticsError.self) {
            try SpecParser.parse("name: a1\nenv: {A: \"x\(character)y\"}\n")
        }
        #expect(error.diagnostics.allSatisfy { $0.location?.line == 2 }, "\(error.diagnostics)")
    }

    @Test func aByteOrderMarkIsAcceptedAndInvalidUTF8IsRefusedWithItsPosition() throws {
        #expect(try SpecParser.parse("\u{FEFF}name: a1\n").name == "a1")
        #expect(try SpecText.decode([0xEF, 0xBB, 0xBF] + Array("name: a1\n".utf8), file: "s.yaml") == "name: a1\n")
        let error = try #require(throws: DiagnosticsError.self) {
            try SpecText.decode(Array("name: a1\n# caf".utf8) + [0xE9, 0x0A], file: "s.yaml")
        }
        #expect(error.diagnostics.first?.location == SourceLocation(file: "s.yaml", line: 2, column: 6))
    }

    @Test func everySpecFieldRefusesOrKeepsTheStructure() throws {
        var accepted: [(id: String, files: [GeneratedFile], baseline: [GeneratedFile])] = []
        var refused = 0
        for (field, payload, value) in Self.specCases {
            let id = "\(field.name) / \(payload)"
            let baseline = try DockerfileRenderer.files(try SamplePlans.plan(field.yaml(field.valid)))
            let files: [GeneratedFile]
            do {
                files = try DockerfileRenderer.files(try SamplePlans.plan(field.yaml(value)))
            } catch let error as DiagnosticsError {
                refused += 1
                #expect(
                    !error.diagnostics.isEmpty && error.diagnostics.allSatisfy { $0.location?.line != nil },
                    "\(id): refused without a location: \(error.diagnostics)")
                continue
            }
            let dockerfile = files[0].contents
            #expect(Self.keywords(dockerfile) == Self.keywords(baseline[0].contents), "\(id) changed the Dockerfile")
            #expect(dockerfile.split(separator: "\n").allSatisfy { $0.utf8.count <= 4096 }, "\(id): a long line")
            #expect(
                !dockerfile.split(separator: "\n").contains { $0.hasPrefix("FROM busybox") || $0.hasPrefix("USER 0") },
                "\(id): a payload starts a line of the Dockerfile")
            #expect(files.map(\.path) == baseline.map(\.path), "\(id) changed the set of files")
            for file in files where file.path.hasSuffix(".sh") {
                let base = try #require(baseline.first { $0.path == file.path })
                #expect(
                    file.contents.split(separator: "\n").count == base.contents.split(separator: "\n").count,
                    "\(id): the build-steps script has other lines")
                #expect(try FleetShell.syntaxOK(file.contents), "\(id): bash -n refuses \(file.path)")
            }
            accepted.append((id, files, baseline))
        }
        // The spec's file name (any bytes but '/' and NUL) reaches the header comment: structure unchanged too.
        let named = try SamplePlans.plan(InjectionTests.fields[0].yaml("proj"))
        let namedBaseline = try DockerfileRenderer.files(named)
        for p in Self.payloads where p.text.count < 1000 {
            var plan = named
            plan.specFile = "x" + p.text + ".yaml"
            let files = try DockerfileRenderer.files(plan)
            #expect(Self.keywords(files[0].contents) == Self.keywords(namedBaseline[0].contents), "file / \(p.name)")
            accepted.append(("spec file name / \(p.name)", files, namedBaseline))
        }
        #expect(refused > 0 && !accepted.isEmpty, "refused \(refused), accepted \(accepted.count)")
        try Self.checkWithBuildKit(accepted.map { ($0.id, $0.files[0].contents, $0.baseline[0].contents) })
    }

    /// BuildKit's parser reads each accepted Dockerfile to the same instructions as its baseline, ending as the
    /// numeric non-root user; hadolint accepts every one. Skipped where the parsers are not installed (CI has
    /// them: scripts/setup.sh).
    static func checkWithBuildKit(_ cases: [(id: String, text: String, baseline: String)]) throws {
        guard RealParsers.buildKit else { return }
        let dir = try FleetShell.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var paths: [String] = []
        for (i, c) in cases.enumerated() {
            for (suffix, text) in [("a", c.text), ("b", c.baseline)] {
                let path = dir.appendingPathComponent("\(i)\(suffix).Dockerfile").path
                try text.write(toFile: path, atomically: true, encoding: .utf8)
                paths.append(path)
            }
        }
        let script = """
            import json, sys
            import dockerfile
            out = {}
            for path in sys.argv[1:]:
                try:
                    cs = dockerfile.parse_file(path)
                    users = [c.value[0] for c in cs if c.cmd.upper() == "USER"]
                    out[path] = {"cmds": [c.cmd.upper() for c in cs], "user": users[-1] if users else ""}
                except Exception as e:
                    out[path] = {"error": str(e)}
            print(json.dumps(out))
            """
        let r = try FleetShell.run("/usr/bin/env", ["python3", "-c", script] + paths)
        let parsed = try #require(
            try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: [String: Any]])
        for (i, c) in cases.enumerated() {
            let a = parsed[paths[2 * i]] ?? [:], b = parsed[paths[2 * i + 1]] ?? [:]
            #expect(a["error"] == nil, "\(c.id): BuildKit refuses it: \(a["error"] ?? "")")
            #expect(a["cmds"] as? [String] == b["cmds"] as? [String], "\(c.id): BuildKit reads other instructions")
            let user = (a["user"] as? String ?? "").split(separator: ":").first.flatMap { Int($0) } ?? 0
            #expect(user > 0, "\(c.id): the final USER is not the non-root one")
        }
        if RealParsers.hadolint {
            let h = try FleetShell.run(
                "/usr/bin/env",
                ["hadolint", "--no-color"] + paths.enumerated().filter { $0.offset % 2 == 0 }.map(\.element))
            #expect(h.status == 0 && h.stdout.isEmpty, "hadolint: \(h.stdout.prefix(2000))")
        }
    }
}

/// Which of the real parsers this machine has.
enum RealParsers {
    static func available(_ arguments: [String]) -> Bool {
        (try? FleetShell.run("/usr/bin/env", arguments).status) == 0
    }
    static let buildKit = available(["python3", "-c", "import dockerfile"])
    static let hadolint = available(["hadolint", "--version"])
}
