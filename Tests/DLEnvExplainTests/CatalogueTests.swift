import DLEnvCore
import DLEnvMatrix
import Foundation
import Testing

@testable import DLEnvExplain

/// matrices/failures.yaml: embedded byte for byte, valid, every entry sourced; the validator reports each kind of
/// mistake with its line.
@Suite struct CatalogueTests {
    @Test func embeddedCopyEqualsTheFile() {
        #expect(!ExplainFixtures.catalogueText.isEmpty)
        #expect(
            FailureCatalogue.embeddedText == ExplainFixtures.catalogueText,
            "the embedded catalogue differs from matrices/failures.yaml: run scripts/embed-failures.sh")
    }

    @Test func theFileValidatesWithoutWarnings() {
        let (catalogue, diagnostics) = FailureCatalogue.validate(text: ExplainFixtures.catalogueText)
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        #expect(catalogue.entries.count >= 14)
        #expect(!catalogue.context.isEmpty)
    }

    @Test(arguments: ExplainFixtures.catalogue.entries.map(\.id))
    func everyEntryIsSourcedAndHasARealText(_ id: String) throws {
        let e = try #require(ExplainFixtures.catalogue.entry(id))
        #expect(e.sources.count >= 2 && e.sources.allSatisfy { $0.hasPrefix("https://github.com/") })
        #expect(!e.fixes.isEmpty && e.patterns.contains { !$0.supporting })
        #expect(ThreadCase.threads.contains { $0.id == id }, "\(id) has no fixture")
        // Each trigger pattern matches at least one fixture line (no dead patterns besides variants of one text).
        let texts = ThreadCase.threads.filter { $0.id == id }.map { ExplainFixtures.text($0.file) }.joined(
            separator: "\n")
        let used = e.patterns.filter { p in
            texts.split(separator: "\n").contains { line in
                let raw = Array(line.utf8), lower = Pattern.lowered(raw)
                return raw.withUnsafeBufferPointer { r in
                    lower.withUnsafeBufferPointer { p.pattern.match(raw: r, lower: $0) }
                } != nil
            }
        }
        #expect(!used.isEmpty)
    }

    @Test func validatorReportsEachMistakeWithItsLine() {
        let text = """
            schema: 1
            failures:
              - id: Bad_Id
                title: t
                cause: c
                patterns: ["{x:int} leading", "undefined symbol: {sym:word}"]
                fixes: [stak]
                sources: [not-a-url]
                verified: maybe
              - id: ok-one
                title: t
                cause: c
                patterns: [{match: "some literal text", supporting: true}]
                facts: {unused: "never captured"}
                fixes: [stack]
                sources: ["https://github.com/a/b/issues/1"]
                verified: secondary
                extra: 1
            """
        let (_, d) = FailureCatalogue.validate(text: text, file: "f.yaml")
        let messages = d.map(\.message).joined(separator: "\n")
        #expect(messages.contains("lower-case words"))
        #expect(messages.contains("cannot open a pattern"))
        #expect(messages.contains("captures 'sym' but 'facts' does not say"))
        #expect(messages.contains("unknown fix 'stak'"))
        #expect(d.contains { $0.remedy?.contains("did you mean 'stack'") == true })
        #expect(messages.contains("is not a URL"))
        #expect(messages.contains("'verified'"))
        #expect(messages.contains("no trigger pattern"))
        #expect(messages.contains("declares the fact 'unused'"))
        #expect(messages.contains("unknown key 'extra'"))
        #expect(d.allSatisfy { $0.location?.file == "f.yaml" && $0.location?.line != nil })
    }

    @Test func knownFactsMustHaveTheirKind() {
        let text = """
            schema: 1
            failures:
              - id: x
                title: t
                cause: c
                patterns: ["driver is {driver:int} here"]
                facts: {driver: "the driver"}
                fixes: [stack]
                sources: ["https://github.com/a/b/issues/1"]
                verified: secondary
            """
        let (_, d) = FailureCatalogue.validate(text: text, file: "f.yaml")
        #expect(d.contains { $0.message.contains("'driver' is a version fact") })
    }
}
