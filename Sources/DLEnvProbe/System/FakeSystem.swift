import Foundation

/// A machine made of captured outputs, for tests and for replaying a scenario. A scenario folder holds:
///
///     root/...                   files as they were on the machine (/proc, /sys, /usr/local/cuda*, ...)
///     commands/<key>.txt         standard output of a command (keys: `HostProbe.Commands`)
///     commands/<key>.err         its standard error (optional)
///     commands/<key>.exit        its exit status ("9"), or "hang", or "signal 11" (optional; default 0)
///     env.txt                    KEY=VALUE lines of the environment
///     path.txt                   "name /path/to/executable" lines: what `executables(named:)` finds
///     nvml.json                  an `NVMLSnapshot` (absent: NVML cannot be loaded)
///     cuda-driver-version.txt    what `cuDriverGetVersion` returns (absent: libcuda cannot be loaded)
///     openblas.txt               `openblas_get_config()` on line 1, the core name on line 2
///
/// A command without a captured output is "not found", like a tool that is not installed.
public struct FakeSystem: SystemInterface {
    public enum Command: Sendable, Hashable {
        case output(status: Int32, stdout: String, stderr: String)
        case hang
        case signal(Int32, stdout: String)
    }

    public var files: [String: String]
    /// Files by their bytes (ELF libraries); a scenario folder's files are kept both ways.
    public var binaries: [String: [UInt8]]
    public var directories: Set<String>
    public var links: [String: String]
    public var env: [String: String]
    public var paths: [String: [String]]
    public var commands: [String: Command]
    public var nvmlSnapshot: NVMLSnapshot?
    public var cudaDriver: Int?
    public var openBLAS: OpenBLASRuntime?

    /// An in-memory machine; folders are derived from the file paths.
    public init(
        files: [String: String] = [:], links: [String: String] = [:], env: [String: String] = [:],
        paths: [String: [String]] = [:], commands: [String: Command] = [:], nvml: NVMLSnapshot? = nil,
        cudaDriverVersion: Int? = nil, openBLAS: OpenBLASRuntime? = nil, extraDirectories: [String] = [],
        binaries: [String: [UInt8]] = [:]
    ) {
        self.files = files
        self.binaries = binaries
        self.links = links
        self.env = env
        self.paths = paths
        self.commands = commands
        self.nvmlSnapshot = nvml
        self.cudaDriver = cudaDriverVersion
        self.openBLAS = openBLAS
        var dirs: Set<String> = ["/"]
        for path in Array(files.keys) + Array(binaries.keys) + Array(links.keys) + extraDirectories {
            var parts = path.split(separator: "/").map(String.init)
            if !extraDirectories.contains(path) { parts.removeLast() }
            var prefix = ""
            for p in parts {
                prefix += "/" + p
                dirs.insert(prefix)
            }
        }
        self.directories = dirs
    }

    /// Loads a scenario folder (layout above). Symbolic links under `root/` are kept as links.
    public init(scenario folder: URL) throws {
        let fm = FileManager.default
        let root = folder.appendingPathComponent("root")
        var files: [String: String] = [:]
        var binaries: [String: [UInt8]] = [:]
        var links: [String: String] = [:]
        var emptyDirs: [String] = []
        if let walker = fm.enumerator(atPath: root.path) {
            while let rel = walker.nextObject() as? String {
                let full = root.appendingPathComponent(rel).path
                let attrs = try fm.attributesOfItem(atPath: full)
                let type = attrs[.type] as? FileAttributeType
                if type == .typeSymbolicLink {
                    links["/" + rel] = try fm.destinationOfSymbolicLink(atPath: full)
                } else if type == .typeDirectory {
                    emptyDirs.append("/" + rel)
                } else {
                    let data = try Data(contentsOf: URL(fileURLWithPath: full))
                    files["/" + rel] = String(decoding: data, as: UTF8.self)
                    binaries["/" + rel] = [UInt8](data)
                }
            }
        }
        func text(_ name: String) -> String? {
            (try? Data(contentsOf: folder.appendingPathComponent(name))).map { String(decoding: $0, as: UTF8.self) }
        }
        var env: [String: String] = [:]
        for line in (text("env.txt") ?? "").split(separator: "\n") {
            guard let eq = line.firstIndex(of: "=") else { continue }
            env[String(line[..<eq])] = String(line[line.index(after: eq)...])
        }
        var paths: [String: [String]] = [:]
        for line in (text("path.txt") ?? "").split(separator: "\n") {
            let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
            if parts.count == 2 { paths[parts[0], default: []].append(parts[1]) }
        }
        var commands: [String: Command] = [:]
        let commandDir = folder.appendingPathComponent("commands")
        for name in (try? fm.contentsOfDirectory(atPath: commandDir.path)) ?? [] where name.hasSuffix(".txt") {
            let key = String(name.dropLast(4))
            let out = text("commands/\(name)") ?? ""
            let err = text("commands/\(key).err") ?? ""
            let exit = (text("commands/\(key).exit") ?? "0").trimmingCharacters(in: .whitespacesAndNewlines)
            if exit == "hang" {
                commands[key] = .hang
            } else if exit.hasPrefix("signal "), let s = Int32(exit.dropFirst(7)) {
                commands[key] = .signal(s, stdout: out)
            } else {
                commands[key] = .output(status: Int32(exit) ?? 0, stdout: out, stderr: err)
            }
        }
        let nvml = try text("nvml.json").map { try JSONDecoder().decode(NVMLSnapshot.self, from: Data($0.utf8)) }
        let cuda = text("cuda-driver-version.txt").flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        let blasLines = (text("openblas.txt") ?? "").split(separator: "\n").map(String.init)
        let blas = blasLines.first.map { OpenBLASRuntime(config: $0, coreName: blasLines.dropFirst().first) }
        self.init(
            files: files, links: links, env: env, paths: paths, commands: commands, nvml: nvml,
            cudaDriverVersion: cuda, openBLAS: blas, extraDirectories: emptyDirs, binaries: binaries)
    }

    public func readFile(_ path: String) -> String? {
        let real = resolveLink(path) ?? path
        return files[real] ?? binaries[real].map { String(decoding: $0, as: UTF8.self) }
    }

    public func listDirectory(_ path: String) -> [String]? {
        let dir = resolveLink(path) ?? path
        guard directories.contains(dir) else { return nil }
        let prefix = dir == "/" ? "/" : dir + "/"
        var names: Set<String> = []
        for p in Array(files.keys) + Array(binaries.keys) + Array(links.keys) + Array(directories)
        where p.hasPrefix(prefix) {
            if let first = p.dropFirst(prefix.count).split(separator: "/").first { names.insert(String(first)) }
        }
        return names.sorted()
    }

    public func openFile(_ path: String) -> (any RandomAccessFile)? {
        let real = resolveLink(path) ?? path
        if let bytes = binaries[real] { return FakeFile(bytes: bytes) }
        return files[real].map { FakeFile(bytes: Array($0.utf8)) }
    }

    public func exists(_ path: String) -> Bool {
        files[path] != nil || binaries[path] != nil || directories.contains(path) || links[path] != nil
    }

    public func resolveLink(_ path: String) -> String? {
        var current = path
        for _ in 0..<16 {
            // Resolve the longest linked prefix of the path.
            var parts = current.split(separator: "/").map(String.init)
            var rest: [String] = []
            var changed = false
            while !parts.isEmpty {
                let prefix = "/" + parts.joined(separator: "/")
                if let target = links[prefix] {
                    let base =
                        target.hasPrefix("/") ? target : "/" + parts.dropLast().joined(separator: "/") + "/" + target
                    current = normalise(base + (rest.isEmpty ? "" : "/" + rest.joined(separator: "/")))
                    changed = true
                    break
                }
                rest.insert(parts.removeLast(), at: 0)
            }
            if !changed { return exists(current) ? current : nil }
        }
        return nil
    }

    func normalise(_ path: String) -> String {
        var out: [Substring] = []
        for part in path.split(separator: "/") {
            if part == "." { continue }
            if part == ".." {
                if !out.isEmpty { out.removeLast() }
                continue
            }
            out.append(part)
        }
        return "/" + out.joined(separator: "/")
    }

    public func environment(_ name: String) -> String? { env[name] }

    public func executables(named name: String) -> [String] { paths[name] ?? [] }

    public func run(_ invocation: Invocation, timeout: Double) -> CommandResult {
        switch commands[invocation.key] {
        case nil: return .notFound
        case .hang: return .timedOut(seconds: timeout)
        case .signal(let s, let out): return .signaled(signal: s, stdout: out, stderr: "")
        case .output(let status, let out, let err): return .exited(status: status, stdout: out, stderr: err)
        }
    }

    public func nvml(timeout: Double) -> NVMLSnapshot? { nvmlSnapshot }
    public func cudaDriverVersion(timeout: Double) -> Int? { cudaDriver }
    public func openBLASConfig(library: String, coreType: String?) -> OpenBLASRuntime? { openBLAS }
}

/// A file held in memory.
struct FakeFile: RandomAccessFile {
    let bytes: [UInt8]
    var size: UInt64 { UInt64(bytes.count) }

    func read(at offset: UInt64, count: Int) -> [UInt8]? {
        guard count > 0, offset < size else { return [] }
        let start = Int(offset)
        return Array(bytes[start..<min(bytes.count, start + count)])
    }
}
