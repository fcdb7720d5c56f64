import Testing

@testable import DLEnvTensor

/// The generator against torch values quoted in numerics.md §1.5 (measured with torch 2.13.0).
@Suite struct GeneratorTests {
    @Test func mt19937MatchesStdMt19937() {
        var engine = MT19937(seed: 0)
        let first = (0..<5).map { _ in engine.nextUInt32() }
        #expect(first == [2_357_136_044, 2_546_248_239, 3_071_714_933, 3_626_093_760, 2_588_848_963])
    }

    @Test func seedIsTruncatedTo32Bits() {
        let a = Generator(seed: 67_280_421_310_721), b = Generator(seed: 4_053_586_177)
        #expect((0..<10).map { _ in a.random() } == (0..<10).map { _ in b.random() })
    }

    @Test func randIsBitExact() {
        let g = Generator(seed: 0)
        let values = Tensor.rand([4], generator: g).toFloatArray()
        #expect(values[0] == Float(0.49625658988952637))
    }

    @Test func randnSmallIsBitExact() {
        let g = Generator(seed: 0)
        let values = Tensor.randn([4], generator: g).toArray()
        #expect(values == [1.5409960746765137, -0.293428897857666, -2.1787893772125244, 0.5684312582015991])
    }

    @Test func linearDefaultInitIsBitExact() {
        // torch.manual_seed(0); nn.Linear(4, 2): kaiming_uniform_(a=sqrt(5)) = U(-1/2, 1/2), then the bias.
        let g = Generator(seed: 0)
        let w = Tensor.zeros([2, 4]).uniform_(from: -0.5, to: 0.5, generator: g)
        let b = Tensor.zeros([2]).uniform_(from: -0.5, to: 0.5, generator: g)
        #expect(
            w.toArray() == [
                -0.003743410110473633, 0.26822179555892944, -0.4115225672721863, -0.3679695129394531,
                -0.19257718324661255, 0.13407868146896362, -0.009906589984893799, 0.39644473791122437,
            ])
        #expect(b.toArray() == [-0.04437202215194702, 0.1323062777519226])
    }

    @Test func cachedNormalSamplePersistsAcrossCalls() {
        let g = Generator(seed: 0)
        let five = Tensor.randn([5], dtype: .float64, generator: g).toArray()
        let next = Tensor.randn([1], dtype: .float64, generator: g).toArray()
        let h = Generator(seed: 0)
        let six = Tensor.randn([6], dtype: .float64, generator: h).toArray()
        #expect(five + next == six)
    }
}
