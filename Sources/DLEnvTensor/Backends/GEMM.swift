/// C = alpha·op(A)·op(B) + beta·C for row-major matrices, through OpenBLAS when loaded, else the built-in
/// kernel. Small products stay in the built-in kernel: a BLAS call costs more than the arithmetic.
enum GEMM {
    /// Products below this many multiply-adds skip the BLAS call overhead.
    static let smallWork = 32 * 32 * 32

    static func gemm<T: Real>(
        transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: T, a: UnsafePointer<T>, lda: Int,
        b: UnsafePointer<T>, ldb: Int, beta: T, c: UnsafeMutablePointer<T>, ldc: Int
    ) {
        if m == 0 || n == 0 { return }
        if m * n * k >= smallWork, let blas = BLAS.shared {
            var beta = beta
            if beta == 0 {
                // Zero C ourselves (memset) and accumulate onto it: OpenBLAS 0.3.21 clears C for beta = 0 with a
                // scalar store loop that took 7 % of an MLP training step.
                for i in 0..<m { (c + i * ldc).update(repeating: 0, count: n) }
                beta = 1
            }
            let ta: Int32 = transA ? 112 : 111, tb: Int32 = transB ? 112 : 111  // CblasTrans / CblasNoTrans
            if T.self == Float.self {
                blas.sgemm(
                    101, ta, tb, Int32(m), Int32(n), Int32(k), Float(alpha.double),
                    UnsafeRawPointer(a).assumingMemoryBound(to: Float.self), Int32(lda),
                    UnsafeRawPointer(b).assumingMemoryBound(to: Float.self), Int32(ldb), Float(beta.double),
                    UnsafeMutableRawPointer(c).assumingMemoryBound(to: Float.self), Int32(ldc))
            } else {
                blas.dgemm(
                    101, ta, tb, Int32(m), Int32(n), Int32(k), alpha.double,
                    UnsafeRawPointer(a).assumingMemoryBound(to: Double.self), Int32(lda),
                    UnsafeRawPointer(b).assumingMemoryBound(to: Double.self), Int32(ldb), beta.double,
                    UnsafeMutableRawPointer(c).assumingMemoryBound(to: Double.self), Int32(ldc))
            }
            return
        }
        if m * n * k <= tinyWork {
            tiny(
                transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda, b: b, ldb: ldb,
                beta: beta, c: c, ldc: ldc)
            return
        }
        builtIn(
            transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda, b: b, ldb: ldb,
            beta: beta, c: c, ldc: ldc)
    }

    /// Products this small run as a plain loop: packing and threads cost more than the arithmetic.
    static let tinyWork = 4096

    /// A direct loop over `C`, each element a dot product accumulated in order (as the packed kernel does).
    static func tiny<T: Real>(
        transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: T, a: UnsafePointer<T>, lda: Int,
        b: UnsafePointer<T>, ldb: Int, beta: T, c: UnsafeMutablePointer<T>, ldc: Int
    ) {
        let (ai, ap) = transA ? (1, lda) : (lda, 1)  // strides of A along i and p
        let (bp, bj) = transB ? (1, ldb) : (ldb, 1)  // strides of B along p and j
        for i in 0..<m {
            for j in 0..<n {
                var acc: T = 0
                for p in 0..<k { acc += a[i * ai + p * ap] * b[p * bp + j * bj] }
                let o = i * ldc + j
                c[o] = beta == 0 ? alpha * acc : alpha * acc + beta * c[o]
            }
        }
    }

    /// The built-in kernel: B is packed row-major (k × n), then each row of C accumulates
    /// `a[i, p] * B[p, :]` with SIMD8 vectors; rows are split across cores for large products.
    static func builtIn<T: Real>(
        transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: T, a: UnsafePointer<T>, lda: Int,
        b: UnsafePointer<T>, ldb: Int, beta: T, c: UnsafeMutablePointer<T>, ldc: Int
    ) {
        // Pack B as k × n row-major so the inner loop is contiguous.
        let packed = UnsafeMutablePointer<T>.allocate(capacity: max(k * n, 1))
        defer { packed.deallocate() }
        for p in 0..<k {
            for j in 0..<n { packed[p * n + j] = transB ? b[j * ldb + p] : b[p * ldb + j] }
        }
        let bp = UnsafePointer(packed)
        let rowsPerTask = max(1, (1 << 15) / max(n * k, 1))
        let tasks = (m + rowsPerTask - 1) / rowsPerTask
        Parallel.forRanges(tasks, grain: 1) { taskRange in
            let acc = UnsafeMutablePointer<T>.allocate(capacity: n + 8)
            defer { acc.deallocate() }
            for task in taskRange {
                for i in (task * rowsPerTask)..<min(m, (task + 1) * rowsPerTask) {
                    acc.update(repeating: 0, count: n)
                    for p in 0..<k {
                        let av = transA ? a[p * lda + i] : a[i * lda + p]
                        if av == 0 { continue }
                        let row = bp + p * n
                        var j = 0
                        let v = SIMD8<T>(repeating: av)
                        while j + 8 <= n {
                            let bv = UnsafeRawPointer(row + j).loadUnaligned(as: SIMD8<T>.self)
                            var cv = UnsafeRawPointer(acc + j).loadUnaligned(as: SIMD8<T>.self)
                            cv += v * bv  // not addProduct: without FMA hardware it becomes a libm call per lane
                            UnsafeMutableRawPointer(acc + j).storeBytes(of: cv, as: SIMD8<T>.self)
                            j += 8
                        }
                        while j < n {
                            acc[j] += av * row[j]
                            j += 1
                        }
                    }
                    let crow = c + i * ldc
                    if beta == 0 {
                        for j in 0..<n { crow[j] = alpha * acc[j] }
                    } else {
                        for j in 0..<n { crow[j] = alpha * acc[j] + beta * crow[j] }
                    }
                }
            }
        }
    }
}
