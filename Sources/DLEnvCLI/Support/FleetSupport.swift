import DLEnvCore
import DLEnvMatrix
import DLEnvRecipe
import DLEnvService
import DLEnvStore
import Foundation

/// Writing a fleet plan's files, and its human summary (reading is `FleetFiles` in DLEnvService).
enum FleetSupport {
    static func join(_ directory: String, _ name: String) -> String { FleetFiles.join(directory, name) }

    /// Writes the plan files and its manifest all or none, then removes the files of the previous manifest that
    /// the plan no longer produces (never a file dlenv did not write); returns the removed paths.
    @discardableResult
    static func write(_ files: [FleetFile], to directory: String) throws -> [String] {
        let manifestPath = join(directory, FleetPlanManifest.path)
        let previous = FileManager.default.contents(atPath: manifestPath).map { String(decoding: $0, as: UTF8.self) }
        let paths = files.map(\.path)
        try Output.writeFiles(
            files.map { FileSetWriter.File(path: join(directory, $0.path), text: $0.contents) }
                + [FileSetWriter.File(path: manifestPath, text: FleetPlanManifest.render(paths))])
        var removed: [String] = []
        for relative in FleetPlanManifest.stale(previous: previous, paths: paths) {
            let path = join(directory, relative)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue
            else { continue }
            do {
                try FileManager.default.removeItem(atPath: path)
                removed.append(relative)
            } catch {
                throw CLIFailure.environment(
                    "wrote the plan but cannot remove the stale \(path): \(error.localizedDescription)",
                    remedy: "remove it by hand; the new plan no longer has it")
            }
        }
        return removed
    }

    /// The human summary of a plan.
    static func summary(_ plan: FleetPlan, directory: String) -> String {
        let planned = plan.pairs.filter { if case .planned = $0.outcome { true } else { false } }
        var lines = [
            "planned \(planned.count) of \(plan.pairs.count) (project, GPU type) pairs on \(plan.targets.count) GPU types: "
                + "\(plan.images.count) images, \(plan.jobs.count) jobs → \(directory)"
        ]
        for image in plan.images {
            lines.append("  image \(image.name): \(image.projects.joined(separator: ", "))")
        }
        for pair in plan.pairs {
            guard case .refused(let reasons) = pair.outcome else { continue }
            let target = plan.targets[pair.target]
            lines.append("  refused \(pair.project) on \(target.gpu) (driver \(target.driver)):")
            lines += reasons.map { "    - \($0)" }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
