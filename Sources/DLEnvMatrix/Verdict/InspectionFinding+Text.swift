import DLEnvCore
import Foundation

/// The sentence of a finding, rendered from its facts (as `ChainLink+Text` does for links), and the JSON form:
/// `kind`, `severity`, `detail` and the typed `facts`.
extension InspectionFinding: CustomStringConvertible {
    public var description: String { detail }

    public var detail: String {
        switch facts {
        case .requirement(let by, let byVersion, let r, let installed):
            let need = "\(by) \(byVersion) requires \(r.name)\(r.specifier.isEmpty ? "" : r.specifier)"
            guard let installed else { return "\(need), which is not installed" }
            return "\(need); \(r.name) \(installed) is installed"
        case .variant(let package, let version, let variant, let torchVariant):
            let what =
                variant.hasPrefix("cuda ")
                ? "links the CUDA \(variant.dropFirst(5)) runtime (libcudart.so.\(variant.dropFirst(5)))"
                : "is a \(variant) build"
            let tail =
                severity == .note ? " (the same CUDA major: it loads, with the other minor's kernels)" : ""
            return "\(package) \(version) \(what); torch is a \(torchVariant) build\(tail)"
        case .pairing(let package, let installed, let pairs, let torch):
            return "torch \(torch) pairs with \(package) \(pairs) (matrices/torch.yaml); \(package) \(installed) is "
                + "installed"
        case .library(let lib):
            return Self.librarySentence(kind, lib)
        case .duplicate(let d):
            let shared =
                d.sharedFileCount == 0
                ? ""
                : "; \(d.sharedFileCount) file\(d.sharedFileCount == 1 ? " is" : "s are") listed by more than one "
                    + "(\(d.sharedFiles.first.map(Self.short) ?? "")\(d.sharedFileCount > 1 ? ", …" : "")): the one "
                    + "installed last wrote them"
            return "\(d.packages.joined(separator: " and ")) are installed side by side\(shared)"
        case .cudaLibrary(let library, let package, let wheel, let matrix, let variant):
            return "\(library) from the wheels is \(wheel) (\(package)); the matrix records \(matrix) for \(variant)"
        case .archList(let library, let files, let matrix, let variant):
            return "the fat binaries of \(Self.short(library)) hold \(files.joined(separator: " ")); the matrix "
                + "records \(matrix.joined(separator: " ")) for \(variant)"
        case .build(let torch, let variant):
            return "the matrix does not record torch \(torch) (\(variant)); the links use what its files say"
        case .none:
            return kind == .noTorch ? "no torch is installed" : kind.rawValue
        }
    }

    static func librarySentence(_ kind: Kind, _ lib: ResolvedLibrary) -> String {
        func describe(_ c: LibraryCopy) -> String {
            var facts: [String] = []
            if let v = c.version { facts.append(v) }
            if let d = c.distribution { facts.append(d) }
            facts.append(c.foundBy.phrase)
            return "\(c.path) (\(facts.joined(separator: ", ")))"
        }
        switch kind {
        case .shadowedLibrary:
            guard let loaded = lib.loaded else { break }
            let wheel = lib.others.first { $0.distribution != nil }
            return "\(lib.soname): the loader takes \(describe(loaded))"
                + (wheel.map { " before the wheel's \(describe($0))" } ?? "")
        case .maskedLibrary:
            guard let loaded = lib.loaded else { break }
            let masked = lib.masked.map(describe).joined(separator: "; ")
            return "\(lib.soname): \(masked) is passed over; the loader takes \(describe(loaded)) first (a library "
                + "with DT_RUNPATH asking for it would not)"
        case .missingLibrary:
            return "\(lib.soname), needed by \(short(lib.neededBy)), is found nowhere on its search path: "
                + "importing torch fails"
        default: break
        }
        return lib.soname
    }

    /// The path from its site-packages folder on ("…/site-packages/torch/lib/libtorch_cuda.so" → "torch/lib/…").
    static func short(_ path: String) -> String {
        if let r = path.range(of: "-packages/") { return String(path[r.upperBound...]) }
        return path
    }
}

extension LibraryCopy.Rule {
    /// How the copy was reached, in words: "via LD_LIBRARY_PATH".
    public var phrase: String {
        switch self {
        case .ldPreload: "via LD_PRELOAD"
        case .torchPreload: "preloaded by torch"
        case .rpath: "via DT_RPATH"
        case .ldLibraryPath: "via LD_LIBRARY_PATH"
        case .runpath: "via DT_RUNPATH"
        case .ldSoConf: "via ld.so.conf"
        case .defaultPath: "in a default folder"
        case .notOnSearchPath: "not on the search path"
        }
    }
}

extension InspectionFinding {
    enum CodingKeys: String, CodingKey { case kind, severity, detail, facts }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(kind, forKey: .kind)
        try c.encode(severity, forKey: .severity)
        try c.encode(detail, forKey: .detail)
        try c.encode(facts, forKey: .facts)
    }
}

/// JSON of the facts: snake_case keys (documented in docs/inspect.md).
extension InspectionFacts: Encodable {
    enum Key: String, CodingKey {
        case by, requirement, installed, package, version, variant, pairs, torch, library, duplicate, wheel, matrix
        case files
        case byVersion = "by_version"
        case torchVariant = "torch_variant"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        switch self {
        case .requirement(let by, let byVersion, let r, let installed):
            try c.encode(by, forKey: .by)
            try c.encode(byVersion, forKey: .byVersion)
            try c.encode(r, forKey: .requirement)
            try c.encode(installed, forKey: .installed)
        case .variant(let package, let version, let variant, let torchVariant):
            try c.encode(package, forKey: .package)
            try c.encode(version, forKey: .version)
            try c.encode(variant, forKey: .variant)
            try c.encode(torchVariant, forKey: .torchVariant)
        case .pairing(let package, let installed, let pairs, let torch):
            try c.encode(package, forKey: .package)
            try c.encode(installed, forKey: .installed)
            try c.encode(pairs, forKey: .pairs)
            try c.encode(torch, forKey: .torch)
        case .library(let lib):
            try c.encode(lib, forKey: .library)
        case .duplicate(let d):
            try c.encode(d, forKey: .duplicate)
        case .cudaLibrary(let library, let package, let wheel, let matrix, let variant):
            try c.encode(library, forKey: .library)
            try c.encode(package, forKey: .package)
            try c.encode(wheel, forKey: .wheel)
            try c.encode(matrix, forKey: .matrix)
            try c.encode(variant, forKey: .variant)
        case .archList(let library, let files, let matrix, let variant):
            try c.encode(library, forKey: .library)
            try c.encode(files, forKey: .files)
            try c.encode(matrix, forKey: .matrix)
            try c.encode(variant, forKey: .variant)
        case .build(let torch, let variant):
            try c.encode(torch, forKey: .torch)
            try c.encode(variant, forKey: .variant)
        case .none:
            break
        }
    }
}
