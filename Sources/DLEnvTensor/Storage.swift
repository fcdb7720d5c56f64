/// A reference-counted, 64-byte aligned block of raw memory shared by a tensor and its views.
///
/// Blocks of 1 MiB and more come from `BlockCache`, which keeps a few freed ones for reuse: a fresh
/// large block is mapped by the kernel a page at a time (a 64 MiB tensor costs 16 Ki zero-filled page
/// faults, which take longer than relu over it), while a reused one is ready at once.
final class Storage: @unchecked Sendable {
    // @unchecked: the bytes are mutated only by in-place ops, which torch also leaves unsynchronised.
    let data: UnsafeMutableRawPointer
    let byteCount: Int
    /// The block's size class when it came from `BlockCache` (0: a plain allocation).
    private let cachedCapacity: Int

    init(byteCount: Int) {
        self.byteCount = byteCount
        if byteCount >= BlockCache.minimumBytes {
            let block = BlockCache.shared.take(byteCount)
            data = block.pointer
            cachedCapacity = block.capacity
        } else {
            data = UnsafeMutableRawPointer.allocate(byteCount: max(byteCount, 1), alignment: 64)
            cachedCapacity = 0
        }
    }

    deinit {
        if cachedCapacity > 0 {
            BlockCache.shared.give(data, capacity: cachedCapacity)
        } else {
            data.deallocate()
        }
    }
}

/// Row-major (C-contiguous) strides for a shape.
@inline(__always)
func contiguousStrides(_ shape: [Int]) -> [Int] {
    var strides = [Int](repeating: 1, count: shape.count)
    var acc = 1
    for i in stride(from: shape.count - 1, through: 0, by: -1) {
        strides[i] = acc
        acc *= shape[i]
    }
    return strides
}

/// Calls `body` with the element offset of every element of a strided layout, in row-major order.
@inline(__always)
func forEachOffset(shape: [Int], strides: [Int], offset: Int, _ body: (Int) -> Void) {
    let n = shape.reduce(1, *)
    if n == 0 { return }
    let rank = shape.count
    if rank == 0 {
        body(offset)
        return
    }
    let innerCount = shape[rank - 1], innerStride = strides[rank - 1]
    var index = [Int](repeating: 0, count: rank)
    var base = offset
    var done = 0
    while done < n {
        var o = base
        for _ in 0..<innerCount {
            body(o)
            o += innerStride
        }
        done += innerCount
        // Advance the odometer over the outer dimensions.
        var d = rank - 2
        while d >= 0 {
            index[d] += 1
            base += strides[d]
            if index[d] < shape[d] { break }
            base -= strides[d] * shape[d]
            index[d] = 0
            d -= 1
        }
        if d < 0 { break }
    }
}
