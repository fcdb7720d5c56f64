/// COCO bounding-box evaluation, ported from pycocotools `cocoeval.py` (evaluate, accumulate, summarize) and
/// `maskApi.c` `bbIou`, with its exact conventions (numerics.md §5): continuous coordinates, crowd union = the
/// detection's area, stable score sorts, inclusive area bounds, IoU >= threshold, ties to the later GT,
/// precision eps 2.220446049250313e-16, thresholds built as numpy's `linspace` builds them.
public enum COCOEvaluator {
    /// `np.linspace(.5, .95, 10)`: i·step + 0.5, the last forced to 0.95.
    public static let iouThresholds: [Double] = (0..<10).map { (i: Int) -> Double in
        let step: Double = (0.95 - 0.5) / 9
        return i == 9 ? 0.95 : Double(i) * step + 0.5
    }
    /// `np.linspace(0, 1, 101)`: i·0.01, the last 1.0.
    public static let recallThresholds: [Double] = (0...100).map { (i: Int) -> Double in
        i == 100 ? 1.0 : Double(i) * 0.01
    }
    public static let maxDetections = [1, 10, 100]
    /// all, small, medium, large.
    public static let areaRanges: [(Double, Double)] = [(0, 1e10), (0, 1024), (1024, 9216), (9216, 1e10)]
    static let eps = 2.220446049250313e-16

    /// IoU of a detection with a ground-truth box (`[x, y, w, h]`); for a crowd GT the union is the detection.
    public static func iou(_ d: [Double], _ g: [Double], crowd: Bool) -> Double {
        let w = min(d[0] + d[2], g[0] + g[2]) - max(d[0], g[0])
        if w <= 0 { return 0 }
        let h = min(d[1] + d[3], g[1] + g[3]) - max(d[1], g[1])
        if h <= 0 { return 0 }
        let inter = w * h
        let union = crowd ? d[2] * d[3] : d[2] * d[3] + g[2] * g[3] - inter
        return inter / union
    }

    /// The evaluation's outputs.
    public struct Result: Sendable, Hashable {
        /// The twelve summary numbers, in `COCOeval.summarize` order.
        public var stats: [Double]
        /// recall[t][k][a][m]: -1 where a category has no non-ignored GT.
        public var recall: [[[[Double]]]]
    }

    private struct ImageEval {
        var dtIDs: [Int]
        var dtScores: [Double]
        var dtMatches: [[Int]]  // [T][D]
        var dtIgnore: [[Bool]]  // [T][D]
        var gtIgnore: [Bool]
    }

    /// Stable order of indices by key ascending (numpy's mergesort).
    static func stableOrder<T: Comparable>(_ keys: [T]) -> [Int] {
        keys.indices.sorted { keys[$0] < keys[$1] || (keys[$0] == keys[$1] && $0 < $1) }
    }

    public static func evaluate(_ data: COCOData) -> Result {
        let images = Array(Set(data.imageIDs)).sorted()
        let categories = Array(Set(data.categoryIDs)).sorted()
        // loadRes: ids 1..N in input order, area = w*h, never crowd.
        let dts = data.detections.enumerated().map { (id: $0.offset + 1, d: $0.element) }
        var gtsBy: [[Int]: [COCOData.Annotation]] = [:]
        for g in data.annotations { gtsBy[[g.imageID, g.categoryID], default: []].append(g) }
        var dtsBy: [[Int]: [(id: Int, d: COCOData.Detection)]] = [:]
        for d in dts { dtsBy[[d.d.imageID, d.d.categoryID], default: []].append(d) }
        let T = iouThresholds.count, R = recallThresholds.count, K = categories.count
        let A = areaRanges.count, M = maxDetections.count
        let maxDet = maxDetections.last!

        // evaluateImg for every (category, area, image), in cocoeval's order.
        var evals: [[Int]: ImageEval] = [:]
        for (k, cat) in categories.enumerated() {
            for img in images {
                let gt = gtsBy[[img, cat]] ?? []
                let dtAll = dtsBy[[img, cat]] ?? []
                if gt.isEmpty && dtAll.isEmpty { continue }
                let dtOrder = stableOrder(dtAll.map { -$0.d.score })
                let dt = Array(dtOrder.prefix(maxDet).map { dtAll[$0] })
                for (a, range) in areaRanges.enumerated() {
                    let ignoreRaw = gt.map { $0.crowd || $0.area < range.0 || $0.area > range.1 }
                    let gOrder = stableOrder(ignoreRaw.map { $0 ? 1 : 0 })
                    let g = gOrder.map { gt[$0] }
                    let gIg = gOrder.map { ignoreRaw[$0] }
                    let ious = dt.map { d in g.map { iou(d.d.box, $0.box, crowd: $0.crowd) } }
                    var gtm = Array(repeating: Array(repeating: 0, count: g.count), count: T)
                    var dtm = Array(repeating: Array(repeating: 0, count: dt.count), count: T)
                    var dtIg = Array(repeating: Array(repeating: false, count: dt.count), count: T)
                    if !g.isEmpty {
                        for (t, thr) in iouThresholds.enumerated() {
                            for (di, d) in dt.enumerated() {
                                var best = min(thr, 1 - 1e-10)
                                var m = -1
                                for gi in g.indices {
                                    if gtm[t][gi] > 0 && !g[gi].crowd { continue }
                                    if m > -1 && !gIg[m] && gIg[gi] { break }
                                    if ious[di][gi] < best { continue }
                                    best = ious[di][gi]
                                    m = gi
                                }
                                if m == -1 { continue }
                                dtIg[t][di] = gIg[m]
                                dtm[t][di] = g[m].id
                                gtm[t][m] = d.id
                            }
                        }
                    }
                    for t in 0..<T {
                        for (di, d) in dt.enumerated() {
                            let area = d.d.box[2] * d.d.box[3]
                            if dtm[t][di] == 0 && (area < range.0 || area > range.1) { dtIg[t][di] = true }
                        }
                    }
                    evals[[k, a, img]] = ImageEval(
                        dtIDs: dt.map(\.id), dtScores: dt.map(\.d.score), dtMatches: dtm, dtIgnore: dtIg, gtIgnore: gIg)
                }
            }
        }

        // accumulate
        var precision = Array(
            repeating: Array(
                repeating: Array(repeating: Array(repeating: Array(repeating: -1.0, count: M), count: A), count: K),
                count: R), count: T)
        var recall = Array(
            repeating: Array(repeating: Array(repeating: Array(repeating: -1.0, count: M), count: A), count: K),
            count: T)
        for k in 0..<K {
            for a in 0..<A {
                for (m, md) in maxDetections.enumerated() {
                    let E = images.compactMap { evals[[k, a, $0]] }
                    if E.isEmpty { continue }
                    var scores: [Double] = []
                    var matched = Array(repeating: [Bool](), count: T)
                    var ignored = Array(repeating: [Bool](), count: T)
                    var npig = 0
                    for e in E {
                        let n = min(md, e.dtScores.count)
                        scores += e.dtScores.prefix(n)
                        for t in 0..<T {
                            matched[t] += e.dtMatches[t].prefix(n).map { $0 != 0 }
                            ignored[t] += e.dtIgnore[t].prefix(n)
                        }
                        npig += e.gtIgnore.filter { !$0 }.count
                    }
                    if npig == 0 { continue }
                    let order = stableOrder(scores.map { -$0 })
                    for t in 0..<T {
                        var tp = 0.0, fp = 0.0
                        var rc: [Double] = [], pr: [Double] = []
                        for i in order where !ignored[t][i] {
                            if matched[t][i] { tp += 1 } else { fp += 1 }
                            rc.append(tp / Double(npig))
                            pr.append(tp / (fp + tp + eps))
                        }
                        recall[t][k][a][m] = rc.last ?? 0
                        if pr.count > 1 {
                            for i in stride(from: pr.count - 1, to: 0, by: -1) where pr[i] > pr[i - 1] {
                                pr[i - 1] = pr[i]
                            }
                        }
                        var q = Array(repeating: 0.0, count: R)
                        var r = 0
                        // searchsorted(rc, thr, 'left') for each threshold; past the last recall q stays 0.
                        for (ri, thr) in recallThresholds.enumerated() {
                            while r < rc.count && rc[r] < thr { r += 1 }
                            if r >= rc.count { break }
                            q[ri] = pr[r]
                        }
                        for ri in 0..<R { precision[t][ri][k][a][m] = q[ri] }
                    }
                }
            }
        }

        func summarize(ap: Bool, iou: Double? = nil, area: Int = 0, maxDets: Int = 100) -> Double {
            guard let m = maxDetections.firstIndex(of: maxDets) else { return -1 }
            let ts = iou.map { thr in iouThresholds.indices.filter { iouThresholds[$0] == thr } } ?? Array(0..<T)
            var values: [Double] = []
            for t in ts {
                for k in 0..<K {
                    if ap {
                        for r in 0..<R { values.append(precision[t][r][k][area][m]) }
                    } else {
                        values.append(recall[t][k][area][m])
                    }
                }
            }
            let valid = values.filter { $0 > -1 }
            return valid.isEmpty ? -1 : pairwiseSum(valid) / Double(valid.count)
        }
        let stats = [
            summarize(ap: true), summarize(ap: true, iou: 0.5), summarize(ap: true, iou: 0.75),
            summarize(ap: true, area: 1), summarize(ap: true, area: 2), summarize(ap: true, area: 3),
            summarize(ap: false, maxDets: 1), summarize(ap: false, maxDets: 10), summarize(ap: false),
            summarize(ap: false, area: 1), summarize(ap: false, area: 2), summarize(ap: false, area: 3),
        ]
        return Result(stats: stats, recall: recall)
    }

    /// numpy's pairwise summation (`pairwise_sum` in numpy's loops: blocks of 8 partial sums below 128
    /// elements, halves above), so means agree with `np.mean` to the last bit more often than a plain sum.
    static func pairwiseSum(_ v: [Double]) -> Double { pairwise(v[...]) }

    private static func pairwise(_ a: ArraySlice<Double>) -> Double {
        let n = a.count
        if n < 8 {
            var s = 0.0
            for x in a { s += x }
            return s
        }
        if n <= 128 {
            let b = a.startIndex
            var r = (0..<8).map { a[b + $0] }
            var i = 8
            while i < n - n % 8 {
                for j in 0..<8 { r[j] += a[b + i + j] }
                i += 8
            }
            var s = (r[0] + r[1]) + (r[2] + r[3]) + ((r[4] + r[5]) + (r[6] + r[7]))
            while i < n {
                s += a[b + i]
                i += 1
            }
            return s
        }
        var half = n / 2
        half -= half % 8
        return pairwise(a.prefix(half)) + pairwise(a.dropFirst(half))
    }
}
