#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes every output file of one command together or not at all, and never through something it should not
/// replace. All files are first written to temporary files beside their targets; only when every one of them
/// was written are they renamed into place, and if a rename fails the targets already replaced are put back.
/// A target that is a folder, a read-only file or a symbolic link loop, or a path given twice, stops everything
/// before any file is touched.
public enum FileSetWriter {
    /// One output: where it goes and its bytes.
    public struct File: Sendable, Hashable {
        public var path: String
        public var bytes: [UInt8]

        public init(path: String, bytes: [UInt8]) {
            self.path = path
            self.bytes = bytes
        }

        /// A text file (UTF-8).
        public init(path: String, text: String) {
            self.init(path: path, bytes: Array(text.utf8))
        }
    }

    /// Why nothing was written.
    public struct Failure: Error, Sendable, Hashable, CustomStringConvertible {
        public enum Kind: Sendable, Hashable {
            /// The request itself cannot be honoured (a folder where a file goes, one path twice): bad input.
            case badTarget
            /// The disk refused (permissions, a full or read-only file system): the environment.
            case cannotWrite
        }

        public var kind: Kind
        /// The file the problem is about.
        public var path: String
        public var detail: String

        public var description: String { "cannot write \(path): \(detail); nothing was written" }

        /// A one-line fix.
        public var remedy: String {
            switch kind {
            case .badTarget: return "choose another output folder (-o DIR), or move the thing in the way aside"
            case .cannotWrite: return "check the folder's and the file's permissions and free space, then rerun"
            }
        }
    }

    /// Writes `files` all or none and returns their paths as given.
    @discardableResult
    public static func write(_ files: [File]) throws(Failure) -> [String] {
        var seen: [String: String] = [:]
        var targets: [String] = []
        for file in files {
            let key = normalized(file.path)
            if let first = seen[key] {
                throw Failure(
                    kind: .badTarget, path: file.path,
                    detail: first == file.path
                        ? "it would be written twice" : "it is the same file as \(first), written twice")
            }
            seen[key] = file.path
            targets.append(try target(of: file.path))
        }
        var createdFolders: [String] = []
        var temporaries: [String] = []
        func cleanUp() {
            for t in temporaries { unlink(t) }
            for folder in createdFolders.reversed() { rmdir(folder) }
        }
        do throws(Failure) {
            for (i, file) in files.enumerated() {
                createdFolders += try makeFolders(parent(of: targets[i]), for: file.path)
                temporaries.append(try writeTemporary(file.bytes, beside: targets[i], index: i, for: file.path))
            }
        } catch {
            cleanUp()
            throw error
        }
        // Keep a hard link to each file being replaced, so a failed rename can put the old one back.
        var backups: [String?] = []
        var existed: [Bool] = []
        for (i, target) in targets.enumerated() {
            let backup = sibling(of: target, index: i, suffix: "old")
            existed.append(access(target, F_OK) == 0)
            backups.append(existed[i] && link(target, backup) == 0 ? backup : nil)
        }
        for i in targets.indices where rename(temporaries[i], targets[i]) != 0 {
            let detail = errorText()
            for j in 0..<i {
                // A file that existed but could not be linked cannot be put back; its new version stays.
                if let backup = backups[j] { rename(backup, targets[j]) } else if !existed[j] { unlink(targets[j]) }
            }
            for t in temporaries[i...] { unlink(t) }
            for case let backup? in backups[i...] { unlink(backup) }
            throw Failure(kind: .cannotWrite, path: files[i].path, detail: detail)
        }
        for case let backup? in backups { unlink(backup) }
        return files.map(\.path)
    }

    /// The file a path writes: the path itself, or where its symbolic links lead (resolved, loops refused).
    static func target(of path: String) throws(Failure) -> String {
        var info = stat()
        guard lstat(path, &info) == 0 else { return path }  // a new file
        if (info.st_mode & S_IFMT) == S_IFLNK {
            guard let resolved = realpath(path, nil) else {
                throw Failure(
                    kind: .badTarget, path: path,
                    detail: errno == ELOOP
                        ? "it is a loop of symbolic links" : "it is a symbolic link to nothing (\(errorText()))")
            }
            defer { free(resolved) }
            let real = String(cString: resolved)
            guard stat(real, &info) == 0 else { return real }
            return try checkExisting(real, info, for: path)
        }
        return try checkExisting(path, info, for: path)
    }

    private static func checkExisting(_ real: String, _ info: stat, for path: String) throws(Failure) -> String {
        let kind = info.st_mode & S_IFMT
        if kind == S_IFDIR { throw Failure(kind: .badTarget, path: path, detail: "it is a folder") }
        if kind != S_IFREG { throw Failure(kind: .badTarget, path: path, detail: "it is not a regular file") }
        // Renaming would replace a read-only file without complaint; its owner made it read-only to keep it.
        if access(real, W_OK) != 0 { throw Failure(kind: .cannotWrite, path: path, detail: "it is read-only") }
        return real
    }

    /// Creates the missing folders of `folder`, returning those it created (outermost first).
    private static func makeFolders(_ folder: String, for path: String) throws(Failure) -> [String] {
        var missing: [String] = []
        var current = folder
        var info = stat()
        while !current.isEmpty, current != "/", current != ".", stat(current, &info) != 0 {
            missing.append(current)
            current = parent(of: current)
        }
        if !current.isEmpty, current != "/", current != ".", (info.st_mode & S_IFMT) != S_IFDIR {
            throw Failure(kind: .badTarget, path: path, detail: "\(current) is not a folder")
        }
        var created: [String] = []
        for dir in missing.reversed() {
            guard mkdir(dir, 0o777) == 0 || errno == EEXIST else {
                let detail = "cannot create the folder \(dir) (\(errorText()))"
                for c in created.reversed() { rmdir(c) }
                throw Failure(kind: .cannotWrite, path: path, detail: detail)
            }
            created.append(dir)
        }
        return created
    }

    /// Writes `bytes` to a new file beside `target` (same folder, so the rename is atomic) and returns its path.
    private static func writeTemporary(_ bytes: [UInt8], beside target: String, index: Int, for path: String)
        throws(Failure) -> String
    {
        let temporary = sibling(of: target, index: index, suffix: "tmp")
        var info = stat()
        // A replaced file keeps its permissions; a new one gets the usual 0666 less the umask.
        let mode: mode_t = stat(target, &info) == 0 ? info.st_mode & 0o7777 : 0o666
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard fd >= 0 else { throw Failure(kind: .cannotWrite, path: path, detail: errorText()) }
        var failure: String?
        if stat(target, &info) == 0, fchmod(fd, mode) != 0 { failure = errorText() }
        var offset = 0
        while failure == nil, offset < bytes.count {
            let n = bytes.withUnsafeBytes { raw in systemWrite(fd, raw.baseAddress! + offset, raw.count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                failure = errorText()
            } else {
                offset += n
            }
        }
        if failure == nil, fsync(fd) != 0 { failure = errorText() }
        if close(fd) != 0, failure == nil { failure = errorText() }
        if let failure {
            unlink(temporary)
            throw Failure(kind: .cannotWrite, path: path, detail: failure)
        }
        return temporary
    }

    /// `.NAME.dlenv-PID-INDEX.SUFFIX` in the folder of `target`.
    private static func sibling(of target: String, index: Int, suffix: String) -> String {
        let folder = parent(of: target)
        let name = target.split(separator: "/").last.map(String.init) ?? target
        let file = ".\(name).dlenv-\(getpid())-\(index).\(suffix)"
        return folder == "." && !target.hasPrefix("./") ? file : (folder == "/" ? "/" : folder + "/") + file
    }

    /// The folder of a path ("." for a bare name).
    static func parent(of path: String) -> String {
        var trimmed = Substring(path)
        while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        guard let slash = trimmed.lastIndex(of: "/") else { return "." }
        if slash == trimmed.startIndex { return "/" }
        return String(trimmed[..<slash])
    }

    /// An absolute path without `.`, `..` or repeated slashes (lexically), for telling two spellings apart.
    public static func normalized(_ path: String) -> String {
        var absolute = path
        if !path.hasPrefix("/") {
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            if getcwd(&buffer, buffer.count) != nil {
                absolute =
                    String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
                    + "/" + path
            }
        }
        var parts: [Substring] = []
        for part in absolute.split(separator: "/") {
            if part == "." { continue }
            if part == ".." {
                if !parts.isEmpty { parts.removeLast() }
                continue
            }
            parts.append(part)
        }
        return "/" + parts.joined(separator: "/")
    }

    private static func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
        #if canImport(Glibc)
            Glibc.write(fd, buffer, count)
        #else
            Darwin.write(fd, buffer, count)
        #endif
    }

    private static func errorText() -> String { String(cString: strerror(errno)) }
}
