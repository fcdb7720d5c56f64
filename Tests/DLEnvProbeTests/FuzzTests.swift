import DLEnvCore
import Foundation
import Testing

@testable import DLEnvProbe

/// The fuzz harness: every parser runs on every corpus input (fuzz/corpus: the captured outputs of
/// reference/probe.md and of the development machine) and on deterministic mutations of them (truncation,
/// byte flips, inserted garbage, deleted and duplicated ranges, splices of two inputs). A parser may return nil
/// or partial results; it must never crash or hang. `DLENV_FUZZ_MUTATIONS` (default 30 per input) scales it.
@Suite struct FuzzTests {
    /// SplitMix64: deterministic, so a failing input can be reproduced from its seed.
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static var corpus: [[UInt8]] {
        let dir = FixtureSupport.corpus
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).sorted()
        return names.compactMap { try? Array(Data(contentsOf: dir.appendingPathComponent($0))) }
    }

    static let garbage: [[UInt8]] = [
        Array("<gpu id=\"".utf8), Array("</".utf8), Array("  ".utf8), Array(", ".utf8), Array("[N/A]".utf8),
        Array("NVIDIA-SMI ".utf8), Array("Driver Version: ".utf8), Array("#define CUDNN_MAJOR ".utf8),
        Array("99999999999999999999".utf8), [0xFF, 0xFE, 0x00], Array("\t\t\n\n".utf8), Array("{\"cuda\":".utf8),
        Array("GPU 0: (UUID: ".utf8), Array("gfx_target_version 4294967296".utf8), Array("&amp;&".utf8),
    ]

    static func mutate(_ input: [UInt8], other: [UInt8], rng: inout Generator) -> [UInt8] {
        var b = input
        let n = max(b.count, 1)
        switch rng.next() % 7 {
        case 0: b = Array(b.prefix(Int(rng.next() % UInt64(n))))
        case 1:
            for _ in 0..<(1 + rng.next() % 8) where !b.isEmpty {
                b[Int(rng.next() % UInt64(b.count))] ^= UInt8(truncatingIfNeeded: rng.next() | 1)
            }
        case 2:
            let g = garbage[Int(rng.next() % UInt64(garbage.count))]
            b.insert(contentsOf: g, at: Int(rng.next() % UInt64(b.count + 1)))
        case 3:
            if !b.isEmpty {
                let start = Int(rng.next() % UInt64(b.count))
                let len = Int(rng.next() % UInt64(b.count - start + 1))
                b.removeSubrange(start..<(start + len))
            }
        case 4:
            if !b.isEmpty {
                let start = Int(rng.next() % UInt64(b.count))
                let len = min(Int(rng.next() % 200), b.count - start)
                b.insert(contentsOf: b[start..<(start + len)], at: start)
            }
        case 5:
            b = Array(b.prefix(Int(rng.next() % UInt64(n)))) + other.suffix(Int(rng.next() % UInt64(other.count + 1)))
        default:
            b = (0..<(rng.next() % 300)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        }
        return b
    }

    /// Runs every parser on one input.
    static func runParsers(_ text: String) -> Int {
        var touched = 0
        func t(_ x: Any?) { if x != nil { touched += 1 } }
        t(DriverVersionFile.parse(text))
        t(SysModuleVersion.parse(text))
        t(GPUInformation.parse(text))
        t(SMIQueryCSV.parse(text, fields: HostProbe.Commands.queryFields).first)
        t(SMIListEntry.parse(text).first)
        t(SMIBanner.parse(text))
        _ = SMIFailure.classify(status: 1, output: text).explanation
        t(SMIXMLReport.parse(text))
        t(MiniXML.parse(text))
        t(CUDAToolkitVersion.parseJSON(text))
        t(CUDAToolkitVersion.parseText(text))
        t(CUDAToolkitVersion.parseNVCC(text))
        t(LibraryVersion.cudnnHeader(text))
        t(LibraryVersion.ncclHeader(text))
        t(LibraryVersion.rocmHeader(text))
        t(ROCmFiles.infoVersion(text))
        t(ROCmFiles.hipVersion(text))
        t(KFDNode.parse(text)?.gfxName)
        t(TegraRelease.parse(text))
        t(CPUInfo.parse(text).map { $0.cpuModel() })
        t(OpenBLASConfig.parse(text))
        t(PythonProbeOutput.parse(text, path: "/fuzz"))
        _ = HostEnvironment.isWSLKernel(text)
        _ = HostEnvironment.cgroupNamesContainer(text)
        _ = HostEnvironment.VisibleDevices.parse(text)
        t(LibraryVersion.fromFileName(text, stem: "libcudnn"))
        t(LibraryVersion.openBLASFileName(text))
        return touched
    }

    @Test func everyParserSurvivesTheCorpusAndItsMutations() {
        let corpus = Self.corpus
        #expect(corpus.count >= 100)
        let perInput = Int(ProcessInfo.processInfo.environment["DLENV_FUZZ_MUTATIONS"] ?? "") ?? 30
        var rng = Generator(state: 0xD1E2_0003)
        var inputs = 0
        var parsed = 0
        for (i, input) in corpus.enumerated() {
            parsed += Self.runParsers(String(decoding: input, as: UTF8.self))
            inputs += 1
            for _ in 0..<perInput {
                let other = corpus[(i + 1 + Int(rng.next() % UInt64(corpus.count))) % corpus.count]
                let mutated = Self.mutate(input, other: other, rng: &rng)
                parsed += Self.runParsers(String(decoding: mutated, as: UTF8.self))
                inputs += 1
            }
        }
        print("fuzz: \(inputs) inputs × 27 parsers, \(parsed) non-empty parses")
        #expect(inputs == corpus.count * (perInput + 1))
        // The corpus itself must parse: most captured outputs are recognised by some parser (the rest are
        // outputs dlenv does not read: rocm-smi, amd-smi, collect_env, nvidia-smi -q text, modinfo).
        let recognised = corpus.filter { Self.runParsers(String(decoding: $0, as: UTF8.self)) > 0 }.count
        #expect(recognised >= 80, "only \(recognised) of \(corpus.count) corpus inputs parse")
    }

    /// Whole probes over scenarios with one captured file or command output mutated: partial facts and
    /// warnings, never a crash.
    @Test func probesSurviveMutatedScenarios() throws {
        var rng = Generator(state: 0x5CE0_A210)
        let scenarios = try FixtureSupport.scenarios.map { try FixtureSupport.scenario($0) }
        let rounds = 8
        var runs = 0
        for base in scenarios {
            for _ in 0..<rounds {
                var system = base
                if let key = system.files.keys.sorted().randomElement(using: &rng) {
                    let bytes = Array(system.files[key]!.utf8)
                    system.files[key] = String(
                        decoding: Self.mutate(bytes, other: [], rng: &rng), as: UTF8.self)
                }
                if let key = system.commands.keys.sorted().randomElement(using: &rng),
                    case .output(let status, let out, let err) = system.commands[key]!
                {
                    let mutated = String(decoding: Self.mutate(Array(out.utf8), other: [], rng: &rng), as: UTF8.self)
                    system.commands[key] = .output(status: status, stdout: mutated, stderr: err)
                }
                let report = HostProbe(system: system).run()
                #expect(report.facts.gpus.count < 1000)
                runs += 1
            }
        }
        print("fuzz: \(runs) whole probes over mutated scenarios")
        #expect(runs == scenarios.count * rounds)
    }
}
