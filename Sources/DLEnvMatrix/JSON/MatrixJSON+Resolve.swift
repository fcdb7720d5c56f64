import DLEnvCore

extension MatrixJSON {
    /// A resolved stack with every key present (null where unknown).
    public struct ResolvedStack: Sendable, Encodable {
        public var stack: Stack
        /// The variant's index (also for PyPI's default variant, whose wheel is on both).
        public var indexURL: String
        /// GPU × driver combinations `dlenv fleet collect` stored for this stack (empty when none).
        public var verifiedOn: [VerifiedMark]

        public init(stack: Stack, indexURL: String, verifiedOn: [VerifiedMark] = []) {
            self.stack = stack
            self.indexURL = indexURL
            self.verifiedOn = verifiedOn
        }

        /// The stack with its variant's index as the matrix gives it: the stack's own, else the release's index
        /// for the variant (a release with its own index, such as the 1.8.2 LTS), else the variant's default.
        public init(stack: Stack, matrix: CompatibilityMatrix, verifiedOn: [VerifiedMark] = []) {
            let found = Version(stack.torch).flatMap { matrix.torch($0) }
            let variant = found?.series.variant(stack.variant)
            let index = stack.indexURL ?? variant.flatMap { found?.release.indexURL(for: $0) }
            self.init(
                stack: stack, indexURL: index ?? TorchVariant.defaultIndexURL(for: stack.variant),
                verifiedOn: verifiedOn)
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Key.self)
            try c.encode(stack.torch, forKey: .torch)
            try c.encode(stack.torchvision, forKey: .torchvision)
            try c.encode(stack.torchaudio, forKey: .torchaudio)
            try c.encode(stack.python, forKey: .python)
            try c.encode(stack.variant, forKey: .variant)
            try c.encode(stack.cuda, forKey: .cuda)
            try c.encode(stack.rocm, forKey: .rocm)
            try c.encode(stack.cudnn, forKey: .cudnn)
            try c.encode(stack.nccl, forKey: .nccl)
            try c.encode(indexURL, forKey: .index_url)
            try c.encode(stack.pypiDefault, forKey: .pypi_default)
            try c.encode(stack.arch, forKey: .arch)
            try c.encode(stack.minDriverLinux, forKey: .min_driver_linux)
            try c.encode(stack.minDriverWindows, forKey: .min_driver_windows)
            try c.encode(stack.torchWheel, forKey: .wheel)
            try c.encode(verifiedOn, forKey: .verified_on)
        }
        enum Key: String, CodingKey {
            case torch, torchvision, torchaudio, python, variant, cuda, rocm, cudnn, nccl, index_url, pypi_default, arch
            case min_driver_linux, min_driver_windows, wheel, verified_on
        }
    }

    /// `dlenv resolve --json`: the stacks best first, the rejected candidates with their reasons, the notes.
    public struct Resolve: Sendable, Encodable {
        public var stacks: [ResolvedStack]
        public var rejected: [Rejection]
        public var notes: [String]

        public init(stacks: [ResolvedStack], rejected: [Rejection], notes: [String]) {
            self.stacks = stacks
            self.rejected = rejected
            self.notes = notes
        }

        /// A resolution's document; `verifiedOn` gives the stored marks of a stack (none by default).
        public init(
            _ resolution: Resolution, matrix: CompatibilityMatrix, verifiedOn: (Stack) -> [VerifiedMark] = { _ in [] }
        ) {
            self.init(
                stacks: resolution.stacks.map { ResolvedStack(stack: $0, matrix: matrix, verifiedOn: verifiedOn($0)) },
                rejected: resolution.rejected, notes: resolution.notes)
        }
    }
}
