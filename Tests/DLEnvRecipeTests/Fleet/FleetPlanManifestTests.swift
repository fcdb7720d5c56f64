import Testing

@testable import DLEnvRecipe

/// The plan folder's manifest: a later plan removes only what an earlier one wrote.
@Suite struct FleetPlanManifestTests {
    @Test func onlyFilesOfThePreviousManifestThatTheNewPlanLacksAreStale() {
        let previous = FleetPlanManifest.render(["plan.json", "kubernetes/a.yaml", "kubernetes/b.yaml"])
        #expect(previous.hasPrefix("# written by dlenv fleet plan"))
        #expect(
            FleetPlanManifest.stale(previous: previous, paths: ["plan.json", "kubernetes/a.yaml"]) == [
                "kubernetes/b.yaml"
            ])
        // Without a manifest (a folder from before, or someone else's) nothing is stale.
        #expect(FleetPlanManifest.stale(previous: nil, paths: []) == [])
    }

    @Test(arguments: ["/etc/passwd", "../outside", "a/../../b", "a//b", "./a", "", "a\u{7}b", FleetPlanManifest.path])
    func anEditedManifestCannotReachOutsideThePlanFolder(line: String) {
        #expect(FleetPlanManifest.stale(previous: "# header\n\(line)\nkept.json\n", paths: []) == ["kept.json"])
    }
}
