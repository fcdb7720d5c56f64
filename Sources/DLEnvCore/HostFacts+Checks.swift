extension HostFacts {
    /// The numbers of a saved or declared host that are out of range (issue #18): a compute capability that is
    /// not one (`99999999999999999999.0`, `8.9.9.9`), a driver version that is not a dotted version
    /// (`-595.-71.05`). `origin` names the file; empty when all is well.
    public func rangeProblems(origin: String) -> [OutOfRange] {
        var problems: [OutOfRange] = []
        for (i, gpu) in gpus.enumerated() {
            if let cc = gpu.computeCapability, ComputeCapability(cc) == nil {
                problems.append(
                    OutOfRange(
                        what: "a compute capability", value: cc.escapingControlCharacters,
                        range: "major.minor with a major of 1–2 digits and a minor of 1 digit (8.6, 12.0)",
                        origin: "\(origin): gpus[\(i)].compute_capability"))
            }
        }
        if let driver, Version(driver.version) == nil {
            problems.append(
                OutOfRange(
                    what: "a driver version", value: driver.version.escapingControlCharacters,
                    range: "a dotted version of at most 6 numbers of at most 9 digits (550.54.15)",
                    origin: "\(origin): driver.version"))
        }
        return problems
    }

    /// The same facts with control characters in the texts a tool printed (GPU names, UUIDs) escaped, so a
    /// GPU named with ESC or BEL cannot drive the terminal it is shown on.
    public var escapingControlCharacters: HostFacts {
        var facts = self
        for i in facts.gpus.indices {
            facts.gpus[i].name = facts.gpus[i].name?.escapingControlCharacters
            facts.gpus[i].uuid = facts.gpus[i].uuid?.escapingControlCharacters
        }
        facts.jetson = facts.jetson?.escapingControlCharacters
        facts.warnings = facts.warnings.map(\.escapingControlCharacters)
        return facts
    }
}

extension String {
    /// The text with C0 controls (except none: tabs and newlines too), DEL and C1 controls written as `\u{1B}`
    /// escapes: safe to print on a terminal, and still says what was there.
    public var escapingControlCharacters: String {
        guard unicodeScalars.contains(where: Self.isControl) else { return self }
        var out = ""
        for scalar in unicodeScalars {
            if Self.isControl(scalar) {
                out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    private static func isControl(_ s: Unicode.Scalar) -> Bool {
        s.value < 0x20 || (0x7F...0x9F).contains(s.value)
    }
}

/// A `DecodingError` in words a person can act on: where in the document (`gpus[0].compute_capability`) and
/// what was wrong, without Swift's type names and coding-path dumps.
public enum DecodingErrorText {
    public static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)".escapingControlCharacters }
        func path(_ keys: [any CodingKey]) -> String {
            var text = ""
            for key in keys {
                if let i = key.intValue {
                    text += "[\(i)]"
                } else {
                    text += (text.isEmpty ? "" : ".") + key.stringValue
                }
            }
            return text.isEmpty ? "the top level" : text
        }
        switch error {
        case .typeMismatch(let type, let context):
            return "\(path(context.codingPath)): expected \(typeName(type))"
        case .valueNotFound(let type, let context):
            return "\(path(context.codingPath)): expected \(typeName(type)), found null"
        case .keyNotFound(let key, let context):
            return "\(path(context.codingPath + [key])): missing"
        case .dataCorrupted(let context):
            let detail = context.debugDescription.escapingControlCharacters
            // Foundation's JSON parser puts its own text here ("The given data was not valid JSON.").
            return context.codingPath.isEmpty ? "not valid JSON (\(detail))" : "\(path(context.codingPath)): \(detail)"
        @unknown default:
            return "\(error)".escapingControlCharacters
        }
    }

    private static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Int.Type, is Int64.Type, is Int32.Type: return "an integer"
        case is Double.Type, is Float.Type: return "a number"
        case is Bool.Type: return "true or false"
        default:
            let name = "\(type)"
            return name.hasPrefix("Array")
                ? "a list" : name.hasPrefix("Dictionary") ? "an object" : "an object (\(name))"
        }
    }
}
