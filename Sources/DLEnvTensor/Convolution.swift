// MARK: - 2-D convolution by im2col + matrix product

/// im2col / col2im for `[N, C, H, W]` inputs.
enum Convolution {
    struct Geometry {
        let n: Int, c: Int, h: Int, w: Int, kh: Int, kw: Int, sh: Int, sw: Int, ph: Int, pw: Int, dh: Int, dw: Int
        var outH: Int { (h + 2 * ph - dh * (kh - 1) - 1) / sh + 1 }
        var outW: Int { (w + 2 * pw - dw * (kw - 1) - 1) / sw + 1 }

        init(shape: [Int], params: [Int]) {
            (n, c, h, w) = (shape[0], shape[1], shape[2], shape[3])
            (kh, kw, sh, sw, ph, pw, dh, dw) = (
                params[0], params[1], params[2], params[3], params[4], params[5], params[6], params[7]
            )
        }

        /// Calls `body(colIndex, inputIndex)` for every in-bounds (column, input) pair of image `b`.
        @inline(__always)
        func forEachPair(_ body: (Int, Int) -> Void) {
            let oh = outH, ow = outW, l = oh * ow
            for ci in 0..<c {
                for ki in 0..<kh {
                    for kj in 0..<kw {
                        let row = (ci * kh + ki) * kw + kj
                        for oy in 0..<oh {
                            let y = oy * sh - ph + ki * dh
                            if y < 0 || y >= h { continue }
                            for ox in 0..<ow {
                                let x = ox * sw - pw + kj * dw
                                if x < 0 || x >= w { continue }
                                body(row * l + oy * ow + ox, (ci * h + y) * w + x)
                            }
                        }
                    }
                }
            }
        }
    }

    /// col2im: the adjoint of `unfold`, summing overlapping patches.
    static func fold(_ cols: Tensor, args: OpArgs) -> Tensor {
        let g = Geometry(shape: args.shape, params: args.dims)
        let src = cols.converted(to: .float64)
        let s = src.pointer(Double.self)
        var out = [Double](repeating: 0, count: args.shape.reduce(1, *))
        let colsPer = g.c * g.kh * g.kw * g.outH * g.outW, imgPer = g.c * g.h * g.w
        out.withUnsafeMutableBufferPointer { o in
            for b in 0..<g.n { g.forEachPair { col, inp in o[b * imgPer + inp] += s[b * colsPer + col] } }
        }
        return Tensor(out, shape: args.shape, dtype: cols.dtype)
    }
}

extension Tensor {
    /// im2col (torch.nn.functional.unfold): `[N, C, H, W]` → `[N, C·kh·kw, L]`.
    public func unfold(
        kernelSize: (Int, Int), stride: (Int, Int) = (1, 1), padding: (Int, Int) = (0, 0),
        dilation: (Int, Int) = (1, 1)
    ) -> Tensor {
        precondition(rank == 4, "unfold expects a [N, C, H, W] tensor, got \(shape)")
        let params = [
            kernelSize.0, kernelSize.1, stride.0, stride.1, padding.0, padding.1, dilation.0, dilation.1,
        ]
        let g = Convolution.Geometry(shape: shape, params: params)
        precondition(g.outH > 0 && g.outW > 0, "unfold: kernel \(kernelSize) larger than padded input \(shape)")
        let outShape = [g.n, g.c * g.kh * g.kw, g.outH * g.outW]
        let colsPer = outShape[1] * outShape[2], imgPer = g.c * g.h * g.w
        func kernel<T: Real>(_: T.Type) -> Tensor {
            let src = converted(to: T.dtype)
            let s = src.pointer(T.self)
            let out = Tensor.zeros(outShape, dtype: T.dtype)
            let o = out.pointer(T.self)
            for b in 0..<g.n { g.forEachPair { col, inp in o[b * colsPer + col] = s[b * imgPer + inp] } }
            return out.converted(to: dtype)
        }
        let out = dtype == .float64 ? kernel(Double.self) : kernel(Float.self)
        return out.recorded(.unfold, [self], args: OpArgs(dims: params, shape: shape))
    }

    /// 2-D convolution (torch.nn.functional.conv2d): input `[N, C, H, W]`, weight `[O, C/groups, kh, kw]`.
    public func conv2d(
        weight: Tensor, bias: Tensor? = nil, stride: (Int, Int) = (1, 1), padding: (Int, Int) = (0, 0),
        dilation: (Int, Int) = (1, 1), groups: Int = 1
    ) -> Tensor {
        precondition(
            rank == 4 && weight.rank == 4, "conv2d expects 4-D input and weight, got \(shape), \(weight.shape)")
        precondition(
            shape[1] == weight.shape[1] * groups && weight.shape[0] % groups == 0,
            "conv2d: input \(shape) with \(groups) groups does not match weight \(weight.shape)")
        let outChannels = weight.shape[0], kh = weight.shape[2], kw = weight.shape[3]
        let perGroupIn = shape[1] / groups, perGroupOut = outChannels / groups
        var outs: [Tensor] = []
        var oh = 0, ow = 0
        for gi in 0..<groups {
            let x = groups == 1 ? self : slice(dim: 1, start: gi * perGroupIn, end: (gi + 1) * perGroupIn)
            let w = groups == 1 ? weight : weight.slice(dim: 0, start: gi * perGroupOut, end: (gi + 1) * perGroupOut)
            let cols = x.unfold(kernelSize: (kh, kw), stride: stride, padding: padding, dilation: dilation)
            let geometry = Convolution.Geometry(
                shape: x.shape,
                params: [kh, kw, stride.0, stride.1, padding.0, padding.1, dilation.0, dilation.1])
            (oh, ow) = (geometry.outH, geometry.outW)
            outs.append(w.reshape([perGroupOut, -1]).matmul(cols))  // [N, O/g, L]
        }
        var y = (groups == 1 ? outs[0] : Tensor.cat(outs, dim: 1)).reshape([shape[0], outChannels, oh, ow])
        if let bias { y = y + bias.reshape([1, outChannels, 1, 1]) }
        return y
    }
}
