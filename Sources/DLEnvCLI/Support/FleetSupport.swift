import DLEnvCore
import DLEnvMatrix
import DLEnvRecipe
import DLEnvService
import DLEnvStore
import Foundation

/// Writing a fleet plan's files, and its human summary (reading is `FleetFiles` in DLEnvService).
enum FleetSupport {
    static func join(_ directory: String, _ name: String) -> String { FleetFiles.join(directory, name) }

    /// Writes the plan files and removes files the plan no longer produces from the folders it owns.
    static func write(_ files: [FleetFile], to directory: String) throws {
        let fm = FileManager.default
        let wanted = Set(files.map { join(directory, $0.path) })
        for folder in FleetPlan.generatedFolders {
            let root = join(directory, folder)
            guard let enumerator = fm.enumerator(atPath: root) else { continue }
            for case let relative as String in enumerator {
                let path = join(root, relative)
                var isDirectory: ObjCBool = false
                if fm.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
                    !wanted.contains(path)
                {
                    try fm.removeItem(atPath: path)
                }
            }
        }
        for file in files {
            let path = join(directory, file.path)
            do {
                try fm.createDirectory(
                    atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try Data(file.contents.utf8).write(to: URL(fileURLWithPath: path))
            } catch {
                throw CLIFailure.environment("cannot write \(path): \(error.localizedDescription)")
            }
        }
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
