/// One pass over a line that says which patterns can match it: an Aho–Corasick automaton over every pattern's
/// filter word (the longest literal run, which must appear verbatim), case-insensitive, as a full transition table.
/// Lines that hold none of the words (nearly all of a log) cost one table look-up per byte and no pattern work.
struct AnchorAutomaton: Sendable {
    /// `delta[state << 8 | byte]`: the next state.
    private let delta: [Int32]
    /// The patterns whose word ends in each state (via the failure links too).
    private let outputs: [[Int32]]
    private let hasOutput: [Bool]
    let patternCount: Int

    /// `words[i]` is pattern i's filter word, lowercased.
    init(words: [[UInt8]]) {
        var children: [[UInt8: Int32]] = [[:]]
        var out: [[Int32]] = [[]]
        for (i, word) in words.enumerated() {
            var s: Int32 = 0
            for b in word {
                if let next = children[Int(s)][b] {
                    s = next
                } else {
                    children.append([:])
                    out.append([])
                    let next = Int32(children.count - 1)
                    children[Int(s)][b] = next
                    s = next
                }
            }
            out[Int(s)].append(Int32(i))
        }
        let states = children.count
        var delta = [Int32](repeating: 0, count: states << 8)
        var fail = [Int32](repeating: 0, count: states)
        // Breadth first: a state's failure target is complete before the state's own row is filled.
        var queue: [Int32] = []
        for b in 0..<256 {
            if let next = children[0][UInt8(b)] {
                delta[b] = next
                queue.append(next)
            }
        }
        var head = 0
        while head < queue.count {
            let s = Int(queue[head])
            head += 1
            out[s] += out[Int(fail[s])]
            for b in 0..<256 {
                if let next = children[s][UInt8(b)] {
                    fail[Int(next)] = delta[Int(fail[s]) << 8 | b]
                    delta[s << 8 | b] = next
                    queue.append(next)
                } else {
                    delta[s << 8 | b] = delta[Int(fail[s]) << 8 | b]
                }
            }
        }
        // Upper-case ASCII letters move as their lower-case forms.
        for s in 0..<states {
            for b in 0x41...0x5A { delta[s << 8 | b] = delta[s << 8 | (b | 0x20)] }
        }
        self.delta = delta
        self.outputs = out
        self.hasOutput = out.map { !$0.isEmpty }
        self.patternCount = words.count
    }

    /// Calls `found` once for each pattern whose word occurs in the bytes (in no particular order).
    func candidates(in bytes: UnsafeBufferPointer<UInt8>, seen: inout [UInt32], stamp: UInt32, found: (Int) -> Void) {
        delta.withUnsafeBufferPointer { d in
            hasOutput.withUnsafeBufferPointer { h in
                var s = 0
                for b in bytes {
                    s = Int(d[s << 8 | Int(b)])
                    if h[s] {
                        for p in outputs[s] where seen[Int(p)] != stamp {
                            seen[Int(p)] = stamp
                            found(Int(p))
                        }
                    }
                }
            }
        }
    }
}
