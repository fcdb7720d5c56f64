// The page's CSS: the layout follows the window (a grid whose columns are as many 420-px-or-wider cells as fit,
// charts scaled to their cell), tables scroll sideways on a narrow screen instead of squeezing.
extension ReportPage {
    static let css = """
        *{box-sizing:border-box}
        body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;padding:20px clamp(12px,2.5vw,40px) 32px;color:#1b1b1b;background:#fff}
        h1{font-size:24px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 6px;border-bottom:1px solid #ddd;padding-bottom:4px}
        .meta,.note,footer{color:#555}.meta{margin:0;overflow-wrap:anywhere}.note{margin:4px 0 10px;max-width:110ch}
        footer{margin-top:32px;font-size:12px}
        .tiles{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,190px),1fr));gap:12px;margin:16px 0 4px}
        .tile{border:1px solid #e3e3e3;border-radius:6px;padding:8px 12px;background:#fafafa}
        .tl{font-size:12px;color:#555;text-transform:uppercase;letter-spacing:.04em}.tv{font-size:22px;font-weight:600}
        .td{font-size:12px;color:#555;overflow-wrap:anywhere}
        .grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(100%,420px),1fr));gap:14px}
        figure{margin:0;border:1px solid #e3e3e3;border-radius:6px;padding:6px;background:#fcfcfc;min-width:0}
        figure svg{display:block;width:100%;height:auto}
        svg text{font-family:inherit;fill:#333}.t{font-size:13px;font-weight:600}.st{font-size:10.5px;fill:#666}
        .an{font-size:10px;font-style:italic;fill:#8a4b00}.xl,.at{font-size:10.5px;text-anchor:middle}.at{fill:#555}
        .yl{font-size:10.5px;text-anchor:end}.lt{font-size:10.5px}.g{stroke:#e6e6e6;stroke-width:1}
        .frame{fill:none;stroke:#999;stroke-width:1}.flag{fill:none;stroke:#d00;stroke-width:2}
        .scroll{overflow-x:auto}table{border-collapse:collapse;font-size:13px;min-width:60%}
        td,th{border-bottom:1px solid #eee;padding:4px 10px;text-align:left;vertical-align:top}th{background:#f6f6f6}
        td:first-child{min-width:18ch}
        .ok{color:#07603a}.bad{color:#b00020;font-weight:600}.none{color:#666}
        .tag{font-size:11px;background:#e8f0fe;color:#1a4d8f;border-radius:3px;padding:0 5px;white-space:nowrap}
        .empty{color:#777;font-style:italic}code{background:#f2f2f2;padding:1px 4px;border-radius:3px}
        details{border:1px solid #e3e3e3;border-radius:6px;margin:8px 0;padding:6px 12px}
        summary{cursor:pointer;font-weight:600;font-size:15px}details[open] summary{margin-bottom:6px}
        """
}
