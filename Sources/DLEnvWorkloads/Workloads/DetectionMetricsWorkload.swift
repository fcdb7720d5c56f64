/// `detection-metrics`: box IoU (COCO conventions: continuous coordinates, crowd regions), and the twelve COCO
/// summary numbers (AP over IoU .50:.95, AP50, AP75, AP small/medium/large, AR at 1/10/100 detections,
/// AR small/medium/large) plus per-category recall at IoU .5, on the measured fixture of numerics.md §5.4 and a
/// synthetic set. The twin computes them with pycocotools (when the environment has it) and torchvision's
/// `box_iou`.
public struct DetectionMetricsWorkload: Workload {
    public let id = "detection-metrics"
    public let summary = "IoU, precision/recall and the twelve COCO mAP numbers (against pycocotools)"
    public let headline = "stats/synthetic"
    public var tolerances: ToleranceRules { ToleranceRules(.relative(1e-12, atol: 1e-15)) }

    /// (detection, ground truth, crowd): overlap, containment, touching edges, disjoint, identical, crowd.
    static let pairs: [([Double], [Double], Bool)] = [
        ([0, 0, 10, 10], [5, 5, 10, 10], false), ([0, 0, 10, 10], [5, 5, 10, 10], true),
        ([2, 2, 4, 4], [0, 0, 10, 10], false), ([0, 0, 10, 10], [10, 0, 10, 10], false),
        ([0, 0, 10, 10], [30, 30, 5, 5], false), ([3.5, 1.25, 7, 9.5], [3.5, 1.25, 7, 9.5], false),
        ([50, 50, 40, 40], [0, 0, 300, 300], true), ([12, 12, 100, 100], [10, 10, 100, 100], false),
    ]

    let synthetic = COCOData.synthetic()

    public init() {}

    public func twinData() -> JSONValue {
        [
            "iou_pairs": .array(
                Self.pairs.map { ["dt": .numbers($0.0), "gt": .numbers($0.1), "crowd": .bool($0.2)] }),
            "fixture": COCOData.fixture.json, "synthetic": synthetic.json,
        ]
    }

    public func run(quick: Bool) -> (figures: Figures, checks: [Check]) {
        var figures = Figures()
        let ious = Self.pairs.map { COCOEvaluator.iou($0.0, $0.1, crowd: $0.2) }
        figures.set("iou/pairs", ious)
        figures.set(
            "iou/torchvision_pairs", Self.pairs.filter { !$0.2 }.map { COCOEvaluator.iou($0.0, $0.1, crowd: false) })
        let fixture = COCOEvaluator.evaluate(.fixture)
        let synth = COCOEvaluator.evaluate(synthetic)
        figures.set("stats/fixture", fixture.stats)
        figures.set("recall_iou50/fixture", fixture.recall[0].map { $0[0][2] })
        figures.set("stats/synthetic", synth.stats)
        figures.set("recall_iou50/synthetic", synth.recall[0].map { $0[0][2] })
        // pycocotools 2.0.11 on the fixture, rounded as numerics.md §5.4 prints them.
        let measured = [0.65854, 0.917079, 0.917079, 0.7, 0.8, 0.95, 0.45, 0.75, 0.75, 0.7, 0.8, 1.0]
        let fixtureOK = zip(fixture.stats, measured).allSatisfy { Swift.abs($0 - $1) < 5e-6 }
        let checks = [
            Check(
                "IoU conventions", ious[0] == 1.0 / 7 && ious[1] == 0.25 && ious[3] == 0,
                "1/7 overlap, 0.25 crowd, 0 touching"),
            Check(
                "COCO stats on the measured fixture", fixtureOK,
                "AP \(fmt(fixture.stats[0])), AP50 \(fmt(fixture.stats[1])), AR100 \(fmt(fixture.stats[8])) (pycocotools 2.0.11: 0.65854, 0.917079, 0.75)"
            ),
            Check(
                "synthetic set is scored", synth.stats.allSatisfy { $0 >= 0 && $0 <= 1 },
                "AP \(fmt(synth.stats[0])), AP50 \(fmt(synth.stats[1])), \(synthetic.annotations.count) objects, \(synthetic.detections.count) detections"
            ),
        ]
        return (figures, checks)
    }
}
