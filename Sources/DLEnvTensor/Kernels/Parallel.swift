import Dispatch

/// Splits element-wise work across the machine's cores when it is large enough to pay for the threads.
enum Parallel {
    /// Number of worker threads (the online CPUs).
    static let workers: Int = {
        #if canImport(Glibc)
            return max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        #else
            return 1
        #endif
    }()

    /// Below this many elements one thread is faster (thread hand-off costs a few microseconds).
    static let threshold = 1 << 15

    /// Calls `body` on disjoint ranges covering `0..<n`, in parallel when `n` is large.
    @inline(__always)
    static func forRanges(_ n: Int, grain: Int = threshold, _ body: (Range<Int>) -> Void) {
        let chunks = min(workers, n / grain)
        if chunks <= 1 {
            body(0..<n)
            return
        }
        // Chunk boundaries on 64-element multiples keep SIMD loops aligned.
        let per = ((n + chunks - 1) / chunks + 63) & ~63
        withoutActuallyEscaping(body) { body in
            let box = UncheckedBox(body)
            DispatchQueue.concurrentPerform(iterations: chunks) { c in
                let lo = min(n, c * per), hi = min(n, lo + per)
                if lo < hi { box.value(lo..<hi) }
            }
        }
    }
}

/// Carries a non-Sendable closure into `concurrentPerform`; each worker touches a disjoint range.
struct UncheckedBox<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}

#if canImport(Glibc)
    import Glibc
#endif
