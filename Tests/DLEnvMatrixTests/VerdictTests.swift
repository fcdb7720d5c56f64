import DLEnvCore
import Testing

@testable import DLEnvMatrix

/// Verdicts are data: typed links with their numbers, and the one fix engine's ranked, typed fixes (issue #12).
@Suite struct VerdictTests {
    let matrix = MatrixFiles.matrix

    func request(driver: String, gpus: [String], python: String? = nil) -> ResolveRequest {
        ResolveRequest(
            python: python.flatMap(Version.init), driver: Version(driver),
            gpus: gpus.enumerated().map { GPURequirement(index: $0, name: $1) })
    }

    /// The issue's example: an RTX 5090 on driver 570.86.10 asking for torch 2.15 gets the driver failure with
    /// have/need and its rule, then both a driver upgrade that unlocks 2.15.0+cu132 and a downgrade that runs now.
    @Test func rtx5090OnAnOldDriverGetsAnUpgradeAndADowngrade() throws {
        let r = request(driver: "570.86.10", gpus: ["NVIDIA GeForce RTX 5090"], python: "3.12")
        let v = matrix.verdict(torch: Version(2, 15, 0), variant: "cu132", request: r)
        #expect(!v.compatible)
        let driver = try #require(v.links.first { $0.kind == .driver })
        guard case .driver(let d) = driver.facts else { Issue.record("not a driver link"); return }
        #expect(driver.status == .failed)
        #expect(d.have == Version("570.86.10") && d.need == Version("580.65.06"))
        #expect(d.rule == .minorVersionCompatibility && d.cuda == Version("13.2"))
        let arch = try #require(v.links.first { $0.kind == .arch })
        guard case .arch(let a) = arch.facts else { Issue.record("not an arch link"); return }
        #expect(arch.status == .ok && a.verdict == .exact && a.entry == "sm_120" && a.gpu.capability?.major == 12)

        #expect(v.fixes.map(\.kind) == [.upgradeDriver, .otherTorch])
        let upgrade = v.fixes[0], downgrade = v.fixes[1]
        #expect(upgrade.driver == Version("580.65.06") && upgrade.installedDriver == Version("570.86.10"))
        #expect(upgrade.stack?.torch == "2.15.0" && upgrade.stack?.variant == "cu132" && upgrade.cost.driverUpgrade)
        #expect(upgrade.cost.torchMinorReleases == 0)
        let older = try #require(downgrade.stack)
        #expect(older.variant == "cu128" && !downgrade.cost.driverUpgrade)
        #expect(downgrade.cost.torchMinorReleases == 15 - (Version(older.torch)?.minor ?? 0))
        #expect(downgrade.install?.hasPrefix("pip install torch==\(older.torch) ") == true)
        // The fix's stack really runs on the host as it is.
        let check = matrix.verdict(torch: Version(older.torch)!, variant: older.variant, request: r)
        #expect(check.compatible)
    }

    /// A GPU dlenv cannot identify is not checked, never ✓; it never fails the stack either.
    @Test func anUnknownGPUIsNotChecked() {
        let r = ResolveRequest(driver: Version("580.65.06"), gpus: [GPURequirement(index: 0, name: "Mystery GPU 9000")])
        let v = matrix.verdict(torch: Version(2, 15, 0), variant: "cu132", request: r)
        let arch = v.links.first { $0.kind == .arch }
        #expect(arch?.status == .notChecked && arch?.ok == true)
        // And no driver given: the floor is not checked either.
        let noDriver = matrix.verdict(
            torch: Version(2, 15, 0), variant: "cu132",
            request: ResolveRequest(gpus: [GPURequirement(index: 0, name: "NVIDIA H100 80GB HBM3")]))
        #expect(noDriver.links.first { $0.kind == .driver }?.status == .notChecked)
    }

    /// Only a driver upgrade is offered for the same build when the driver is all that fails: a GPU missing from
    /// the arch list is not fixed by a driver.
    @Test func aMissingArchIsNotFixedByADriver() throws {
        let r = request(driver: "470.82.01", gpus: ["NVIDIA GeForce GTX 1080 Ti"], python: "3.11")
        let v = matrix.verdict(torch: Version(2, 15, 0), variant: "cu132", request: r)
        let failing = v.links.filter(\.failed).map(\.kind)
        #expect(failing.contains(.driver) && failing.contains(.arch))
        #expect(!v.fixes.contains { $0.kind == .upgradeDriver && $0.stack?.torch == "2.15.0" })
        for fix in v.fixes where fix.kind == .otherTorch || fix.kind == .otherVariant {
            let s = try #require(fix.stack)
            #expect(matrix.verdict(torch: Version(s.torch)!, variant: s.variant, request: r).compatible)
        }
    }

    /// A Python the release has no wheel for: the typed problem and bound, and a Python fix.
    @Test func pythonTooNewHasItsBoundAndAFix() throws {
        let r = ResolveRequest(python: Version("3.99"))
        let v = matrix.verdict(torch: Version(2, 4, 1), variant: "cpu", request: r)
        let link = try #require(v.links.first { $0.kind == .python })
        guard case .python(let p) = link.facts else { Issue.record("not a python link"); return }
        #expect(p.problem == .newerThanSupported && p.bound != nil && p.asked == "3.99")
        #expect(v.fixes.contains { $0.kind == .otherPython && $0.python == p.bound })
    }

    /// The Dockerfile refusal's relaxations come from the same engine.
    @Test func relaxationsNameEachConstraint() throws {
        var r = request(driver: "470.82.01", gpus: ["Tesla K80", "NVIDIA H100 80GB HBM3"])
        r.torch = try VersionSpec(parsing: "==2.4.1")
        let fixes = FixEngine.relaxations(request: r, asked: "auto", matrix: matrix)
        #expect(fixes.contains { $0.kind == .otherTorch })
        #expect(fixes.contains { $0.kind == .dropGPU && $0.gpu?.index == 0 })
        for fix in fixes { #expect(fix.stack != nil) }
    }
}
