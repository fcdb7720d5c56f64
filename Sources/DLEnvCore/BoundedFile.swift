#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads a file that should be a regular file of bounded size (a /proc entry, a spec, a matrix file, a saved
/// report) without ever blocking and with a size cap (issue #18): opened with `O_NONBLOCK`, so a FIFO planted under `--root` is
/// not waited on, and refused unless `fstat` says it is a regular file (a FIFO, a socket or a device is not what
/// dlenv means to read). /proc and /sys files report size 0, so the cap is checked on what was read.
public enum BoundedFile {

    public enum Outcome: Equatable, Sendable {
        case bytes([UInt8])
        /// Not there, or not readable (permissions): the probe treats it as missing.
        case absent
        /// There but not read, and why.
        case refused(String)
    }

    /// The file's bytes, at most `limit` of them (at least 1 MiB: the messages count in MiB).
    public static func load(_ path: String, limit: Int) -> Outcome {
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
                    ? .refused("read failed (\(String(cString: strerror(errno))))") : .bytes(bytes)
            }
            guard n > 0 else { break }
            bytes.append(contentsOf: chunk[0..<n])
            if bytes.count > limit { return .refused("larger than \(limit >> 20) MiB") }
        }
        return .bytes(bytes)
    }
}

extension BoundedFile {
    /// The most dlenv reads of a spec, a workspace, a fleet profile or a project's requirements/pyproject.
    public static let specLimit = 1 << 20
    /// The most dlenv reads of a saved host report, a plan.json, a matrix file or the failure catalogue.
    public static let documentLimit = 16 << 20
    /// The most dlenv reads of a run export (`dlenv history --import`).
    public static let exportLimit = 64 << 20

    /// The bytes of a file a user named, nil when there is none; a FIFO, a device or a file over `limit` is bad
    /// input naming the file and the bound (docs/limits.md), never a hang or a huge allocation.
    public static func userFile(_ path: String, limit: Int) throws(DiagnosticsError) -> [UInt8]? {
        switch load(path, limit: limit) {
        case .bytes(let b): return b
        case .absent: return nil
        case .refused(let why):
            throw DiagnosticsError(
                Diagnostic(
                    .error, "\(path) was not read: \(why)", at: SourceLocation(file: path),
                    remedy: "pass a regular file of at most \(limit >> 20) MiB (the bounds: docs/limits.md)"))
        }
    }
}
