import DLEnvProbe
import DLEnvStore

/// The host identity runs are stored under: the probe's identity facts of this machine (files only, so storing a
/// run costs no probe). When the probe's full `HostFacts` are at hand, prefer `HostIdentity(facts:)` on them.
enum StoreHost {
    static func current(root: String? = nil) -> HostIdentity {
        HostIdentity(facts: HostProbe(system: LiveSystem(root: root, loadsLibraries: false)).identityFacts())
    }
}
