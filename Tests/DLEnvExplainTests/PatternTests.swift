import DLEnvCore
import Foundation
import Testing

@testable import DLEnvExplain

/// The pattern syntax: literal text with typed captures, white space, case, constraints, and bounded work.
@Suite struct PatternTests {
    func match(_ pattern: String, _ line: String) throws -> Facts? {
        let p = try Pattern(parsing: pattern)
        let raw = Array(line.utf8), lower = Pattern.lowered(raw)
        return raw.withUnsafeBufferPointer { r in lower.withUnsafeBufferPointer { p.match(raw: r, lower: $0) } }
    }

    @Test func capturesTypedValues() throws {
        let f = try #require(
            try match("found version {v:cuda_api})", "RuntimeError: ... (found version 11040). Please"))
        #expect(f["v"] == .version(Version(11, 4)))
        let cc = try #require(
            try match("capability sm_{cc:capability} is", "RTX 5090 with CUDA capability sm_120 is not"))
        #expect(cc["cc"] == .capability(ComputeCapability(major: 12, minor: 0)))
        let t = try #require(
            try match("against {a:tuple_version} but found {b:tuple_version}", "against (8, 5, 0) but found (8, 3, 3).")
        )
        #expect(t["a"]?.description == "8.5.0" && t["b"]?.description == "8.3.3")
        let c = try #require(
            try match(
                "against {a:cudnn_code} but linked against {b:cudnn_code}", "against 7102 but linked against 90100"))
        #expect(c["a"]?.description == "7.1.2" && c["b"]?.description == "9.1.0")
        let s = try #require(try match("allocate {n:size} (", "Tried to allocate 2.26 GiB (GPU 0"))
        #expect(s["n"] == .bytes(2_426_656_522))
        #expect(Pattern.size("0 bytes") == 0 && Pattern.size("512.00 MiB") == 536_870_912)
    }

    @Test func whiteSpaceAndCase() throws {
        #expect(
            try match("cuda >= {v:version}", "unsatisfied condition: cuda>=12.8, please")?["v"]?.description == "12.8")
        #expect(try match("cuda >= {v:version}", "unsatisfied condition: cuda >= 9.0\\n")?["v"]?.description == "9.0")
        #expect(try match("compiled against", "PyTorch was compiled  against") != nil)
        #expect(
            try match("driver/library version mismatch", "Failed to initialize NVML: Driver/Library version mismatch")
                != nil)
        // Between two words the line needs white space too.
        #expect(try match("torch {t:version}", "envs/pytorch1.0/lib/python3.6") == nil)
        #expect(
            try match("torch {t:version}", "torch                    2.5.1+cu124")?["t"]?.description == "2.5.1+cu124")
    }

    @Test func leadingPathAndTextCaptures() throws {
        let f = try #require(
            try match(
                "{lib:path}: undefined symbol: {sym:word:__nvJitLink}",
                "ImportError: /x/nvidia/cusparse/lib/libcusparse.so.12: undefined symbol: __nvJitLinkAddData_12_1, version libnvJitLink.so.12"
            ))
        #expect(
            f["lib"]?.text == "/x/nvidia/cusparse/lib/libcusparse.so.12" && f["sym"]?.text == "__nvJitLinkAddData_12_1")
        #expect(
            try match("{lib:path}: undefined symbol: {sym:word:__nvJitLink}", "a.so: undefined symbol: _ZN3c10") == nil)
        let g = try #require(
            try match(
                "{name:text} with CUDA capability sm_{cc:capability} is",
                "UserWarning: NVIDIA GeForce RTX 5090 with CUDA capability sm_120 is not"))
        #expect(g["name"]?.text == "NVIDIA GeForce RTX 5090")
    }

    @Test func syntaxErrors() {
        let bad = [
            "{x:int} needs text first", "no close {x:int", "a lone } brace", "{x:nope} nothing", "abc {x:int}{y:int}",
            "{X:int} upper", "ab",
        ]
        for p in bad { #expect(throws: Pattern.SyntaxError.self, "\(p)") { try Pattern(parsing: p) } }
        #expect(throws: Never.self) { try Pattern(parsing: "literal {{braces}} and {_:word} ignored") }
    }

    /// A line built to make a naive matcher backtrack: bounded attempts, so it returns at once.
    @Test func pathologicalLineIsCheap() throws {
        let p = try Pattern(parsing: "{lib:path}: undefined symbol: {sym:word}")
        let line = String(repeating: ": undefined symbol ", count: 800)
        let raw = Array(line.utf8), lower = Pattern.lowered(raw)
        let start = Date()
        for _ in 0..<100 {
            _ = raw.withUnsafeBufferPointer { r in lower.withUnsafeBufferPointer { p.match(raw: r, lower: $0) } }
        }
        #expect(Date().timeIntervalSince(start) < 2)
    }
}
