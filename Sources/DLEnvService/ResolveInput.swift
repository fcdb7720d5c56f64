import DLEnvCore
import DLEnvMatrix

/// The constraints a person types (`--torch`, `--python`, `--gpu`, …) made into a `ResolveRequest`, with every
/// bad value refused (exit 2) with a fix. `resolve` and `check` share it.
public struct ResolveInput: Sendable {
    public var torch: String?
    public var torchvision: String?
    /// A version (3.12) or an interpreter whose version is asked.
    public var python: String?
    public var accelerator: String = "auto"
    public var os: String?
    public var driver: String?
    public var gpus: [String] = []

    public init() {}

    /// The request on top of `base` (a saved host's facts, or none).
    public func request(base: ResolveRequest = ResolveRequest(), matrix: CompatibilityMatrix) throws -> ResolveRequest {
        var request = base
        request.torch = try MatrixInput.spec(torch, what: "--torch")
        request.torchvision = try MatrixInput.spec(torchvision, what: "--torchvision")
        if let python { request.python = try PythonSelection.version(python) }
        request.accelerator = try AcceleratorSpec(parsing: accelerator)
        if let os { request.os = try MatrixInput.os(os) }
        if let driver { request.driver = try MatrixInput.version(driver, what: "--driver", example: "535.104.05") }
        if !gpus.isEmpty { request.gpus = try MatrixInput.gpus(gpus, matrix: matrix) }
        return request
    }

    /// The request for `dlenv resolve`: also refuses a variant and a torch constraint the matrix does not know
    /// (an unknown version is bad input, not an incompatible host).
    public func resolveRequest(base: ResolveRequest = ResolveRequest(), matrix: CompatibilityMatrix) throws
        -> ResolveRequest
    {
        let request = try request(base: base, matrix: matrix)
        if case .variant(let name) = request.accelerator {
            let known = Set(matrix.series.flatMap { $0.variants.map(\.name) })
            if !known.contains(name) {
                let near = closest(to: name, in: Array(known).sorted(), limit: 3)
                throw DiagnosticsError(
                    Diagnostic(
                        .error, "no torch release in the matrix has a '\(name)' variant",
                        remedy: near.isEmpty
                            ? "see dlenv matrix list torch" : "nearest known: \(near.joined(separator: ", "))"))
            }
        }
        if !request.torch.isAny, !matrix.torchReleases.contains(where: { request.torch.contains($0.release.version) }) {
            let known = matrix.torchReleases.map(\.release.version)
            let probe = request.torch.firstVersion ?? known.first ?? Version(0)
            throw DiagnosticsError(
                Diagnostic(
                    .error, "no torch release in the matrix satisfies '\(request.torch)'",
                    remedy: "nearest known: \(MatrixInput.nearest(probe, in: known))"))
        }
        return request
    }
}
