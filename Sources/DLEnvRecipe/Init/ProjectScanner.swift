/// What `dlenv init` learns from a project folder's `requirements.txt` and `pyproject.toml`: its name, the
/// Python it requires, its dependencies, and any torch / torchvision / torchaudio pins of either file (which become
/// the spec's own keys, both files' pins together, so the lock and the project agree).
public struct ProjectFacts: Sendable, Hashable {
    public var name: String?
    /// `requires-python` from pyproject.toml (">=3.10").
    public var requiresPython: String?
    /// Dependencies other than the torch trio, as PEP 508 lines (from pyproject.toml).
    public var dependencies: [String] = []
    /// Whether a requirements.txt exists (it is installed as a file, not copied into the spec).
    public var hasRequirementsFile = false
    /// torch-family specs found in either file: "torch" → ">=2.4"; a name pinned in both gets both (">=2.4,<2.6").
    public var torchSpecs: [String: String] = [:]
    /// A variant named by a local tag (`torch==2.4.1+cu121` → "cu121").
    public var variantHint: String?
    /// Lines that could not be used, with why (shown as comments in the written spec).
    public var skipped: [String] = []

    public init() {}
}

/// Reads requirements.txt and pyproject.toml text (the CLI reads the files).
public enum ProjectScanner {
    static let torchFamily: Set<String> = ["torch", "torchvision", "torchaudio"]

    /// Facts from the two files' text (either may be nil).
    public static func scan(requirements: String?, pyproject: String?) -> ProjectFacts {
        var facts = ProjectFacts()
        if let requirements {
            facts.hasRequirementsFile = true
            for raw in requirements.split(whereSeparator: \.isNewline) {
                let line = String(raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0])
                    .trimmingSpaces
                guard !line.isEmpty, !line.hasPrefix("-") else { continue }
                take(line, into: &facts, keepOthers: false)
            }
        }
        if let pyproject {
            let project = PyprojectTable(text: pyproject)
            facts.name = project.string("name")
            facts.requiresPython = project.string("requires-python")
            for dependency in project.array("dependencies") { take(dependency, into: &facts, keepOthers: true) }
        }
        return facts
    }

    static func take(_ line: String, into facts: inout ProjectFacts, keepOthers: Bool) {
        guard let requirement = PythonRequirement(line) else {
            facts.skipped.append("\(line): not a PEP 508 line dlenv accepts")
            return
        }
        if torchFamily.contains(requirement.normalizedName) {
            var rest = String(line.trimmingSpaces.dropFirst(requirement.name.count))
            if let semicolon = rest.firstIndex(of: ";") { rest = String(rest[..<semicolon]) }
            rest = rest.trimmingSpaces
            if let plus = rest.firstIndex(of: "+") {
                facts.variantHint = String(rest[rest.index(after: plus)...]).trimmingSpaces
                rest = String(rest[..<plus])
            }
            // A bare name ("torchvision") leaves the choice to dlenv: torch's pairing. A pin in both files keeps
            // both (PEP 440's comma is "and"): the image installs requirements.txt and the pyproject's
            // dependencies, so the stack must satisfy each; one file's pin never silently replaces the other's.
            guard !rest.isEmpty else { return }
            let name = requirement.normalizedName
            if let earlier = facts.torchSpecs[name], earlier != rest {
                facts.torchSpecs[name] = earlier + "," + rest
            } else {
                facts.torchSpecs[name] = rest
            }
        } else if keepOthers {
            facts.dependencies.append(line.trimmingSpaces)
        }
    }
}

/// The `[project]` table of a pyproject.toml: string values and string arrays (the subset PEP 621 uses for name,
/// requires-python and dependencies). Not a TOML parser; enough for `dlenv init`.
struct PyprojectTable {
    var values: [String: String] = [:]
    var arrays: [String: [String]] = [:]

    init(text: String) {
        var inProject = false
        var pendingKey: String?
        var pending = ""
        for raw in text.split(whereSeparator: \.isNewline) {
            let line = Self.withoutComment(String(raw)).trimmingSpaces
            if let key = pendingKey {
                pending += " " + line
                if Self.bracketsClosed(pending) {
                    arrays[key] = Self.strings(in: pending)
                    pendingKey = nil
                }
                continue
            }
            if line.hasPrefix("[") {
                inProject = line == "[project]"
                continue
            }
            guard inProject, let eq = line.firstIndex(of: "=") else { continue }
            let key = String(line[..<eq]).trimmingSpaces
            let value = String(line[line.index(after: eq)...]).trimmingSpaces
            if value.hasPrefix("[") {
                if Self.bracketsClosed(value) {
                    arrays[key] = Self.strings(in: value)
                } else {
                    pendingKey = key
                    pending = value
                }
            } else if let s = Self.strings(in: value).first {
                values[key] = s
            }
        }
    }

    func string(_ key: String) -> String? { values[key] }
    func array(_ key: String) -> [String] { arrays[key] ?? [] }

    /// Whether every `[` outside quoted strings is closed (extras such as `pkg[extra]` sit inside quotes).
    static func bracketsClosed(_ text: String) -> Bool {
        var depth = 0
        var quote: Character?
        for ch in text {
            if let q = quote {
                if ch == q { quote = nil }
            } else if ch == "\"" || ch == "'" {
                quote = ch
            } else if ch == "[" {
                depth += 1
            } else if ch == "]" {
                depth -= 1
            }
        }
        return depth <= 0
    }

    /// The line up to a `#` that is not inside a quoted string.
    static func withoutComment(_ line: String) -> String {
        var quote: Character?
        for (i, ch) in zip(line.indices, line) {
            if let q = quote {
                if ch == q { quote = nil }
            } else if ch == "\"" || ch == "'" {
                quote = ch
            } else if ch == "#" {
                return String(line[..<i])
            }
        }
        return line
    }

    /// The quoted strings of a line, in order ("…" or '…'; no escapes in the values dlenv reads).
    static func strings(in text: String) -> [String] {
        var out: [String] = []
        var quote: Character?
        var current = ""
        for ch in text {
            if let q = quote {
                if ch == q {
                    out.append(current)
                    current = ""
                    quote = nil
                } else {
                    current.append(ch)
                }
            } else if ch == "\"" || ch == "'" {
                quote = ch
            } else if ch == "#" {
                break
            }
        }
        return out
    }
}
