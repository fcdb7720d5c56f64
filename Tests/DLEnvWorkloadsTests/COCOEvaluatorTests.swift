import Testing

@testable import DLEnvWorkloads

@Suite struct COCOEvaluatorTests {
    @Test func iouConventionsMeasuredWithPycocotools() {
        // numerics.md §5.1, measured: 0.14285714285714285, crowd 0.25.
        #expect(COCOEvaluator.iou([0, 0, 10, 10], [5, 5, 10, 10], crowd: false) == 0.14285714285714285)
        #expect(COCOEvaluator.iou([0, 0, 10, 10], [5, 5, 10, 10], crowd: true) == 0.25)
        #expect(COCOEvaluator.iou([0, 0, 10, 10], [10, 0, 10, 10], crowd: false) == 0)
    }

    @Test func thresholdsAreNumpysLinspace() {
        #expect(COCOEvaluator.iouThresholds[8] == 0.8999999999999999)
        #expect(COCOEvaluator.iouThresholds[9] == 0.95)
        #expect(COCOEvaluator.recallThresholds[35] == 35 * 0.01)
        #expect(COCOEvaluator.recallThresholds[35] != 0.35)
        #expect(COCOEvaluator.recallThresholds.count == 101)
    }

    @Test func fixtureStatsMatchPycocotools() {
        // pycocotools 2.0.11 on the fixture (numerics.md §5.4).
        let measured = [0.65854, 0.917079, 0.917079, 0.7, 0.8, 0.95, 0.45, 0.75, 0.75, 0.7, 0.8, 1.0]
        let stats = COCOEvaluator.evaluate(.fixture).stats
        #expect(stats.count == 12)
        for (a, b) in zip(stats, measured) { #expect(abs(a - b) < 5e-6) }
        // A perfect precision is 1 - eps-ish, as pycocotools computes it.
        #expect(stats[5] == 0.95)
    }

    @Test func aPerfectDetectorScoresOneAndAnEmptyOneZero() {
        let gt = COCOData.synthetic(images: 6, seed: 3)
        var perfect = gt
        perfect.detections = gt.annotations.filter { !$0.crowd }.map {
            .init(imageID: $0.imageID, categoryID: $0.categoryID, box: $0.box, score: 0.9)
        }
        let stats = COCOEvaluator.evaluate(perfect).stats
        #expect(abs(stats[1] - 1) < 1e-9)
        var empty = gt
        empty.detections = []
        #expect(COCOEvaluator.evaluate(empty).stats[0] == 0)
    }

    @Test func pairwiseSumMatchesAPlainSumClosely() {
        let v = (0..<1000).map { 1.0 / Double($0 + 1) }
        #expect(abs(COCOEvaluator.pairwiseSum(v) - v.reduce(0, +)) < 1e-12)
    }
}
