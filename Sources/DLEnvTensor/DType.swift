/// The element types a tensor can hold, named as torch names them.
///
/// float16 and bfloat16 are storage types: arithmetic runs in float32 and rounds once to the storage type
/// (as torch's CPU kernels do, numerics.md §2.4).
public enum DType: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case float32, float64, float16, bfloat16, int64, bool

    /// Bytes per element.
    public var itemSize: Int {
        switch self {
        case .float32: return 4
        case .float64, .int64: return 8
        case .float16, .bfloat16: return 2
        case .bool: return 1
        }
    }

    /// Whether the type is a floating-point type (can require gradients).
    public var isFloatingPoint: Bool {
        switch self {
        case .float32, .float64, .float16, .bfloat16: return true
        case .int64, .bool: return false
        }
    }

    /// torch's name, e.g. `torch.float32`.
    public var description: String { "torch.\(rawValue)" }

    // Promotion category: bool < integer < floating (torch docs "Type Promotion", numerics.md §6.5).
    var category: Int {
        switch self {
        case .bool: return 0
        case .int64: return 1
        default: return 2
        }
    }

    /// The smallest type both operands promote to when both are dimensioned tensors
    /// (`torch.promote_types`): f16 + bf16 → f32, int + float → the float type.
    public static func promote(_ a: DType, _ b: DType) -> DType {
        if a == b { return a }
        if a.category != b.category { return a.category > b.category ? a : b }
        // Same category, different types: only the floating category has several members.
        if a == .float64 || b == .float64 { return .float64 }
        if a == .float32 || b == .float32 { return .float32 }
        return .float32  // float16 with bfloat16
    }

    /// torch.result_type for a binary op. Priority: dimensioned tensors > zero-dim tensors > Python scalars;
    /// a lower-priority participant only matters when its category is higher (numerics.md §6.5).
    static func resultType(_ a: Tensor, _ b: Tensor) -> DType {
        func tier(_ t: Tensor) -> Int { t.isWrappedNumber ? 0 : (t.shape.isEmpty ? 1 : 2) }
        let ta = tier(a), tb = tier(b)
        if ta == tb { return promote(a.dtype, b.dtype) }
        let (hi, lo) = ta > tb ? (a, b) : (b, a)
        if lo.dtype.category <= hi.dtype.category { return hi.dtype }
        // The lower-priority operand is of a higher category: the result is that category's default
        // type for a Python scalar, or its own type for a zero-dim tensor.
        if lo.isWrappedNumber { return lo.dtype.category == 2 ? .float32 : .int64 }
        return lo.dtype
    }
}
