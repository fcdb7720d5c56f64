import DLEnvCore
import Foundation

/// glibc's search for a shared object by name (ld.so(8), "Rpath token expansion" and the search order), modelled
/// over the files: LD_PRELOAD first; a name already loaded (as a SONAME or the name asked) is reused; else the
/// requesting object's DT_RPATH (only when it has no DT_RUNPATH) and those of the objects that loaded it, then
/// LD_LIBRARY_PATH, then its DT_RUNPATH, then the ld.so.conf folders (as ldconfig caches them), then the default
/// folders. `$ORIGIN` is the folder of the requesting object. A candidate that is not an ELF64 file of the same
/// machine is passed over, as ld.so does. Loading is breadth first, as `_dl_map_object_deps` does.
struct LoaderModel {
    let system: any SystemInterface
    let ldLibraryPath: [String]
    let ldPreload: [String]
    let systemDirectories: [String]
    /// The owner (distribution, version) of each file of a wheel, by normalised absolute path.
    let owners: [String: (name: String, version: String)]
    /// Wheel files by file name, for "the wheel's own copy" of a soname that the search did not reach.
    let wheelFiles: [String: [String]]

    /// One loaded object.
    struct Object {
        var path: String
        var elf: ELFFile
        /// The objects whose DT_NEEDED brought it in, nearest first (their DT_RPATH is searched too).
        var loaders: [Int]
        /// DT_RPATH (nil when the object has DT_RUNPATH, which disables it) and DT_RUNPATH, `$ORIGIN` expanded.
        var rpath: [String]
        var runpath: [String]?
    }

    /// What the search already knows about a path (each candidate is stat-ed and opened once).
    final class Cache {
        var loadable: [String: Bool] = [:]
        var copies: [String: LibraryCopy] = [:]
    }

    let cache = Cache()

    /// Libraries that are not CUDA's are resolved to walk their dependencies but not reported; the C and C++
    /// runtime is neither resolved nor walked.
    static func isSystemRuntime(_ name: String) -> Bool {
        [
            "libc.so", "libm.so", "libdl.so", "libpthread.so", "librt.so", "ld-linux", "libstdc++.so", "libgcc_s.so",
            "libutil.so", "libz.so", "libgomp.so",
        ]
        .contains { name.hasPrefix($0) }
    }

    /// Whether a soname is one of CUDA's (runtime, math libraries, cuDNN, NCCL, nvJitLink, NVRTC, NVSHMEM, …).
    static func isCUDALibrary(_ name: String) -> Bool {
        name.hasPrefix("libcu") || name.hasPrefix("libnv") || name.hasPrefix("libnccl")
    }

    /// Sublibraries a library opens by name at run time with its own search path (cuDNN 9's `libcudnn.so.9` is a
    /// shim that loads `libcudnn_graph.so.9`, … on demand: docs.nvidia.com/deeplearning/cudnn, "cuDNN Library
    /// Configuration").
    static func runtimeLoads(of soname: String) -> [String] {
        guard soname.hasPrefix("libcudnn.so.") else { return [] }
        let major = soname.dropFirst("libcudnn.so.".count)
        return ["graph", "ops", "cnn", "adv", "engines_precompiled", "engines_runtime_compiled", "heuristic"].map {
            "libcudnn_\($0).so.\(major)"
        }
    }

    /// How torch's `__init__.py` loads its libraries: `libtorch_global_deps.so` by path, then (eagerly, or only when
    /// that failed) its preload of the wheels' CUDA libraries by path, then `torch._C` and the companions' modules.
    struct Plan {
        var globalDeps: String?
        var preload: [String] = []
        var eagerPreload = false
        /// torch preloads only when loading libtorch_global_deps.so failed (torch ≤ 2.6).
        var fallbackPreload = false
        var roots: [String] = []
    }

    /// The loader's state: what is loaded, and the report of each CUDA soname.
    struct State {
        var objects: [Object] = []
        var bySoname: [String: Int] = [:]
        var byPath: [String: Int] = [:]
        var reports: [String: ResolvedLibrary] = [:]
        var order: [String] = []
        var warnings: [String] = []

        mutating func register(_ path: String, elf: ELFFile, asked: String?, loaders: [Int]) -> Int {
            let index = objects.count
            let origin = LoaderModel.directory(path)
            let expand = { (d: String) in LoaderModel.clean(LoaderModel.expand(d, origin: origin)) }
            objects.append(
                Object(
                    path: path, elf: elf, loaders: loaders,
                    rpath: elf.runpath == nil ? (elf.rpath ?? []).map(expand) : [], runpath: elf.runpath?.map(expand)))
            byPath[path] = index
            for name in [elf.soname, asked, LoaderModel.baseName(path)].compactMap({ $0 }) where bySoname[name] == nil {
                bySoname[name] = index
            }
            return index
        }

        /// Records a CUDA library the first time it is loaded (or found missing); later requests only add the
        /// copies their own search would have found.
        mutating func report(_ name: String, neededBy: String, loaded: LibraryCopy?, others: [LibraryCopy], first: Bool)
        {
            guard LoaderModel.isCUDALibrary(name) else { return }
            if var r = reports[name] {
                for o in others where o.path != r.loaded?.path && !r.others.contains(where: { $0.path == o.path }) {
                    r.others.append(o)
                }
                reports[name] = r
            } else if first {
                order.append(name)
                reports[name] = ResolvedLibrary(soname: name, neededBy: neededBy, loaded: loaded, others: others)
            }
        }
    }

    /// Loads the plan's objects as torch does and reports each CUDA library once, in load order.
    func resolve(_ plan: Plan) -> (libraries: [ResolvedLibrary], warnings: [String]) {
        var state = State()
        let machine =
            ([plan.globalDeps].compactMap { $0 } + plan.roots).lazy.compactMap { elf($0)?.machine }.first ?? 62
        // LD_PRELOAD: paths, or names searched as the main program's dependencies.
        for entry in ldPreload {
            let found =
                entry.contains("/") ? [copy(entry, rule: .ldPreload)] : search(entry, for: nil, state.objects, machine)
            guard var c = found.first, let e = elf(c.path) else { continue }
            c.foundBy = .ldPreload
            _ = state.register(c.path, elf: e, asked: entry.contains("/") ? nil : entry, loaders: [])
            state.report(e.soname ?? Self.baseName(c.path), neededBy: "LD_PRELOAD", loaded: c, others: [], first: true)
        }
        if let g = plan.globalDeps { open(g, &state, machine) }
        let cudartMissing = state.reports.values.contains { $0.soname.hasPrefix("libcudart.so") && $0.loaded == nil }
        if plan.eagerPreload || (plan.fallbackPreload && cudartMissing) {
            for path in plan.preload {
                guard state.byPath[path] == nil, let e = elf(path) else { continue }
                let name = e.soname ?? Self.baseName(path)
                if state.bySoname[name] != nil { continue }
                let index = state.register(path, elf: e, asked: nil, loaders: [])
                state.report(
                    name, neededBy: "torch preload", loaded: copy(path, rule: .torchPreload), others: [], first: true)
                // ctypes.CDLL loads the library's own dependencies too.
                walk([index], &state, machine)
            }
            if cudartMissing, let g = plan.globalDeps, let i = state.byPath[g] {
                // torch loads libtorch_global_deps.so again after the preload; its libcudart now resolves.
                state.reports = state.reports.filter { !($0.value.loaded == nil && $0.value.neededBy == g) }
                state.order = state.order.filter { state.reports[$0] != nil }
                walk([i], &state, machine)
            }
        }
        for root in plan.roots { open(root, &state, machine) }
        return (state.order.compactMap { state.reports[$0] }, state.warnings)
    }

    /// dlopen by path, then the dependencies breadth first.
    func open(_ path: String, _ state: inout State, _ machine: UInt16) {
        guard state.byPath[path] == nil, let e = elf(path, warnings: &state.warnings) else { return }
        walk([state.register(path, elf: e, asked: nil, loaders: [])], &state, machine)
    }

    func walk(_ start: [Int], _ state: inout State, _ machine: UInt16) {
        var queue = start
        var head = 0
        while head < queue.count, state.objects.count < 512 {
            let index = queue[head]
            head += 1
            let object = state.objects[index]
            let dynamic = Self.runtimeLoads(of: object.elf.soname ?? Self.baseName(object.path))
            for name in object.elf.needed.filter({ !Self.isSystemRuntime($0) }) + dynamic {
                // A library already loaded is reused; only a CUDA library's other copies are reported.
                if state.bySoname[name] != nil, !Self.isCUDALibrary(name) { continue }
                let candidates = search(name, for: index, state.objects, machine)
                if let existing = state.bySoname[name] {
                    // Already loaded: reused; the copies this object's search would have found are still shown.
                    let loadedPath = state.objects[existing].path
                    state.report(
                        name, neededBy: object.path, loaded: nil, others: candidates.filter { $0.path != loadedPath },
                        first: false)
                    continue
                }
                guard let first = candidates.first, let e = elf(first.path) else {
                    if !dynamic.contains(name) {
                        state.report(
                            name, neededBy: object.path, loaded: nil, others: wheelCopies(name, excluding: []),
                            first: true)
                    }
                    continue
                }
                queue.append(state.register(first.path, elf: e, asked: name, loaders: [index] + object.loaders))
                let others = Array(candidates.dropFirst()) + wheelCopies(name, excluding: candidates.map(\.path))
                state.report(name, neededBy: object.path, loaded: first, others: others, first: true)
            }
        }
    }

    /// Every copy of `name` along the search of the object at `index` (nil: the main program), in search order.
    func search(_ name: String, for index: Int?, _ objects: [Object], _ machine: UInt16) -> [LibraryCopy] {
        var dirs: [(String, LibraryCopy.Rule)] = []
        if let index {
            let o = objects[index]
            if o.runpath == nil {
                for i in [index] + o.loaders { dirs += objects[i].rpath.map { ($0, .rpath) } }
            }
            dirs += ldLibraryPath.map { ($0, .ldLibraryPath) }
            dirs += (o.runpath ?? []).map { ($0, .runpath) }
        } else {
            dirs += ldLibraryPath.map { ($0, .ldLibraryPath) }
        }
        dirs += systemDirectories.map { ($0, Self.defaultDirectories.contains($0) ? .defaultPath : .ldSoConf) }
        var seen: Set<String> = []
        var out: [LibraryCopy] = []
        for (dir, rule) in dirs {
            let path = dir == "/" ? "/" + name : dir + "/" + name
            guard seen.insert(path).inserted, isLoadable(path, machine: machine) else { continue }
            out.append(copy(path, rule: rule))
        }
        return out
    }

    /// The wheels' copies of a file name that the search did not list.
    func wheelCopies(_ name: String, excluding: [String]) -> [LibraryCopy] {
        (wheelFiles[name] ?? []).filter { !excluding.contains($0) && system.exists($0) }.map {
            copy($0, rule: .notOnSearchPath)
        }
    }

    func copy(_ path: String, rule: LibraryCopy.Rule) -> LibraryCopy {
        if var c = cache.copies[path] {
            c.foundBy = rule
            return c
        }
        let c = makeCopy(path, rule: rule)
        cache.copies[path] = c
        return c
    }

    func makeCopy(_ path: String, rule: LibraryCopy.Rule) -> LibraryCopy {
        let real = system.resolveLink(path)
        let owner = owners[path] ?? real.flatMap { owners[$0] }
        var version = owner?.version
        if version == nil {
            let file = Self.baseName(real ?? path)
            if let so = file.firstRange(of: ".so") {
                version = LibraryVersion.fromFileName(file, stem: String(file[..<so.lowerBound]))
            }
        }
        return LibraryCopy(
            path: path, realPath: real == path ? nil : real, foundBy: rule, version: version,
            distribution: owner?.name)
    }

    func elf(_ path: String) -> ELFFile? {
        var ignored: [String] = []
        return elf(path, warnings: &ignored)
    }

    func elf(_ path: String, warnings: inout [String]) -> ELFFile? {
        guard let file = system.openFile(path) else { return nil }
        switch ELFFile.read(file) {
        case .success(let e): return e
        case .failure(let f):
            warnings.append("\(path) \(f)")
            return nil
        }
    }

    /// ld.so skips a file that is not an ELF object of its class and machine and goes on searching.
    func isLoadable(_ path: String, machine: UInt16) -> Bool {
        if let known = cache.loadable[path] { return known }
        var ok = false
        if let file = system.openFile(path), let h = file.read(at: 0, count: 20), h.count == 20 {
            ok =
                h[0] == 0x7F && h[1] == 0x45 && h[2] == 0x4C && h[3] == 0x46 && h[4] == 2 && h[5] == 1
                && Bytes(h).u16(18) == machine
        }
        cache.loadable[path] = ok
        return ok
    }

    /// `$ORIGIN` / `${ORIGIN}`: the folder of the object (as it was found, links not resolved).
    static func expand(_ dir: String, origin: String) -> String {
        guard dir.contains("$") else { return dir }
        return substitute(substitute(dir, "${ORIGIN}", origin), "$ORIGIN", origin)
    }

    static func substitute(_ text: String, _ token: String, _ value: String) -> String {
        var out = ""
        var rest = Substring(text)
        while let r = rest.firstRange(of: token) {
            out += rest[..<r.lowerBound]
            out += value
            rest = rest[r.upperBound...]
        }
        return out + rest
    }

    /// `normalise` only when the path has "." or ".." components or doubled slashes.
    static func clean(_ path: String) -> String {
        var previous: UInt8 = 0
        for b in path.utf8 {
            if previous == 0x2F && (b == 0x2E || b == 0x2F) { return normalise(path) }
            previous = b
        }
        return path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
    }

    /// The folders glibc searches last (x86-64 and AArch64 Linux, with Debian's multiarch folders).
    static let defaultDirectories = [
        "/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib/aarch64-linux-gnu", "/usr/lib/aarch64-linux-gnu",
        "/lib64", "/usr/lib64", "/lib", "/usr/lib",
    ]

    static func baseName(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }

    static func directory(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// "/a/b/../c/./d" → "/a/c/d" (lexically, as the ld.so search paths are compared).
    static func normalise(_ path: String) -> String {
        var out: [Substring] = []
        for part in path.split(separator: "/") {
            if part == "." { continue }
            if part == ".." {
                if !out.isEmpty { out.removeLast() }
                continue
            }
            out.append(part)
        }
        return (path.hasPrefix("/") ? "/" : "") + out.joined(separator: "/")
    }
}
