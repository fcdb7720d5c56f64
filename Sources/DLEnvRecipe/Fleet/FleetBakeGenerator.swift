/// Renders `docker-bake.json`: one fully expanded target per image (no `matrix` shorthand, which bake does
/// not validate strictly: docker/buildx#2437), a `default` group with every image and one group per
/// project. Run it from the plan folder: bake resolves `context` against the working directory and
/// `dockerfile` against the context (docker/docs#22199). Reference: reference/docker.md §5.1.
public enum FleetBakeGenerator {
    /// The bake group of a project ("project-vision"); prefixed so that it never collides with a target.
    public static func groupName(forProject project: String) -> String {
        "project-" + FleetNaming.slug(project)
    }

    public static func document(_ plan: FleetPlan) -> FleetDocument {
        var groups: [(String, FleetDocument)] = [
            ("default", .object([("targets", .strings(plan.images.map(\.name)))]))
        ]
        for project in plan.projectNames {
            let names = plan.images.filter { $0.projects.contains(project) }.map(\.name)
            groups.append((groupName(forProject: project), .object([("targets", .strings(names))])))
        }
        let targets = plan.images.map { image in (image.name, target(image, plan)) }
        return .object([("group", .object(groups)), ("target", .object(targets))])
    }

    static func target(_ image: FleetImage, _ plan: FleetPlan) -> FleetDocument {
        let (from, to) = cache(image, plan)
        return .fields([
            ("context", .string(image.context)),
            ("dockerfile", .string(image.dockerfile)),
            ("contexts", image.contexts.isEmpty ? nil : .sortedMap(image.contexts)),
            ("tags", .strings([image.tag])),
            ("labels", .sortedMap(image.labels)),
            ("platforms", .strings(plan.engine.bake.platforms)),
            ("cache-from", from.isEmpty ? nil : .strings(from)),
            ("cache-to", to.isEmpty ? nil : .strings(to)),
            ("output", .strings(["type=registry"])),
        ])
    }

    /// One cache ref per image, written by that image's target only (reference/docker.md §5.1: each cache
    /// ref should be written by one scope).
    static func cache(_ image: FleetImage, _ plan: FleetPlan) -> (from: [String], to: [String]) {
        let mode = plan.engine.bake.cacheMode.rawValue
        switch plan.engine.bake.cache {
        case .registry:
            let ref = "\(plan.registry)/cache:\(image.name)"
            return (["type=registry,ref=\(ref)"], ["type=registry,ref=\(ref),mode=\(mode)"])
        case .gha:
            return (["type=gha,scope=\(image.name)"], ["type=gha,scope=\(image.name),mode=\(mode)"])
        case .inline:
            return (["type=registry,ref=\(image.tag)"], ["type=inline"])
        case .none:
            return ([], [])
        }
    }
}
