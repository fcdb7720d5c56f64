import Foundation

/// A tolerant scanner for the simple XML `nvidia-smi -q -x` prints: elements, attributes, text; no
/// namespaces, no CDATA. Declarations, comments and the DOCTYPE are skipped. Truncated or garbled input gives
/// the elements read so far (unclosed ones are closed at the end), never a crash. Foundation's XMLParser is
/// avoided so the static binary needs no libxml2.
public struct XMLElement: Sendable, Hashable {
    public var name: String
    public var attributes: [String: String]
    public var text: String
    public var children: [XMLElement]

    /// The first child with this name.
    public func child(_ name: String) -> XMLElement? { children.first { $0.name == name } }
    /// Every child with this name.
    public func all(_ name: String) -> [XMLElement] { children.filter { $0.name == name } }
    /// The trimmed text of a descendant path ("fb_memory_usage/total"), nil when absent or empty.
    public func value(_ path: String) -> String? {
        var e: XMLElement? = self
        for part in path.split(separator: "/") { e = e?.child(String(part)) }
        guard let t = e.map({ TextScan.trim($0.text) }), !t.isEmpty else { return nil }
        return t
    }
}

public enum MiniXML {
    /// The document's root element, or nil when the text holds no element.
    public static func parse(_ text: String) -> XMLElement? {
        let bytes = Array(text.utf8)
        var stack: [XMLElement] = [XMLElement(name: "#document", attributes: [:], text: "", children: [])]
        var i = 0
        let n = bytes.count
        while i < n, stack.count < 256 {
            if bytes[i] != UInt8(ascii: "<") {
                let start = i
                while i < n, bytes[i] != UInt8(ascii: "<") { i += 1 }
                stack[stack.count - 1].text += unescape(String(decoding: bytes[start..<i], as: UTF8.self))
                continue
            }
            // Markup: find its end.
            guard let end = bytes[i...].firstIndex(of: UInt8(ascii: ">")) else { break }
            let inner = bytes[(i + 1)..<end]
            i = end + 1
            guard let first = inner.first else { continue }
            if first == UInt8(ascii: "?") || first == UInt8(ascii: "!") { continue }
            if first == UInt8(ascii: "/") {
                let name = String(decoding: inner.dropFirst(), as: UTF8.self).filter { !TextScan.isSpace($0) }
                // Close up to the matching open element; a stray close tag is ignored.
                if let k = stack.lastIndex(where: { $0.name == name }), k > 0 {
                    while stack.count > k { close(&stack) }
                }
                continue
            }
            let selfClosing = inner.last == UInt8(ascii: "/")
            let body = String(decoding: selfClosing ? inner.dropLast() : inner, as: UTF8.self)
            let (name, attributes) = tag(body)
            guard !name.isEmpty else { continue }
            stack.append(XMLElement(name: name, attributes: attributes, text: "", children: []))
            if selfClosing { close(&stack) }
        }
        while stack.count > 1 { close(&stack) }
        return stack[0].children.first
    }

    static func close(_ stack: inout [XMLElement]) {
        let e = stack.removeLast()
        stack[stack.count - 1].children.append(e)
    }

    static func tag(_ body: String) -> (String, [String: String]) {
        let name = String(body.prefix { !TextScan.isSpace($0) })
        var attributes: [String: String] = [:]
        var rest = Substring(body.dropFirst(name.count))
        while let eq = rest.firstIndex(of: "=") {
            let key = TextScan.trim(rest[..<eq])
            var after = rest[rest.index(after: eq)...].drop { TextScan.isSpace($0) }
            guard let quote = after.first, quote == "\"" || quote == "'" else { break }
            after = after.dropFirst()
            guard let close = after.firstIndex(of: quote) else { break }
            attributes[key] = unescape(String(after[..<close]))
            rest = after[after.index(after: close)...]
        }
        return (name, attributes)
    }

    static func unescape(_ s: String) -> String {
        guard s.contains("&") else { return s }
        var out = s
        for (entity, value) in [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&apos;", "'"), ("&amp;", "&")] {
            out = out.replacingOccurrences(of: entity, with: value)
        }
        return out
    }
}
