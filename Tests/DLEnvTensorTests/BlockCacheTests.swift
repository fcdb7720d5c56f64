import Testing

@testable import DLEnvTensor

@Suite("Large-block cache")
struct BlockCacheTests {
    @Test("size classes round up by at most an eighth, never below the request")
    func sizeClasses() {
        for bytes in [1 << 20, (1 << 20) + 1, 3_000_000, 64 << 20, (64 << 20) + 4, 100_000_007] {
            let c = BlockCache.sizeClass(bytes)
            #expect(c >= bytes)
            #expect(Double(c - bytes) <= Double(bytes) / 8 + 1)
        }
        #expect(BlockCache.sizeClass(64 << 20) == 64 << 20)
        // Nearly equal sizes share a class, so a block is reused across them.
        #expect(BlockCache.sizeClass(9_000_000) == BlockCache.sizeClass(9_100_000))
    }

    @Test("a freed block is served again for the same size class, and it is aligned")
    func reuse() {
        let cache = BlockCache(budgetBytes: 64 << 20)
        let a = cache.take(3 << 20)
        #expect(Int(bitPattern: a.pointer) % 64 == 0)
        a.pointer.storeBytes(of: 42, as: Int.self)
        cache.give(a.pointer, capacity: a.capacity)
        let b = cache.take((3 << 20) - 100)
        #expect(b.pointer == a.pointer)
        let c = cache.take(3 << 20)  // nothing free any more: a new block
        #expect(c.pointer != b.pointer)
        #expect(cache.statistics == BlockCache.Statistics(hits: 1, misses: 2, cachedBytes: 0, cachedBlocks: 0))
        cache.give(b.pointer, capacity: b.capacity)
        cache.give(c.pointer, capacity: c.capacity)
        #expect(cache.statistics.cachedBlocks == 2)
    }

    @Test("the budget bounds what is kept: the oldest blocks go first, oversized blocks are not kept")
    func budget() {
        let cache = BlockCache(budgetBytes: 8 << 20)
        let blocks = (0..<3).map { _ in cache.take(4 << 20) }
        for b in blocks { cache.give(b.pointer, capacity: b.capacity) }
        #expect(cache.statistics.cachedBytes == 8 << 20)
        #expect(cache.statistics.cachedBlocks == 2)
        // The newest two are kept: taking twice reuses them, the third take allocates.
        let again = [cache.take(4 << 20), cache.take(4 << 20)]
        #expect(Set(again.map(\.pointer)) == Set(blocks.dropFirst().map(\.pointer)))
        let big = cache.take(16 << 20)
        cache.give(big.pointer, capacity: big.capacity)
        #expect(cache.statistics.cachedBlocks == 0)
        for b in again { cache.give(b.pointer, capacity: b.capacity) }
        cache.trim()
        #expect(cache.statistics.cachedBytes == 0)
    }

    @Test("tensors on reused blocks hold their own values (zeros are written, not assumed)")
    func tensorsOnReusedBlocks() {
        let n = 1 << 19  // 2 MiB of float32
        do {
            let x = Tensor.full([n], 7)
            #expect(x.pointer(Float.self)[n - 1] == 7)
        }
        let z = Tensor.zeros([n])
        #expect(z.sum().item() == 0)
        let y = Tensor.arange(0, Double(n), dtype: .float32).relu()
        #expect(y.pointer(Float.self)[n - 1] == Float(n - 1))
    }

    @Test("blocks freed on other threads come back safely")
    func concurrentFrees() async {
        let cache = BlockCache(budgetBytes: 32 << 20)
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    for _ in 0..<50 {
                        let b = cache.take(2 << 20)
                        b.pointer.storeBytes(of: 1, as: Int.self)
                        cache.give(b.pointer, capacity: b.capacity)
                    }
                }
            }
        }
        let s = cache.statistics
        #expect(s.hits + s.misses == 400)
        #expect(s.cachedBlocks <= 8)
    }
}
