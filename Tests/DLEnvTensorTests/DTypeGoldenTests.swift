import Testing

@testable import DLEnvTensor

/// dtype conversions (exact) and type promotion against torch 2.13.0 (Goldens/dtypes.json).
@Suite struct DTypeGoldenTests {
    nonisolated(unsafe) static let file = Golden.load("dtypes.json")
    nonisolated(unsafe) static let conversions = file["conversions"] as! [String: Any]

    @Test func float32ToHalfTypesIsExact() {
        let t = Tensor(Golden.doubles(Self.conversions["float32"]))
        #expect(t.to(.float16).bits16() == Golden.bits(Self.conversions["float16_bits"]))
        #expect(t.to(.bfloat16).bits16() == Golden.bits(Self.conversions["bfloat16_bits"]))
        #expect(t.to(.float16).to(.float32).toArray() == Golden.doubles(Self.conversions["float16_back"]))
        #expect(t.to(.bfloat16).to(.float32).toArray() == Golden.doubles(Self.conversions["bfloat16_back"]))
    }

    @Test func float64ConversionsAreExact() {
        let d = Tensor(Golden.doubles(Self.conversions["float64"]), dtype: .float64)
        #expect(d.to(.float16).bits16() == Golden.bits(Self.conversions["float64_to_float16_bits"]))
        #expect(d.to(.float32).toArray() == Golden.doubles(Self.conversions["float64_to_float32"]))
    }

    @Test func floatToIntTruncatesTowardZero() {
        let t = Tensor(Golden.doubles(Self.conversions["truncate_in"]))
        #expect(t.to(.int64).toInt64Array() == (Self.conversions["truncate_out"] as! [Int]).map(Int64.init))
    }

    @Test(arguments: (Self.file["promotion"] as! [[String: String]]))
    func promotionMatchesTorch(_ c: [String: String]) {
        let a = DType(rawValue: c["a"]!)!
        let lhs = Tensor.ones([2], dtype: a)
        let result: Tensor
        switch c["kind"]! {
        case "tensor": result = lhs + Tensor.ones([2], dtype: DType(rawValue: c["b"]!)!)
        case "zero_dim": result = lhs + Tensor.ones([], dtype: DType(rawValue: c["b"]!)!)
        default: result = c["b"] == "python_float" ? lhs + 2.5 : lhs * 2.0
        }
        #expect(result.dtype.rawValue == c["result"], "\(c)")
    }
}
