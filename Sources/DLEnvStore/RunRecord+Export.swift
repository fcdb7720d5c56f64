import Foundation

extension RunRecord {
    /// The export format: a JSON list of runs (pretty-printed, keys sorted), what dlenv writes when a run cannot
    /// be stored and `dlenv history --import` reads back.
    public static func export(_ runs: [RunRecord]) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(runs)
    }

    /// The runs of an export: a list of runs, or one run.
    public static func decodeExport(_ data: Data, path: String) throws(StoreError) -> [RunRecord] {
        let decoder = JSONDecoder()
        if let runs = try? decoder.decode([RunRecord].self, from: data) { return runs }
        do {
            return [try decoder.decode(RunRecord.self, from: data)]
        } catch {
            throw .badImport(path: path, detail: "\(error)")
        }
    }
}
