import Testing

@Suite struct RootCommandTests {
    @Test func helpListsEveryCommand() throws {
        let r = try CLIRunner.run(["--help"])
        #expect(r.status == 0)
        for name in [
            "doctor", "probe", "check", "resolve", "matrix", "dockerfile", "verify", "bench", "schedule", "fleet",
        ] {
            #expect(r.stdout.contains(name), "help lacks \(name)")
        }
    }

    @Test func unknownOptionExitsTwo() throws {
        let r = try CLIRunner.run(["--no-such-flag"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("no-such-flag"))
    }
}
