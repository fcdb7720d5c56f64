/// The folders ldconfig caches for the loader: `/etc/ld.so.conf` and the files it includes (`include
/// /etc/ld.so.conf.d/*.conf`), one folder a line, `#` comments (ldconfig(8)). Globs are `DIR/PREFIX*SUFFIX`.
enum LoaderConfig {
    static func directories(system: any SystemInterface, file: String = "/etc/ld.so.conf") -> [String] {
        var out: [String] = []
        var visited: Set<String> = []
        func read(_ path: String, depth: Int) {
            guard depth < 8, visited.insert(path).inserted, let text = system.readFile(path) else { return }
            for raw in TextScan.lines(text) {
                var line = Substring(raw)
                if let hash = line.firstIndex(of: "#") { line = line[..<hash] }
                let t = TextScan.trim(line)
                if t.isEmpty || t.hasPrefix("hwcap ") { continue }
                if t.hasPrefix("include ") {
                    for pattern in TextScan.words(t.dropFirst("include ".count)) {
                        let absolute = pattern.hasPrefix("/") ? pattern : LoaderModel.directory(path) + "/" + pattern
                        for f in expand(absolute, system: system) { read(f, depth: depth + 1) }
                    }
                    continue
                }
                for dir in t.split(whereSeparator: { $0 == " " || $0 == ":" || $0 == "," || $0 == "\t" }) {
                    let d = LoaderModel.normalise(String(dir))
                    if d.hasPrefix("/"), !out.contains(d) { out.append(d) }
                }
            }
        }
        read(file, depth: 0)
        return out
    }

    /// "/etc/ld.so.conf.d/*.conf" → the matching files, sorted (as glob(3) returns them).
    static func expand(_ pattern: String, system: any SystemInterface) -> [String] {
        let dir = LoaderModel.directory(pattern), name = LoaderModel.baseName(pattern)
        guard let star = name.firstIndex(of: "*") else { return system.exists(pattern) ? [pattern] : [] }
        let prefix = name[..<star], suffix = name[name.index(after: star)...]
        return (system.listDirectory(dir) ?? []).filter {
            $0.hasPrefix(prefix) && $0.hasSuffix(suffix) && $0.count >= prefix.count + suffix.count
        }.sorted().map { dir + "/" + $0 }
    }
}
