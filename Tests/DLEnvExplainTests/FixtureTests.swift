import DLEnvCore
import Foundation
import Testing

@testable import DLEnvExplain

/// Every real text of Fixtures/threads (copied from the public thread cases.json names) is recognised as its
/// failure with its facts; the same texts buried in hundreds of lines of other output are found on their lines.
@Suite struct FixtureTests {
    @Test func everyFixtureIsListedAndEveryCaseHasItsFile() throws {
        let listed = Set(ThreadCase.threads.map(\.file))
        let files = try FileManager.default.contentsOfDirectory(atPath: ExplainFixtures.path("threads"))
        #expect(ThreadCase.threads.count >= 40)
        #expect(Set(files.map { "threads/\($0)" }) == listed)
        for c in ThreadCase.threads { #expect(c.source.hasPrefix("https://github.com/"), "\(c.file)") }
    }

    @Test(arguments: ThreadCase.threads)
    func realTextIsRecognisedWithItsFacts(_ c: ThreadCase) throws {
        let e = try ExplainFixtures.explain(file: c.file)
        #expect(e.matches.map(\.id) == [c.id], "\(c.file) from \(c.source)")
        let m = try #require(e.matches.first)
        for (name, expected) in c.facts {
            #expect(
                matches(m.facts[name], expected),
                "\(c.file): \(name) = \(m.facts[name].map { "\($0)" } ?? "nil"), expected \(expected)")
        }
        for (name, expected) in c.logFacts ?? [:] {
            #expect(
                matches(e.logFacts[name], expected),
                "\(c.file): log fact \(name) = \(e.logFacts[name].map { "\($0)" } ?? "nil")")
        }
        #expect(!m.evidence.isEmpty && !m.cause.isEmpty && !m.sources.isEmpty)
        let lines = ExplainFixtures.text(c.file).split(separator: "\n", omittingEmptySubsequences: false)
        for ev in m.evidence {
            #expect(lines[ev.line - 1].contains(ev.text.prefix(40)), "\(c.file): evidence line \(ev.line)")
        }
    }

    @Test(arguments: ThreadCase.long)
    func errorAmongHundredsOfLinesIsFoundOnItsLines(_ c: ThreadCase) throws {
        let e = try ExplainFixtures.explain(file: c.file)
        #expect(e.input.lines > 400)
        #expect(e.matches.map(\.id) == [c.id], "\(c.file)")
        let m = try #require(e.matches.first)
        let from = try #require(c.errorFrom), to = try #require(c.errorTo)
        #expect(!m.evidence.isEmpty)
        #expect(m.evidence.allSatisfy { (from...to).contains($0.line) }, "\(c.file): \(m.evidence.map(\.line))")
        for (name, expected) in c.facts { #expect(matches(m.facts[name], expected), "\(c.file): \(name)") }
    }

    /// The issue's table: every id is recognised from at least two real texts.
    @Test func everyRequiredIdHasRealTexts() {
        let required = [
            "no-kernel-image", "driver-too-old", "nvml-mismatch", "nvml-unknown-error", "container-cuda-requirement",
            "forward-compat-unsupported", "fabric-manager", "library-shadowing", "cudnn-version",
            "torchvision-mismatch", "torch-not-cuda", "ptx-toolchain", "libcuda-missing", "cuda-oom",
        ]
        for id in required {
            #expect(ExplainFixtures.catalogue.entry(id) != nil, "\(id) is not in the catalogue")
            #expect(ThreadCase.threads.filter { $0.id == id }.count >= 2, "\(id) has fewer than two real texts")
        }
    }

    /// Several failures in one log come out in catalogue order (the most fundamental first).
    @Test func severalFailuresInOneLogInCatalogueOrder() throws {
        let text =
            ExplainFixtures.text("threads/cuda-oom-pytorch-59778.log")
            + ExplainFixtures.text("threads/driver-too-old-omost-120.log")
        let e = try ExplainFixtures.explain(text: text)
        #expect(e.matches.map(\.id) == ["driver-too-old", "cuda-oom"])
    }
}
