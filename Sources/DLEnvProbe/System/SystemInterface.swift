/// The one seam between the probe and the operating system. `LiveSystem` talks to the real machine;
/// `FakeSystem` replays captured outputs in tests. Everything above this protocol is pure.
///
/// Libraries are queried through typed calls (`nvml()`, `cudaDriverVersion()`, `openBLASConfig(library:)`)
/// rather than a raw `dlsym`: a fake cannot hand out C function pointers, but it can hand out what they return.
public protocol SystemInterface: Sendable {
    /// The text of a file (lossily decoded as UTF-8, NUL bytes kept), or nil when it is absent or unreadable.
    func readFile(_ path: String) -> String?
    /// The entry names of a folder (unsorted), or nil when it is absent or unreadable.
    func listDirectory(_ path: String) -> [String]?
    /// A file opened for reading byte ranges (ELF headers, fat-binary headers: never the whole file), or nil.
    func openFile(_ path: String) -> (any RandomAccessFile)?
    /// Whether anything (file, folder, device node) exists at the path.
    func exists(_ path: String) -> Bool
    /// The path a symbolic link chain ends at (`realpath`), or nil.
    func resolveLink(_ path: String) -> String?
    /// An environment variable of the probing process.
    func environment(_ name: String) -> String?
    /// Every executable with this name along `PATH`, first match first, duplicates (same real file) removed.
    func executables(named name: String) -> [String]
    /// Runs a command with a time limit; a hung command is killed when the limit passes.
    func run(_ invocation: Invocation, timeout: Double) -> CommandResult
    /// NVML's answers (`dlopen("libnvidia-ml.so.1")`), or nil when the library cannot be loaded.
    func nvml(timeout: Double) -> NVMLSnapshot?
    /// `cuDriverGetVersion` from `libcuda.so.1` (1000 × major + 10 × minor), or nil when unavailable.
    func cudaDriverVersion(timeout: Double) -> Int?
    /// `openblas_get_config()` and `openblas_get_corename()` of the library at the path, or nil when it cannot
    /// be loaded.
    func openBLASConfig(library: String, coreType: String?) -> OpenBLASRuntime?
    /// Files that exist but were refused so far (a FIFO or a device where a regular file belongs, a file over the
    /// size cap): `readFile` returned nil for them, and the probe warns about each.
    func fileRefusals() -> [FileRefusal]
}

extension SystemInterface {
    public func fileRefusals() -> [FileRefusal] { [] }
}

/// A file the probe found but did not read, and why.
public struct FileRefusal: Sendable, Hashable {
    /// The path as the probe asked for it (without `--root`).
    public var path: String
    /// "a FIFO, not a regular file", "larger than 8 MiB", …
    public var reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }
}

/// A file read by byte ranges (`pread`): the inspector reads a few hundred bytes of a 500 MB library.
public protocol RandomAccessFile: Sendable {
    /// The file's size in bytes.
    var size: UInt64 { get }
    /// Up to `count` bytes from `offset` (fewer at the end of the file; empty past it), or nil on a read error.
    func read(at offset: UInt64, count: Int) -> [UInt8]?
}

/// A command line to run. `key` names the captured output a `FakeSystem` replays for it.
public struct Invocation: Sendable, Hashable {
    public var tool: String
    public var arguments: [String]
    public var key: String

    public init(_ tool: String, _ arguments: [String] = [], key: String) {
        self.tool = tool
        self.arguments = arguments
        self.key = key
    }

    /// The command as a person would type it (for warnings).
    public var commandLine: String { ([tool] + arguments).joined(separator: " ") }
}

/// How a command ended.
public enum CommandResult: Sendable, Hashable {
    /// It ran and exited with a status.
    case exited(status: Int32, stdout: String, stderr: String)
    /// It was killed by a signal (a segfaulting `nvidia-smi` on WSL).
    case signaled(signal: Int32, stdout: String, stderr: String)
    /// It ran past the time limit and was killed.
    case timedOut(seconds: Double)
    /// No such executable on `PATH` (a normal result: the tool is not installed).
    case notFound
    /// It exists but could not be started.
    case failedToStart(String)

    /// Standard output when the command exited with status 0.
    public var successOutput: String? {
        if case .exited(0, let out, _) = self { return out }
        return nil
    }
}

/// What a loaded OpenBLAS says about itself.
public struct OpenBLASRuntime: Sendable, Hashable, Codable {
    /// `openblas_get_config()`, e.g. "OpenBLAS 0.3.21 DYNAMIC_ARCH NO_AFFINITY Zen MAX_THREADS=64".
    public var config: String
    /// `openblas_get_corename()`, e.g. "Zen", "Prescott".
    public var coreName: String?
    /// `openblas_get_num_threads()`.
    public var threads: Int?

    public init(config: String, coreName: String? = nil, threads: Int? = nil) {
        self.config = config
        self.coreName = coreName
        self.threads = threads
    }
}
