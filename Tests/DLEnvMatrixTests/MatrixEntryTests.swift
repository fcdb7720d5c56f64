import DLEnvCore
import Testing

@testable import DLEnvMatrix

/// Rules every entry of the repository's matrix must satisfy, one test case per entry.
@Suite struct MatrixEntryTests {
    static let matrix = MatrixFiles.matrix
    static let variantKeys = matrix.series.flatMap { s in s.variants.map { "\(s.series.text)/\($0.name)" } }
    static let releaseKeys = matrix.torchReleases.map(\.release.version.text)
    static let cudaKeys = matrix.toolkits.flatMap { $0.releases.map(\.version.text) }
    static let gpuNames = matrix.gpus.map(\.name)
    static let imageKeys = matrix.images.map(\.cuda.text)

    static func variant(_ key: String) -> (TorchSeries, TorchVariant)? {
        let parts = key.split(separator: "/").map(String.init)
        guard let s = matrix.series.first(where: { $0.series.text == parts[0] }), let v = s.variant(parts[1]) else {
            return nil
        }
        return (s, v)
    }

    static func sourced(_ p: Provenance) -> Bool {
        p.source.count >= 8 && !p.source.hasPrefix("TODO")
    }

    @Test(arguments: variantKeys)
    func variantSchemaIndexAndArch(key: String) throws {
        let (series, variant) = try #require(Self.variant(key))
        #expect(Self.sourced(variant.provenance), "\(key) has no source")
        // Index URL: the naming rule, or an explicit https page (find-links pages for old releases).
        if variant.findLinks {
            #expect(variant.indexURL.hasPrefix("https://download.pytorch.org/whl/"), "\(key): \(variant.indexURL)")
            #expect(variant.indexURL.hasSuffix(".html"), "\(key): a find-links page is an .html page")
        } else {
            #expect(variant.indexURL.hasPrefix("https://"), "\(key): \(variant.indexURL)")
            #expect(!variant.indexURL.hasSuffix("/"), "\(key): no trailing slash")
        }
        switch variant.kind {
        case .cuda(let cuda):
            #expect(variant.name == TorchVariant.cudaTag(cuda))
            let toolkit = try #require(Self.matrix.toolkit(cuda), "\(key): CUDA \(cuda) not in cuda.yaml")
            let entries = variant.archEntries
            #expect(entries.count == variant.arch.count, "\(key): unparsable arch entries")
            #expect(!entries.isEmpty, "\(key) has an empty arch list")
            for e in entries {
                #expect(
                    toolkit.computeCapabilities.contains(e.capability), "\(key): \(e) not compilable by CUDA \(cuda)")
            }
            let sass = entries.filter { !$0.isPTX }.map(\.capability)
            #expect(sass == sass.sorted(), "\(key): SASS entries out of order")
            #expect(variant.os.contains(.linux))
            // cuDNN ≥ 9.11 dropped SM < 7.5 (compat.md §0.4): a variant with older SASS keeps an older cuDNN.
            if let cudnn = variant.cudnn.flatMap(Version.init), cudnn >= Version(9, 11),
                let oldest = sass.first
            {
                #expect(oldest >= ComputeCapability(major: 7, minor: 5), "\(key): cuDNN \(cudnn) with \(oldest.sm)")
            }
        case .rocm(let rocm):
            #expect(variant.name == "rocm\(rocm.text)")
            #expect(variant.os == [.linux])
            #expect(variant.arch.allSatisfy { $0.hasPrefix("gfx") })
        case .cpu:
            #expect(variant.arch.isEmpty)
            #expect(variant.cudnn == nil && variant.nccl == nil)
        }
        _ = series
    }

    @Test(arguments: releaseKeys)
    func releaseSchemaAndTorchvisionRule(version: String) throws {
        let v = try #require(Version(version))
        let (series, release) = try #require(Self.matrix.torch(v))
        #expect(Self.sourced(release.provenance), "\(version) has no source")
        #expect(release.released.map(TorchDecoder.isDate) ?? true)
        let pythons = release.python ?? series.python
        #expect(!pythons.isEmpty)
        #expect(pythons.allSatisfy { PythonTag($0) != nil })
        #expect(!Self.matrix.variants(of: release, in: series).isEmpty)
        // torchvision minor = torch minor + 15 within 2.x (1.x by the README table), unless a note says why not.
        if let tv = release.torchvision.flatMap(Version.init), release.provenance.note == nil,
            let expected = MatrixValidator.expectedTorchvisionMinor(torch: release.version)
        {
            #expect(
                tv.major == 0 && tv.minor == expected, "torch \(version) → torchvision \(tv), rule says 0.\(expected)")
        }
    }

    @Test func torchvisionExceptionsAreRecorded() {
        // Every deviation from the rule carries a note (the validator enforces it); list them for the record.
        let deviating = Self.matrix.torchReleases.filter { _, r in
            guard let tv = r.torchvision.flatMap(Version.init),
                let expected = MatrixValidator.expectedTorchvisionMinor(torch: r.version)
            else { return false }
            return tv.minor != expected
        }
        #expect(deviating.allSatisfy { $0.release.provenance.note != nil })
    }

    @Test(arguments: cudaKeys)
    func cudaReleaseDriverFloors(version: String) throws {
        let v = try #require(Version(version))
        let (toolkit, release) = try #require(Self.matrix.cuda(v))
        #expect(Self.sourced(release.provenance))
        let linux = try #require(release.minDriver.linux, "CUDA \(version) has no Linux driver")
        // CUDA 13.x release notes give no Windows toolkit driver (N/A); every older release has a Windows number.
        if release.version < Version(13, 0) {
            #expect(release.minDriver.windows != nil, "CUDA \(version) lacks Windows")
        }
        #expect(!toolkit.computeCapabilities.isEmpty)
        #expect(toolkit.computeCapabilities == toolkit.computeCapabilities.sorted())
        // The toolkit's own driver is never below its major's minor-version floor, except CUDA 11.0, which shipped
        // before 450.80.02 enabled 11.x minor-version compatibility (compat.md §3.2).
        if toolkit.version != Version(11, 0),
            let floor = Self.matrix.cudaMajor(toolkit.version.major)?.minorVersionMinDriver?.linux
        {
            #expect(linux >= floor, "CUDA \(version): \(linux) < floor \(floor)")
        }
    }

    @Test func toolkitsSpanCUDA7To13AndDriversGrow() {
        let versions = Self.matrix.toolkits.map(\.version)
        #expect(versions.contains(Version(7, 0)))
        #expect(versions.contains { $0.major == 13 })
        let gaDrivers = Self.matrix.toolkits.reversed().compactMap { $0.ga?.minDriver.linux }
        #expect(gaDrivers == gaDrivers.sorted(), "GA drivers must not decrease with the toolkit version")
        #expect(Self.matrix.cudaMajors.map(\.major).sorted() == [7, 8, 9, 10, 11, 12, 13])
    }

    @Test(arguments: gpuNames)
    func gpuEntry(name: String) throws {
        let gpu = try #require(Self.matrix.gpu(named: name))
        #expect(Self.sourced(gpu.provenance))
        for alias in gpu.aliases { #expect(Self.matrix.gpu(named: alias)?.name == name) }
        let arch = try #require(Self.matrix.architectures.first { $0.name == gpu.architecture })
        if gpu.vendor == .amd {
            #expect(gpu.gfx?.hasPrefix("gfx") == true && gpu.computeCapability == nil && arch.vendor == .amd)
            return
        }
        let cc = try #require(gpu.computeCapability)
        #expect(arch.computeCapabilities.contains(cc))
        #expect(Self.matrix.architecture(of: cc) == gpu.architecture)
    }

    @Test func atLeastEightyGPUs() {
        #expect(Self.matrix.gpus.filter { $0.vendor == .nvidia }.count >= 80)
        for name in ["Tesla K80", "NVIDIA GeForce RTX 3090", "NVIDIA H100 80GB HBM3", "NVIDIA A100-SXM4-80GB"] {
            #expect(Self.matrix.gpu(named: name) != nil, "\(name) missing")
        }
    }

    @Test(arguments: imageKeys)
    func imageEntry(cuda: String) throws {
        let image = try #require(Self.matrix.images.first { $0.cuda.text == cuda })
        #expect(Self.sourced(image.provenance))
        #expect(Self.matrix.cudaRelease(image.cuda) != nil)
        for tag in image.tags {
            #expect(tag.hasPrefix("\(cuda)-"))
            #expect(image.os.contains { tag.hasSuffix("-\($0)") })
        }
        // The cuDNN part of the tag changed: cudnn8 up to 12.2, cudnn9 for 12.3, plain cudnn from 12.4.
        if let tagPart = image.cudnnTag {
            let expected = image.cuda < Version(12, 3) ? "cudnn8" : image.cuda < Version(12, 4) ? "cudnn9" : "cudnn"
            #expect(tagPart == expected, "\(cuda): \(tagPart)")
        }
    }
}
