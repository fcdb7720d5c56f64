import Foundation

/// Reads back what the tests assert about a chart: the plot frame, the legend's coordinates, the tick labels, the
/// lines' series keys. A small reader of the SVG dlenv writes (attributes in double quotes), not a general parser.
struct SVGStructure {
    var source: String

    /// Every `<svg>…</svg>` of a page.
    static func charts(in page: String) -> [SVGStructure] {
        page.components(separatedBy: "<svg").dropFirst().map {
            SVGStructure(source: "<svg" + $0.components(separatedBy: "</svg>")[0])
        }
    }

    /// The values of attribute `name` in every element of tag `tag` whose text matches `having` (or every one).
    func elements(_ tag: String, having: String? = nil) -> [String] {
        source.components(separatedBy: "<\(tag) ").dropFirst().map { $0.prefix { $0 != ">" } }.map(String.init)
            .filter { having == nil || $0.contains(having!) }
    }

    static func attribute(_ name: String, of element: String) -> String? {
        let padded = " " + element
        guard let r = padded.range(of: " \(name)=\"") else { return nil }
        return String(padded[r.upperBound...].prefix { $0 != "\"" })
    }

    static func number(_ name: String, of element: String) -> Double? {
        attribute(name, of: element).flatMap(Double.init)
    }

    /// The plot rectangle: x, y, width, height.
    var frame: (x: Double, y: Double, width: Double, height: Double)? {
        guard let e = elements("rect", having: "class=\"frame\"").first, let x = Self.number("x", of: e),
            let y = Self.number("y", of: e), let w = Self.number("width", of: e), let h = Self.number("height", of: e)
        else { return nil }
        return (x, y, w, h)
    }

    /// The part of the SVG inside `<g class="legend">`.
    var legend: SVGStructure? {
        guard let r = source.range(of: "<g class=\"legend\">") else { return nil }
        return SVGStructure(source: String(source[r.upperBound...]).components(separatedBy: "</g>")[0])
    }

    /// Every y coordinate the legend draws at (its swatches' lines and its texts' baselines).
    var legendYs: [Double] {
        guard let l = legend else { return [] }
        return l.elements("line").compactMap { Self.number("y1", of: $0) }
            + l.elements("text").compactMap { Self.number("y", of: $0) }
    }

    /// The texts of elements with class `cls` (tick labels: `yl`, `xl`; legend: `lt`), in order.
    func texts(class cls: String) -> [String] {
        source.components(separatedBy: "class=\"\(cls)\">").dropFirst().map { String($0.prefix { $0 != "<" }) }
    }

    /// The y labels with their baselines.
    var yTicks: [(label: String, y: Double)] {
        source.components(separatedBy: "<text ").dropFirst().compactMap { e in
            guard e.contains("class=\"yl\">"), let y = Self.number("y", of: e) else { return nil }
            return (String(e.components(separatedBy: "class=\"yl\">")[1].prefix { $0 != "<" }), y)
        }
    }

    /// Each polyline: its series key (nil when it has none) and its number of points.
    var lines: [(key: String?, points: [(x: Double, y: Double)])] {
        elements("polyline").map { e in
            let pts = (Self.attribute("points", of: e) ?? "").split(separator: " ").compactMap {
                p -> (x: Double, y: Double)? in
                let xy = p.split(separator: ",").compactMap { Double($0) }
                return xy.count == 2 ? (xy[0], xy[1]) : nil
            }
            return (Self.attribute("data-series", of: e), pts)
        }
    }

    var xDomain: String? { Self.attribute("data-x-domain", of: (elements("svg").first ?? source)) }
}
