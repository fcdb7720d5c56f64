/// A COCO-style detection data set: ground-truth annotations and scored detections, boxes `[x, y, w, h]`.
public struct COCOData: Sendable, Hashable {
    public struct Annotation: Sendable, Hashable {
        /// Non-zero (COCOeval treats a match with id 0 as no match).
        public var id: Int
        public var imageID: Int
        public var categoryID: Int
        public var box: [Double]
        /// The annotation's `area` field (what area ranges test; for instances the segment area).
        public var area: Double
        public var crowd: Bool
    }

    public struct Detection: Sendable, Hashable {
        public var imageID: Int
        public var categoryID: Int
        public var box: [Double]
        public var score: Double
    }

    public var imageIDs: [Int]
    public var categoryIDs: [Int]
    public var annotations: [Annotation]
    public var detections: [Detection]

    /// The form pycocotools reads (`COCO().dataset` plus `loadRes` input), for the twin.
    public var json: JSONValue {
        [
            "images": .array(imageIDs.map { ["id": .number(Double($0))] }),
            "categories": .array(categoryIDs.map { ["id": .number(Double($0))] }),
            "annotations": .array(
                annotations.map {
                    [
                        "id": .number(Double($0.id)), "image_id": .number(Double($0.imageID)),
                        "category_id": .number(Double($0.categoryID)), "bbox": .numbers($0.box),
                        "area": .number($0.area), "iscrowd": .number($0.crowd ? 1 : 0),
                    ]
                }),
            "detections": .array(
                detections.map {
                    [
                        "image_id": .number(Double($0.imageID)), "category_id": .number(Double($0.categoryID)),
                        "bbox": .numbers($0.box), "score": .number($0.score),
                    ]
                }),
        ]
    }

    /// The fixture of numerics.md §5.4 (measured with pycocotools 2.0.11): two images, a crowd region, a
    /// duplicate detection and a partial overlap.
    public static let fixture = COCOData(
        imageIDs: [1, 2], categoryIDs: [1, 2],
        annotations: [
            .init(id: 1, imageID: 1, categoryID: 1, box: [10, 10, 100, 100], area: 10000, crowd: false),
            .init(id: 2, imageID: 1, categoryID: 1, box: [200, 200, 20, 20], area: 400, crowd: false),
            .init(id: 3, imageID: 1, categoryID: 2, box: [300, 100, 50, 80], area: 4000, crowd: false),
            .init(id: 4, imageID: 2, categoryID: 1, box: [0, 0, 300, 300], area: 90000, crowd: true),
            .init(id: 5, imageID: 2, categoryID: 1, box: [400, 300, 60, 40], area: 2400, crowd: false),
        ],
        detections: [
            .init(imageID: 1, categoryID: 1, box: [12, 12, 100, 100], score: 0.9),
            .init(imageID: 1, categoryID: 1, box: [10, 10, 100, 100], score: 0.8),
            .init(imageID: 1, categoryID: 1, box: [201, 201, 20, 20], score: 0.7),
            .init(imageID: 1, categoryID: 2, box: [300, 100, 50, 60], score: 0.6),
            .init(imageID: 2, categoryID: 1, box: [50, 50, 40, 40], score: 0.95),
            .init(imageID: 2, categoryID: 1, box: [400, 300, 60, 40], score: 0.5),
            .init(imageID: 2, categoryID: 1, box: [100, 400, 30, 30], score: 0.4),
        ])

    /// A synthetic set (SplitMix64 seed `seed`): `images` images, 3 categories, small/medium/large objects, crowd
    /// regions, jittered true positives, duplicates, misses and false positives. Boxes are whole pixels so
    /// areas sit exactly on the 32² and 96² bounds now and then.
    public static func synthetic(images: Int = 24, seed: UInt64 = 7) -> COCOData {
        var rng = SplitMix64(seed: seed)
        var annotations: [Annotation] = []
        var detections: [Detection] = []
        let sizes: [ClosedRange<Double>] = [8...32, 32...96, 96...200]
        for image in 1...images {
            let objects = Int(rng.uniform(0, 6))
            for _ in 0..<objects {
                let category = 1 + Int(rng.uniform(0, 3))
                let size = sizes[Int(rng.uniform(0, 3))]
                let w = (rng.uniform(size.lowerBound, size.upperBound)).rounded()
                let h = (rng.uniform(size.lowerBound, size.upperBound)).rounded()
                let x = rng.uniform(0, 640 - w).rounded(), y = rng.uniform(0, 480 - h).rounded()
                let crowd = rng.uniform() < 0.06
                annotations.append(
                    .init(
                        id: annotations.count + 1, imageID: image, categoryID: category, box: [x, y, w, h],
                        area: w * h, crowd: crowd))
                let found = rng.uniform()
                if found < 0.8 {
                    let jitter = { (v: Double, s: Double) in (v + s * rng.uniform(-0.15, 0.15)).rounded() }
                    let box = [jitter(x, w), jitter(y, h), max(1, jitter(w, w)), max(1, jitter(h, h))]
                    let score = (rng.uniform(0.3, 1) * 1000).rounded() / 1000
                    detections.append(.init(imageID: image, categoryID: category, box: box, score: score))
                    if rng.uniform() < 0.15 {
                        let dup = [box[0] + 2, box[1] + 1, box[2], box[3]]
                        detections.append(
                            .init(imageID: image, categoryID: category, box: dup, score: score * 0.9))
                    }
                }
            }
            for _ in 0..<Int(rng.uniform(0, 3)) {
                let w = rng.uniform(10, 120).rounded(), h = rng.uniform(10, 120).rounded()
                detections.append(
                    .init(
                        imageID: image, categoryID: 1 + Int(rng.uniform(0, 3)),
                        box: [rng.uniform(0, 500).rounded(), rng.uniform(0, 350).rounded(), w, h],
                        score: (rng.uniform(0.05, 0.9) * 1000).rounded() / 1000))
            }
        }
        return COCOData(
            imageIDs: Array(1...images), categoryIDs: [1, 2, 3], annotations: annotations, detections: detections)
    }
}
