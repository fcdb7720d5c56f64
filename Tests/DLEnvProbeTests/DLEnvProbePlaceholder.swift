import Testing

@testable import DLEnvProbe

// Replaced by this module's real tests when its issue lands.
@Test func dlenvProbeBuilds() { #expect(Bool(true)) }
