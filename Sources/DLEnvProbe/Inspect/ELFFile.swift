/// What dlenv reads from an ELF64 little-endian shared object, by byte ranges (never the whole file): the section
/// table (to find `.nv_fatbin`), and the dynamic section's DT_NEEDED, DT_SONAME, DT_RPATH and DT_RUNPATH (System V
/// gABI, "Dynamic Section"). Every offset and size is checked against the file: a truncated or corrupt file gives
/// what could be read and warnings, never a crash.
public struct ELFFile: Sendable, Hashable {
    /// One section header.
    public struct Section: Sendable, Hashable {
        public var name: String
        public var type: UInt32
        public var offset: UInt64
        public var size: UInt64
    }

    /// `e_machine` (62 = x86-64, 183 = AArch64).
    public var machine: UInt16
    public var sections: [Section]
    public var needed: [String]
    public var soname: String?
    /// DT_RPATH split at ":" (nil when the file has none).
    public var rpath: [String]?
    public var runpath: [String]?
    public var warnings: [String]

    /// The section of that name.
    public func section(_ name: String) -> Section? { sections.first { $0.name == name } }

    /// Why a file is not read as an ELF shared object.
    public enum Failure: Error, Sendable, Hashable, CustomStringConvertible {
        case unreadable
        case notELF
        case unsupported(class: UInt8, data: UInt8)
        case truncated(size: UInt64)

        public var description: String {
            switch self {
            case .unreadable: "cannot be read"
            case .notELF: "is not an ELF file"
            case .unsupported(let c, let d):
                "is an ELF\(c == 1 ? "32" : c == 2 ? "64" : "?") \(d == 2 ? "big-endian" : "little-endian") file "
                    + "(only ELF64 little-endian is read)"
            case .truncated(let size): "is truncated (\(size) bytes, shorter than an ELF header)"
            }
        }
    }

    static let sectionHeaderSize = 64
    static let programHeaderSize = 56
    /// Larger tables than this are not believed (a corrupt count); real libraries have a few dozen.
    static let maxTableEntries = 1 << 16
    static let maxDynamicBytes: UInt64 = 1 << 20

    /// Reads the headers of an ELF file.
    public static func read(_ file: any RandomAccessFile) -> Result<ELFFile, Failure> {
        guard let header = file.read(at: 0, count: 64) else { return .failure(.unreadable) }
        guard header.count >= 4, header[0] == 0x7F, header[1] == 0x45, header[2] == 0x4C, header[3] == 0x46 else {
            return .failure(header.count < 4 && file.size < 4 ? .truncated(size: file.size) : .notELF)
        }
        guard header.count >= 6 else { return .failure(.truncated(size: file.size)) }
        guard header[4] == 2, header[5] == 1 else { return .failure(.unsupported(class: header[4], data: header[5])) }
        guard header.count == 64 else { return .failure(.truncated(size: file.size)) }
        let h = Bytes(header)
        var elf = ELFFile(
            machine: h.u16(18), sections: [], needed: [], soname: nil, rpath: nil, runpath: nil, warnings: [])
        let (loads, dynamic) = elf.readProgramHeaders(file, h)
        elf.readSections(file, h)
        elf.readDynamic(file, loads: loads, segment: dynamic)
        return .success(elf)
    }

    /// A PT_LOAD segment: where addresses map to file offsets.
    struct Load {
        var offset: UInt64
        var vaddr: UInt64
        var filesz: UInt64
    }

    /// The PT_LOAD segments and the PT_DYNAMIC one (offset, size).
    mutating func readProgramHeaders(_ file: any RandomAccessFile, _ h: Bytes) -> (
        [Load], (offset: UInt64, size: UInt64)?
    ) {
        let phoff = h.u64(32), entsize = Int(h.u16(54)), count = Int(h.u16(56))
        guard count > 0 else { return ([], nil) }
        guard entsize >= Self.programHeaderSize, phoff < file.size,
            let table = file.read(at: phoff, count: entsize * count), table.count == entsize * count
        else {
            warnings.append("the program header table (\(count) entries at offset \(phoff)) is truncated or corrupt")
            return ([], nil)
        }
        let t = Bytes(table)
        var loads: [Load] = []
        var dynamicSegment: (offset: UInt64, size: UInt64)?
        for i in 0..<count {
            let base = i * entsize
            let type = t.u32(base)
            let offset = t.u64(base + 8), vaddr = t.u64(base + 16), filesz = t.u64(base + 32)
            if type == 1 { loads.append(Load(offset: offset, vaddr: vaddr, filesz: filesz)) }
            if type == 2 { dynamicSegment = (offset, filesz) }
        }
        return (loads, dynamicSegment)
    }

    mutating func readSections(_ file: any RandomAccessFile, _ h: Bytes) {
        let shoff = h.u64(40), entsize = Int(h.u16(58))
        var count = Int(h.u16(60)), names = Int(h.u16(62))
        guard shoff != 0 else { return }
        guard entsize >= Self.sectionHeaderSize, shoff < file.size else {
            warnings.append("the section header table at offset \(shoff) lies past the end of the file (truncated?)")
            return
        }
        // Extended numbering: more than 0xff00 sections keep their count in section 0's sh_size and the name
        // table's index in its sh_link.
        if count == 0 || names == 0xFFFF, let zero = file.read(at: shoff, count: entsize), zero.count == entsize {
            let z = Bytes(zero)
            if count == 0 { count = Int(min(z.u64(32), UInt64(Self.maxTableEntries + 1))) }
            if names == 0xFFFF { names = Int(z.u32(40)) }
        }
        guard count > 0, count <= Self.maxTableEntries else {
            if count > 0 { warnings.append("the section header table claims \(count) sections; not read") }
            return
        }
        guard let table = file.read(at: shoff, count: entsize * count), table.count == entsize * count else {
            warnings.append(
                "the section header table (\(count) entries at offset \(shoff)) runs past the end of the file "
                    + "(truncated?)")
            return
        }
        let t = Bytes(table)
        var raw: [(name: UInt32, type: UInt32, offset: UInt64, size: UInt64)] = []
        for i in 0..<count {
            let b = i * entsize
            raw.append((t.u32(b), t.u32(b + 4), t.u64(b + 24), t.u64(b + 32)))
        }
        var strtab: [UInt8] = []
        if names < raw.count, raw[names].size <= Self.maxDynamicBytes,
            let s = file.read(at: raw[names].offset, count: Int(raw[names].size))
        {
            strtab = s
        } else {
            warnings.append("the section name table cannot be read")
        }
        sections = raw.map { r in
            Section(name: Bytes.string(strtab, at: Int(r.name)) ?? "", type: r.type, offset: r.offset, size: r.size)
        }
    }

    mutating func readDynamic(
        _ file: any RandomAccessFile, loads: [Load], segment: (offset: UInt64, size: UInt64)?
    ) {
        // The loader reads PT_DYNAMIC; the section is the fallback for a file without program headers.
        var region = segment
        if region == nil, let s = sections.first(where: { $0.type == 6 }) { region = (s.offset, s.size) }
        guard let (offset, size) = region, size > 0 else { return }
        guard size <= Self.maxDynamicBytes, let bytes = file.read(at: offset, count: Int(size)),
            bytes.count == Int(size)
        else {
            warnings.append("the dynamic section (\(size) bytes at offset \(offset)) cannot be read")
            return
        }
        let d = Bytes(bytes)
        var neededOffsets: [UInt64] = []
        var soname: UInt64?, rpath: UInt64?, runpath: UInt64?, strtab: UInt64?, strsz: UInt64?
        for i in 0..<(bytes.count / 16) {
            let tag = d.u64(i * 16), value = d.u64(i * 16 + 8)
            switch tag {
            case 0: break
            case 1: neededOffsets.append(value)
            case 5: strtab = value
            case 10: strsz = value
            case 14: soname = value
            case 15: rpath = value
            case 29: runpath = value
            default: continue
            }
            if tag == 0 { break }
        }
        guard let strtab else {
            if !neededOffsets.isEmpty || soname != nil { warnings.append("the dynamic section has no DT_STRTAB") }
            return
        }
        // DT_STRTAB is an address: map it to a file offset through the PT_LOAD segments (the .dynstr section
        // when there are none).
        var tableOffset: UInt64?
        for l in loads where strtab >= l.vaddr && strtab - l.vaddr < l.filesz {
            tableOffset = l.offset + (strtab - l.vaddr)
            break
        }
        if tableOffset == nil, let s = section(".dynstr") { tableOffset = s.offset }
        guard let base = tableOffset else {
            warnings.append("DT_STRTAB (address \(strtab)) lies in no loaded segment")
            return
        }
        let limit = strsz ?? UInt64.max
        var reader = StringTable(file: file, base: base, size: limit)
        needed = neededOffsets.compactMap { reader.string(at: $0) }
        if needed.count < neededOffsets.count { warnings.append("some DT_NEEDED names cannot be read") }
        self.soname = soname.flatMap { reader.string(at: $0) }
        self.rpath = rpath.flatMap { reader.string(at: $0) }.map(Self.splitPath)
        self.runpath = runpath.flatMap { reader.string(at: $0) }.map(Self.splitPath)
    }

    /// "a:b::c" → ["a", "b", "c"] (an empty entry means the current folder to ld.so; dlenv ignores it).
    static func splitPath(_ text: String) -> [String] {
        text.split(separator: ":", omittingEmptySubsequences: true).map(String.init)
    }
}

/// Reads NUL-terminated strings of a string table in 4 KiB chunks, caching the last chunk (the dynamic strings a
/// library needs sit together, while the table itself can be megabytes).
struct StringTable {
    let file: any RandomAccessFile
    let base: UInt64
    let size: UInt64
    var chunkStart: UInt64 = .max
    var chunk: [UInt8] = []

    init(file: any RandomAccessFile, base: UInt64, size: UInt64) {
        self.file = file
        self.base = base
        self.size = size
    }

    mutating func string(at offset: UInt64) -> String? {
        guard offset < size else { return nil }
        var out: [UInt8] = []
        var position = offset
        while out.count < 4096 {
            let start = position & ~4095
            if start != chunkStart {
                let (absolute, overflow) = base.addingReportingOverflow(start)
                guard !overflow, let bytes = file.read(at: absolute, count: 4096), !bytes.isEmpty else { return nil }
                chunk = bytes
                chunkStart = start
            }
            let i = Int(position - start)
            guard i < chunk.count else { return nil }
            if let nul = chunk[i...].firstIndex(of: 0) {
                out.append(contentsOf: chunk[i..<nul])
                return String(decoding: out, as: UTF8.self)
            }
            out.append(contentsOf: chunk[i...])
            position = start + UInt64(chunk.count)
            if chunk.count < 4096 { return nil }
        }
        return nil
    }
}

/// Little-endian reads from a byte buffer; out-of-range reads give zero (the callers check sizes first).
struct Bytes {
    let b: [UInt8]
    init(_ b: [UInt8]) { self.b = b }

    func u16(_ i: Int) -> UInt16 {
        guard i >= 0, i + 2 <= b.count else { return 0 }
        return UInt16(b[i]) | UInt16(b[i + 1]) << 8
    }

    func u32(_ i: Int) -> UInt32 {
        guard i >= 0, i + 4 <= b.count else { return 0 }
        return (0..<4).reduce(UInt32(0)) { $0 | UInt32(b[i + $1]) << (8 * $1) }
    }

    func u64(_ i: Int) -> UInt64 {
        guard i >= 0, i + 8 <= b.count else { return 0 }
        return (0..<8).reduce(UInt64(0)) { $0 | UInt64(b[i + $1]) << (8 * $1) }
    }

    /// The NUL-terminated string at `offset` of a table.
    static func string(_ table: [UInt8], at offset: Int) -> String? {
        guard offset >= 0, offset < table.count else { return nil }
        let end = table[offset...].firstIndex(of: 0) ?? table.count
        return String(decoding: table[offset..<end], as: UTF8.self)
    }
}
