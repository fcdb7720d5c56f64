import Foundation

/// Loads a JSON golden written by `scripts/goldens/nn_goldens.py` (real torch). The script records every nn golden
/// into `Tests/DLEnvNNTests/Goldens/`; the scheduler goldens are read from there, since the schedulers they
/// record are DLEnvNN's and this target reaches them through the constructor text.
enum GoldenFile {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("DLEnvNNTests/Goldens")

    static func load<T: Decodable>(_ name: String, as type: T.Type = T.self) -> T {
        let url = directory.appendingPathComponent(name)
        do {
            return try JSONDecoder().decode(T.self, from: Data(contentsOf: url))
        } catch {
            fatalError(
                "cannot read golden \(url.path): \(error); regenerate with python3 scripts/goldens/nn_goldens.py")
        }
    }
}

/// `|a - b| <= rtol * |b|` (exact equality when b is 0), the comparison the goldens state.
func isClose(_ a: Double, _ b: Double, rtol: Double, atol: Double = 0) -> Bool {
    if a == b { return true }
    if a.isNaN && b.isNaN { return true }
    return abs(a - b) <= atol + rtol * abs(b)
}
