import DLEnvCore

/// The bytes of a spec or workspace file as text: UTF-8, checked rather than repaired. Invalid UTF-8 is
/// refused with the line and column of the first bad byte (a replaced character would silently change a
/// name or path); a leading byte order mark is dropped.
public enum SpecText {
    /// The text of `bytes`, or a located error.
    public static func decode(_ bytes: [UInt8], file: String) throws(DiagnosticsError) -> String {
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        if let text = String(validating: body, as: UTF8.self) { return text }
        // Find the first byte that does not start or continue a valid sequence.
        var offset = body.startIndex
        var line = 1
        var lineStart = body.startIndex
        while offset < body.endIndex {
            let length = sequenceLength(body, at: offset)
            guard length > 0 else { break }
            if body[offset] == 0x0A {
                line += 1
                lineStart = offset + 1
            }
            offset += length
        }
        let column = String(decoding: body[lineStart..<offset], as: UTF8.self).count + 1
        let hex = String(body[min(offset, body.endIndex - 1)], radix: 16, uppercase: true)
        throw DiagnosticsError(
            Diagnostic(
                .error, "\(file) is not valid UTF-8: byte 0x\(hex) at line \(line), column \(column)",
                at: SourceLocation(file: file, line: line, column: column),
                remedy: "save the file as UTF-8 (e.g. iconv -f latin1 -t utf-8)"))
    }

    /// The length of the valid UTF-8 sequence at `i`, 0 when there is none.
    static func sequenceLength(_ b: ArraySlice<UInt8>, at i: Int) -> Int {
        let first = b[i]
        let (length, low, high): (Int, UInt8, UInt8) =
            switch first {
            case 0x00...0x7F: (1, 0x80, 0xBF)
            case 0xC2...0xDF: (2, 0x80, 0xBF)
            case 0xE0: (3, 0xA0, 0xBF)
            case 0xE1...0xEC, 0xEE...0xEF: (3, 0x80, 0xBF)
            case 0xED: (3, 0x80, 0x9F)
            case 0xF0: (4, 0x90, 0xBF)
            case 0xF1...0xF3: (4, 0x80, 0xBF)
            case 0xF4: (4, 0x80, 0x8F)
            default: (0, 0, 0)
            }
        guard length > 0, i + length <= b.endIndex else { return 0 }
        for k in 1..<length {
            let c = b[i + k]
            let ok = k == 1 ? (low...high).contains(c) : (0x80...0xBF).contains(c)
            if !ok { return 0 }
        }
        return length
    }
}
