import AssayProfiles

/// The one stylesheet of every page, inlined, and the head every page starts with.
enum ReportStyle {
    /// `<!doctype html>` through `<body>`: a Content-Security-Policy that forbids every request
    /// (and scripts, unless the page has its own inline one), the title (escaped here), the style.
    static func head(title: String, script: Bool = false, style: String = "") -> String {
        let scripts = script ? " script-src 'unsafe-inline';" : ""
        return """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8">
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline';\(scripts) img-src data:; base-uri 'none'; form-action 'none'">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="generator" content="Assay \(Inert.html(ProfileBuilder.assayVersion))">
            <title>\(Inert.html(title))</title><style>\(css)\(style)</style></head><body>

            """
    }

    static let css = """
        :root{--ok:#1a7f37;--bad:#cf222e;--warn:#9a6700;--line:#d0d7de;--muted:#57606a;--band:#dafbe1}
        *{box-sizing:border-box}body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2328;background:#f6f8fa}
        header{padding:16px 24px;background:#fff;border-bottom:4px solid var(--ok)}header.fail{border-bottom-color:var(--bad)}
        h1{margin:0 0 2px;font-size:22px}h2{font-size:16px;margin:0 0 8px}.verdict{margin:0;font-weight:700;font-size:18px;color:var(--ok)}
        header.fail .verdict{color:var(--bad)}.source{margin:0 0 8px;color:var(--muted);overflow-wrap:anywhere}
        code{font:12px/1.4 ui-monospace,SFMono-Regular,Menlo,monospace;overflow-wrap:anywhere}
        dl{margin:0}.overview{display:flex;flex-wrap:wrap;gap:6px 22px}.overview div,.facts div{min-width:0}
        dt{font-size:11px;text-transform:uppercase;letter-spacing:.04em;color:var(--muted)}dd{margin:0;font-weight:600;overflow-wrap:anywhere}
        .overview .bad dd{color:var(--bad)}.overview .warn dd{color:var(--warn)}
        .filter{display:inline-block;margin-top:10px;padding:4px 10px;border:1px solid var(--line);border-radius:6px;cursor:pointer;background:#f6f8fa}
        .toggle{position:absolute;left:-9999px}.toggle:checked+header .filter{background:#ddf4ff;border-color:#54aeff}
        .toggle:checked~main .exp.pass,.toggle:checked~main section.all-pass{display:none}
        main{padding:16px 24px;max-width:1100px}section{background:#fff;border:1px solid var(--line);border-radius:8px;padding:12px 16px;margin-bottom:14px}
        .count{font-weight:400;color:var(--muted);font-size:13px}
        .exp{border-top:1px solid var(--line);padding:10px 0}.exp:first-of-type{border-top:0}
        .head{display:flex;gap:10px;align-items:baseline}.sentence{flex:1;font-weight:600;overflow-wrap:anywhere}.severity{color:var(--muted);font-size:12px}
        .badge{font-size:11px;font-weight:700;padding:1px 7px;border-radius:10px;color:#fff;background:var(--ok)}
        .badge.fail{background:var(--bad)}.badge.warn{background:var(--warn)}
        .label{margin:2px 0 6px;color:var(--muted)}.exception{color:var(--bad);overflow-wrap:anywhere}
        .facts{display:flex;flex-wrap:wrap;gap:4px 24px;margin:4px 0}.meta,.note{color:var(--muted);font-size:12px;overflow-wrap:anywhere}
        table{border-collapse:collapse;margin:6px 0;font-size:13px}th,td{border:1px solid var(--line);padding:3px 8px;text-align:left;vertical-align:top;max-width:520px;overflow-wrap:anywhere}
        th{background:#f6f8fa;font-weight:600}figure{margin:8px 0}figcaption{color:var(--muted);font-size:12px}
        .figure{width:100%;max-width:560px;height:auto;display:block}.figure text{font-size:10px;fill:#57606a}
        .figure .allowed{fill:var(--band)}.figure .bar{fill:#54aeff}.figure .bar.out{fill:#ff8182}.figure .axis{stroke:#8c959f}
        .figure .mark{fill:var(--ok)}.figure .mark.bad{fill:var(--bad)}.figure.spark{max-width:240px}.figure .trend{fill:none;stroke:#57606a;stroke-width:1.5}.figure .baseline{fill:#8c959f}.figure .current{fill:#54aeff}
        .heatmap text{font-size:11px;fill:#1f2328}footer{padding:8px 24px 24px;color:var(--muted);font-size:12px}
        td.status-pass{color:var(--ok);font-weight:600}td.status-fail{color:var(--bad);font-weight:600}
        .controls{display:flex;gap:12px;align-items:center;flex-wrap:wrap;margin-bottom:8px}select,button{font:inherit}
        """
}
