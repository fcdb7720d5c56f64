/// Whether operations record a graph, per task (and per thread outside tasks): torch's `no_grad`.
public enum GradMode {
    @TaskLocal static var enabledValue = true

    /// Whether gradient recording is on in the current task.
    public static var isEnabled: Bool { enabledValue }
}

/// Runs `body` without recording a graph (torch's `with torch.no_grad():`).
public func noGrad<R>(_ body: () throws -> R) rethrows -> R {
    try GradMode.$enabledValue.withValue(false) { try body() }
}

/// Runs `body` with gradient recording on (torch's `with torch.enable_grad():`).
public func enableGrad<R>(_ body: () throws -> R) rethrows -> R {
    try GradMode.$enabledValue.withValue(true) { try body() }
}
