import Testing

@testable import DLEnvNN

// Replaced by this module's real tests when its issue lands.
@Test func dlenvNNBuilds() { #expect(Bool(true)) }
