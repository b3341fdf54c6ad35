import ArgumentParser
import AssayColumns
import AssayExpectations
import AssayParquet
import AssayPostgres
import AssayProfiles
import AssayReaders
import AssayReports
import AssaySuites
import Foundation

public struct AssayCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "assay",
        abstract: "Statistical data-quality checks for the tables ML models depend on.",
        discussion: """
            Exit codes: 0 success; 1 checks failed; 2 usage error; 3 the data could not be read; \
            4 an output file could not be written.
            """,
        version: ProfileBuilder.assayVersion,
        subcommands: [Validate.self, Lint.self, Profile.self, Suggest.self, Compare.self, Sample.self, Demo.self, History.self, ContractCommand.self, Import.self])

    public init() {}

    /// Parses `arguments`, runs the command and returns the process exit code. Messages go to
    /// stderr as one line; `--help` and `--version` go to stdout.
    public static func main(arguments: [String]) -> Int32 {
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
            return ExitCode.success.rawValue
        } catch let error as CLIError {
            if !error.message.isEmpty { printError(error.message) }
            return error.exitCode.rawValue
        } catch let error as SuiteError {
            printError(error.description)
            return ExitCode.usage.rawValue
        } catch let error as ReaderError {
            printError(error.description)
            return ExitCode.unreadableData.rawValue
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
                return 0
            }
            // Usage errors: the parser's first line plus where to read more, as one line.
            let first = message(for: error).split(separator: "\n").first.map(String.init) ?? "invalid arguments"
            printError("\(first) (see 'assay --help')")
            return ExitCode.usage.rawValue
        }
    }

    static func printError(_ message: String) {
        FileHandle.standardError.write(Data("assay: error: \(message)\n".utf8))
    }
}

/// A CSV or Parquet source behind one type, so commands stay generic over `BatchSource` without
/// knowing which reader opened the file.
enum AnySource: BatchSource {
    case csv(CSVReader)
    case parquet(ParquetReader)
    case postgres(PostgresSource)

    var name: String {
        switch self {
        case .csv(let reader): reader.name
        case .parquet(let reader): reader.name
        case .postgres(let source): source.name
        }
    }

    var schema: Schema {
        switch self {
        case .csv(let reader): reader.schema
        case .parquet(let reader): reader.schema
        case .postgres(let source): source.schema
        }
    }

    func scan(workerCount: Int, _ body: (_ worker: Int, _ batch: Batch) throws -> Void) throws {
        switch self {
        case .csv(let reader): try reader.scan(workerCount: workerCount, body)
        case .parquet(let reader): try reader.scan(workerCount: workerCount, body)
        case .postgres(let source): try source.scan(workerCount: workerCount, body)
        }
    }

    func widened(to schema: Schema) -> AnySource {
        switch self {
        case .csv(let reader): .csv(reader.widened(to: schema))
        case .parquet(let reader): .parquet(reader.widened(to: schema))
        case .postgres(let source): .postgres(source.widened(to: schema))
        }
    }

    func projected(to columns: Set<String>) -> AnySource {
        switch self {
        case .csv(let reader): .csv(reader.projected(to: columns))
        case .parquet(let reader): .parquet(reader.projected(to: columns))
        case .postgres(let source): .postgres(source.projected(to: columns))
        }
    }

    var aggregating: (any AggregatingSource)? {
        switch self {
        case .csv: nil
        case .parquet(let reader): reader
        case .postgres(let source): source
        }
    }
}

/// Options shared by every command that reads a CSV file.
struct CSVFlags: ParsableArguments {
    @Option(name: .long, help: "Field delimiter: ',', ';', 'tab', '|' or any single character (default: detected).")
    var delimiter: String?

    @Option(name: .customLong("null"), help: ArgumentHelp(
        "A text that means null; repeat for several (default: empty, NA, N/A, null, NULL, NaN).",
        valueName: "token"))
    var nullTokens: [String] = []

    @Flag(name: .long, help: "Read every column as text; skip type inference.")
    var noInfer = false

    @Option(name: .long, help: "With a postgresql:// source: a read-only SELECT to read instead of ?table=.")
    var query: String?

    @Option(name: .long, help: ArgumentHelp("With a postgresql:// source: cancel a statement running longer than this.", valueName: "milliseconds"))
    var statementTimeout: Int?

    /// The data source: a CSV or Parquet file, or a postgresql:// URL.
    func open(_ path: String) throws -> AnySource {
        try DataSource.open(path, options: try options(), query: query, statementTimeout: statementTimeout)
    }

    func options() throws -> CSVOptions {
        var options = CSVOptions()
        if let delimiter {
            let byte: UInt8? = switch delimiter {
            case "tab", "\\t", "\t": UInt8(ascii: "\t")
            default: delimiter.utf8.count == 1 ? delimiter.utf8.first : nil
            }
            guard let byte, byte != UInt8(ascii: "\""), byte != UInt8(ascii: "\n"), byte != UInt8(ascii: "\r") else {
                throw CLIError(.usage, "--delimiter takes one character other than a quote or a line break, or 'tab' (got \"\(delimiter)\")")
            }
            options.delimiter = byte
        }
        if !nullTokens.isEmpty { options.nullTokens = nullTokens }
        options.inferTypes = !noInfer
        return options
    }
}

/// Opens a data file: Parquet when it is named `.parquet` or starts with Parquet's magic bytes
/// (`PAR1`, or `PARE` when encrypted), else CSV (plain or gzip). Parquet columns the reader leaves
/// out (lists, maps) get one note each on stderr.
enum DataSource {
    static func open(_ path: String, options: CSVOptions, query: String? = nil, statementTimeout: Int? = nil) throws -> AnySource {
        let lowered = path.lowercased()
        if lowered.hasPrefix("postgresql://") || lowered.hasPrefix("postgres://") {
            if let statementTimeout, statementTimeout <= 0 { throw CLIError(.usage, "--statement-timeout takes a positive number of milliseconds") }
            return .postgres(try PostgresSource(url: path, query: query, options: PostgresOptions(statementTimeoutMilliseconds: statementTimeout)))
        }
        if query != nil || statementTimeout != nil {
            throw CLIError(.usage, "--query and --statement-timeout apply to a postgresql:// source, not to \(path)")
        }
        if path.lowercased().hasSuffix(".parquet") || startsWithParquetMagic(path) {
            let reader = try ParquetReader(path: path)
            for column in reader.skippedColumns {
                FileHandle.standardError.write(Data(
                    "note: \(path): column \"\(column.name)\" is \(column.reason); Assay reads flat and struct columns only — it is left out\n".utf8))
            }
            return .parquet(reader)
        }
        return .csv(try CSVReader(path: path, options: options))
    }

    private static func startsWithParquetMagic(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 4)) ?? Data()
        return head == Data("PAR1".utf8) || head == Data("PARE".utf8)
    }

    /// A drift baseline: a profile JSON as `assay profile` writes it, or a dataset profiled now.
    static func baseline(_ path: String, options: CSVOptions, workerCount: Int) throws -> AssayProfiles.Profile {
        guard FileManager.default.fileExists(atPath: path) else { throw CLIError(.unreadableData, "\(path): no such baseline file") }
        if path.lowercased().hasSuffix(".json") {
            guard let data = FileManager.default.contents(atPath: path) else { throw CLIError(.unreadableData, "\(path): cannot read the baseline") }
            do {
                return try AssayProfiles.Profile.load(from: data)
            } catch let newer as AssayProfiles.Profile.NewerSchemaError {
                throw CLIError(.unreadableData, "\(path): \(newer)")
            } catch {
                throw CLIError(.unreadableData, "\(path): not a profile JSON written by assay profile (\(Self.decodingProblem(error)))")
            }
        }
        return try ProfileBuilder.build(try open(path, options: options), workerCount: workerCount)
    }

    static func decodingProblem(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, let context):
            return "no \"\(key.stringValue)\" at \(context.codingPath.map(\.stringValue).joined(separator: "."))"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            return "unexpected value at \(context.codingPath.map(\.stringValue).joined(separator: "."))"
        case DecodingError.dataCorrupted(let context):
            return context.codingPath.isEmpty ? "not JSON" : "bad value at \(context.codingPath.map(\.stringValue).joined(separator: "."))"
        default:
            return "\(error)"
        }
    }
}

extension AssayCommand {
    struct Profile: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Profile a dataset: per-column statistics, sketches, correlations and alerts, as JSON (and HTML).",
            discussion: """
                Without --json the profile JSON goes to stdout. `assay profile merge A.json B.json [...] --json AB.json` \
                combines profiles of parts into the profile of their union: exact for counts, moments and co-moments; \
                quantiles, frequent values and distinct counts within their sketches' stated error; duplicate rows \
                across parts are unknown (their sum, a lower bound).
                """)

        @Argument(help: "The data file (CSV, gzip-compressed CSV or Parquet); or `merge` and two or more profile JSON files.")
        var arguments: [String]

        var data: String { arguments.first ?? "" }

        @Option(name: .long, help: "Write the profile JSON here (written whole or not at all).")
        var json: String?

        @Option(name: .long, help: "Also write the profile as a self-contained HTML page here.")
        var html: String?

        @Option(name: .long, help: "Override an alert threshold, NAME=VALUE (missing, zeros, skewed, high_cardinality, imbalance, correlation, duplicates); repeatable.")
        var alert: [String] = []

        @Option(name: .long, help: "Worker threads (default: one per core).")
        var workers: Int?

        @OptionGroup var csv: CSVFlags

        @OptionGroup var history: HistoryOptions

        func validate() throws {
            if let workers, workers < 1 || workers > 256 {
                throw ValidationError("--workers must be between 1 and 256")
            }
            _ = try thresholds()
            if arguments.first == "merge" {
                guard arguments.count >= 3 else { throw ValidationError("merge takes two or more profile JSON files") }
            } else {
                guard arguments.count == 1 else { throw ValidationError("give one data file (or `merge` and profile files)") }
            }
        }

        func thresholds() throws -> AlertThresholds {
            var thresholds = AlertThresholds()
            for item in alert {
                let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
                guard parts.count == 2, let value = Double(parts[1]), value.isFinite else {
                    throw ValidationError("--alert takes NAME=VALUE, not \"\(item)\"")
                }
                guard thresholds.set(parts[0], value) else {
                    throw ValidationError("--alert: unknown threshold \"\(parts[0])\" (known: \(AlertThresholds.names.joined(separator: ", ")))")
                }
            }
            return thresholds
        }

        func run() throws {
            if arguments.first == "merge" {
                try MergeProfiles.merge(Array(arguments.dropFirst()), json: json, html: html, thresholds: try thresholds())
                return
            }
            let source = try csv.open(data)
            let profile = try ProfileBuilder.build(source, workerCount: workers ?? Parallel.processorCount, thresholds: try thresholds())
            if let html {
                try CLIError.write(Data(ProfileReport.render(profile).utf8), to: html, what: "the profile page")
            }
            let encoded = profile.jsonData()
            if let json {
                try CLIError.write(encoded, to: json, what: "the profile")
                if json != "-" {
                    FileHandle.standardError.write(Data("assay: profiled \(profile.rowCount) rows × \(profile.columns.count) columns of \(data) → \(json)\n".utf8))
                }
            } else {
                FileHandle.standardOutput.write(encoded)
            }
            try history.record(profile, data: data)
        }
    }

    struct Sample: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write Assay's built-in sample dataset (a customer feature table) as CSV.")

        @Option(name: .long, help: "Where to write the CSV.")
        var out: String

        @Option(name: .long, help: "Number of rows.")
        var rows: Int = 10_000

        @Option(name: .long, help: "Random seed (same seed, same file).")
        var seed: UInt64 = 42

        @Flag(name: .long, help: "The same table after a product change (higher incomes, older customers, fewer sessions, a new country): for trying drift checks.")
        var drifted = false

        func validate() throws {
            guard rows >= 0, rows <= 100_000_000 else { throw ValidationError("--rows must be between 0 and 100000000") }
        }

        func run() throws {
            try CLIError.write(Data(SampleDataset.csv(rows: rows, seed: seed, drifted: drifted).utf8), to: out, what: "the sample")
        }
    }

    struct Demo: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Generate the sample dataset, profile it and validate it with the bundled suite.")

        @Option(name: .long, help: "Folder for the sample data and the outputs.")
        var dir: String = "reports/demo"

        func run() throws {
            func path(_ name: String) -> String { (dir as NSString).appendingPathComponent(name) }
            try CLIError.write(Data(SampleDataset.csv(rows: 10_000).utf8), to: path("customers.csv"))
            try CLIError.write(Data(SampleDataset.suiteYAML.utf8), to: path("customers.yml"))
            let profile = try ProfileBuilder.build(try CSVReader(path: path("customers.csv")))
            try CLIError.write(profile.jsonData(), to: path("customers.profile.json"))
            print(DemoSummary.render(profile))
            let suite = try Suite.load(path: path("customers.yml"))
            let figurePlan = FigurePlan(suite: suite)
            let (run, metrics) = try Validator.run(suite, source: try CSVReader(path: path("customers.csv")),
                                                   resultFormat: ResultFormat(level: .summary)) { figurePlan.add(to: &$0) }
            try CLIError.write(Data(run.json(assayVersion: ProfileBuilder.assayVersion).rendered().utf8), to: path("customers.result.json"))
            let html = HTMLReport.render(run, figures: figurePlan.collect(metrics), assayVersion: ProfileBuilder.assayVersion)
            try CLIError.write(Data(html.utf8), to: path("customers.report.html"))
            print("\n" + Validate.summary(run), terminator: "")
            // Drift: a later day after a product change, against today's profile as the baseline.
            try CLIError.write(Data(SampleDataset.csv(rows: 10_000, seed: 43, drifted: true).utf8), to: path("customers-next.csv"))
            try CLIError.write(Data(SampleDataset.driftSuiteYAML.utf8), to: path("customers-drift.yml"))
            let drift = try Validator.run(try Suite.load(path: path("customers-drift.yml")), source: try CSVReader(path: path("customers-next.csv")),
                                          baseline: profile)
            try CLIError.write(Data(drift.json(assayVersion: ProfileBuilder.assayVersion).rendered().utf8), to: path("customers-drift.result.json"))
            print("\n" + Validate.summary(drift), terminator: "")
            print("""

                sample data: \(path("customers.csv")), drifted next day: \(path("customers-next.csv"))
                profile:     \(path("customers.profile.json"))
                suites:      \(path("customers.yml")), \(path("customers-drift.yml"))
                results:     \(path("customers.result.json")), \(path("customers-drift.result.json"))
                report:      \(path("customers.report.html"))
                """)
        }

    }

    struct Suggest: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Suggest a suite from a dataset or a profile JSON: checks that pass on that data, each with a comment saying why.",
            discussion: """
                With a dataset and -o, the profile is written beside the suite (<suite>.profile.json) and the suite \
                names it as its baseline, so drift checks are suggested too; with a profile JSON, the suite names \
                that file. Without -o the suite goes to stdout (drift checks only when the input is a profile).
                """)

        @Argument(help: "A data file (CSV, gzip-compressed CSV or Parquet) or a profile JSON written by assay profile.")
        var input: String

        @Option(name: [.short, .customLong("out")], help: "Write the suite here (YAML).")
        var out: String?

        @Option(name: .long, help: "Worker threads (default: one per core).")
        var workers: Int?

        @OptionGroup var csv: CSVFlags

        func run() throws {
            let workerCount = workers ?? Parallel.processorCount
            let isProfile = input.lowercased().hasSuffix(".json")
            let profile = try DataSource.baseline(input, options: try csv.options(), workerCount: workerCount)
            let stem = ((out ?? input) as NSString).lastPathComponent.components(separatedBy: ".").first ?? "suite"
            var baseline: String?
            if isProfile {
                baseline = (input as NSString).isAbsolutePath ? input : FileManager.default.currentDirectoryPath + "/" + input
            } else if let out {
                let profilePath = ((out as NSString).deletingPathExtension) + ".profile.json"
                try CLIError.write(profile.jsonData(), to: profilePath)
                baseline = (profilePath as NSString).lastPathComponent
            }
            let yaml = SuiteSuggester.yaml(profile, name: stem.isEmpty ? "suite" : stem, baseline: baseline)
            if let out {
                try CLIError.write(Data(yaml.utf8), to: out)
                FileHandle.standardError.write(Data("assay: suggested \(yaml.components(separatedBy: "\n  - type:").count - 1) checks → \(out)\n".utf8))
            } else {
                FileHandle.standardOutput.write(Data(yaml.utf8))
            }
        }

    }

    /// `assay profile merge A.json B.json …`.
    enum MergeProfiles {
        static func merge(_ profiles: [String], json: String?, html: String?, thresholds: AlertThresholds) throws {
            var merged: AssayProfiles.Profile?
            for path in profiles {
                guard let data = FileManager.default.contents(atPath: path) else { throw CLIError(.unreadableData, "\(path): cannot read the profile") }
                let profile: AssayProfiles.Profile
                do {
                    profile = try AssayProfiles.Profile.load(from: data)
                } catch let newer as AssayProfiles.Profile.NewerSchemaError {
                    throw CLIError(.unreadableData, "\(path): \(newer)")
                } catch {
                    throw CLIError(.unreadableData, "\(path): not a profile JSON written by assay profile (\(DataSource.decodingProblem(error)))")
                }
                do {
                    merged = try merged.map { try ProfileMerge.merge($0, profile, thresholds: thresholds) } ?? profile
                } catch let mismatch as ProfileMerge.Mismatch {
                    throw CLIError(.usage, "\(path): \(mismatch.description)")
                }
            }
            guard let merged else { return }
            if let html { try CLIError.write(Data(ProfileReport.render(merged).utf8), to: html) }
            if let json {
                try CLIError.write(merged.jsonData(), to: json)
                FileHandle.standardError.write(Data("assay: merged \(profiles.count) profiles (\(merged.rowCount) rows) → \(json)\n".utf8))
            } else {
                FileHandle.standardOutput.write(merged.jsonData())
            }
        }

    }

    struct Compare: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Did the data move? Compare a current dataset or profile with a baseline one, per column and jointly.",
            discussion: """
                Exit codes: 0 nothing drifted; 1 something did (a column, the schema, or the multivariate section); \
                2 usage error; 3 an input could not be read. See the README for the default method table.
                """)

        @Argument(help: "BASELINE CURRENT: each a dataset (CSV or Parquet) or a profile JSON.")
        var inputs: [String] = []

        @Option(name: .long, parsing: .upToNextOption,
                help: "Trends instead: profiles or datasets in order (a folder means its .json and .csv files, sorted by name).")
        var series: [String] = []

        @Option(name: .long, help: "With --series: compare each day with the first (default) or the previous one.")
        var against: String = "first"

        var baseline: String { inputs.first ?? "" }
        var current: String { inputs.count > 1 ? inputs[1] : "" }

        @Option(name: .long, help: "Write the comparison JSON here ('-' for stdout).")
        var json: String?

        @Option(name: .long, help: "Write the comparison as an HTML page here.")
        var html: String?

        @Option(name: .long, parsing: .upToNextOption, help: "Compare only these columns.")
        var columns: [String] = []

        @Option(name: .long, help: "One method for every column: ks, wasserstein, psi (numeric); js, chisquare, psi (categorical).")
        var method: String?

        @Option(name: .long, help: "The threshold for that method (a p-value for chisquare).")
        var threshold: Double?

        @Option(name: .long, help: "Worker threads (default: one per core).")
        var workers: Int?

        @OptionGroup var csv: CSVFlags

        func validate() throws {
            if let method, !["ks", "wasserstein", "psi", "js", "chisquare"].contains(method) {
                throw ValidationError("--method must be ks, wasserstein, psi, js or chisquare, not \"\(method)\"")
            }
            guard ["first", "previous"].contains(against) else { throw ValidationError("--against must be first or previous") }
            if series.isEmpty {
                guard inputs.count == 2 else { throw ValidationError("give BASELINE and CURRENT (or --series FILES…)") }
            } else {
                guard inputs.isEmpty else { throw ValidationError("--series takes the inputs itself; give no BASELINE/CURRENT") }
            }
        }

        func run() throws {
            let workerCount = workers ?? Parallel.processorCount
            if !series.isEmpty {
                try runSeries(workerCount: workerCount)
                return
            }
            let before = try DataSource.baseline(baseline, options: try csv.options(), workerCount: workerCount)
            let after = try DataSource.baseline(current, options: try csv.options(), workerCount: workerCount)
            let comparison = ProfileComparison.compare(before, after, columns: columns.isEmpty ? nil : columns, method: method, threshold: threshold)
            let document = Data(comparison.json.rendered().utf8)
            if let json, json != "-" { try CLIError.write(document, to: json) }
            if let html { try CLIError.write(Data(CompareReport.render(comparison, baseline: baseline, current: current).utf8), to: html) }
            var lines = ["\(comparison.drifted ? "DRIFT" : "NO DRIFT"): \(comparison.columns.filter(\.drifted).count) of \(comparison.columns.count) columns drifted, rows \(before.rowCount) → \(after.rowCount)"]
            if !comparison.added.isEmpty { lines.append("  added columns: \(comparison.added.joined(separator: ", "))") }
            if !comparison.removed.isEmpty { lines.append("  removed columns: \(comparison.removed.joined(separator: ", "))") }
            for (name, old, new) in comparison.retyped { lines.append("  re-typed: \(name) \(old.rawValue) → \(new.rawValue)") }
            for column in comparison.columns where column.drifted {
                lines.append("  \(column.name): \(column.method) \(String(format: "%.4g", column.statistic)) > \(String(format: "%.4g", column.threshold))")
            }
            if comparison.multivariate.contains(where: { $0.0 == "drifted" && $0.1 == .bool(true) }) { lines.append("  multivariate: the joint distribution moved (see the JSON)") }
            let summary = lines.joined(separator: "\n") + "\n"
            if json == "-" {
                FileHandle.standardOutput.write(document)
                FileHandle.standardError.write(Data(summary.utf8))
            } else {
                FileHandle.standardOutput.write(Data(summary.utf8))
            }
            if comparison.drifted { throw CLIError(.failed, "") }
        }

        /// `--series`: every day against the first (or the previous), a table of drift scores per
        /// column, the day each column's drift began.
        private func runSeries(workerCount: Int) throws {
            var paths: [String] = []
            for item in series {
                var isFolder: ObjCBool = false
                if FileManager.default.fileExists(atPath: item, isDirectory: &isFolder), isFolder.boolValue {
                    let names = ((try? FileManager.default.contentsOfDirectory(atPath: item)) ?? [])
                        .filter { $0.hasSuffix(".json") || $0.hasSuffix(".csv") || $0.hasSuffix(".csv.gz") || $0.hasSuffix(".parquet") }.sorted()
                    paths += names.map { (item as NSString).appendingPathComponent($0) }
                } else {
                    paths.append(item)
                }
            }
            guard paths.count >= 2 else { throw CLIError(.usage, "--series needs at least two profiles or datasets") }
            let profiles = try paths.map { try DataSource.baseline($0, options: try csv.options(), workerCount: workerCount) }
            let trend = SeriesComparison.build(profiles, names: paths.map { ($0 as NSString).lastPathComponent }, againstPrevious: against == "previous",
                                               columns: columns.isEmpty ? nil : columns, method: method, threshold: threshold)
            let document = Data(trend.json.rendered().utf8)
            if let json, json != "-" { try CLIError.write(document, to: json) }
            if let html { try CLIError.write(Data(CompareReport.renderSeries(trend).utf8), to: html) }
            let summary = trend.text
            if json == "-" {
                FileHandle.standardOutput.write(document)
                FileHandle.standardError.write(Data(summary.utf8))
            } else {
                FileHandle.standardOutput.write(Data(summary.utf8))
            }
            if trend.drifted { throw CLIError(.failed, "") }
        }

    }
}
