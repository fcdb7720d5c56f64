/// A reference-counted block of raw memory shared by a tensor and its views.
///
/// Small blocks live in the same heap allocation as the object (tail-allocated, 8-byte aligned, which every
/// dtype needs; the kernels load unaligned): one malloc per tensor instead of an object plus a `memalign`ed
/// buffer, whose chunks also made every later `free` slower. Blocks of 1 MiB and more come from
/// `BlockCache`, 2 MiB aligned and kept for reuse: a fresh large block is mapped by the kernel a page at a
/// time (a 64 MiB tensor costs 16 Ki zero-filled page faults, which take longer than relu over it), while a
/// reused one is ready at once.
// Not Sendable: ManagedBuffer's conformance is unavailable, so declaring one here had no effect (Swift warned that
// it is already unavailable). Tensor, which owns it, is `@unchecked Sendable` instead.
final class Storage: ManagedBuffer<StorageHeader, Double> {

    /// A block of `byteCount` bytes (uninitialised).
    static func make(byteCount: Int) -> Storage {
        let large = byteCount >= BlockCache.minimumBytes
        let block = large ? BlockCache.shared.take(byteCount) : nil
        let tail = large ? 0 : (byteCount + 7) / 8
        let buffer = Storage.create(minimumCapacity: tail) { buffer in
            let data =
                block?.pointer ?? buffer.withUnsafeMutablePointerToElements { UnsafeMutableRawPointer($0) }
            return StorageHeader(data: data, byteCount: byteCount, cachedCapacity: block?.capacity ?? 0)
        }
        return unsafeDowncast(buffer, to: Storage.self)
    }

    // The header is read through its pointer: `ManagedBuffer.header` is a class `var`, and every access to it
    // would pay a run-time exclusivity check (measured: a sixth of all such checks in a tiny training step).

    /// The first byte.
    @inline(__always) var data: UnsafeMutableRawPointer { withUnsafeMutablePointerToHeader { $0.pointee.data } }
    /// The size in bytes.
    @inline(__always) var byteCount: Int { withUnsafeMutablePointerToHeader { $0.pointee.byteCount } }

    deinit {
        let h = withUnsafeMutablePointerToHeader { $0.pointee }
        if h.cachedCapacity > 0 { BlockCache.shared.give(h.data, capacity: h.cachedCapacity) }
    }
}

/// Where a storage's bytes are and whether they belong to `BlockCache`.
struct StorageHeader {
    let data: UnsafeMutableRawPointer
    let byteCount: Int
    /// The block's size class when it came from `BlockCache` (0: the bytes follow the object).
    let cachedCapacity: Int
}

/// Row-major (C-contiguous) strides for a shape.
@inline(__always)
func contiguousStrides(_ shape: [Int]) -> [Int] {
    // Array literals for the common ranks: `Array(repeating:count:)` goes through a generic, unspecialised
    // allocation path that looks up type metadata at run time (measured: ~500 instructions per call, a
    // sixth of a tiny training step).
    switch shape.count {
    case 0: return []
    case 1: return [1]
    case 2: return [shape[1], 1]
    case 3: return [shape[1] * shape[2], shape[2], 1]
    case 4: return [shape[1] * shape[2] * shape[3], shape[2] * shape[3], shape[3], 1]
    default: break
    }
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
