import DLEnvService
import DLEnvStore
import Foundation
import Testing

@testable import DLEnvCLI

/// Runs are stored under the probe's identity facts of the machine (`RunRecords.currentHost`), read from its files.
@Suite struct StoreHostTests {
    static let hosts = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("DLEnvProbeTests/Fixtures/hosts")

    @Test func theIdentityOfACapturedHost() {
        let identity = RunRecords.currentHost(root: Self.hosts.appendingPathComponent("r384-gtx650-proc/root").path)
        let gpus = ["GeForce GTX 650 (GPU-e3f822b9-8c5f-95a5-b379-8dfdeefd7758)"]
        #expect(
            identity
                == HostIdentity(
                    fingerprint: HostIdentity.fingerprint(cpuModel: nil, gpus: gpus, driver: "384.98"), cpuModel: nil,
                    gpus: gpus, driver: "384.98"))
    }
}
