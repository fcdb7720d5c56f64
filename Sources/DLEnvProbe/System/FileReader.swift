import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Reads a file that should be a small regular file (a /proc or /sys entry, a header, a version file) without
/// ever blocking and with a size cap (issue #18): opened with `O_NONBLOCK`, so a FIFO planted under `--root` is
/// not waited on, and refused unless `fstat` says it is a regular file (a FIFO, a socket or a device is not what
/// the probe means to read). /proc and /sys files report size 0, so the cap is checked on what was read.
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
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else {
            // A file that exists but cannot be opened (permissions) is worth a warning: "no driver" would be wrong.
            if errno == EACCES || errno == EPERM {
                return .refused("not readable (\(String(cString: strerror(errno))))")
            }
            return .absent
        }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { return .absent }
        switch st.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: return .absent
        case S_IFIFO: return .refused("a FIFO, not a regular file")
        case S_IFCHR, S_IFBLK: return .refused("a device, not a regular file")
        case S_IFSOCK: return .refused("a socket, not a regular file")
        default: return .refused("not a regular file")
        }
        if st.st_size > off_t(limit) { return .refused("larger than \(limit >> 20) MiB (\(st.st_size) bytes)") }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, 65536) }
            if n < 0, errno == EINTR { continue }
            if n < 0 {
                // EAGAIN cannot happen on a regular file; any other error is a file that could not be read.
                return bytes.isEmpty
                    ? .refused("read failed (\(String(cString: strerror(errno))))") : .text(text(bytes))
            }
            guard n > 0 else { break }
            bytes.append(contentsOf: chunk[0..<n])
            if bytes.count > limit { return .refused("larger than \(limit >> 20) MiB") }
        }
        return .text(text(bytes))
    }

    private static func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }
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
