import AssayProfiles
import AssaySuites
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One run as the report folder's index lists it.
public struct RunRecord: Codable, Sendable, Equatable {
    public var runID: String
    public var suite: String
    public var source: String
    /// ISO 8601, UTC.
    public var startTime: String
    public var durationSeconds: Double
    public var success: Bool
    public var evaluated: Int
    public var failedErrors: Int
    public var failedWarnings: Int
    public var rowCount: Int
    /// The run's report, relative to the index.
    public var report: String

    enum CodingKeys: String, CodingKey {
        case runID = "run_id", suite, source, startTime = "start_time", durationSeconds = "duration_seconds", success, evaluated
        case failedErrors = "failed_errors", failedWarnings = "failed_warnings", rowCount = "row_count", report
    }

    public init(runID: String, suite: String, source: String, startTime: String, durationSeconds: Double, success: Bool,
                evaluated: Int, failedErrors: Int, failedWarnings: Int, rowCount: Int, report: String) {
        self.runID = runID
        self.suite = suite
        self.source = source
        self.startTime = startTime
        self.durationSeconds = durationSeconds
        self.success = success
        self.evaluated = evaluated
        self.failedErrors = failedErrors
        self.failedWarnings = failedWarnings
        self.rowCount = rowCount
        self.report = report
    }

    public init(run: ValidationRun, runID: String, report: String) {
        self.runID = runID
        suite = run.suite.name
        source = run.source
        startTime = HTMLReport.timestamp(run.startTime)
        durationSeconds = (run.durationSeconds * 1000).rounded() / 1000
        success = run.failures(atLeast: .error).isEmpty
        evaluated = run.outcomes.count
        failedErrors = run.outcomes.filter { !$0.success && $0.entry.severity == .error }.count
        failedWarnings = run.outcomes.filter { !$0.success && $0.entry.severity == .warning }.count
        rowCount = run.rowCount
        self.report = report
    }
}

/// The report folder's list of runs: `DIR/index.json` (the records, newest first) and
/// `DIR/index.html` (a per-suite summary, then the runs, 50 to a page). Both are rewritten
/// through a temporary file and a rename, under a lock, so concurrent runs add their records
/// one after the other and an interrupted run leaves the previous index whole.
public enum RunIndex {
    public static let pageSize = 50

    /// Adds `record` and rewrites both files. An unreadable `index.json` (not Assay's, or from a
    /// crash of something else) is rebuilt from the `result.json` files under `directory`.
    public static func add(_ record: RunRecord, directory: String, assayVersion: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try withLock(directory: directory) {
            var records = load(directory: directory)
            records.removeAll { $0.report == record.report }
            records.append(record)
            records.sort { ($0.startTime, $0.runID) > ($1.startTime, $1.runID) }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            try AtomicFile.write(try encoder.encode(records), to: (directory as NSString).appendingPathComponent("index.json"))
            let html = render(records, assayVersion: assayVersion)
            try AtomicFile.write(Data(html.utf8), to: (directory as NSString).appendingPathComponent("index.html"))
        }
    }

    static func load(directory: String) -> [RunRecord] {
        let path = (directory as NSString).appendingPathComponent("index.json")
        if let data = FileManager.default.contents(atPath: path), let records = try? JSONDecoder().decode([RunRecord].self, from: data) {
            return records
        }
        return rebuild(directory: directory)
    }

    /// Records from `DIR/<suite>/<run-id>/result.json`, for an index that is missing or unreadable.
    static func rebuild(directory: String) -> [RunRecord] {
        var records: [RunRecord] = []
        let manager = FileManager.default
        for suiteFolder in (try? manager.contentsOfDirectory(atPath: directory)) ?? [] where !suiteFolder.hasPrefix(".") {
            let suitePath = (directory as NSString).appendingPathComponent(suiteFolder)
            for runFolder in (try? manager.contentsOfDirectory(atPath: suitePath)) ?? [] where !runFolder.hasPrefix(".") {
                let resultPath = ((suitePath as NSString).appendingPathComponent(runFolder) as NSString).appendingPathComponent("result.json")
                guard let data = manager.contents(atPath: resultPath),
                      let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
                      let meta = object["meta"] as? [String: Any], let results = object["results"] as? [[String: Any]] else { continue }
                let failed = results.filter { ($0["success"] as? Bool) == false }
                let failedErrors = failed.filter { ($0["severity"] as? String ?? "error") == "error" }.count
                let failedWarnings = failed.filter { ($0["severity"] as? String) == "warning" }.count
                let started = (meta["start_time"] as? String).map { String($0.prefix(19)) + "Z" } ?? ""
                let record = RunRecord(
                    runID: runFolder, suite: meta["suite_name"] as? String ?? suiteFolder, source: meta["data_source"] as? String ?? "",
                    startTime: started, durationSeconds: meta["duration_seconds"] as? Double ?? 0, success: failedErrors == 0,
                    evaluated: results.count, failedErrors: failedErrors, failedWarnings: failedWarnings,
                    rowCount: meta["row_count"] as? Int ?? 0, report: "\(suiteFolder)/\(runFolder)/report.html")
                records.append(record)
            }
        }
        return records
    }

    private static func withLock(directory: String, _ body: () throws -> Void) throws {
        let path = (directory as NSString).appendingPathComponent(".index.lock")
        let descriptor = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path]) }
        defer { close(descriptor) }
        while flock(descriptor, LOCK_EX) != 0 {
            guard errno == EINTR else { throw CocoaError(.fileLocking, userInfo: [NSFilePathErrorKey: path]) }
        }
        defer { _ = flock(descriptor, LOCK_UN) }
        try body()
    }

    /// The index page. Without JavaScript it shows the summary and the newest `pageSize` runs; a
    /// short inline script pages and filters all of them from the embedded records (the DOM
    /// holds one page at a time, whatever the number of runs).
    public static func render(_ records: [RunRecord], assayVersion: String) -> String {
        var suites: [String: (runs: Int, failed: Int, latest: RunRecord)] = [:]
        for record in records {
            if let entry = suites[record.suite] {
                suites[record.suite] = (entry.runs + 1, entry.failed + (record.success ? 0 : 1), entry.latest)
            } else {
                suites[record.suite] = (1, record.success ? 0 : 1, record)
            }
        }
        let failedRuns = records.filter { !$0.success }.count
        var html = ReportStyle.head(title: "Assay validation runs", script: true) + """
            <header class="\(failedRuns == 0 ? "pass" : "fail")"><h1>Validation runs</h1>
            <p class="source">\(records.count) runs of \(suites.count) suites · \(failedRuns) failed</p></header>
            <main><section class="all-pass"><h2>Suites</h2><table class="suites"><thead><tr><th>Suite</th><th>Latest</th><th>Latest run</th><th>Runs</th><th>Failed runs</th></tr></thead><tbody>

            """
        for (name, entry) in suites.sorted(by: { $0.value.latest.startTime > $1.value.latest.startTime }) {
            html += "<tr><td>\(Inert.html(Inert.clip(name, limit: 120)))</td>"
            html += "<td class=\"\(entry.latest.success ? "status-pass" : "status-fail")\">\(entry.latest.success ? "passed" : "failed")</td>"
            html += "<td><a href=\"\(Inert.html(link(entry.latest.report)))\">\(Inert.html(entry.latest.startTime))</a></td><td>\(entry.runs)</td><td>\(entry.failed)</td></tr>\n"
        }
        html += """
            </tbody></table></section>
            <section class="all-pass"><h2>Runs, newest first</h2>
            <div class="controls" id="controls" hidden>
            <label>Suite <select id="suite"><option value="">all</option></select></label>
            <label>Status <select id="status"><option value="">all</option><option value="passed">passed</option><option value="failed">failed</option></select></label>
            <button id="previous" type="button">Newer</button><span id="page"></span><button id="next" type="button">Older</button>
            </div>
            <table class="runs"><thead><tr><th>Started</th><th>Status</th><th>Suite</th><th>Data source</th><th>Rows</th><th>Errors failed</th><th>Warnings failed</th><th>Duration</th></tr></thead>
            <tbody id="runs">

            """
        for record in records.prefix(pageSize) { html += row(record) }
        html += "</tbody></table>"
        if records.count > pageSize {
            html += "<p class=\"note\" id=\"static-note\">The newest \(pageSize) of \(records.count) runs; with JavaScript on, this table pages and filters all of them.</p>"
        }
        let data = (try? JSONEncoder().encode(records)).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
        html += """
            </section></main>
            <footer>Assay \(Inert.html(assayVersion))</footer>
            <script type="application/json" id="records">\(Inert.scriptJSON(data))</script>
            <script>\(script)</script>
            </body></html>

            """
        return html
    }

    static func link(_ report: String) -> String {
        report.split(separator: "/").map { $0.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/?#"))) ?? "" }
            .joined(separator: "/")
    }

    static func row(_ record: RunRecord) -> String {
        "<tr><td><a href=\"\(Inert.html(link(record.report)))\">\(Inert.html(record.startTime))</a></td>"
            + "<td class=\"\(record.success ? "status-pass" : "status-fail")\">\(record.success ? "passed" : "failed")</td>"
            + "<td>\(Inert.html(Inert.clip(record.suite, limit: 80)))</td><td><code>\(Inert.html(Inert.clip(record.source, limit: 120)))</code></td>"
            + "<td>\(HTMLReport.grouped(record.rowCount))</td><td>\(record.failedErrors)</td><td>\(record.failedWarnings)</td>"
            + "<td>\(String(format: "%.2f s", record.durationSeconds))</td></tr>\n"
    }

    /// Pages and filters the embedded records; builds rows with textContent only.
    static let script = """
        (function(){
        var all=JSON.parse(document.getElementById('records').textContent),size=\(pageSize),page=0;
        var body=document.getElementById('runs'),suite=document.getElementById('suite'),status=document.getElementById('status');
        var names={};all.forEach(function(r){names[r.suite]=1;});
        Object.keys(names).sort().forEach(function(n){var o=document.createElement('option');o.value=n;o.textContent=n;suite.appendChild(o);});
        function clip(t,n){return t.length>n?t.slice(0,n)+'\\u2026':t;}
        function cell(tr,text,cls){var td=document.createElement('td');td.textContent=text;if(cls)td.className=cls;tr.appendChild(td);return td;}
        function show(){
        var rows=all.filter(function(r){return (!suite.value||r.suite===suite.value)&&(!status.value||(status.value==='passed')===r.success);});
        var pages=Math.max(1,Math.ceil(rows.length/size));page=Math.min(page,pages-1);
        body.textContent='';
        rows.slice(page*size,page*size+size).forEach(function(r){
        var tr=document.createElement('tr'),td=cell(tr,''),a=document.createElement('a');
        a.href=r.report.split('/').map(encodeURIComponent).join('/');a.textContent=r.start_time;td.appendChild(a);
        cell(tr,r.success?'passed':'failed',r.success?'status-pass':'status-fail');cell(tr,clip(r.suite,80));cell(tr,clip(r.source,120));
        cell(tr,r.row_count.toLocaleString('en-US'));cell(tr,String(r.failed_errors));cell(tr,String(r.failed_warnings));cell(tr,r.duration_seconds.toFixed(2)+' s');
        body.appendChild(tr);});
        document.getElementById('page').textContent='page '+(page+1)+' of '+pages+' ('+rows.length+' runs)';
        document.getElementById('previous').disabled=page===0;document.getElementById('next').disabled=page>=pages-1;}
        suite.onchange=status.onchange=function(){page=0;show();};
        document.getElementById('previous').onclick=function(){page--;show();};
        document.getElementById('next').onclick=function(){page++;show();};
        var note=document.getElementById('static-note');if(note)note.hidden=true;
        document.getElementById('controls').hidden=false;show();
        })();
        """
}
