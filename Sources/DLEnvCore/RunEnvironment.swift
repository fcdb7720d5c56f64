/// The software a run saw: the interpreter and its torch (the twin reports it; verify and bench store it), and
/// the threads each side computed with (bench). Nil fields: unknown, or stored before dlenv recorded them.
public struct RunEnvironment: Sendable, Hashable, Codable {
    public var python: String?
    /// torch's version with its local tag ("2.13.0+cpu").
    public var torch: String?
    public var cuda: String?
    public var cudnn: String?
    public var device: String?
    /// The BLAS threads dlenv's figures ran with.
    public var blasThreads: Int?
    /// `torch.get_num_threads()` in the torch run.
    public var torchThreads: Int?

    public init(
        python: String? = nil, torch: String? = nil, cuda: String? = nil, cudnn: String? = nil,
        device: String? = nil, blasThreads: Int? = nil, torchThreads: Int? = nil
    ) {
        self.python = python
        self.torch = torch
        self.cuda = cuda
        self.cudnn = cudnn
        self.device = device
        self.blasThreads = blasThreads
        self.torchThreads = torchThreads
    }

    enum CodingKeys: String, CodingKey {
        case python, torch, cuda, cudnn, device
        case blasThreads = "blas_threads"
        case torchThreads = "torch_threads"
    }
}
