import DLEnvCore
import Foundation
import Testing

@testable import DLEnvRecipe

/// plan.json has one type, `FleetPlanFile`: `fleet plan` renders it, `fleet collect`/`report`/`check` decode it.
@Suite struct FleetPlanFileTests {
    static let example = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(
            "examples/workspace/plan/plan.json")

    func decode(_ text: String) throws(DiagnosticsError) -> FleetPlanFile {
        try FleetPlanFile.decode(Data(text.utf8), file: "plan/plan.json")
    }

    /// What is written decodes back to the same value, sharded or not (so writer and reader share every key).
    @Test(arguments: [1, 2])
    func whatIsWrittenIsReadBack(shards: Int) throws {
        let plan = FleetFixtures.plan(shards: shards)
        let file = FleetPlanFile(plan)
        #expect(try decode(FleetPlanDocument.document(plan).json()) == file)
        #expect(file.jobs.map(\.name) == plan.jobs.map(\.name))
        #expect(file.summary.refused == 2 && file.pairs.filter { $0.status == .refused }.count == 2)
        #expect(file.pairs.filter { $0.status == .planned }.allSatisfy { $0.image != nil && $0.job != nil })
        #expect(file.images.allSatisfy { $0.stack.minDriverWindows == nil && $0.baseImage != nil })
        #expect(file.gpus.map(\.nodeLabel) == [nil, "pool=t4", nil])
        // Codable both ways: JSONEncoder's form of the value decodes to it too.
        #expect(try FleetPlanFile.decode(JSONEncoder().encode(file), file: "x") == file)
    }

    /// The checked-in example plan decodes, and rendering the decoded value gives its bytes back: the type holds
    /// all of plan.json.
    @Test func theExamplePlanRoundTripsByteForByte() throws {
        let text = try String(contentsOf: Self.example, encoding: .utf8)
        let file = try decode(text)
        #expect(file.jobs.count == file.summary.jobs && file.jobs.count > 0)
        #expect(FleetPlanDocument.document(file).json() == text)
        let job = try #require(file.jobs.first)
        #expect(file.image(named: job.image)?.stack.torch.isEmpty == false)
    }

    @Test(
        arguments: [
            "[1, 2]", "not json", "{}", #"{"schema": 1, "jobs": []}"#,
        ])
    func otherFilesAreNotPlans(_ text: String) {
        #expect {
            try decode(text)
        } throws: { error in
            let d = (error as? DiagnosticsError)?.diagnostics.first
            return d?.message == "'plan/plan.json' is not a plan.json written by `dlenv fleet plan`"
                && d?.location == SourceLocation(file: "plan/plan.json")
                && d?.remedy == "pass the plan.json of the plan the jobs came from"
        }
    }

    @Test func aJobWhoseImageIsMissingOrAnotherSchemaIsRefused() throws {
        var file = FleetPlanFile(FleetFixtures.plan())
        file.jobs[0].image = "no-such-image"
        #expect(throws: DiagnosticsError.self) { try decode(FleetPlanDocument.document(file).json()) }
        file = FleetPlanFile(FleetFixtures.plan())
        file.schema = 2
        do {
            _ = try decode(FleetPlanDocument.document(file).json())
            Issue.record("schema 2 accepted")
        } catch {
            #expect(error.diagnostics.first?.message.contains("schema 2; this dlenv reads schema 1") == true)
        }
        #expect(throws: DiagnosticsError.self) { try decode(#"{"schema": 7}"#) }
    }
}
