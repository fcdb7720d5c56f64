import DLEnvCore
import Foundation

/// `plan.json` as a value: what `dlenv fleet plan` writes (`FleetPlanDocument` renders it) and what
/// `fleet collect`, `fleet report` and `fleet check` read back. Keys are snake_case and stable (schema 1).
public struct FleetPlanFile: Sendable, Hashable, Codable {
    /// `FleetPlanDocument.schemaVersion`.
    public var schema: Int
    /// The workspace file as written in the plan.
    public var workspace: String
    public var registry: String
    public var summary: Summary
    /// Every (project, GPU type) pair, projects in workspace order, then GPU types in workspace order.
    public var pairs: [Pair]
    /// Images sorted by name.
    public var images: [Image]
    /// GPU types in workspace order.
    public var gpus: [GPU]
    /// One per (image × GPU type) that a planned pair needs.
    public var jobs: [Job]

    public struct Summary: Sendable, Hashable, Codable {
        public var pairs: Int
        public var planned: Int
        public var refused: Int
        public var images: Int
        public var jobs: Int
    }

    public enum Status: String, Sendable, Hashable, Codable {
        case planned, refused
    }

    /// One project on one GPU type: planned with its image and job, or refused with the resolver's reasons.
    public struct Pair: Sendable, Hashable, Codable {
        public var project: String
        public var gpu: String
        public var driver: String
        public var status: Status
        public var image: String?
        public var job: String?
        public var reasons: [String]?
    }

    public struct Image: Sendable, Hashable, Codable {
        public var name: String
        public var tag: String
        public var baseImage: String?
        public var projects: [String]
        public var context: String
        public var dockerfile: String
        /// The resolved stack (`Stack`'s keys; plan.json carries no Windows driver floor).
        public var stack: Stack

        enum CodingKeys: String, CodingKey {
            case name, tag, projects, context, dockerfile, stack
            case baseImage = "base_image"
        }
    }

    public struct GPU: Sendable, Hashable, Codable {
        public var gpu: String
        /// The `nvidia.com/gpu.product` value of its nodes.
        public var product: String
        public var driver: String
        public var count: Int
        public var nodeLabel: String?
        public var computeCapability: String?

        enum CodingKeys: String, CodingKey {
            case gpu, product, driver, count
            case nodeLabel = "node_label"
            case computeCapability = "compute_capability"
        }
    }

    public struct Job: Sendable, Hashable, Codable {
        /// "verify-<image>-<gpu>", a DNS-1123 label.
        public var name: String
        /// The image's name (`images`).
        public var image: String
        public var tag: String
        public var gpu: String
        public var product: String
        public var driver: String
        public var projects: [String]
        /// The job's files in the plan folder.
        public var kubernetes: String
        public var slurm: String
    }

    /// The image of that name.
    public func image(named name: String) -> Image? { images.first { $0.name == name } }
}

extension FleetPlanFile {
    /// The file of a plan.
    public init(_ plan: FleetPlan) {
        let jobs = plan.jobs
        let planned = plan.pairs.filter { if case .planned = $0.outcome { true } else { false } }.count
        self.init(
            schema: FleetPlanDocument.schemaVersion, workspace: plan.workspace, registry: plan.registry,
            summary: Summary(
                pairs: plan.pairs.count, planned: planned, refused: plan.pairs.count - planned,
                images: plan.images.count, jobs: jobs.count),
            pairs: plan.pairs.map { pair in
                let target = plan.targets[pair.target]
                switch pair.outcome {
                case .planned(let image):
                    let job = jobs.first { $0.image.name == image && $0.target == target }
                    return Pair(
                        project: pair.project, gpu: target.gpu, driver: target.driver, status: .planned, image: image,
                        job: job?.name)
                case .refused(let reasons):
                    return Pair(
                        project: pair.project, gpu: target.gpu, driver: target.driver, status: .refused,
                        reasons: reasons)
                }
            },
            images: plan.images.map { image in
                var stack = image.stack
                stack.minDriverWindows = nil
                return Image(
                    name: image.name, tag: image.tag, baseImage: image.baseImage, projects: image.projects,
                    context: image.context, dockerfile: image.dockerfile, stack: stack)
            },
            gpus: plan.targets.map { target in
                GPU(
                    gpu: target.gpu, product: target.product, driver: target.driver, count: target.count,
                    nodeLabel: target.nodeLabel, computeCapability: target.computeCapability)
            },
            jobs: jobs.map { job in
                Job(
                    name: job.name, image: job.image.name, tag: job.image.tag, gpu: job.target.gpu,
                    product: job.target.product, driver: job.target.driver, projects: job.projects,
                    kubernetes: FleetKubernetesGenerator.path(job), slurm: FleetSlurmGenerator.path(job))
            })
    }

    /// Reads a plan.json back. Anything else (not JSON, another shape, another schema, a job whose image the
    /// plan lacks) is bad input naming the file.
    public static func decode(_ data: Data, file: String) throws(DiagnosticsError) -> FleetPlanFile {
        let notAPlan = DiagnosticsError(
            Diagnostic(
                .error, "'\(file)' is not a plan.json written by `dlenv fleet plan`", at: SourceLocation(file: file),
                remedy: "pass the plan.json of the plan the jobs came from"))
        let plan: FleetPlanFile
        do {
            plan = try JSONDecoder().decode(FleetPlanFile.self, from: data)
        } catch {
            // A file that says it is a plan of another schema gets that said, not a shape complaint.
            if let schema = (try? JSONDecoder().decode(Schema.self, from: data))?.schema,
                schema != FleetPlanDocument.schemaVersion
            {
                throw Self.otherSchema(schema, file: file)
            }
            throw notAPlan
        }
        guard plan.schema == FleetPlanDocument.schemaVersion else { throw Self.otherSchema(plan.schema, file: file) }
        guard plan.jobs.allSatisfy({ plan.image(named: $0.image) != nil }) else { throw notAPlan }
        return plan
    }

    private struct Schema: Decodable { var schema: Int }

    private static func otherSchema(_ schema: Int, file: String) -> DiagnosticsError {
        DiagnosticsError(
            Diagnostic(
                .error,
                "'\(file)' is a plan.json of schema \(schema); this dlenv reads schema \(FleetPlanDocument.schemaVersion)",
                at: SourceLocation(file: file), remedy: "write the plan again with this dlenv (dlenv fleet plan)"))
    }
}
