import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// The real machine. With `root`, every file read, folder listing and existence check is made under that
/// folder (a fixture, an unpacked image) while commands are still found on the real `PATH`, so tests can put
/// fakes that print captured output first on `PATH`.
public struct LiveSystem: SystemInterface {
    /// Folder prefixed to every file path ("" = the real root).
    public var root: String
    /// Whether driver and BLAS libraries may be loaded (off under `--root`: the libraries belong to this host).
    public var loadsLibraries: Bool
    /// Files that exist but were not read (a FIFO, a device, one over the size cap), for the probe's warnings.
    let refusals = FileRefusals()

    public init(root: String? = nil, loadsLibraries: Bool? = nil) {
        var r = root ?? ""
        // Absolute and free of links, so paths resolved under it can be mapped back (`resolveLink`).
        if !r.isEmpty, let real = realpath(r, nil) {
            r = String(cString: real)
            free(real)
        }
        while r.count > 1, r.hasSuffix("/") { r.removeLast() }
        self.root = r == "/" ? "" : r
        self.loadsLibraries = loadsLibraries ?? (self.root.isEmpty)
    }

    func hostPath(_ path: String) -> String { root + path }

    public func readFile(_ path: String) -> String? {
        switch FileReader.contents(hostPath(path), limit: FileReader.probeLimit) {
        case .text(let text): return text
        case .absent: return nil
        case .refused(let reason):
            refusals.note(path, reason)
            return nil
        }
    }

    public func fileRefusals() -> [FileRefusal] { refusals.all }

    public func listDirectory(_ path: String) -> [String]? {
        guard let dir = opendir(hostPath(path)) else { return nil }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    public func openFile(_ path: String) -> (any RandomAccessFile)? {
        LiveFile(path: hostPath(path))
    }

    public func exists(_ path: String) -> Bool {
        var st = stat()
        return lstat(hostPath(path), &st) == 0
    }

    public func resolveLink(_ path: String) -> String? {
        guard let resolved = realpath(hostPath(path), nil) else { return nil }
        defer { free(resolved) }
        let full = String(cString: resolved)
        guard !root.isEmpty else { return full }
        return full.hasPrefix(root) ? String(full.dropFirst(root.count)) : full
    }

    public func environment(_ name: String) -> String? {
        guard let value = getenv(name) else { return nil }
        return String(cString: value)
    }

    public func executables(named name: String) -> [String] {
        if name.contains("/") { return access(name, X_OK) == 0 ? [name] : [] }
        var found: [String] = []
        var seen: Set<String> = []
        for dir in (environment("PATH") ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":") {
            let candidate = "\(dir)/\(name)"
            var st = stat()
            guard stat(candidate, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG, access(candidate, X_OK) == 0
            else { continue }
            let real = realpath(candidate, nil).map { p in
                defer { free(p) }
                return String(cString: p)
            }
            if seen.insert(real ?? candidate).inserted { found.append(candidate) }
        }
        return found
    }

    public func run(_ invocation: Invocation, timeout: Double) -> CommandResult {
        guard let executable = executables(named: invocation.tool).first else { return .notFound }
        return Subprocess.run(executable: executable, arguments: invocation.arguments, timeout: timeout)
    }

    public func nvml(timeout: Double) -> NVMLSnapshot? {
        guard loadsLibraries else { return nil }
        return WithTimeout.run(seconds: timeout) { NVMLLoader.snapshot() } ?? nil
    }

    public func cudaDriverVersion(timeout: Double) -> Int? {
        guard loadsLibraries else { return nil }
        return WithTimeout.run(seconds: timeout) { NVMLLoader.cudaDriverVersion() } ?? nil
    }

    public func openBLASConfig(library: String, coreType: String?) -> OpenBLASRuntime? {
        guard loadsLibraries else { return nil }
        // The same core the tensor core forces (it reads the variable when it loads the library, and whichever
        // loads first initialises it for the whole process); a user's own setting is kept.
        if let coreType { setenv("OPENBLAS_CORETYPE", coreType, 0) }
        return NVMLLoader.openBLAS(path: library)
    }
}

/// An open file descriptor read with `pread`; closed when the last reference goes.
final class LiveFile: RandomAccessFile {
    let fd: Int32
    let size: UInt64

    init?(path: String) {
        // Non-blocking: opening a FIFO for reading would wait for a writer.
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { return nil }
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else {
            close(fd)
            return nil
        }
        self.fd = fd
        self.size = UInt64(max(0, st.st_size))
    }

    deinit { close(fd) }

    func read(at offset: UInt64, count: Int) -> [UInt8]? {
        guard count > 0, offset < size, offset <= UInt64(Int64.max) else { return [] }
        let n = Int(min(UInt64(count), size - offset))
        var bytes = [UInt8](repeating: 0, count: n)
        var done = 0
        while done < n {
            let r = bytes.withUnsafeMutableBytes { buf in
                pread(fd, buf.baseAddress! + done, n - done, off_t(offset) + off_t(done))
            }
            if r < 0, errno == EINTR { continue }
            if r < 0 { return nil }
            if r == 0 { break }
            done += r
        }
        return done == n ? bytes : Array(bytes[0..<done])
    }
}
