/// A PEP 440 version specifier, the subset that torch pins use: `2.4` (a bare version: that release line,
/// `==2.4.*`), `==2.4.1`, `==2.4.*`, `!=2.4.0`, `>=2.1,<2.4`, `>2.0`, `<=2.3`, `~=2.3.0`, and `*` or the empty
/// string for any version.
public struct VersionSpec: Sendable, Hashable, CustomStringConvertible {
    /// One comparison of a specifier.
    public enum Clause: Sendable, Hashable {
        case equal(Version)
        case prefix(Version)  // ==2.4.* or a bare "2.4"
        case notEqual(Version)
        case notPrefix(Version)
        case greaterOrEqual(Version)
        case greater(Version)
        case lessOrEqual(Version)
        case less(Version)
        case compatible(Version)  // ~=2.3.0 means >=2.3.0, ==2.3.*
    }

    /// The clauses, all of which must hold.
    public let clauses: [Clause]
    /// The text the spec was parsed from.
    public let text: String

    /// A spec that every version satisfies.
    public static let any = VersionSpec(clauses: [], text: "*")

    init(clauses: [Clause], text: String) {
        self.clauses = clauses
        self.text = text
    }

    /// Parses a specifier; the error says which clause is wrong, where, and how to write it.
    public init(parsing text: String) throws(VersionSpecError) {
        let trimmed = text.trimmingSpaces
        self.text = trimmed
        if trimmed.isEmpty || trimmed == "*" || trimmed == "any" {
            self.clauses = []
            return
        }
        var clauses: [Clause] = []
        var column = 1
        for raw in trimmed.split(separator: ",", omittingEmptySubsequences: false) {
            let part = String(raw).trimmingSpaces
            defer { column += raw.count + 1 }
            guard !part.isEmpty else { throw .empty(text: trimmed, column: column) }
            let ops = ["~=", "==", "!=", ">=", "<=", ">", "<"]
            let op = ops.first(where: { part.hasPrefix($0) }) ?? ""
            var rest = String(part.dropFirst(op.count)).trimmingSpaces
            var wildcard = false
            if rest.hasSuffix(".*") {
                wildcard = true
                rest = String(rest.dropLast(2))
            }
            guard let version = Version(rest), version.local == nil || op == "==" || op.isEmpty else {
                throw .malformed(text: trimmed, clause: part, column: column)
            }
            if wildcard && !(op == "==" || op == "!=" || op.isEmpty) {
                throw .wildcardNotAllowed(text: trimmed, clause: part, column: column)
            }
            switch op {
            case "": clauses.append(version.components.count >= 3 && !wildcard ? .equal(version) : .prefix(version))
            case "==": clauses.append(wildcard ? .prefix(version) : .equal(version))
            case "!=": clauses.append(wildcard ? .notPrefix(version) : .notEqual(version))
            case ">=": clauses.append(.greaterOrEqual(version))
            case ">": clauses.append(.greater(version))
            case "<=": clauses.append(.lessOrEqual(version))
            case "<": clauses.append(.less(version))
            default:
                guard version.components.count >= 2 else {
                    throw .compatibleNeedsTwoComponents(text: trimmed, clause: part, column: column)
                }
                clauses.append(.compatible(version))
            }
        }
        self.clauses = clauses
        if !clauses.contains(where: { _ in true }) { return }
        // An impossible range such as ">=2.4,<2.1" is bad input, not an empty answer.
        let lower = clauses.compactMap { c -> Version? in
            if case .greaterOrEqual(let v) = c { return v }
            if case .greater(let v) = c { return v }
            return nil
        }.max()
        let upper = clauses.compactMap { c -> Version? in
            if case .less(let v) = c { return v }
            if case .lessOrEqual(let v) = c { return v }
            return nil
        }.min()
        if let lo = lower, let hi = upper,
            lo > hi || (lo == hi && !(clauses.contains(.greaterOrEqual(lo)) && clauses.contains(.lessOrEqual(hi))))
        {
            throw .impossible(text: trimmed)
        }
    }

    /// Whether `version` satisfies every clause. Local tags are ignored unless an `==` pin names one.
    public func contains(_ version: Version) -> Bool {
        clauses.allSatisfy { clause in
            switch clause {
            case .equal(let v):
                if let tag = v.local, version.local != tag { return false }
                return version == v
            case .prefix(let v): return Self.hasPrefix(version, v)
            case .notEqual(let v): return version != v
            case .notPrefix(let v): return !Self.hasPrefix(version, v)
            case .greaterOrEqual(let v): return version >= v
            case .greater(let v): return version > v
            case .lessOrEqual(let v): return version <= v
            case .less(let v): return version < v
            case .compatible(let v):
                let stem = Version(v.components.dropLast().map(String.init).joined(separator: ".")) ?? v
                return version >= v && Self.hasPrefix(version, stem)
            }
        }
    }

    /// Whether the spec is satisfied by every version (`*`).
    public var isAny: Bool { clauses.isEmpty }

    /// The version the first positive clause names ("2.4" of ">=2.4,<2.6"); nil for `*` or only exclusions.
    public var firstVersion: Version? {
        for clause in clauses {
            switch clause {
            case .equal(let v), .prefix(let v), .greaterOrEqual(let v), .greater(let v), .lessOrEqual(let v),
                .less(let v), .compatible(let v):
                return v
            case .notEqual, .notPrefix: continue
            }
        }
        return nil
    }

    static func hasPrefix(_ version: Version, _ prefix: Version) -> Bool {
        for (i, c) in prefix.components.enumerated() where version[i] != c { return false }
        return true
    }

    public var description: String { text }
}

/// Why a version specifier could not be parsed.
public enum VersionSpecError: Error, Sendable, Equatable, CustomStringConvertible {
    case empty(text: String, column: Int)
    case malformed(text: String, clause: String, column: Int)
    case wildcardNotAllowed(text: String, clause: String, column: Int)
    case compatibleNeedsTwoComponents(text: String, clause: String, column: Int)
    case impossible(text: String)

    public var description: String {
        switch self {
        case .empty(let t, let c): "empty clause in version spec '\(t)' at column \(c)"
        case .malformed(let t, let clause, let c):
            "'\(clause)' in version spec '\(t)' (column \(c)) is not a version clause"
        case .wildcardNotAllowed(let t, let clause, let c):
            "'\(clause)' in '\(t)' (column \(c)): a '.*' wildcard is only allowed after == or !="
        case .compatibleNeedsTwoComponents(let t, let clause, let c):
            "'\(clause)' in '\(t)' (column \(c)): ~= needs at least two components, e.g. ~=2.3.0"
        case .impossible(let t): "version spec '\(t)' cannot be satisfied by any version"
        }
    }

    /// One actionable sentence.
    public var remedy: String {
        switch self {
        case .impossible: "widen the range: the lower bound must not be above the upper bound"
        default: "write clauses like '2.4', '==2.4.1', '>=2.1,<2.4' or '~=2.3.0', separated by commas"
        }
    }
}
