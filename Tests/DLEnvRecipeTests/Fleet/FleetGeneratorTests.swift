import DLEnvCore
import Testing

@testable import DLEnvRecipe

@Suite struct FleetGeneratorTests {
    let plan = FleetFixtures.plan()

    @Test func oneJobPerImageAndGPUTypeAndNoneForRefusals() {
        let jobs = plan.jobs
        #expect(jobs.count == 2)
        #expect(
            jobs.map(\.name) == [
                "verify-torch2-5-1-cu118-py3-11-tesla-t4-r470-t4",
                "verify-torch2-5-1-cu124-py3-11-nvidia-h100-80gb-hbm3-r550",
            ])
        #expect(jobs.allSatisfy { $0.target.gpu != "Tesla K80" })
        #expect(jobs.allSatisfy { $0.projects == ["vision", "detector"] })
        #expect(jobs.allSatisfy { FleetNaming.isDNSLabel($0.name) })
    }

    @Test func twoDriversOfOneMajorGetDistinctJobNames() {
        var plan = plan
        plan.targets.append(
            FleetTarget(gpu: "NVIDIA H100 80GB HBM3", product: "NVIDIA-H100-80GB-HBM3", driver: "550.90.07"))
        plan.pairs.append(.init(project: "vision", target: 3, outcome: .planned(image: "torch2-5-1-cu124-py3-11")))
        let names = plan.jobs.map(\.name)
        #expect(Set(names).count == names.count)
        #expect(names.contains("verify-torch2-5-1-cu124-py3-11-nvidia-h100-80gb-hbm3-r550-90-07"))
        #expect(names.contains("verify-torch2-5-1-cu124-py3-11-nvidia-h100-80gb-hbm3-r550-54-15"))
    }

    @Test func bakeTargetsAreExpandedWithGroupsPerProject() {
        let bake = FleetBakeGenerator.document(plan)
        let targets = bake["target"]!.pairs
        #expect(targets.map(\.0) == ["torch2-5-1-cu118-py3-11", "torch2-5-1-cu124-py3-11"])
        let t = bake["target"]!["torch2-5-1-cu124-py3-11"]!
        #expect(t["tags"] == .strings(["ghcr.io/acme/dlenv/torch2-5-1-cu124-py3-11:0123456789ab"]))
        #expect(t["platforms"] == .strings(["linux/amd64"]))
        #expect(
            t["cache-from"] == .strings(["type=registry,ref=ghcr.io/acme/dlenv/cache:torch2-5-1-cu124-py3-11"]))
        #expect(
            t["cache-to"]
                == .strings(["type=registry,ref=ghcr.io/acme/dlenv/cache:torch2-5-1-cu124-py3-11,mode=max"]))
        #expect(t["matrix"] == nil)
        let groups = bake["group"]!.pairs.map(\.0)
        #expect(groups == ["default", "project-vision", "project-detector"])
    }

    @Test(arguments: FleetEngineOptions.CacheBackend.allCases)
    func cacheBackends(backend: FleetEngineOptions.CacheBackend) {
        var plan = plan
        plan.engine.bake.cache = backend
        let t = FleetBakeGenerator.document(plan)["target"]!["torch2-5-1-cu124-py3-11"]!
        switch backend {
        case .none: #expect(t["cache-from"] == nil && t["cache-to"] == nil)
        case .gha: #expect(t["cache-to"] == .strings(["type=gha,scope=torch2-5-1-cu124-py3-11,mode=max"]))
        case .inline: #expect(t["cache-to"] == .strings(["type=inline"]))
        case .registry: #expect(t["cache-from"]!.items.count == 1)
        }
    }

    @Test func plainJobSelectsTheGPUAndLimitsIt() throws {
        let job = plan.jobs[1]
        let doc = FleetKubernetesGenerator.document(job, plan)
        let spec = doc["spec"]!
        let pod = spec["template"]!["spec"]!
        #expect(doc["metadata"]!["namespace"] == .string("dlenv-fleet"))
        #expect(spec["completionMode"] == nil)
        #expect(spec["backoffLimit"] == .int(0))
        #expect(spec["activeDeadlineSeconds"] == .int(3600))
        #expect(pod["restartPolicy"] == .string("Never"))
        #expect(pod["nodeSelector"]!["nvidia.com/gpu.product"] == .string("NVIDIA-H100-80GB-HBM3"))
        #expect(pod["nodeSelector"]!["nvidia.com/cuda.driver.major"] == .string("550"))
        let container = pod["containers"]!.items[0]
        #expect(container["resources"]!["limits"]!["nvidia.com/gpu"] == .int(1))
        #expect(container["image"] == .string(job.image.tag))
        #expect(container["args"]!.items[0].stringValue!.contains(FleetVerifyScript.verifyCommand))
        #expect(spec["podFailurePolicy"]!["rules"]!.items[1]["action"] == .string("FailJob"))
    }

    @Test func shardedJobIsIndexedAndBoundedByTheGPUs() {
        let plan = FleetFixtures.plan(shards: 4)
        let t4 = plan.jobs[0]  // 2 T4 GPUs: two waves of two shards
        let spec = FleetKubernetesGenerator.document(t4, plan)["spec"]!
        #expect(spec["completionMode"] == .string("Indexed"))
        #expect(spec["completions"] == .int(4))
        #expect(spec["parallelism"] == .int(2))
        #expect(spec["backoffLimitPerIndex"] == .int(0))
        #expect(spec["backoffLimit"] == nil)
        #expect(spec["activeDeadlineSeconds"] == .int(2 * 3600))
        #expect(spec["template"]!["spec"]!["nodeSelector"]!["pool"] == .string("t4"))
        #expect(spec["podFailurePolicy"]!["rules"]!.items[1]["action"] == .string("FailIndex"))
        let script = spec["template"]!["spec"]!["containers"]!.items[0]["args"]!.items[0].stringValue!
        #expect(script.contains("export DLENV_SHARD_INDEX=\"${JOB_COMPLETION_INDEX:-0}\" DLENV_SHARD_COUNT=4"))
    }

    @Test func slurmScriptAsksForTypedGPUsAndRunsApptainer() {
        let plan = FleetFixtures.plan(shards: 4)
        let h100 = FleetSlurmGenerator.render(plan.jobs[1], plan)
        #expect(h100.hasPrefix("#!/bin/bash\n"))
        #expect(h100.contains("#SBATCH --partition=h100\n"))
        #expect(h100.contains("#SBATCH --gres=gpu:h100:1\n"))
        #expect(h100.contains("#SBATCH --array=0-3%4\n"))
        #expect(h100.contains("#SBATCH --time=01:00:00\n"))
        #expect(h100.contains("image='docker://\(plan.jobs[1].image.tag)'"))
        #expect(h100.contains("apptainer exec --nv"))
        let t4 = FleetSlurmGenerator.render(plan.jobs[0], plan)
        #expect(t4.contains("#SBATCH --partition=gpu\n"))
        #expect(t4.contains("#SBATCH --gres=gpu:1\n"))
        #expect(t4.contains("#SBATCH --array=0-3%2\n"))
    }

    @Test func slurmScriptIsValidBash() throws {
        let text = FleetSlurmGenerator.render(plan.jobs[0], plan)
        #expect(try FleetShell.syntaxOK(text))
    }

    @Test func verifyScriptIsValidShAndEmitsTheEnvelope() throws {
        let script = FleetVerifyScript.script(job: "verify-x", shardExpression: "${JOB_COMPLETION_INDEX:-0}")
        #expect(try FleetShell.syntaxOK(script, shell: "/bin/sh"))
        // With stand-ins for dlenv on PATH, the envelope is one JSON document carrying both reports.
        let output = try FleetShell.runWithFakeDLEnv(script)
        #expect(output.status == 1)
        let doc = try FleetDocument.parse(output.stdout, file: "out")
        #expect(doc["dlenv_fleet_result"] == .int(1))
        #expect(doc["job"] == .string("verify-x"))
        #expect(doc["shard"] == .int(0))
        #expect(doc["exit_status"] == .int(1))
        #expect(doc["verify"]!["passed"] == .bool(false))
        #expect(doc["probe"]!["os"] == .string("linux"))
    }

    @Test func workflowMatrixCoversTheJobs() {
        let wf = FleetWorkflowGenerator.document(plan, planDirectory: "plan")
        let include = wf["jobs"]!["verify"]!["strategy"]!["matrix"]!["include"]!.items
        #expect(include.count == plan.jobs.count)
        #expect(include[0]["runs_on"] == .strings(["self-hosted", "linux", "x64", "gpu", "Tesla-T4"]))
        #expect(wf["jobs"]!["build"]!["strategy"]!["matrix"]!["include"]!.items.count == 2)
        #expect(wf["jobs"]!["verify"]!["container"]!["options"] == .string("--gpus all --user 0:0"))
    }

    @Test func planJSONListsEveryPairWithReasonsForRefusals() throws {
        let doc = FleetPlanDocument.document(plan)
        let pairs = doc["pairs"]!.items
        #expect(pairs.count == 6)
        #expect(doc["summary"]!["refused"] == .int(2))
        let refused = pairs.filter { $0["status"] == .string("refused") }
        #expect(refused.allSatisfy { $0["reasons"]!.items.count == 1 && $0["job"] == nil && $0["image"] == nil })
        let planned = pairs.filter { $0["status"] == .string("planned") }
        #expect(planned.allSatisfy { $0["job"]?.stringValue?.hasPrefix("verify-") == true })
    }

    @Test func filesAreSortedDeterministicAndEndInOneNewline() {
        let a = plan.files(planDirectory: "plan"), b = FleetFixtures.plan().files(planDirectory: "plan")
        #expect(a == b)
        #expect(a.map(\.path) == a.map(\.path).sorted())
        #expect(
            a.map(\.path) == [
                "docker-bake.json", "dockerfiles/torch2-5-1-cu118-py3-11/Dockerfile",
                "dockerfiles/torch2-5-1-cu124-py3-11/Dockerfile", "github/dlenv-fleet.yml",
                "kubernetes/verify-torch2-5-1-cu118-py3-11-tesla-t4-r470-t4.yaml",
                "kubernetes/verify-torch2-5-1-cu124-py3-11-nvidia-h100-80gb-hbm3-r550.yaml", "plan.json",
                "slurm/verify-torch2-5-1-cu118-py3-11-tesla-t4-r470-t4.sbatch",
                "slurm/verify-torch2-5-1-cu124-py3-11-nvidia-h100-80gb-hbm3-r550.sbatch",
            ])
        for file in a {
            #expect(file.contents.hasSuffix("\n") && !file.contents.hasSuffix("\n\n"), "\(file.path)")
        }
    }

    @Test func generatedYAMLReadsBackAsTheSameDocument() throws {
        for job in plan.jobs {
            let doc = FleetKubernetesGenerator.document(job, plan)
            #expect(try FleetDocument.parse(doc.yaml(), file: "x") == doc)
        }
        let wf = FleetWorkflowGenerator.document(plan, planDirectory: "plan")
        #expect(try FleetDocument.parse(wf.yaml(), file: "x") == wf)
        let bake = FleetBakeGenerator.document(plan)
        #expect(try FleetDocument.parse(bake.json(), file: "x") == bake)
    }
}
