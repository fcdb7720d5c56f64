import DLEnvCore
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// The probe's reading of a file that should be a small regular file: `BoundedFile` (never blocking, regular files
/// only) with the probe's cap.
enum FileReader {
    /// No probed file is this large; a bigger one is not what the probe thinks it is.
    static let probeLimit = 8 << 20

    enum Outcome: Equatable {
        case text(String)
        /// Not there, or not readable (permissions): the probe treats it as missing.
        case absent
        /// There but not read, and why.
        case refused(String)
    }

    static func contents(_ path: String, limit: Int) -> Outcome {
        switch BoundedFile.load(path, limit: limit) {
        case .bytes(let b): return .text(String(decoding: b, as: UTF8.self))
        case .absent: return .absent
        case .refused(let why): return .refused(why)
        }
    }
}

/// The refusals one `LiveSystem` noted: shared by its copies, guarded by a lock (probes read files from several
/// threads).
final class FileRefusals: @unchecked Sendable {
    private let lock = NSLock()
    private var refusals: [FileRefusal] = []

    func note(_ path: String, _ reason: String) {
        lock.lock()
        defer { lock.unlock() }
        if !refusals.contains(where: { $0.path == path }) { refusals.append(FileRefusal(path: path, reason: reason)) }
    }

    var all: [FileRefusal] {
        lock.lock()
        defer { lock.unlock() }
        return refusals
    }
}
