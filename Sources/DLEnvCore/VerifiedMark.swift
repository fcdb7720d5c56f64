/// "Verified on hardware": one GPU × driver combination that `dlenv fleet collect` stored a passed or failed result
/// of, for one stack. The store's results fill it (the CLI reads them); `dlenv resolve` and `dlenv matrix torch`
/// list it under a stack. Its JSON keys: `gpu`, `driver`, `passed`, `last_collected`.
public struct VerifiedMark: Sendable, Hashable, Encodable {
    /// The matrix's GPU name.
    public var gpu: String
    /// The `nvidia.com/gpu.product` label form (not in the JSON: `gpu` names it).
    public var product: String
    public var driver: String
    public var passed: Bool
    /// When the latest result was collected, ISO 8601.
    public var lastCollected: String

    public init(gpu: String, product: String, driver: String, passed: Bool, lastCollected: String) {
        self.gpu = gpu
        self.product = product
        self.driver = driver
        self.passed = passed
        self.lastCollected = lastCollected
    }

    enum CodingKeys: String, CodingKey {
        case gpu, driver, passed
        case lastCollected = "last_collected"
    }
}
