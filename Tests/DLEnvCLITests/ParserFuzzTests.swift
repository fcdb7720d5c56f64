import DLEnvCore
import DLEnvExplain
import DLEnvMatrix
import DLEnvRecipe
import DLEnvScheduleExpression
import DLEnvStore
import Foundation
import Testing

@testable import DLEnvProbe

/// The fuzzing step of CI (issue #18): every parser of outside input, in-process, on the kept corpus of real
/// inputs (`fuzz/corpus/<parser>/`, and the probe outputs at the top of `fuzz/corpus/`) and on deterministic
/// mutations of it. Runs only with `DLENV_FUZZ_SECONDS` set (scripts/test.sh sets 60): the budget is shared
/// equally by the parsers, the seed is fixed, the number of cases is printed. A parser may reject an input
/// (that is its job); a crash ends the test process, so "0 crashes" is the run completing. Each crash found
/// becomes a regression test next to the parser's own tests.
@Suite struct ParserFuzzTests {
    static let seconds = Double(ProcessInfo.processInfo.environment["DLENV_FUZZ_SECONDS"] ?? "") ?? 0

    /// SplitMix64: deterministic, so a failing case is reproduced from the seed and its case number.
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

    /// Tokens that reached crashes before (issue #18's list) or that parsers treat specially.
    static let garbage: [[UInt8]] =
        [
            "99999999999999999999", "9223372036854775808", "-1", "nan", "inf", "1e300", "\u{1B}[31m", "\u{07}", "\u{0}",
            "sm_", "gfx", ".", "..", "[", "]", "{", "}", ": ", "- ", "&a ", "*a", "!!binary ", "\"", "'", "\n  ", "\t",
            "lambda f: f(f)", "(", ")", "**", "//", "=", ",", "+cu121", "==", ">=", "~=", "\u{FF}", "#",
        ].map { Array($0.utf8) } + [[0xFF, 0xFE], [0xC3]]

    static func mutate(_ input: [UInt8], other: [UInt8], rng: inout Generator) -> [UInt8] {
        var b = input
        let rounds = 1 + Int(rng.next() % 3)
        for _ in 0..<rounds {
            let n = max(b.count, 1)
            switch rng.next() % 8 {
            case 0: b = Array(b.prefix(Int(rng.next() % UInt64(n))))
            case 1:
                for _ in 0..<(1 + rng.next() % 8) where !b.isEmpty {
                    b[Int(rng.next() % UInt64(b.count))] ^= UInt8(truncatingIfNeeded: rng.next() | 1)
                }
            case 2, 3:
                let g = garbage[Int(rng.next() % UInt64(garbage.count))]
                b.insert(contentsOf: g, at: Int(rng.next() % UInt64(b.count + 1)))
            case 4:
                if !b.isEmpty {
                    let start = Int(rng.next() % UInt64(b.count))
                    let len = Int(rng.next() % UInt64(min(b.count - start, 400) + 1))
                    b.removeSubrange(start..<(start + len))
                }
            case 5:
                if !b.isEmpty {
                    let start = Int(rng.next() % UInt64(b.count))
                    let len = min(Int(rng.next() % 200), b.count - start)
                    b.insert(contentsOf: b[start..<(start + len)], at: start)
                }
            case 6:
                b =
                    Array(b.prefix(Int(rng.next() % UInt64(n))))
                    + other.suffix(Int(rng.next() % UInt64(other.count + 1)))
            default:
                // A digit run replaced by a huge number: the overflow the issue found in every numeric field.
                if let i = b.indices.filter({ (0x30...0x39).contains(b[$0]) }).randomElement(using: &rng) {
                    b.replaceSubrange(i..<(i + 1), with: Array("99999999999999999999".utf8))
                }
            }
        }
        return b
    }

    static func corpus(_ folder: String) -> [[UInt8]] {
        let dir = CLIRunner.repositoryRoot.appendingPathComponent("fuzz/corpus/\(folder)")
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).sorted()
        return names.compactMap { name -> [UInt8]? in
            var isDir: ObjCBool = false
            let path = dir.appendingPathComponent(name).path
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir), !isDir.boolValue else {
                return nil
            }
            return FileManager.default.contents(atPath: path).map(Array.init)
        }
    }

    /// One parser under test: its corpus and what it does with one input.
    struct Target {
        var name: String
        var corpus: [[UInt8]]
        var run: ([UInt8]) -> Void
    }

    static func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    static func targets() throws -> [Target] {
        let matrix = try CompatibilityMatrix.embedded()
        let catalogue = try FailureCatalogue.embedded()
        let files = CompatibilityMatrix.embeddedFiles
        func lines(_ folder: String) -> [[UInt8]] {
            corpus(folder).flatMap { text($0).split(separator: "\n").map { Array($0.utf8) } }
        }
        return [
            Target(name: "spec", corpus: corpus("spec")) { b in
                if let spec = try? SpecParser.parse(text(b), file: "dlenv.yaml") {
                    _ = try? RecipePlanner.plan(spec, matrix: matrix, dlenvVersion: "0.1.0")
                }
            },
            Target(name: "workspace", corpus: corpus("workspace")) { b in
                _ = try? FleetWorkspace.parse(yaml: text(b), file: "dlenv-workspace.yaml")
            },
            Target(name: "matrix", corpus: corpus("matrix")) { b in
                // The mutated file replaces its embedded namesake; the other files stay, so cross-file checks run.
                let t = text(b)
                let kind: MatrixFile.Kind =
                    t.contains("compute_capability") && t.contains("aliases")
                    ? .gpus
                    : t.contains("tag") && t.contains("status") ? .images : t.contains("torchvision") ? .torch : .cuda
                let replaced = files.map { $0.kind == kind ? MatrixFile(name: $0.name, text: t, kind: kind) : $0 }
                _ = CompatibilityMatrix.validate(files: replaced)
            },
            Target(name: "failures catalogue", corpus: [Array(FailureCatalogue.embeddedText.utf8)]) { b in
                _ = FailureCatalogue.validate(text: text(b))
            },
            Target(name: "gpu grammar", corpus: lines("gpu")) { b in
                let t = text(b)
                _ = GPUToken(parsing: t)
                _ = GPUToken.rangeProblem(t, origin: "--gpu")
                _ = ComputeCapability(t)
                _ = ArchEntry(t)
                _ = matrix.gpuRequirement(t, index: 0)
                _ = matrix.closestGPUNames(to: t)
            },
            Target(name: "versions", corpus: lines("version")) { b in
                let t = text(b)
                _ = Version(t).map { $0 < Version(2, 4) }
                _ = try? VersionSpec(parsing: t)
                _ = PythonRequest(t)
                _ = try? AcceleratorSpec(parsing: t)
            },
            Target(name: "schedule", corpus: corpus("schedule")) { b in
                let t = text(b).trimmingCharacters(in: .newlines)
                _ = try? ScheduleExpression(t).trace(on: ScheduleOptimizer.sgd.groups(lr: 0.1), steps: 30)
            },
            Target(name: "host report", corpus: corpus("host")) { b in
                do {
                    let facts = try JSONDecoder().decode(HostFacts.self, from: Data(b))
                    _ = facts.rangeProblems(origin: "host.json")
                    _ = facts.escapingControlCharacters
                } catch {
                    _ = DecodingErrorText.describe(error)
                }
            },
            Target(name: "fleet profile", corpus: corpus("profile")) { b in
                _ = try? FleetProfile.parse(text(b), file: "profile.yaml", matrix: matrix)
            },
            Target(name: "fleet result", corpus: corpus("result")) { b in
                _ = try? FleetResultParser.parse(Data(b), file: "result.json")
            },
            Target(name: "explain", corpus: corpus("explain")) { b in
                _ = try? Explainer.explain(
                    text: text(b), catalogue: catalogue, context: ExplainContext(matrix: matrix))
            },
            Target(name: "probe parsers", corpus: corpus("")) { b in
                let t = text(b)
                _ = DriverVersionFile.parse(t)
                _ = SysModuleVersion.parse(t)
                _ = GPUInformation.parse(t)
                _ = SMIQueryCSV.parse(t, fields: HostProbe.Commands.queryFields)
                _ = SMIListEntry.parse(t)
                _ = SMIBanner.parse(t)
                _ = SMIXMLReport.parse(t)
                _ = CUDAToolkitVersion.parseJSON(t)
                _ = CUDAToolkitVersion.parseText(t)
                _ = CUDAToolkitVersion.parseNVCC(t)
                _ = LibraryVersion.cudnnHeader(t)
                _ = LibraryVersion.ncclHeader(t)
                _ = KFDNode.parse(t)?.gfxName
                _ = TegraRelease.parse(t)
                _ = CPUInfo.parse(t).map { $0.cpuModel() }
                _ = OpenBLASConfig.parse(t)
                _ = PythonProbeOutput.parse(t, path: "/fuzz")
                _ = DistInfo.metadata(t)
                _ = DistInfo.record(t)
                _ = DistInfo.versionFile(t, path: "/fuzz/version.py")
            },
        ]
    }

    @Test(.enabled(if: seconds > 0, "set DLENV_FUZZ_SECONDS to fuzz (scripts/test.sh: 60)"))
    func everyParserSurvivesMutationsOfItsCorpus() throws {
        let targets = try Self.targets()
        let share = Self.seconds / Double(targets.count)
        var total = 0
        let started = Date()
        for (t, target) in targets.enumerated() {
            #expect(!target.corpus.isEmpty, "no corpus for \(target.name)")
            guard !target.corpus.isEmpty else { continue }
            var rng = Generator(state: 0xF022_0018 &+ UInt64(t))
            let begin = Date()
            var cases = 0
            // The corpus itself first, then mutations until this parser's share of the budget is spent.
            for input in target.corpus { target.run(input) }
            cases += target.corpus.count
            while Date().timeIntervalSince(begin) < share {
                let i = Int(rng.next() % UInt64(target.corpus.count))
                let other = target.corpus[Int(rng.next() % UInt64(target.corpus.count))]
                target.run(Self.mutate(target.corpus[i], other: other, rng: &rng))
                cases += 1
            }
            print("fuzz \(target.name): \(cases) cases (\(target.corpus.count) corpus inputs)")
            total += cases
        }
        let elapsed = Date().timeIntervalSince(started)
        print(
            "fuzz: \(total) cases over \(targets.count) parsers in \(String(format: "%.1f", elapsed)) s, 0 crashes (seed 0xF0220018)"
        )
        #expect(total > targets.count * 10)
    }
}
