import Synchronization

/// A torch-compatible CPU random generator: after `manualSeed(s)`, uniform sampling reproduces torch bit
/// for bit and normal sampling follows torch's algorithms (numerics.md §1.5). Thread-safe (one lock).
public final class Generator: Sendable {
    struct State {
        var engine: MT19937
        var seed: UInt64
        /// Box–Muller's second sample, cached between calls as torch caches it.
        var nextDoubleNormal: Double?

        mutating func random() -> UInt32 { engine.nextUInt32() }
        /// Two draws, the first one the high word (CPUGeneratorImpl::random64).
        mutating func random64() -> UInt64 {
            let hi = UInt64(engine.nextUInt32()), lo = UInt64(engine.nextUInt32())
            return hi << 32 | lo
        }
        /// Uniform float in [0, 1): 24 random bits × 2^-24.
        mutating func uniformFloat() -> Float { Float(random() & 0xFF_FFFF) * Float(bitPattern: 0x3380_0000) }
        /// Uniform double in [0, 1): 53 random bits × 2^-53.
        mutating func uniformDouble() -> Double { Double(random64() & ((1 << 53) - 1)) * 0x1p-53 }

        /// One sample of `at::normal_distribution<double>` (Box–Muller with the cached sine sample).
        mutating func normalDouble(mean: Double, std: Double) -> Double {
            if let cached = nextDoubleNormal {
                nextDoubleNormal = nil
                return cached * std + mean
            }
            let u1 = uniformDouble(), u2 = uniformDouble()
            let r = (-2.0 * Double.log1p(-u2)).squareRoot()
            let theta = 2.0 * Double.pi * u1
            nextDoubleNormal = r * Double.sin(theta)
            return r * Double.cos(theta) * std + mean
        }
    }

    private let state: Mutex<State>

    /// A generator seeded like a fresh `torch.Generator()` (default seed 67280421310721) or with `seed`.
    public init(seed: UInt64 = 67_280_421_310_721) {
        state = Mutex(State(engine: MT19937(seed: seed), seed: seed, nextDoubleNormal: nil))
    }

    /// Reseeds and clears the cached normal sample (torch's `manual_seed`).
    public func manualSeed(_ seed: UInt64) {
        state.withLock { $0 = State(engine: MT19937(seed: seed), seed: seed, nextDoubleNormal: nil) }
    }

    /// The seed last set.
    public var initialSeed: UInt64 { state.withLock { $0.seed } }

    /// Runs `body` with exclusive access to the generator state (one lock for a whole fill).
    func withState<R>(_ body: (inout State) -> R) -> R { state.withLock { body(&$0) } }

    /// The next raw 32-bit output (torch's `generator.random()` on CPU).
    public func random() -> UInt32 { state.withLock { $0.random() } }

    /// The process-wide default generator (torch's default CPU generator); seed it with `manualSeed`.
    public static let `default` = Generator(seed: 67_280_421_310_721)
}

/// Seeds the default generator (torch.manual_seed).
public func manualSeed(_ seed: UInt64) { Generator.default.manualSeed(seed) }
