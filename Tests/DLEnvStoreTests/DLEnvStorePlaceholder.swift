import Testing

@testable import DLEnvStore

// Replaced by this module's real tests when its issue lands.
@Test func dlenvStoreBuilds() { #expect(Bool(true)) }
