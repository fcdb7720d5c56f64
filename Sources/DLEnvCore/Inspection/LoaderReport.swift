/// The CUDA libraries torch loads and where the dynamic loader (glibc's ld.so) would find each, modelled from the
/// files: LD_PRELOAD, the objects already loaded (by SONAME), the requesting object's DT_RPATH (and its loaders'),
/// LD_LIBRARY_PATH, its DT_RUNPATH, the /etc/ld.so.conf folders, the default folders (ld.so(8)), and torch's own
/// eager preload of the wheels' libraries by path when its `__init__.py` does that.
public struct LoaderReport: Sendable, Hashable, Codable {
    public var ldLibraryPath: [String]
    public var ldPreload: [String]
    /// The /etc/ld.so.conf folders then the default ones, in search order.
    public var systemDirectories: [String]
    /// Whether torch's `__init__.py` preloads the wheels' CUDA libraries by path before importing `torch._C`
    /// (torch ≥ 2.7 on Linux), so LD_LIBRARY_PATH cannot shadow them for torch's own libraries.
    public var torchPreloadsWheels: Bool
    /// One entry per CUDA library soname (libcudnn.so.9, libnvJitLink.so.13, …), in load order.
    public var libraries: [ResolvedLibrary]

    public init(
        ldLibraryPath: [String] = [], ldPreload: [String] = [], systemDirectories: [String] = [],
        torchPreloadsWheels: Bool = false, libraries: [ResolvedLibrary] = []
    ) {
        self.ldLibraryPath = ldLibraryPath
        self.ldPreload = ldPreload
        self.systemDirectories = systemDirectories
        self.torchPreloadsWheels = torchPreloadsWheels
        self.libraries = libraries
    }

    enum CodingKeys: String, CodingKey {
        case libraries
        case ldLibraryPath = "ld_library_path"
        case ldPreload = "ld_preload"
        case systemDirectories = "system_directories"
        case torchPreloadsWheels = "torch_preloads_wheels"
    }

    /// The libraries whose first copy is not the wheel's own although a wheel ships one.
    public var shadowed: [ResolvedLibrary] { libraries.filter(\.shadowed) }
}

/// One library soname: the copy the loader takes, and the other copies it would have found.
public struct ResolvedLibrary: Sendable, Hashable, Codable {
    public var soname: String
    /// The first object that needs it (DT_NEEDED), or "torch preload" / "LD_PRELOAD".
    public var neededBy: String
    /// The copy the loader takes (nil: not found anywhere, the import would fail).
    public var loaded: LibraryCopy?
    /// Every other copy on the search path of the object that needs it, in search order (the wheel's own among
    /// them when it was not taken).
    public var others: [LibraryCopy]

    public init(soname: String, neededBy: String, loaded: LibraryCopy? = nil, others: [LibraryCopy] = []) {
        self.soname = soname
        self.neededBy = neededBy
        self.loaded = loaded
        self.others = others
    }

    enum CodingKeys: String, CodingKey {
        case soname, loaded, others, shadowed
        case neededBy = "needed_by"
    }

    /// The loaded copy is not a wheel's while a wheel of this environment ships the library.
    public var shadowed: Bool {
        guard let loaded, loaded.distribution == nil else { return false }
        return others.contains { $0.distribution != nil }
    }

    /// Copies outside the wheels that the search passed over (a system cuDNN on LD_LIBRARY_PATH that torch's
    /// RPATH masks): harmless for this loader path, but another library with a RUNPATH would pick them up.
    public var masked: [LibraryCopy] {
        guard loaded?.distribution != nil else { return [] }
        return others.filter { $0.distribution == nil }
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        soname = try c.decode(String.self, forKey: .soname)
        neededBy = try c.decode(String.self, forKey: .neededBy)
        loaded = try c.decodeIfPresent(LibraryCopy.self, forKey: .loaded)
        others = try c.decode([LibraryCopy].self, forKey: .others)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(soname, forKey: .soname)
        try c.encode(neededBy, forKey: .neededBy)
        try c.encode(loaded, forKey: .loaded)
        try c.encode(others, forKey: .others)
        try c.encode(shadowed, forKey: .shadowed)
    }
}

/// One file that satisfies a soname, and the search step that reached it.
public struct LibraryCopy: Sendable, Hashable, Codable {
    /// The search steps of ld.so(8), in order, plus torch's preload.
    public enum Rule: String, Sendable, Hashable, Codable {
        case ldPreload = "ld_preload"
        case torchPreload = "torch_preload"
        case rpath
        case ldLibraryPath = "ld_library_path"
        case runpath
        case ldSoConf = "ld_so_conf"
        case defaultPath = "default_path"
        /// A wheel's copy that the search of the object that needs it does not reach.
        case notOnSearchPath = "not_on_search_path"
    }

    public var path: String
    /// Where the link chain ends ("…/libcudnn.so.9.1.0").
    public var realPath: String?
    public var foundBy: Rule
    /// From the owning wheel (its version), else from the real file name ("9.1.0").
    public var version: String?
    /// The wheel whose RECORD lists the file ("nvidia-cudnn-cu13"); nil for a file no wheel installed.
    public var distribution: String?

    public init(
        path: String, realPath: String? = nil, foundBy: Rule, version: String? = nil, distribution: String? = nil
    ) {
        self.path = path
        self.realPath = realPath
        self.foundBy = foundBy
        self.version = version
        self.distribution = distribution
    }

    enum CodingKeys: String, CodingKey {
        case path, version, distribution
        case realPath = "real_path"
        case foundBy = "found_by"
    }
}
