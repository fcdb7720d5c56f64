import DLEnvCore
import DLEnvMatrix
import Foundation
import Testing

@testable import DLEnvRecipe

/// A workspace's projects from their specs' text, and what a plan folder may name, without a disk.
@Suite struct FleetProjectLoadingTests {
    static func source(_ path: String, line: Int, text: String?) -> FleetProject.Source {
        FleetProject.Source(
            reference: FleetWorkspace.ProjectReference(
                path: path, location: SourceLocation(file: "ws.yaml", line: line)),
            path: "/w/\(path)", text: text)
    }

    @Test func everyProjectIsParsedUnderItsSpecsName() throws {
        let projects = try FleetProject.load([
            Self.source("a/dlenv.yaml", line: 2, text: "name: vision\n"),
            Self.source("b/dlenv.yaml", line: 3, text: "name: detector\n"),
        ])
        #expect(projects.map(\.name) == ["vision", "detector"])
        #expect(projects.map(\.file) == ["a/dlenv.yaml", "b/dlenv.yaml"])
    }

    @Test func aMissingSpecADuplicateNameAndABadSpecAreReportedTogether() {
        let error = #expect(throws: DiagnosticsError.self) {
            try FleetProject.load([
                Self.source("a/dlenv.yaml", line: 2, text: "name: vision\n"),
                Self.source("gone/dlenv.yaml", line: 3, text: nil),
                Self.source("c/dlenv.yaml", line: 4, text: "name: vision\n"),
                Self.source("d/dlenv.yaml", line: 5, text: "name: d\npyton: \"3.11\"\n"),
            ])
        }
        let diagnostics = error?.diagnostics ?? []
        #expect(diagnostics.count == 3)
        #expect(diagnostics[0].message == "project 'gone/dlenv.yaml' has no dlenv.yaml at /w/gone/dlenv.yaml")
        #expect(diagnostics[0].location?.line == 3)
        #expect(diagnostics[1].message == "projects 'a/dlenv.yaml' and 'c/dlenv.yaml' are both named 'vision'")
        #expect(diagnostics[1].location?.line == 4)
        // The spec's own problem is located in the spec.
        #expect(diagnostics[2].location?.file == "/w/d/dlenv.yaml")
    }

    @Test func aPlanFolderMayNameTheProductsItsPlanJSONLists() throws {
        let matrix = try CompatibilityMatrix.embedded()
        let plan = FleetFixtures.plan()
        var files = plan.files(planDirectory: "plan")
        let base = FleetPlanner.knownProducts(matrix: matrix)
        #expect(FleetPlanner.knownProducts(matrix: matrix, planFiles: []) == base)
        let planJSON = try #require(files.firstIndex { $0.path == FleetPlanDocument.path })
        files[planJSON].contents = files[planJSON].contents.replacingOccurrences(
            of: "\"Tesla-T4\"", with: "\"Custom-T4\"")
        #expect(FleetPlanner.knownProducts(matrix: matrix, planFiles: files).contains("Custom-T4"))
        // A plan.json that does not decode adds nothing.
        files[planJSON].contents = "{"
        #expect(FleetPlanner.knownProducts(matrix: matrix, planFiles: files) == base)
    }

    @Test func everyGeneratedFileOutsideTheTopLevelIsInAFolderThePlanOwns() {
        for file in FleetFixtures.plan().files(planDirectory: "plan") where file.path.contains("/") {
            let folder = String(file.path.prefix { $0 != "/" })
            #expect(FleetPlan.generatedFolders.contains(folder), "\(file.path)")
        }
    }
}
