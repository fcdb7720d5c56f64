import Foundation
import Testing

@testable import DLEnvCore

/// Bounded numbers from outside (issue #18): time limits, capabilities written with huge numbers, host reports,
/// control characters and decoding errors in words.
@Suite struct OutOfRangeTests {
    @Test(arguments: [Double.nan, .infinity, -.infinity, 1e300, 86_401, 0, -1])
    func timeLimitsOutOfRangeAreRefused(_ value: Double) {
        #expect(throws: OutOfRange.self) { try TimeLimit.seconds(value, origin: "--timeout") }
    }

    @Test(arguments: [0.001, 2, 600, 86_400])
    func timeLimitsInRangeAreKept(_ value: Double) throws {
        #expect(try TimeLimit.seconds(value, origin: "--timeout") == value)
    }

    @Test func theMessageNamesValueRangeAndOrigin() {
        do {
            _ = try TimeLimit.seconds(.nan, origin: "--timeout")
        } catch {
            #expect(error.description == "--timeout: a time limit 'nan' is out of range: \(TimeLimit.rangeText)")
        }
    }

    @Test(arguments: [
        "sm_9223372036854775808", "99999999999999999999.0", "8.99999999999999999999", "8.9.9.9",
        "sm_99999999999999999999",
        "1234", "gfx999zz", "gfx9", "gfx12345",
    ])
    func capabilitiesWithHugeNumbersAreNamed(_ text: String) {
        #expect(GPUToken.rangeProblem(text, origin: "--gpu")?.value == text)
    }

    @Test(arguments: [
        "8.6", "sm_86", "sm86", "sm_90a", "gfx942", "gfx90a", "gfx1100", "H100", "RTX 4090",
        "NVIDIA A100-SXM4-80GB",
    ])
    func usableGPUsHaveNoProblem(_ text: String) {
        #expect(GPUToken.rangeProblem(text, origin: "--gpu") == nil)
    }

    @Test func aLongGPUTextIsRefused() {
        #expect(GPUToken.rangeProblem(String(repeating: "x", count: 200), origin: "--gpu") != nil)
    }

    @Test func hostReportsWithBadNumbersAreNamed() {
        let facts = HostFacts(
            gpus: [HostFacts.GPU(index: 0, computeCapability: "99999999999999999999.0")],
            driver: HostFacts.Driver(version: "-595.-71.05"))
        let problems = facts.rangeProblems(origin: "host.json")
        #expect(problems.map(\.origin) == ["host.json: gpus[0].compute_capability", "host.json: driver.version"])
        #expect(HostFacts(gpus: [HostFacts.GPU(index: 0, computeCapability: "8.6")]).rangeProblems(origin: "h").isEmpty)
    }

    @Test func controlCharactersAreEscaped() {
        #expect("\u{1B}[31mEVIL\u{07}".escapingControlCharacters == "\\u{1B}[31mEVIL\\u{7}")
        #expect("NVIDIA H100".escapingControlCharacters == "NVIDIA H100")
        let facts = HostFacts(gpus: [HostFacts.GPU(index: 0, name: "A\u{9B}B")]).escapingControlCharacters
        #expect(facts.gpus[0].name == "A\\u{9B}B")
    }

    struct Doc: Decodable {
        struct Item: Decodable { var index: Int }
        var items: [Item]
    }

    @Test func decodingErrorsSayWhereAndWhat() throws {
        func describe(_ json: String) -> String {
            do {
                _ = try JSONDecoder().decode(Doc.self, from: Data(json.utf8))
                return "decoded"
            } catch {
                return DecodingErrorText.describe(error)
            }
        }
        #expect(describe(#"{"items": [{"index": "x"}]}"#) == "items[0].index: expected an integer")
        #expect(describe(#"{"items": [{}]}"#) == "items[0].index: missing")
        #expect(describe(#"{"items": null}"#) == "items: expected a list, found null")
    }
}
