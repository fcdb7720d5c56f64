import DLEnvCore
import Yams

/// Decodes `matrices/torch.yaml` (schema in matrices/README.md), reporting every problem.
enum TorchDecoder {
    static let seriesKeys =
        ["series", "python", "python_windows", "pypi_default", "variants", "releases"] + Fields.provenanceKeys
    static let variantKeys =
        ["name", "cuda", "rocm", "cudnn", "nccl", "arch", "index_url", "find_links", "os"] + Fields.provenanceKeys
    static let releaseKeys =
        ["version", "released", "torchvision", "torchaudio", "variants", "python", "index_url"] + Fields.provenanceKeys

    static func decode(_ root: Node, reader: MatrixReader) -> [TorchSeries] {
        guard
            let top = reader.fields(root, "torch.yaml", allowed: ["schema", "series"], required: ["schema", "series"])
        else { return [] }
        SchemaCheck.check(top, reader: reader)
        var result: [TorchSeries] = []
        var seen: [Version: Int] = [:]
        for node in top.sequence("series") ?? [] {
            guard let s = series(node, reader: reader) else { continue }
            if let line = seen[s.series] {
                reader.error(
                    "series \(s.series) is listed twice (first at line \(line))", at: node,
                    remedy: "merge the two entries into one")
                continue
            }
            seen[s.series] = s.provenance.location.line ?? 0
            result.append(s)
        }
        return result
    }

    static func series(_ node: Node, reader: MatrixReader) -> TorchSeries? {
        let label = "a series entry"
        guard
            let f = reader.fields(
                node, label, allowed: seriesKeys,
                required: ["series"])
        else { return nil }
        guard let series = f.version("series") else { return nil }
        let what = "series \(series)"
        let fields = Fields(reader: reader, node: node, what: what, values: f.values)
        fields.require(["python", "pypi_default", "variants", "releases", "source", "verified"])
        let python = pythonList(fields, "python")
        let pythonWindows = fields.has("python_windows") ? pythonList(fields, "python_windows") : nil
        var variants: [TorchVariant] = []
        var names: Set<String> = []
        for v in fields.sequence("variants") ?? [] {
            guard let variant = variant(v, series: series, reader: reader) else { continue }
            if !names.insert(variant.name).inserted {
                reader.error("variant \(variant.name) is listed twice in \(what)", at: v, remedy: "delete the repeat")
                continue
            }
            variants.append(variant)
        }
        let pypiDefault = fields.string("pypi_default") ?? ""
        if !pypiDefault.isEmpty, !names.contains(pypiDefault) {
            reader.error(
                "pypi_default '\(pypiDefault)' of \(what) is not one of its variants",
                at: fields.valueNode("pypi_default"),
                remedy: "use one of: \(variants.map(\.name).joined(separator: ", "))")
        }
        var releases: [TorchRelease] = []
        var versions: Set<Version> = []
        for r in fields.sequence("releases") ?? [] {
            guard let release = release(r, series: series, variants: names, reader: reader) else { continue }
            if !versions.insert(release.version).inserted {
                reader.error("release \(release.version) is listed twice", at: r, remedy: "delete the repeat")
                continue
            }
            releases.append(release)
        }
        releases.sort { $0.version > $1.version }
        return TorchSeries(
            series: series, python: python, pythonWindows: pythonWindows, pypiDefault: pypiDefault, variants: variants,
            releases: releases, provenance: fields.provenance())
    }

    static func pythonList(_ f: Fields, _ key: String) -> [String] {
        var result: [String] = []
        for (text, node) in f.strings(key, versionLike: true) ?? [] {
            guard PythonTag(text) != nil else {
                f.reader.error(
                    "'\(text)' in '\(key)' of \(f.what) is not a Python version", at: node,
                    remedy: "write \"3.12\", or \"3.13t\" for a free-threaded build")
                continue
            }
            result.append(text)
        }
        return result
    }

    static func variant(_ node: Node, series: Version, reader: MatrixReader) -> TorchVariant? {
        guard
            let f0 = reader.fields(
                node, "a variant of series \(series)", allowed: variantKeys, required: ["name"]),
            let name = f0.string("name")
        else { return nil }
        let f = Fields(reader: reader, node: node, what: "variant \(name) of series \(series)", values: f0.values)
        f.require(["source", "verified"])
        let cuda = f.version("cuda"), rocm = f.version("rocm")
        var kind = TorchVariant.Kind.cpu
        if let cuda, let rocm {
            reader.error(
                "\(f.what) has both cuda \(cuda) and rocm \(rocm)", at: node, remedy: "keep the one its name says")
        }
        if name.hasPrefix("cu"), name.count > 2, name.dropFirst(2).allSatisfy({ $0.isASCII && $0.isNumber }) {
            guard let cuda else {
                reader.error("\(f.what) needs 'cuda:' (its CUDA version)", at: node, remedy: "add cuda: \"X.Y\"")
                return nil
            }
            if TorchVariant.cudaTag(cuda) != name {
                reader.error(
                    "\(f.what) says cuda \(cuda), but a CUDA \(cuda.majorMinor) variant is named \(TorchVariant.cudaTag(cuda))",
                    at: f.valueNode("cuda"),
                    remedy: "make the name 'cu' + the CUDA version without its dot, or fix cuda:")
            }
            kind = .cuda(cuda)
        } else if name.hasPrefix("rocm"), name.dropFirst(4).first?.isNumber == true {
            guard let rocm else {
                reader.error("\(f.what) needs 'rocm:' (its ROCm version)", at: node, remedy: "add rocm: \"X.Y\"")
                return nil
            }
            if "rocm\(rocm.text)" != name {
                reader.error(
                    "\(f.what) says rocm \(rocm), but its name says \(name.dropFirst(4))", at: f.valueNode("rocm"),
                    remedy: "the name is 'rocm' + the ROCm version: rocm\(rocm.text)")
            }
            kind = .rocm(rocm)
        } else if name == "cpu" || name.hasPrefix("cpu-") {
            if cuda != nil || rocm != nil {
                reader.error(
                    "\(f.what) is a CPU variant but names a GPU runtime", at: node, remedy: "delete cuda:/rocm:")
            }
        } else {
            reader.error(
                "variant name '\(name)' in series \(series) is not cuXYZ, rocmX.Y or cpu", at: f.valueNode("name"),
                remedy: "name variants like the index tags: cu121, rocm6.1, cpu")
            return nil
        }
        var arch: [String] = []
        for (entry, entryNode) in f.strings("arch") ?? [] {
            switch kind {
            case .cuda:
                if ArchEntry(entry) == nil {
                    reader.error(
                        "'\(entry)' in the arch list of \(f.what) is not sm_XX or compute_XX", at: entryNode,
                        remedy: "write SASS as sm_86, PTX as compute_90")
                    continue
                }
            case .rocm:
                if !entry.hasPrefix("gfx") {
                    reader.error(
                        "'\(entry)' in the arch list of \(f.what) is not a gfx target", at: entryNode,
                        remedy: "write ROCm targets as gfx90a, gfx942")
                    continue
                }
            case .cpu:
                reader.error("\(f.what) is a CPU variant and has no arch list", at: entryNode, remedy: "delete 'arch:'")
                continue
            }
            arch.append(entry)
        }
        if case .cuda = kind, !f.has("arch") {
            reader.error(
                "\(f.what) has no arch list", at: node, remedy: "add arch: [sm_.., compute_..] from get_arch_list()")
        }
        var os: [HostFacts.OS] = []
        if f.has("os") {
            for (text, n) in f.strings("os") ?? [] {
                guard let value = HostFacts.OS(rawValue: text), value != .macos else {
                    reader.error("'\(text)' in 'os' of \(f.what) is not linux or windows", at: n)
                    continue
                }
                os.append(value)
            }
        } else {
            if case .rocm = kind { os = [.linux] } else { os = [.linux, .windows] }
        }
        let indexURL = f.string("index_url")
        if let indexURL, !indexURL.hasPrefix("https://") {
            reader.error("index_url of \(f.what) must be an https:// URL", at: f.valueNode("index_url"))
        }
        let findLinks = f.bool("find_links") ?? false
        if findLinks, indexURL == nil {
            reader.error(
                "\(f.what) sets find_links without an index_url", at: f.keyNode("find_links"),
                remedy: "add the find-links page as index_url")
        }
        return TorchVariant(
            name: name, kind: kind, cudnn: f.string("cudnn", versionLike: true),
            nccl: f.string("nccl", versionLike: true),
            arch: arch, indexURL: indexURL ?? TorchVariant.defaultIndexURL(for: name), findLinks: findLinks, os: os,
            provenance: f.provenance())
    }

    static func release(_ node: Node, series: Version, variants: Set<String>, reader: MatrixReader) -> TorchRelease? {
        guard
            let f0 = reader.fields(
                node, "a release of series \(series)", allowed: releaseKeys,
                required: ["version"]),
            let version = f0.version("version")
        else { return nil }
        let f = Fields(reader: reader, node: node, what: "release \(version)", values: f0.values)
        f.require(["source", "verified"])
        if version.major != series.major || version.minor != series.minor {
            reader.error(
                "release \(version) is listed under series \(series)", at: f.valueNode("version"),
                remedy: "move it to series \(version.majorMinor)")
        }
        if let released = f.string("released"), !isDate(released) {
            reader.error(
                "'released' of \(f.what) is '\(released)', not a date", at: f.valueNode("released"),
                remedy: "write YYYY-MM-DD in quotes")
        }
        for key in ["torchvision", "torchaudio"] {
            if let text = f.string(key, versionLike: true), Version(text) == nil {
                reader.error("'\(key)' of \(f.what) is '\(text)', not a version", at: f.valueNode(key))
            }
        }
        var subset: [String]?
        if f.has("variants") {
            subset = []
            for (name, n) in f.strings("variants") ?? [] {
                if !variants.contains(name) {
                    let hint =
                        closest(to: name, in: Array(variants), limit: 1).first.map { "did you mean '\($0)'? " } ?? ""
                    reader.error(
                        "release \(version) names variant '\(name)', which series \(series) does not define", at: n,
                        remedy: "\(hint)define it under the series' variants or remove it here")
                    continue
                }
                subset?.append(name)
            }
        }
        let python = f.has("python") ? pythonList(f, "python") : nil
        let indexURL = f.string("index_url")
        if let indexURL, !indexURL.hasPrefix("https://") {
            reader.error(
                "index_url of \(f.what) must be an https:// URL", at: f.valueNode("index_url"),
                remedy: "write the index, with {variant} for the variant's name")
        }
        return TorchRelease(
            version: version, released: f.string("released"), torchvision: f.string("torchvision", versionLike: true),
            torchaudio: f.string("torchaudio", versionLike: true), variants: subset, python: python,
            indexURL: indexURL, provenance: f.provenance())
    }

    static func isDate(_ text: String) -> Bool {
        let parts = text.split(separator: "-")
        return parts.count == 3 && parts[0].count == 4 && parts[1].count == 2 && parts[2].count == 2
            && parts.allSatisfy { $0.allSatisfy { $0.isASCII && $0.isNumber } }
    }
}

/// The `schema:` key every matrix file starts with.
enum SchemaCheck {
    static let supported = 1
    static func check(_ f: Fields, reader: MatrixReader) {
        guard let schema = f.int("schema") else { return }
        if schema != supported {
            reader.error(
                "schema \(schema) is not supported (this dlenv reads schema \(supported))", at: f.valueNode("schema"),
                remedy: "use a dlenv that reads schema \(schema), or convert the file")
        }
    }
}
