import Foundation
import Testing

@testable import DLEnvWorkloads

@Suite struct VerifyRunTests {
    /// What `dlenv doctor` calls: every workload on the core, quick sizes, nothing stored.
    @Test func quickVerificationPasses() {
        let v = VerifyRun.quick()
        #expect(v.passed, "\(v.failures)")
        #expect(v.failures.isEmpty)
        #expect(v.seconds > 0)
    }

    @Test func aCoreOnlyRunHasNoEnvironmentAndEveryJSONKey() throws {
        let run = try VerifyRun.perform(.init(workloads: Workloads.select(["dtypes"]).workloads, quick: true))
        #expect(run.passed && run.results.map(\.id) == ["dtypes"])
        #expect(run.environment == TwinOutput.Environment())
        let json = try #require(
            JSONSerialization.jsonObject(with: JSONEncoder().encode(run.json)) as? [String: Any])
        #expect(Set(json.keys) == ["workloads", "environment", "passed", "core_seconds"])
        let environment = try #require(json["environment"] as? [String: Any])
        // All five keys, null where unknown.
        #expect(Set(environment.keys) == ["python", "torch", "cuda", "cudnn", "device"])
        #expect(environment.values.allSatisfy { $0 is NSNull })
        let item = try #require((json["workloads"] as? [[String: Any]])?.first)
        #expect(Set(item.keys) == ["id", "passed", "summary", "seconds", "figures", "checks", "comparison"])
        #expect(item["comparison"] is NSNull)
    }

    @Test func anInterpreterThatCannotStartIsATwinError() {
        let options = VerifyRun.Options(
            workloads: Workloads.select(["dtypes"]).workloads, quick: true, python: "/nonexistent/python3",
            timeout: 30)
        #expect(throws: TwinError.self) { try VerifyRun.perform(options) }
    }
}
