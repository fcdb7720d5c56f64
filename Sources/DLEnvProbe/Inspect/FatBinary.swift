import DLEnvCore

/// Walks the CUDA fat-binary containers of an ELF `.nv_fatbin` section by their headers only
/// (`reference/fatbin.md`): a 16-byte container header (magic 0xBA55ED50, version, header size, payload size), then
/// entries whose header gives the kind (1 = PTX, 2 = SASS), its own size, the payload size and, at offset 28, the SM
/// number. It reads 16 bytes per container and 32 per entry, never a payload: libtorch_cuda.so's 337 MB section
/// costs a few thousand small reads. Every size is checked against the section end; what cannot be walked
/// becomes a warning.
public enum FatBinary {
    public static let magic: UInt32 = 0xBA55_ED50
    /// The fields a reader needs end at byte 32 of an entry header.
    static let entryFieldsSize = 32

    /// One container's entries, as (kind, SM number) pairs.
    public struct Container: Sendable, Hashable {
        public var offset: UInt64
        public var entries: [Entry]
    }

    public struct Entry: Sendable, Hashable {
        public var kind: UInt16
        public var sm: Int
    }

    public struct Scan: Sendable, Hashable {
        public var containers: [Container]
        public var warnings: [String]
    }

    /// Walks `size` bytes from `offset` (the section), clamped to the file.
    public static func scan(_ file: any RandomAccessFile, offset: UInt64, size: UInt64) -> Scan {
        var warnings: [String] = []
        var end = offset.addingReportingOverflow(size)
        if end.overflow || end.partialValue > file.size {
            warnings.append(
                "the .nv_fatbin section (\(size) bytes at offset \(offset)) runs past the end of the file "
                    + "(\(file.size) bytes): truncated")
            end = (min(file.size, end.overflow ? file.size : end.partialValue), false)
        }
        let sectionEnd = end.partialValue
        var containers: [Container] = []
        var p = offset
        var unknownKinds: Set<UInt16> = []
        walk: while p < sectionEnd {
            guard sectionEnd - p >= 16 else {
                if let tail = file.read(at: p, count: Int(sectionEnd - p)), tail.contains(where: { $0 != 0 }) {
                    warnings.append("\(sectionEnd - p) stray bytes at the end of the section (offset \(p))")
                }
                break
            }
            guard let raw = file.read(at: p, count: 16), raw.count == 16 else {
                warnings.append("cannot read a container header at offset \(p)")
                break
            }
            let h = Bytes(raw)
            let m = h.u32(0)
            if m == 0 {
                // Zero padding between containers.
                p += 4
                continue
            }
            guard m == magic else {
                warnings.append(
                    "no fat-binary container at offset \(p) (found 0x\(String(m, radix: 16)), expected 0xba55ed50); "
                        + "the rest of the section (\(sectionEnd - p) bytes) was not read")
                break
            }
            let headerSize = UInt64(h.u16(6)), payload = h.u64(8)
            guard headerSize >= 16 else {
                warnings.append("the container at offset \(p) has a header of \(headerSize) bytes (< 16)")
                break
            }
            let (bodyStart, o1) = p.addingReportingOverflow(headerSize)
            let (containerEnd, o2) = bodyStart.addingReportingOverflow(payload)
            guard !o1, !o2, containerEnd <= sectionEnd else {
                warnings.append(
                    "the container at offset \(p) declares \(payload) bytes, past the end of the section "
                        + "(\(sectionEnd - p) bytes left): the rest was not read")
                break
            }
            var entries: [Entry] = []
            var q = bodyStart
            while q < containerEnd {
                guard containerEnd - q >= 16, let e = file.read(at: q, count: entryFieldsSize), e.count >= 16 else {
                    warnings.append("a truncated entry header at offset \(q)")
                    break
                }
                let b = Bytes(e)
                let kind = b.u16(0), size = UInt64(b.u32(4)), entryPayload = b.u64(8)
                guard size >= 16 else {
                    warnings.append(
                        "an entry at offset \(q) has a header of \(size) bytes; the container's rest skipped")
                    break
                }
                let (next1, o3) = q.addingReportingOverflow(size)
                let (next, o4) = next1.addingReportingOverflow(entryPayload)
                guard !o3, !o4, next <= containerEnd else {
                    warnings.append(
                        "an entry at offset \(q) declares \(entryPayload) bytes, past the end of its container; "
                            + "the container's rest skipped")
                    break
                }
                if size < UInt64(entryFieldsSize) || e.count < entryFieldsSize {
                    warnings.append(
                        "an entry at offset \(q) has a header of \(size) bytes, too small for its SM number")
                } else if kind != 1 && kind != 2 {
                    unknownKinds.insert(kind)
                } else {
                    let sm = Int(b.u32(28))
                    if (10...999).contains(sm) {
                        entries.append(Entry(kind: kind, sm: sm))
                    } else {
                        warnings.append("an entry at offset \(q) names SM \(sm), not an architecture")
                    }
                }
                q = next
            }
            containers.append(Container(offset: p, entries: entries))
            p = containerEnd
            if containers.count > 1_000_000 { break walk }
        }
        for k in unknownKinds.sorted() { warnings.append("entries of unknown kind \(k) were not counted") }
        return Scan(containers: containers, warnings: warnings)
    }

    /// The summary of a scan: architectures in more than half of the containers are the library's arch list
    /// (`sass`, `ptx`); the rest are `partial` (a few kernels specialised for one GPU; one odd container cannot
    /// empty the list, as "in every container" would).
    public static func summary(_ scan: Scan, library: String, distribution: String?, sectionBytes: UInt64)
        -> FatBinarySummary
    {
        struct Key: Hashable {
            var kind: UInt16
            var sm: Int
        }
        var entries: [Key: Int] = [:]
        var containers: [Key: Int] = [:]
        for c in scan.containers {
            var seen: Set<Key> = []
            for e in c.entries {
                let k = Key(kind: e.kind, sm: e.sm)
                entries[k, default: 0] += 1
                if seen.insert(k).inserted { containers[k, default: 0] += 1 }
            }
        }
        let total = scan.containers.count
        func name(_ k: Key) -> String {
            let cc = ComputeCapability(major: k.sm / 10, minor: k.sm % 10)
            return k.kind == 1 ? cc.compute : cc.sm
        }
        // SASS then PTX, each by SM number.
        let keys = entries.keys.sorted { ($0.kind == 2 ? 0 : 1, $0.sm) < ($1.kind == 2 ? 0 : 1, $1.sm) }
        let counts = keys.map { k in
            ArchCount(arch: name(k), kind: k.kind == 1 ? .ptx : .sass, entries: entries[k]!, containers: containers[k]!)
        }
        let common = keys.filter { 2 * containers[$0]! > total }
        return FatBinarySummary(
            library: library, distribution: distribution, containers: total,
            entries: scan.containers.reduce(0) { $0 + $1.entries.count },
            sectionBytes: Int(clamping: sectionBytes), sass: common.filter { $0.kind == 2 }.map(name),
            ptx: common.filter { $0.kind == 1 }.map(name),
            partial: keys.filter { 2 * containers[$0]! <= total }.map(name), counts: counts, warnings: scan.warnings)
    }
}
