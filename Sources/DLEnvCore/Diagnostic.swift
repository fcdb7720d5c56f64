/// Where a problem is: a file (logical name, e.g. "matrices/torch.yaml"), a 1-based line and column.
public struct SourceLocation: Sendable, Hashable, Codable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var column: Int?

    public init(file: String, line: Int? = nil, column: Int? = nil) {
        self.file = file
        self.line = line
        self.column = column
    }

    public var description: String {
        var s = file
        if let line { s += ":\(line)" }
        if line != nil, let column { s += ":\(column)" }
        return s
    }
}

/// A problem found in input or data: what is wrong, where, and one actionable sentence to fix it.
/// Libraries return diagnostics; only the CLI renders them.
public struct Diagnostic: Sendable, Hashable, Codable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable, Codable, Comparable {
        case note, warning, error
        public static func < (a: Severity, b: Severity) -> Bool {
            a.rank < b.rank
        }
        var rank: Int {
            switch self {
            case .note: 0
            case .warning: 1
            case .error: 2
            }
        }
    }

    public var severity: Severity
    public var message: String
    public var location: SourceLocation?
    public var remedy: String?

    public init(_ severity: Severity, _ message: String, at location: SourceLocation? = nil, remedy: String? = nil) {
        self.severity = severity
        self.message = message
        self.location = location
        self.remedy = remedy
    }

    /// "file:line: error: message (fix: remedy)" in one line, for logs and tests.
    public var description: String {
        var s = ""
        if let location { s += "\(location): " }
        s += "\(severity.rawValue): \(message)"
        if let remedy { s += " (fix: \(remedy))" }
        return s
    }
}

/// A thrown error that carries diagnostics (bad input: the CLI prints them and exits 2).
public struct DiagnosticsError: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]
    public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }
    public init(_ diagnostic: Diagnostic) { self.diagnostics = [diagnostic] }
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}

/// Edit distance for "did you mean" suggestions.
public func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a.lowercased()), b = Array(b.lowercased())
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var prev = Array(0...b.count)
    var cur = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        cur[0] = i
        for j in 1...b.count {
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        swap(&prev, &cur)
    }
    return prev[b.count]
}

/// The candidates closest to `word` (at most `limit`, within a distance that scales with the word's length).
public func closest(to word: String, in candidates: [String], limit: Int = 3) -> [String] {
    let maxDistance = max(2, word.count / 3)
    let lowered = word.lowercased()
    var scored: [(name: String, distance: Int)] = []
    for candidate in candidates {
        let distance = editDistance(word, candidate)
        let containsWord: Bool = candidate.lowercased().contains(lowered)
        if distance <= maxDistance || containsWord { scored.append((candidate, distance)) }
    }
    scored.sort { a, b in a.distance != b.distance ? a.distance < b.distance : a.name < b.name }
    return scored.prefix(limit).map(\.name)
}

/// A thrown error that says the environment could not be examined (an interpreter would not start, a database
/// cannot be opened): the CLI prints it and exits 3.
public struct EnvironmentError: Error, Sendable, CustomStringConvertible {
    public var diagnostic: Diagnostic
    public init(_ message: String, remedy: String? = nil) {
        diagnostic = Diagnostic(.error, message, remedy: remedy)
    }
    public var description: String { diagnostic.description }
}
