import Foundation
import Testing

@testable import DLEnvTensor

/// Sampling against torch 2.13.0 (Goldens/random.json): uniform bit for bit, small normals bit for bit.
@Suite struct RandomGoldenTests {
    nonisolated(unsafe) static let file = Golden.load("random.json")
    nonisolated(unsafe) static let cases = (file["cases"] as! [[String: Any]])

    nonisolated(unsafe) static let uniformCases = cases.indices.filter { cases[$0]["kind"] as! String == "uniform" }
    nonisolated(unsafe) static let normalCases = cases.indices.filter { cases[$0]["kind"] as! String == "normal" }

    @Test(arguments: uniformCases)
    func uniformIsBitExact(_ i: Int) {
        let c = Self.cases[i]
        let dtype = DType(rawValue: c["dtype"] as! String)!
        let g = Generator(seed: (c["seed"] as! NSNumber).uint64Value)
        let t = Tensor.zeros([c["count"] as! Int], dtype: dtype)
        t.uniform_(from: Golden.number(c["from"]), to: Golden.number(c["to"]), generator: g)
        if dtype.itemSize == 2 {
            #expect(t.bits16() == Golden.bits(c["values"]), "\(c["seed"]!) \(dtype) [\(c["from"]!), \(c["to"]!))")
        } else {
            #expect(t.toArray() == Golden.doubles(c["values"]), "\(c["seed"]!) \(dtype) [\(c["from"]!), \(c["to"]!))")
        }
    }

    @Test(arguments: normalCases)
    func normalMatchesTorch(_ i: Int) {
        let c = Self.cases[i]
        let dtype = DType(rawValue: c["dtype"] as! String)!
        let n = c["count"] as! Int
        let g = Generator(seed: (c["seed"] as! NSNumber).uint64Value)
        let t = Tensor.zeros([n], dtype: dtype).normal_(
            mean: Golden.number(c["mean"]), std: Golden.number(c["std"]), generator: g)
        let expected = Golden.doubles(c["values"])
        if n < 16 || dtype == .float64 {
            // Box–Muller in double (and float64 normal_fill with glibc's log/sin/cos): bit-exact.
            #expect(t.toArray() == expected, "seed \(c["seed"]!) \(dtype) n=\(n)")
        } else {
            // torch's AVX2 float32 path uses vectorised approximate log/sincos (numerics.md §1.5).
            let ok = zip(t.toArray(), expected).allSatisfy { Golden.close($0, $1, rtol: 1e-5, atol: 1e-5) }
            #expect(ok, "seed \(c["seed"]!) float32 n=\(n)")
        }
    }

    @Test(arguments: (Self.file["linear"] as! [[String: Any]]).indices)
    func linearDefaultInit(_ i: Int) {
        let c = (Self.file["linear"] as! [[String: Any]])[i]
        let fanIn = c["in"] as! Int, fanOut = c["out"] as! Int
        let g = Generator(seed: (c["seed"] as! NSNumber).uint64Value)
        // kaiming_uniform_(a=sqrt(5)) computed as torch does in double, then the bias U(±1/sqrt(fan_in)).
        let a = 5.0.squareRoot()
        let gain = (2.0 / (1 + a * a)).squareRoot()
        let bound = 3.0.squareRoot() * (gain / Double(fanIn).squareRoot())
        let w = Tensor.zeros([fanOut, fanIn]).uniform_(from: -bound, to: bound, generator: g)
        let bb = 1 / Double(fanIn).squareRoot()
        let b = Tensor.zeros([fanOut]).uniform_(from: -bb, to: bb, generator: g)
        #expect(w.toArray() == Golden.doubles(c["weight"]))
        #expect(b.toArray() == Golden.doubles(c["bias"]))
    }
}
