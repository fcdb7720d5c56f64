import DLEnvCore
import Testing

@testable import DLEnvProbe

/// The ELF reader and the fat-binary header walker on the fixture files, good and bad (issue #14: a truncated or
/// corrupt section is a warning, never a crash).
@Suite struct ELFAndFatBinaryTests {
    func elf(_ name: String) throws -> (ELFFile, FakeFile) {
        let f = try InspectFixtures.file(name)
        switch ELFFile.read(f) {
        case .success(let e): return (e, f)
        case .failure(let why): throw why
        }
    }

    func summary(_ name: String) throws -> FatBinarySummary {
        let (e, f) = try elf(name)
        let s = try #require(e.section(".nv_fatbin"))
        return FatBinary.summary(
            FatBinary.scan(f, offset: s.offset, size: s.size), library: name, distribution: nil, sectionBytes: s.size)
    }

    @Test func dynamicSectionGivesNeededSonameAndSearchPaths() throws {
        let (fat, _) = try elf("fatbin-two-containers.so")
        #expect(fat.needed == ["libcudart.so.13"])
        #expect(fat.soname == "libfat.so")
        #expect(fat.runpath == ["$ORIGIN"] && fat.rpath == nil)
        #expect(fat.machine == 62 && fat.warnings.isEmpty)
        #expect(fat.sections.map(\.name) == ["", ".dynstr", ".dynamic", ".nv_fatbin", ".shstrtab"])
        let (plain, _) = try elf("no-fatbin.so")
        #expect(plain.rpath == ["$ORIGIN/../lib"] && plain.runpath == nil && plain.needed == ["libc.so.6"])
        #expect(plain.section(".nv_fatbin") == nil)
    }

    /// Two containers: SASS sm_80 and sm_90 in both, PTX compute_90 in one (so not in the arch list: only its
    /// kernels have it), zero padding between them.
    @Test func twoContainersGiveSassAndPtx() throws {
        let s = try summary("fatbin-two-containers.so")
        #expect(s.containers == 2 && s.entries == 5)
        #expect(s.sass == ["sm_80", "sm_90"] && s.ptx.isEmpty && s.partial == ["compute_90"])
        #expect(s.archList == ["sm_80", "sm_90"])
        #expect(
            s.counts == [
                ArchCount(arch: "sm_80", kind: .sass, entries: 2, containers: 2),
                ArchCount(arch: "sm_90", kind: .sass, entries: 2, containers: 2),
                ArchCount(arch: "compute_90", kind: .ptx, entries: 1, containers: 1),
            ])
        #expect(s.warnings.isEmpty)
    }

    @Test func aBogusContainerSizeIsAWarning() throws {
        let s = try summary("fatbin-bogus-size.so")
        #expect(s.containers == 1 && s.sass == ["sm_80"])
        #expect(s.warnings.contains { $0.contains("declares 1152921504606846976 bytes, past the end of the section") })
    }

    @Test func badEntriesAreSkippedWithWarnings() throws {
        let s = try summary("fatbin-bad-entry.so")
        #expect(s.containers == 2 && s.sass == ["sm_75"] && s.ptx.isEmpty)
        #expect(s.warnings.contains { $0.contains("past the end of its container") })
        #expect(s.warnings.contains { $0.contains("too small for its SM number") })
    }

    @Test func garbageAfterAContainerStopsTheWalk() throws {
        let s = try summary("fatbin-garbage.so")
        #expect(s.containers == 1 && s.sass == ["sm_120"])
        #expect(s.warnings.contains { $0.contains("no fat-binary container at offset") })
    }

    @Test func aSectionPastTheEndOfTheFileIsClamped() throws {
        let s = try summary("fatbin-section-past-eof.so")
        #expect(s.containers == 4 && s.sass == ["sm_80"])
        #expect(s.warnings.contains { $0.contains("runs past the end of the file") })
    }

    @Test(arguments: [
        ("truncated-header.so", ELFFile.Failure.truncated(size: 40)),
        ("not-elf.so", .notELF),
        ("elf32.so", .unsupported(class: 1, data: 1)),
        ("empty.so", .truncated(size: 0)),
    ])
    func filesThatAreNotELF64AreFailures(name: String, failure: ELFFile.Failure) throws {
        let f = try InspectFixtures.file(name)
        guard case .failure(let why) = ELFFile.read(f) else {
            Issue.record("\(name) was read as an ELF file")
            return
        }
        #expect(why == failure)
        #expect(!why.description.isEmpty)
    }

    @Test func truncatedSectionTableKeepsTheDynamicSection() throws {
        let (e, _) = try elf("truncated-sections.so")
        #expect(e.needed == ["libcudart.so.13"] && e.soname == "libfat.so")
        #expect(e.sections.isEmpty)
        #expect(e.warnings.contains { $0.contains("section header table") })
    }

    /// Every prefix and a byte flip at every position of every fixture: the reader and the walker return, never
    /// trap (sizes, offsets and counts come from the damaged bytes).
    @Test(arguments: InspectFixtures.elfNames)
    func damagedFilesNeverCrash(name: String) throws {
        let bytes = try InspectFixtures.elf(name)
        var variants: [[UInt8]] = stride(from: 0, through: bytes.count, by: max(1, bytes.count / 97)).map {
            Array(bytes.prefix($0))
        }
        for i in stride(from: 0, to: bytes.count, by: max(1, bytes.count / 211)) {
            var b = bytes
            b[i] ^= 0xFF
            variants.append(b)
        }
        for v in variants {
            let f = FakeFile(bytes: v)
            if case .success(let e) = ELFFile.read(f), let s = e.section(".nv_fatbin") {
                let scan = FatBinary.scan(f, offset: s.offset, size: s.size)
                _ = FatBinary.summary(scan, library: name, distribution: nil, sectionBytes: s.size)
            }
        }
    }

    /// A container whose entries hold SM numbers of every shape: only 10...999 count.
    @Test func smNumbersOutsideTheRangeAreWarnings() {
        func entry(_ sm: UInt32) -> [UInt8] {
            var h = [UInt8](repeating: 0, count: 64)
            h[0] = 2
            h[4] = 64
            withUnsafeBytes(of: sm.littleEndian) { for (i, b) in $0.enumerated() { h[28 + i] = b } }
            return h
        }
        let body = entry(0) + entry(86) + entry(4_000_000_000)
        var header: [UInt8] = [0x50, 0xED, 0x55, 0xBA, 1, 0, 16, 0]
        withUnsafeBytes(of: UInt64(body.count).littleEndian) { header += $0 }
        let f = FakeFile(bytes: header + body)
        let scan = FatBinary.scan(f, offset: 0, size: f.size)
        #expect(scan.containers.count == 1 && scan.containers[0].entries == [FatBinary.Entry(kind: 2, sm: 86)])
        #expect(scan.warnings.count == 2)
    }
}
