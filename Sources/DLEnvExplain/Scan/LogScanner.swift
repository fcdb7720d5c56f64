import DLEnvCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The bounds that keep a scan linear and small whatever it is fed.
public struct ScanLimits: Sendable, Hashable {
    /// Bytes read at most (a larger file is read from its end: the error is usually the last thing in a log).
    public var maxBytes: Int
    /// Longer lines are matched in pieces of this size (overlapping by `lineOverlap`), so memory stays bounded.
    public var maxLineBytes: Int
    public var lineOverlap: Int
    /// Evidence lines kept per failure (the count of all of them is kept too).
    public var maxEvidence: Int
    /// The first bytes looked at to tell text from binary junk.
    public var sniffBytes: Int

    public init(
        maxBytes: Int = 64 << 20, maxLineBytes: Int = 16 << 10, lineOverlap: Int = 512, maxEvidence: Int = 8,
        sniffBytes: Int = 64 << 10
    ) {
        self.maxBytes = maxBytes
        self.maxLineBytes = maxLineBytes
        self.lineOverlap = min(lineOverlap, maxLineBytes / 2)
        self.maxEvidence = maxEvidence
        self.sniffBytes = sniffBytes
    }

    public static let standard = ScanLimits()
}

/// A line of the log that a pattern matched.
public struct Evidence: Sendable, Hashable, Encodable {
    /// 1-based, counted from the first line read.
    public var line: Int
    public var text: String

    public init(line: Int, text: String) {
        self.line = line
        self.text = text
    }
}

/// What the scan found for one catalogue entry.
public struct EntryHit: Sendable, Hashable {
    public var entry: Int
    /// A trigger pattern matched (supporting matches alone recognise nothing).
    public var triggered = false
    public var facts: Facts = [:]
    public var evidence: [Evidence] = []
    /// Lines that matched, including those beyond `maxEvidence`.
    public var matchedLines = 0
    var lastLine = 0
}

/// Why a text was taken for binary data: in the first bytes looked at, the share of control characters and of
/// bytes that are not UTF-8.
public struct BinarySniff: Sendable, Hashable, Encodable {
    public var sampled: Int
    public var suspicious: Int
    public var nul: Int
}

/// The outcome of a scan: the triggered entries (catalogue order), the environment facts of the context patterns
/// and what was read.
public struct ScanResult: Sendable {
    public var hits: [EntryHit]
    public var contextFacts: Facts
    /// The line each context fact was read from.
    public var contextEvidence: [String: Evidence]
    public var bytesScanned: Int
    public var lines: Int
    /// Lines longer than `maxLineBytes` (matched in pieces).
    public var longLines: Int
    /// Set when the text looks like binary data.
    public var binary: BinarySniff?
    /// The scan stopped at `maxBytes`.
    public var stoppedAtLimit: Bool
    /// Whether the text held anything but white space.
    public var sawText: Bool
}

/// Scans a log line by line against the catalogue, fed in chunks of any size: memory is one line (bounded) plus
/// what was found; time is linear in the bytes (each pattern tries a line a bounded number of times).
public struct LogScanner {
    enum Owner {
        case entry(Int, supporting: Bool)
        case context(Int)
    }

    let catalogue: FailureCatalogue
    let limits: ScanLimits
    let patterns: [(owner: Owner, pattern: Pattern)]
    let automaton: AnchorAutomaton
    private var seen: [UInt32]
    private var stamp: UInt32 = 0
    private var candidates: [Int] = []

    private var line: [UInt8] = []
    private var lower: [UInt8] = []
    private var lineNumber = 1
    private var lineWasCut = false
    private var skipping: Bool
    private var hits: [EntryHit]
    private var contextFacts: [String: (rank: Int, value: FactValue, evidence: Evidence)] = [:]
    private var bytesScanned = 0
    private var longLines = 0
    private var stopped = false
    private var sawText = false
    private var sniffed = 0
    private var suspicious = 0
    private var nul = 0
    private var binary: BinarySniff?

    /// `skipFirstLine`: the input starts inside a line (a file read from an offset): drop it.
    public init(catalogue: FailureCatalogue, limits: ScanLimits = .standard, skipFirstLine: Bool = false) {
        self.catalogue = catalogue
        self.limits = limits
        self.skipping = skipFirstLine
        var patterns: [(Owner, Pattern)] = []
        for (i, e) in catalogue.entries.enumerated() {
            for p in e.patterns { patterns.append((.entry(i, supporting: p.supporting), p.pattern)) }
        }
        for (i, c) in catalogue.context.enumerated() { patterns.append((.context(i), c.pattern)) }
        self.patterns = patterns
        self.automaton = AnchorAutomaton(words: patterns.map(\.1.filterChunk))
        self.seen = [UInt32](repeating: 0, count: patterns.count)
        self.hits = catalogue.entries.indices.map { EntryHit(entry: $0) }
        line.reserveCapacity(limits.maxLineBytes + limits.lineOverlap)
    }

    /// Whether the scan wants more input (false after `maxBytes`, or once the input looks binary).
    public var wantsMore: Bool { !stopped && binary == nil }

    /// Feeds the next bytes; returns `wantsMore`.
    @discardableResult
    public mutating func feed(_ chunk: UnsafeBufferPointer<UInt8>) -> Bool {
        guard wantsMore, let base = chunk.baseAddress, chunk.count > 0 else { return wantsMore }
        var count = chunk.count
        if bytesScanned + count > limits.maxBytes {
            count = max(0, limits.maxBytes - bytesScanned)
            stopped = true
        }
        sniff(UnsafeBufferPointer(start: base, count: count))
        if binary != nil { return false }
        bytesScanned += count
        var p = 0
        while p < count {
            let rest = count - p
            let nl = memchr(base + p, 0x0A, rest).map { UnsafeRawPointer($0) - UnsafeRawPointer(base) }
            let end = nl ?? count
            if skipping {
                if nl != nil { skipping = false }
                p = end + 1
                continue
            }
            var s = p
            while s < end {
                let room = limits.maxLineBytes - line.count
                let take = min(room, end - s)
                line.append(contentsOf: UnsafeBufferPointer(start: base + s, count: take))
                s += take
                if line.count >= limits.maxLineBytes {
                    // A piece of a long line: match it, keep the overlap as the start of the next piece.
                    if !lineWasCut { longLines += 1 }
                    lineWasCut = true
                    process()
                    line.removeFirst(line.count - limits.lineOverlap)
                }
            }
            if nl != nil {
                process()
                line.removeAll(keepingCapacity: true)
                lineNumber += 1
                lineWasCut = false
            }
            p = end + 1
        }
        return wantsMore
    }

    /// Ends the scan (matches a last line without a newline).
    public mutating func finish() -> ScanResult {
        if binary == nil, !line.isEmpty, !skipping { process() }
        if binary == nil, sniffed > 0 { decideBinary(final: true) }
        let lines = line.isEmpty ? lineNumber - 1 : lineNumber
        line.removeAll()
        var evidence: [String: Evidence] = [:]
        var facts: Facts = [:]
        for (name, v) in contextFacts {
            facts[name] = v.value
            evidence[name] = v.evidence
        }
        return ScanResult(
            hits: binary == nil ? hits.filter(\.triggered) : [], contextFacts: binary == nil ? facts : [:],
            contextEvidence: binary == nil ? evidence : [:], bytesScanned: bytesScanned, lines: max(0, lines),
            longLines: longLines, binary: binary, stoppedAtLimit: stopped, sawText: sawText)
    }

    // MARK: - Lines

    private mutating func process() {
        var n = line.count
        while n > 0, line[n - 1] == 0x0D { n -= 1 }
        if n < line.count { line.removeLast(line.count - n) }
        guard !line.isEmpty else { return }
        let escaped = line.withUnsafeBufferPointer { memchr($0.baseAddress!, 0x1B, $0.count) != nil }
        if escaped { stripEscapes() }
        if !sawText {
            guard line.contains(where: { !Pattern.isSpace($0) }) else { return }
            sawText = true
        }
        // One pass of the automaton picks the patterns whose filter word is in the line; nearly every line has none.
        stamp &+= 1
        if stamp == 0 {
            seen = [UInt32](repeating: 0, count: seen.count)
            stamp = 1
        }
        candidates.removeAll(keepingCapacity: true)
        var found = candidates
        var marks = seen
        line.withUnsafeBufferPointer { raw in
            automaton.candidates(in: raw, seen: &marks, stamp: stamp) { found.append($0) }
        }
        seen = marks
        candidates = found
        guard !candidates.isEmpty else { return }
        candidates.sort()
        lower.removeAll(keepingCapacity: true)
        lower.append(contentsOf: line.lazy.map(Pattern.lower))
        let number = lineNumber
        var matched: [(Owner, Facts)] = []
        line.withUnsafeBufferPointer { raw in
            lower.withUnsafeBufferPointer { low in
                for i in candidates {
                    if let facts = patterns[i].pattern.match(raw: raw, lower: low) {
                        matched.append((patterns[i].owner, facts))
                    }
                }
            }
        }
        guard !matched.isEmpty else { return }
        let evidence = Evidence(line: number, text: Self.excerpt(line))
        for (owner, facts) in matched {
            switch owner {
            case .entry(let i, let supporting):
                if !supporting { hits[i].triggered = true }
                for (k, v) in facts where hits[i].facts[k] == nil { hits[i].facts[k] = v }
                if hits[i].lastLine != number {
                    hits[i].lastLine = number
                    hits[i].matchedLines += 1
                    if hits[i].evidence.count < limits.maxEvidence { hits[i].evidence.append(evidence) }
                }
            case .context(let rank):
                for (k, v) in facts {
                    if let old = contextFacts[k], old.rank <= rank { continue }
                    contextFacts[k] = (rank, v, evidence)
                }
            }
        }
    }

    /// Drops ANSI escape sequences (ESC [ … final byte), so coloured logs match.
    private mutating func stripEscapes() {
        var out: [UInt8] = []
        out.reserveCapacity(line.count)
        var i = 0
        while i < line.count {
            if line[i] == 0x1B, i + 1 < line.count, line[i + 1] == UInt8(ascii: "[") {
                i += 2
                while i < line.count, !(0x40...0x7E).contains(line[i]) { i += 1 }
                i += 1
                continue
            }
            out.append(line[i])
            i += 1
        }
        line = out
    }

    /// The line as text for the report: trimmed, at most 300 characters.
    static func excerpt(_ bytes: [UInt8]) -> String {
        let text = String(decoding: bytes, as: UTF8.self).trimmingSpaces
        guard text.count > 300 else { return text }
        return String(text.prefix(300)) + "…"
    }

    // MARK: - Binary junk

    private mutating func sniff(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard sniffed < limits.sniffBytes else { return }
        let n = min(bytes.count, limits.sniffBytes - sniffed)
        let sample = UnsafeBufferPointer(rebasing: bytes[0..<n])
        for b in sample {
            if b == 0 { nul += 1 }
            if b < 0x20, b != 0x09, b != 0x0A, b != 0x0D, b != 0x0C, b != 0x0B, b != 0x1B { suspicious += 1 }
            if b == 0x7F { suspicious += 1 }
        }
        // Bytes that are not UTF-8: each replacement character the decoder makes.
        let text = String(decoding: sample, as: UTF8.self)
        suspicious += text.unicodeScalars.reduce(0) { $0 + ($1 == "\u{FFFD}" ? 1 : 0) }
        sniffed += n
        if sniffed >= limits.sniffBytes { decideBinary(final: true) }
    }

    private mutating func decideBinary(final: Bool) {
        guard binary == nil, final, sniffed > 0 else { return }
        // Real logs are text: a few stray control bytes pass, junk (random bytes, an executable) does not.
        if suspicious * 20 > sniffed || nul * 100 > sniffed {
            binary = BinarySniff(sampled: sniffed, suspicious: suspicious, nul: nul)
            hits = catalogue.entries.indices.map { EntryHit(entry: $0) }
        }
    }
}
