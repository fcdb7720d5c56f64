/// The one text-table formatter: columns separated by two spaces, left-aligned unless a column is listed in
/// `right`, no trailing spaces.
enum TextTable {
    static func lines(_ rows: [[String]], right: Set<Int> = []) -> [String] {
        let columns = rows.map(\.count).max() ?? 0
        let widths = (0..<columns).map { c in rows.map { $0.indices.contains(c) ? $0[c].count : 0 }.max() ?? 0 }
        return rows.map { row in
            var line = row.enumerated().map { c, cell in
                let pad = String(repeating: " ", count: widths[c] - cell.count)
                return right.contains(c) ? pad + cell : cell + pad
            }.joined(separator: "  ")
            while line.last == " " { line.removeLast() }
            return line
        }
    }

    static func render(_ header: [String], _ rows: [[String]], right: Set<Int> = []) -> String {
        lines([header] + rows, right: right).joined(separator: "\n")
    }
}
