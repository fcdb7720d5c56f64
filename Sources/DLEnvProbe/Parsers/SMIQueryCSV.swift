import Foundation

/// `nvidia-smi --query-gpu=<fields> --format=csv[,noheader][,nounits]`: one line per physical GPU, values
/// separated by ", " (`reference/probe.md` §2.2). The header, when present, echoes the field names with units
/// ("memory.total [MiB]") even under `nounits`; values may still carry units ("46068 MiB") when `nounits` was
/// not given. Bracketed values ("[N/A]", "[Not Supported]", "[Function Not Found]") are missing values.
public enum SMIQueryCSV {
    /// Rows as field → value, missing values left out. Uses the header's field names when there is one,
    /// else `fields` in order. Lines with the wrong number of values are skipped.
    public static func parse(_ text: String, fields: [String]) -> [[String: String]] {
        var lines = TextScan.lines(text).map(TextScan.trim).filter { !$0.isEmpty }
        guard !lines.isEmpty else { return [] }
        var names = fields
        let first = split(lines[0])
        let headerNames = first.map { stripUnit($0) }
        if headerNames.contains(where: { isFieldName($0) }) && !headerNames.contains(where: { looksLikeValue($0) }) {
            names = headerNames
            lines.removeFirst()
        }
        var rows: [[String: String]] = []
        for line in lines {
            let values = split(line)
            guard values.count == names.count else { continue }
            var row: [String: String] = [:]
            for (name, value) in zip(names, values) where !TextScan.isMissing(value) {
                row[name] = value
            }
            rows.append(row)
        }
        return rows
    }

    static func split(_ line: String) -> [String] {
        line.split(separator: ",", omittingEmptySubsequences: false).map(TextScan.trim)
    }

    /// "memory.total [MiB]" → "memory.total".
    static func stripUnit(_ header: String) -> String {
        guard let i = header.firstIndex(of: "[") else { return header }
        return TextScan.trim(header[..<i])
    }

    static func isFieldName(_ s: String) -> Bool {
        !s.isEmpty && s.allSatisfy { $0.isASCII && ($0.isLowercase || $0 == "." || $0 == "_" || $0.isNumber) }
            && s.first?.isLetter == true
    }

    static func looksLikeValue(_ s: String) -> Bool { s.first?.isNumber == true || s.hasPrefix("GPU-") }

    /// A memory value in MiB: "46068", "46068 MiB".
    public static func mebibytes(_ value: String?) -> Int? {
        guard let value else { return nil }
        let digits = TextScan.trim(value).prefix { $0.isNumber }
        return Int(digits)
    }
}
