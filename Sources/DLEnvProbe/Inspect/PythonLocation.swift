import DLEnvCore

/// Where an interpreter's distributions live, found from its files without running it (the rules of CPython's
/// `site` module and PEP 405): a venv's `pyvenv.cfg` (next to the interpreter or one folder up) names its version and
/// whether the base's site-packages are visible; otherwise the prefix is two folders above the real interpreter, with
/// the user site (`~/.local/lib/pythonX.Y/site-packages`) first. pyenv shims are followed to the version pyenv
/// would pick (PYENV_VERSION, `.python-version`, `$PYENV_ROOT/version`).
public struct PythonLocation: Sendable, Hashable {
    public var interpreter: String
    /// "3.11.9" (pyvenv.cfg) or "3.11" (the lib/python3.11 folder).
    public var python: String?
    /// The folders of `sys.path` that hold distributions, in order.
    public var sitePackages: [String]
    public var notes: [String]

    /// Why an interpreter's environment cannot be found.
    public enum Failure: Error, Sendable, Hashable, CustomStringConvertible {
        case notFound(String)
        case noSitePackages(String)
        case pyenvSystem(String)

        public var description: String {
            switch self {
            case .notFound(let p): "\(p): no such file or folder"
            case .noSitePackages(let p): "\(p): no lib/python3.*/site-packages folder found for this interpreter"
            case .pyenvSystem(let p): "\(p) is a pyenv shim for the 'system' Python, which pyenv does not manage"
            }
        }

        public var remedy: String {
            switch self {
            case .notFound: "pass the path of a Python interpreter (venv/bin/python) or of a venv folder"
            case .noSitePackages: "pass --site-packages DIR (python -c 'import site; print(site.getsitepackages())')"
            case .pyenvSystem: "pass the system interpreter itself (/usr/bin/python3)"
            }
        }
    }

    /// Finds the environment of `path`: an interpreter, a venv folder, or a prefix folder.
    public static func locate(_ path: String, system: any SystemInterface) -> Result<PythonLocation, Failure> {
        guard system.exists(path) else { return .failure(.notFound(path)) }
        var notes: [String] = []
        var interpreter = path
        if system.listDirectory(path) != nil {
            // A folder: a venv (pyvenv.cfg), or a prefix with bin/python3.
            if system.exists(path + "/pyvenv.cfg") { return venv(root: path, interpreter: path, system: system) }
            interpreter = ["python3", "python"].map { "\(path)/bin/\($0)" }.first(where: system.exists) ?? path
        }
        if interpreter.contains("/shims/") {
            switch pyenvTarget(interpreter, system: system) {
            case .success(let real):
                notes.append("\(interpreter) is a pyenv shim for \(real)")
                interpreter = real
            case .failure(let f): return .failure(f)
            }
        }
        let dir = LoaderModel.directory(interpreter)
        for root in [dir, LoaderModel.directory(dir)] where system.exists(root + "/pyvenv.cfg") {
            var v = venv(root: root, interpreter: interpreter, system: system)
            if case .success(var l) = v {
                l.notes = notes + l.notes
                v = .success(l)
            }
            return v
        }
        let real = system.resolveLink(interpreter) ?? interpreter
        let prefix = LoaderModel.directory(LoaderModel.directory(real))
        let wanted = pythonVersion(fromName: LoaderModel.baseName(real)) ?? libVersions(prefix, system: system).last
        guard let version = wanted else { return .failure(.noSitePackages(path)) }
        var dirs: [String] = []
        if system.environment("PYTHONNOUSERSITE") == nil, let home = system.environment("HOME") {
            let user = "\(home)/.local/lib/python\(version)/site-packages"
            if system.listDirectory(user) != nil { dirs.append(user) }
        }
        // site-packages, and Debian's dist-packages folders (its /usr/bin/python3 has no site-packages).
        for d in [
            "\(prefix)/lib/python\(version)/site-packages", "\(prefix)/lib64/python\(version)/site-packages",
            "\(prefix)/local/lib/python\(version)/dist-packages", "\(prefix)/lib/python3/dist-packages",
        ]
        where system.listDirectory(d) != nil
            && !dirs.contains(where: { system.resolveLink($0) == system.resolveLink(d) })
        {
            dirs.append(d)
        }
        guard dirs.contains(where: { !$0.contains("/.local/") }) else { return .failure(.noSitePackages(path)) }
        return .success(PythonLocation(interpreter: interpreter, python: version, sitePackages: dirs, notes: notes))
    }

    /// The "X.Y" of each prefix/lib/pythonX.Y folder, oldest first.
    static func libVersions(_ prefix: String, system: any SystemInterface) -> [String] {
        (system.listDirectory(prefix + "/lib") ?? []).filter { $0.hasPrefix("python3.") }.compactMap {
            Version(String($0.dropFirst(6)))
        }.sorted().map(\.majorMinor)
    }

    static func venv(root: String, interpreter: String, system: any SystemInterface) -> Result<PythonLocation, Failure>
    {
        var cfg: [String: String] = [:]
        for line in TextScan.lines(system.readFile(root + "/pyvenv.cfg") ?? "") {
            if let (k, v) = TextScan.keyValue(line, separator: "=") { cfg[k.lowercased()] = v }
        }
        let full = cfg["version"] ?? cfg["version_info"]
        let wanted = full.flatMap(Version.init).map(\.majorMinor)
        guard let (version, site) = libFolder(root, wanted: wanted, system: system) else {
            return .failure(.noSitePackages(root))
        }
        var dirs = [site]
        if cfg["include-system-site-packages"]?.lowercased() == "true", let home = cfg["home"] {
            let prefix = LoaderModel.directory(home)
            if let (_, base) = libFolder(prefix, wanted: version, system: system) { dirs.append(base) }
        }
        return .success(
            PythonLocation(
                interpreter: interpreter, python: full ?? version, sitePackages: dirs,
                notes: ["venv \(root) (pyvenv.cfg)"]))
    }

    /// "python3.11" → "3.11".
    static func pythonVersion(fromName name: String) -> String? {
        guard name.hasPrefix("python") else { return nil }
        let v = String(name.dropFirst(6))
        return Version(v).map { $0.components.count >= 2 ? $0.majorMinor : v }
    }

    /// `prefix/lib/pythonX.Y/site-packages` for the wanted version, else the newest one there.
    static func libFolder(_ prefix: String, wanted: String?, system: any SystemInterface) -> (String, String)? {
        var found: [(Version, String)] = []
        for lib in ["lib", "lib64"] {
            for name in system.listDirectory("\(prefix)/\(lib)") ?? [] where name.hasPrefix("python3") {
                let site = "\(prefix)/\(lib)/\(name)/site-packages"
                guard let v = Version(String(name.dropFirst(6))), system.listDirectory(site) != nil else { continue }
                if !found.contains(where: { $0.0 == v }) { found.append((v, site)) }
            }
        }
        if let wanted, let hit = found.first(where: { $0.0.majorMinor == wanted }) { return (wanted, hit.1) }
        return found.max { $0.0 < $1.0 }.map { ($0.0.majorMinor, $0.1) }
    }

    /// The interpreter a pyenv shim runs.
    static func pyenvTarget(_ shim: String, system: any SystemInterface) -> Result<String, Failure> {
        let root = LoaderModel.directory(LoaderModel.directory(shim))
        var version = system.environment("PYENV_VERSION")
        if version == nil, var dir = system.environment("PWD") {
            while true {
                if let text = system.readFile(dir + "/.python-version") {
                    version = TextScan.lines(text).map(TextScan.trim).first { !$0.isEmpty && !$0.hasPrefix("#") }
                    break
                }
                if dir == "/" || dir.isEmpty { break }
                dir = LoaderModel.directory(dir)
            }
        }
        if version == nil, let text = system.readFile(root + "/version") {
            version = TextScan.lines(text).map(TextScan.trim).first { !$0.isEmpty && !$0.hasPrefix("#") }
        }
        var v = (version ?? "system").split(separator: ":").first.map(String.init) ?? "system"
        if v == "system" { return .failure(.pyenvSystem(shim)) }
        // pyenv accepts a prefix ("3.11") for the newest installed match.
        if !system.exists("\(root)/versions/\(v)"),
            let best = (system.listDirectory("\(root)/versions") ?? []).filter({ $0.hasPrefix(v + ".") })
                .compactMap({ n in Version(n).map { (n, $0) } }).max(by: { $0.1 < $1.1 })
        {
            v = best.0
        }
        return .success("\(root)/versions/\(v)/bin/\(LoaderModel.baseName(shim))")
    }
}
