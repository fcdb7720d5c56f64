import DLEnvCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One pattern of the catalogue: literal text with `{name:type}` captures, matched inside one line.
///
/// The syntax is deliberately small, so that matching is a single forward pass with no backtracking:
/// - literal text matches case-insensitively (ASCII); white space in it matches any run of white space in the line,
///   including none next to punctuation ("cuda >= {v:version}" matches "cuda>=12.8" and "cuda >= 9.0") and at
///   least one between two words or a word and a capture ("torch {v:version}" does not match "pytorch1.0");
/// - `{name:type}` captures a fact (`CaptureType`); `{name:type:text}` also requires the value to contain `text`
///   (case-insensitively); the name `_` captures nothing;
/// - `{{` and `}}` are literal braces.
/// A pattern opens with literal text or with a `path`/`text` capture (read backwards from the first literal); two
/// captures never touch. A line is searched at most `maxAttempts` times per pattern, so a pathological line costs
/// a bounded number of short comparisons.
public struct Pattern: Sendable, Hashable, CustomStringConvertible {
    /// A part of a pattern.
    public enum Segment: Sendable, Hashable {
        /// Lowercased bytes; `Pattern.space` stands for "any run of white space, possibly empty",
        /// `Pattern.wordSpace` for "one or more white space characters".
        case literal([UInt8])
        case capture(name: String, type: CaptureType, contains: [UInt8]?)
    }

    /// A syntax error: what is wrong and at which character (0-based) of the pattern.
    public struct SyntaxError: Error, Sendable, Hashable {
        public var message: String
        public var offset: Int
    }

    static let space: UInt8 = 0x20
    static let wordSpace: UInt8 = 0x01
    static func isMarker(_ b: UInt8) -> Bool { b == space || b == wordSpace }
    /// Anchor positions tried per line before the pattern gives up on it.
    static let maxAttempts = 32
    /// The longest value a capture keeps (bytes).
    static let maxCapture = 512

    /// The pattern as written in the catalogue.
    public let text: String
    public let segments: [Segment]
    /// The first literal segment (where matching starts) and its first run of non-space bytes (searched for).
    let anchorIndex: Int
    let anchorChunk: [UInt8]
    /// The longest run of non-space bytes of any literal: a line without it cannot match (cheap rejection).
    let filterChunk: [UInt8]

    public var description: String { text }

    /// The captures, in order: name and type.
    public var captures: [(name: String, type: CaptureType)] {
        segments.compactMap {
            if case .capture(let name, let type, _) = $0 { return (name, type) }
            return nil
        }
    }

    public static func == (a: Pattern, b: Pattern) -> Bool { a.text == b.text }
    public func hash(into hasher: inout Hasher) { hasher.combine(text) }

    public init(parsing text: String) throws(SyntaxError) {
        self.text = text
        var segments: [Segment] = []
        var literal: [UInt8] = []
        let bytes = Array(text.utf8)
        var i = 0
        func flush() {
            if !literal.isEmpty { segments.append(.literal(literal)) }
            literal = []
        }
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "{") {
                if i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "{") {
                    literal.append(b)
                    i += 2
                    continue
                }
                guard let close = bytes[(i + 1)...].firstIndex(of: UInt8(ascii: "}")) else {
                    throw SyntaxError(message: "'{' without a closing '}'", offset: i)
                }
                let body = String(decoding: bytes[(i + 1)..<close], as: UTF8.self)
                let parts = body.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
                guard parts.count >= 2 else {
                    throw SyntaxError(message: "a capture is written {name:type}, not {\(body)}", offset: i)
                }
                let name = parts[0]
                guard Self.isName(name) else {
                    throw SyntaxError(
                        message: "'\(name)' is not a fact name (lower case letters, digits and '_')", offset: i + 1)
                }
                guard let type = CaptureType(rawValue: parts[1]) else {
                    let known = CaptureType.allCases.map(\.rawValue)
                    let hint = closest(to: parts[1], in: known, limit: 1).first.map { "did you mean '\($0)'? " } ?? ""
                    throw SyntaxError(
                        message: "unknown capture type '\(parts[1])' (\(hint)types: \(known.joined(separator: ", ")))",
                        offset: i + 1 + name.utf8.count)
                }
                var contains: [UInt8]?
                if parts.count == 3 {
                    guard !parts[2].isEmpty else {
                        throw SyntaxError(message: "an empty ':' constraint in {\(body)}", offset: i)
                    }
                    contains = Self.lowered(Array(parts[2].utf8))
                }
                flush()
                if case .capture = segments.last {
                    throw SyntaxError(message: "two captures touch: put literal text between them", offset: i)
                }
                segments.append(.capture(name: name, type: type, contains: contains))
                i = close + 1
                continue
            }
            if b == UInt8(ascii: "}") {
                guard i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "}") else {
                    throw SyntaxError(message: "a lone '}' (write '}}' for a literal brace)", offset: i)
                }
                literal.append(b)
                i += 2
                continue
            }
            if Self.isSpace(b) {
                var j = i
                while j < bytes.count, Self.isSpace(bytes[j]) { j += 1 }
                // Between two words (a capture counts as one) the line must have white space too.
                let before: UInt8? = literal.last ?? (segments.isEmpty ? nil : UInt8(ascii: "a"))
                let after: UInt8? = j < bytes.count ? bytes[j] : nil
                let wordy = { (c: UInt8?) in
                    c.map {
                        Self.isDigit($0) || Self.isLetter($0) || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "{")
                    } ?? false
                }
                literal.append(wordy(before) && wordy(after) ? Self.wordSpace : Self.space)
                i = j
                continue
            } else {
                literal.append(Self.lower(b))
            }
            i += 1
        }
        flush()
        // White space at either end of the pattern matches nothing; a capture skips white space next to it.
        if case .literal(var first) = segments.first {
            while let b = first.first, Self.isMarker(b) { first.removeFirst() }
            segments[0] = .literal(first)
        }
        if case .literal(var last) = segments.last {
            while let b = last.last, Self.isMarker(b) { last.removeLast() }
            segments[segments.count - 1] = .literal(last)
        }
        segments.removeAll {
            if case .literal(let l) = $0 { return l.isEmpty }
            return false
        }
        guard let anchor = segments.firstIndex(where: { if case .literal = $0 { true } else { false } }) else {
            throw SyntaxError(message: "a pattern needs some literal text to search for", offset: 0)
        }
        guard anchor <= 1 else {
            throw SyntaxError(message: "a pattern opens with at most one capture", offset: 0)
        }
        if anchor == 1, case .capture(let name, let type, _) = segments[0], !type.canLead {
            throw SyntaxError(
                message: "{\(name):\(type.rawValue)} cannot open a pattern: only path and text captures can",
                offset: 0)
        }
        guard case .literal(let anchorBytes) = segments[anchor] else { preconditionFailure() }
        let solid = anchorBytes.drop(while: Self.isMarker)
        let chunk = Array(solid.prefix { !Self.isMarker($0) })
        var longest: [UInt8] = []
        for case .literal(let l) in segments {
            for run in l.split(whereSeparator: Self.isMarker) where run.count > longest.count { longest = Array(run) }
        }
        guard longest.count >= 3 else {
            throw SyntaxError(message: "the literal text is too short to search for (3 characters at least)", offset: 0)
        }
        self.segments = segments
        self.anchorIndex = anchor
        self.anchorChunk = chunk
        self.filterChunk = longest
    }

    // MARK: - Matching

    /// The facts of the first match in a line (raw bytes and their lowercased copy, of equal length); nil when the
    /// pattern does not match.
    func match(raw: UnsafeBufferPointer<UInt8>, lower: UnsafeBufferPointer<UInt8>) -> Facts? {
        guard Self.find(filterChunk, in: lower, from: 0) != nil else { return nil }
        var from = 0
        var attempts = 0
        while attempts < Self.maxAttempts, let pos = Self.find(anchorChunk, in: lower, from: from) {
            attempts += 1
            from = pos + 1
            if let facts = match(at: pos, raw: raw, lower: lower) { return facts }
        }
        return nil
    }

    private func match(at anchorPos: Int, raw: UnsafeBufferPointer<UInt8>, lower: UnsafeBufferPointer<UInt8>)
        -> Facts?
    {
        var facts: Facts = [:]
        guard case .literal(let anchor) = segments[anchorIndex],
            var p = Self.matchLiteral(anchor.drop(while: Self.isMarker), at: anchorPos, in: lower)
        else { return nil }
        if anchorIndex == 1, case .capture(let name, let type, let contains) = segments[0] {
            let start =
                type == .path ? Self.pathStart(before: anchorPos, in: raw) : Self.textStart(before: anchorPos, in: raw)
            guard let value = Self.value(type, raw: raw, start, anchorPos), Self.satisfies(value, contains) else {
                return nil
            }
            if name != "_" { facts[name] = value }
        }
        var i = anchorIndex + 1
        while i < segments.count {
            switch segments[i] {
            case .literal(let l):
                guard let end = Self.matchLiteral(l[...], at: p, in: lower) else { return nil }
                p = end
            case .capture(let name, let type, let contains):
                while p < raw.count, Self.isSpace(raw[p]) { p += 1 }
                let end: Int
                if type == .text {
                    if i + 1 < segments.count, case .literal(let next) = segments[i + 1] {
                        guard var q = Self.textEnd(before: next, from: p, lower: lower) else { return nil }
                        // The next literal starts with the white space before its first word.
                        while q > p, Self.isSpace(raw[q - 1]) { q -= 1 }
                        end = q
                    } else {
                        end = raw.count
                    }
                } else {
                    end = Self.classEnd(type, from: p, in: raw)
                }
                guard end > p, let value = Self.value(type, raw: raw, p, end), Self.satisfies(value, contains) else {
                    return nil
                }
                if name != "_" { facts[name] = value }
                p = end
            }
            i += 1
        }
        return facts
    }

    /// Where a literal (lowercased, with white-space markers) ends when it matches at `p`; nil when it does not.
    static func matchLiteral(_ literal: ArraySlice<UInt8>, at start: Int, in lower: UnsafeBufferPointer<UInt8>) -> Int?
    {
        var p = start
        for b in literal {
            if b == space {
                while p < lower.count, isSpace(lower[p]) { p += 1 }
            } else if b == wordSpace {
                guard p < lower.count, isSpace(lower[p]) else { return nil }
                while p < lower.count, isSpace(lower[p]) { p += 1 }
            } else {
                guard p < lower.count, lower[p] == b else { return nil }
                p += 1
            }
        }
        return p
    }

    /// The end of a text capture: where the next literal first matches after `from`.
    static func textEnd(before next: [UInt8], from: Int, lower: UnsafeBufferPointer<UInt8>) -> Int? {
        let solid = next.drop(while: isMarker)
        let chunk = Array(solid.prefix { !isMarker($0) })
        var search = from
        var attempts = 0
        while attempts < maxAttempts, let q = find(chunk, in: lower, from: search) {
            attempts += 1
            if matchLiteral(solid, at: q, in: lower) != nil { return q }
            search = q + 1
        }
        return nil
    }

    /// A leading path ends at the anchor and starts after the last space or quote before it.
    static func pathStart(before end: Int, in raw: UnsafeBufferPointer<UInt8>) -> Int {
        var s = end
        while s > 0, end - s < maxCapture, !isSpace(raw[s - 1]), !isQuote(raw[s - 1]) { s -= 1 }
        return s
    }

    /// A leading text starts after the last ": " before the anchor, or at the line's start.
    static func textStart(before end: Int, in raw: UnsafeBufferPointer<UInt8>) -> Int {
        var s = end - 1
        let floor = max(0, end - maxCapture)
        while s > floor {
            if raw[s] == space, raw[s - 1] == UInt8(ascii: ":") { return s + 1 }
            s -= 1
        }
        return floor
    }

    /// Where a run of the capture type's characters starting at `p` ends.
    static func classEnd(_ type: CaptureType, from p: Int, in raw: UnsafeBufferPointer<UInt8>) -> Int {
        var q = p
        let limit = min(raw.count, p + maxCapture)
        func run(_ ok: (UInt8) -> Bool) {
            while q < limit, ok(raw[q]) { q += 1 }
        }
        switch type {
        case .int, .cudaAPI, .cudnnCode: run(isDigit)
        case .version:
            guard p < raw.count, isDigit(raw[p]) else { return p }
            run {
                isDigit($0) || isLetter($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "+")
                    || $0 == UInt8(ascii: "_")
            }
        case .capability: run { isDigit($0) || $0 == UInt8(ascii: ".") }
        case .tupleVersion:
            guard p < raw.count, raw[p] == UInt8(ascii: "(") else { return p }
            q += 1
            run { isDigit($0) || $0 == UInt8(ascii: ",") || isSpace($0) }
            guard q < raw.count, raw[q] == UInt8(ascii: ")") else { return p }
            q += 1
        case .size:
            run { isDigit($0) || $0 == UInt8(ascii: ".") }
            guard q > p else { return p }
            var u = q
            while u < limit, isSpace(raw[u]) { u += 1 }
            let unitStart = u
            while u < limit, isLetter(raw[u]) { u += 1 }
            guard u > unitStart else { return p }
            q = u
        case .word: run { !isSpace($0) && !isWordStop($0) }
        case .path: run { !isSpace($0) && !isQuote($0) }
        case .text: q = limit
        }
        return q
    }

    /// The typed value of `raw[start..<end]`; nil when the text is not one (a version that does not parse).
    static func value(_ type: CaptureType, raw: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> FactValue? {
        guard end > start else { return nil }
        var text = String(
            decoding: UnsafeBufferPointer(rebasing: raw[start..<min(end, start + maxCapture)]), as: UTF8.self)
        func trim(_ extra: Set<Character>) {
            while let c = text.last, c.isWhitespace || extra.contains(c) { text.removeLast() }
            while let c = text.first, c.isWhitespace || c == "\"" || c == "'" || c == "`" { text.removeFirst() }
        }
        switch type {
        case .int:
            return Int(text).map(FactValue.int)
        case .version:
            trim(["."])
            return Version(text).map(FactValue.version)
        case .capability:
            trim(["."])
            return ComputeCapability(text).map(FactValue.capability)
        case .cudaAPI:
            guard let v = Int(text), (1000...99_990).contains(v) else { return nil }
            return .version(Version(v / 1000, (v % 1000) / 10))
        case .cudnnCode:
            guard let v = Int(text), v >= 1000, v < 1_000_000 else { return nil }
            return v >= 10_000
                ? .version(Version(v / 10_000, (v % 10_000) / 100, v % 100))
                : .version(Version(v / 1000, (v % 1000) / 100, v % 100))
        case .tupleVersion:
            let inner = text.dropFirst().dropLast()
            let parts = inner.split(separator: ",").map { String($0).trimmingSpaces }
            guard !parts.isEmpty, parts.count <= 4 else { return nil }
            let numbers = parts.compactMap { Int($0) }
            guard numbers.count == parts.count else { return nil }
            return Version(numbers.map(String.init).joined(separator: ".")).map(FactValue.version)
        case .size:
            return size(text).map(FactValue.bytes)
        case .word:
            trim([])
            return text.isEmpty ? nil : .text(text)
        case .path, .text:
            trim([".", ",", ":", ";", ")"])
            return text.isEmpty ? nil : .text(text)
        }
    }

    /// "2.26 GiB" → bytes (binary units as torch prints them; "GB" and friends as decimal).
    static func size(_ text: String) -> Int64? {
        let number = text.prefix { $0.isNumber || $0 == "." }
        let unit = String(text.dropFirst(number.count)).trimmingSpaces.lowercased()
        guard let value = Double(number) else { return nil }
        let scale: Double
        switch unit {
        case "b", "byte", "bytes": scale = 1
        case "kib": scale = 1024
        case "mib": scale = 1024 * 1024
        case "gib": scale = 1024 * 1024 * 1024
        case "tib": scale = 1024 * 1024 * 1024 * 1024
        case "kb": scale = 1e3
        case "mb": scale = 1e6
        case "gb": scale = 1e9
        case "tb": scale = 1e12
        default: return nil
        }
        let bytes = (value * scale).rounded()
        guard bytes.isFinite, bytes < 9e18 else { return nil }
        return Int64(bytes)
    }

    static func satisfies(_ value: FactValue, _ contains: [UInt8]?) -> Bool {
        guard let contains else { return true }
        let lowered = Self.lowered(Array(value.description.utf8))
        guard lowered.count >= contains.count else { return false }
        return lowered.withUnsafeBufferPointer { find(contains, in: $0, from: 0) != nil }
    }

    // MARK: - Bytes

    /// The first position of `needle` in `haystack` at or after `from`: memchr for its first byte, memcmp for the
    /// rest (memmem is a GNU extension the Swift Glibc module does not export).
    static func find(_ needle: [UInt8], in haystack: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        guard !needle.isEmpty, from >= 0, haystack.count - from >= needle.count, let base = haystack.baseAddress
        else { return nil }
        return needle.withUnsafeBufferPointer { n -> Int? in
            let first = Int32(n[0])
            let last = haystack.count - n.count
            var p = from
            while p <= last {
                guard let hit = memchr(base + p, first, last - p + 1) else { return nil }
                let q = UnsafeRawPointer(hit) - UnsafeRawPointer(base)
                if n.count == 1 || memcmp(base + q + 1, n.baseAddress! + 1, n.count - 1) == 0 { return q }
                p = q + 1
            }
            return nil
        }
    }

    static func lower(_ b: UInt8) -> UInt8 { (0x41...0x5A).contains(b) ? b | 0x20 : b }
    static func lowered(_ bytes: [UInt8]) -> [UInt8] { bytes.map(lower) }
    static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0D || b == 0x0B || b == 0x0C }
    static func isDigit(_ b: UInt8) -> Bool { (0x30...0x39).contains(b) }
    static func isLetter(_ b: UInt8) -> Bool { (0x41...0x5A).contains(b) || (0x61...0x7A).contains(b) }
    static func isQuote(_ b: UInt8) -> Bool { b == 0x22 || b == 0x27 || b == 0x60 }
    static func isWordStop(_ b: UInt8) -> Bool {
        switch b {
        case 0x2C, 0x3B, 0x3A, 0x22, 0x27, 0x60, 0x28, 0x29, 0x5B, 0x5D, 0x7B, 0x7D, 0x3C, 0x3E, 0x7C: true
        default: false
        }
    }
    static func isName(_ s: String) -> Bool {
        guard let first = s.unicodeScalars.first, first == "_" || ("a"..."z").contains(first) else { return false }
        return s.unicodeScalars.allSatisfy { $0 == "_" || ("a"..."z").contains($0) || ("0"..."9").contains($0) }
    }
}
