/// An n-dimensional array with torch's semantics: a dtype, a shape, strided views over shared storage,
/// and reverse-mode autograd.
///
/// `Tensor` is a reference type, like a torch tensor in Python: `let p = model.weight` and `p.grad` refer
/// to the same object the optimizer updates. Views (`reshape`, `transpose`, `[...]`, `expand`) share
/// storage with their base.
public final class Tensor: @unchecked Sendable {
    // @unchecked: like torch, a tensor is not synchronised; share it across threads only read-only.
    // @exclusivity(unchecked) on the mutable properties: the run-time exclusivity checks on them cost ~6 % of a
    // tiny training step (callgrind); nothing here takes overlapping accesses to them.

    /// The element type.
    public let dtype: DType
    /// The size of each dimension.
    public let shape: [Int]
    /// Element strides of each dimension (0 for broadcast dimensions).
    public let strides: [Int]
    /// Element offset of the first element in the storage.
    let offset: Int
    let storage: Storage

    /// The gradient accumulated by `backward()` (leaves only), or nil.
    @exclusivity(unchecked) public var grad: Tensor?
    /// The node that produced this tensor (nil for leaves).
    @exclusivity(unchecked) var gradFn: Node?
    @exclusivity(unchecked) var requiresGradInternal = false
    /// A tensor made from a Swift scalar (a "wrapped number" in torch's type promotion).
    @exclusivity(unchecked) var isWrappedNumber = false
    /// Whether this tensor allocated its storage itself (false for views and re-wrapped storage). With a
    /// uniquely referenced tensor object it lets `backward()` keep a fresh gradient instead of copying it.
    let ownsStorage: Bool

    init(storage: Storage, dtype: DType, shape: [Int], strides: [Int], offset: Int) {
        self.storage = storage
        self.dtype = dtype
        self.shape = shape
        self.strides = strides
        self.offset = offset
        ownsStorage = false
    }

    /// An uninitialised contiguous tensor. `layoutOf`: a tensor whose strides array may be shared when it has
    /// the same shape and its own contiguous storage (saves an allocation per result of an element-wise op).
    init(uninitialized shape: [Int], dtype: DType, layoutOf like: Tensor? = nil) {
        precondition(shape.allSatisfy { $0 >= 0 }, "negative dimension in shape \(shape)")
        let n = shape.reduce(1, *)
        storage = Storage.make(byteCount: n * dtype.itemSize)
        self.dtype = dtype
        self.shape = shape
        if let like, like.ownsStorage, like.shape == shape {
            strides = like.strides  // row-major strides of this very shape, shared copy-on-write
        } else {
            strides = contiguousStrides(shape)
        }
        offset = 0
        ownsStorage = true
    }

    /// Whether gradients are recorded for this tensor (torch's `requires_grad`). Only floating-point leaves
    /// may be set to require gradients.
    public var requiresGrad: Bool {
        get { requiresGradInternal }
        set {
            if newValue {
                precondition(dtype.isFloatingPoint, "only floating point tensors can require gradients, not \(dtype)")
            }
            precondition(gradFn == nil || newValue, "requiresGrad can only be cleared on leaf tensors (use detach())")
            requiresGradInternal = newValue
        }
    }

    /// Sets `requiresGrad` and returns self (torch's `requires_grad_()`).
    @discardableResult
    public func requiresGrad_(_ flag: Bool = true) -> Tensor {
        requiresGrad = flag
        return self
    }

    /// Whether this tensor was created by the user rather than by a recorded operation.
    public var isLeaf: Bool { gradFn == nil }

    /// Number of dimensions.
    public var rank: Int { shape.count }
    /// Number of dimensions (torch's `dim()`).
    public var ndim: Int { shape.count }
    /// Number of elements.
    public var count: Int { shape.reduce(1, *) }
    /// Number of elements (torch's `numel()`).
    public var numel: Int { count }

    /// Whether the elements are laid out densely in row-major order.
    public var isContiguous: Bool {
        var expected = 1
        for i in stride(from: shape.count - 1, through: 0, by: -1) where shape[i] != 1 {
            if strides[i] != expected { return false }
            expected *= shape[i]
        }
        return true
    }

    /// Size of dimension `dim` (negative counts from the end).
    public func size(_ dim: Int) -> Int { shape[normalizeDim(dim, rank)] }

    /// A tensor sharing this one's data but cut out of the graph (torch's `detach()`).
    public func detach() -> Tensor {
        Tensor(storage: storage, dtype: dtype, shape: shape, strides: strides, offset: offset)
    }

    /// The typed base pointer of the first element.
    @inline(__always)
    func pointer<T>(_ type: T.Type) -> UnsafeMutablePointer<T> {
        storage.data.assumingMemoryBound(to: T.self) + offset
    }
}

/// Wraps a possibly negative dimension index into `0..<rank`.
@inline(__always)
func normalizeDim(_ dim: Int, _ rank: Int) -> Int {
    let r = max(rank, 1)
    let d = dim < 0 ? dim + r : dim
    precondition(d >= 0 && d < r, "dimension \(dim) out of range for a tensor of rank \(rank)")
    return d
}
