import AssayColumns
import AssayParquet
import AssayProfiles
import AssayReaders
import Foundation
import Testing

/// One seeded table (`scripts/parquet-roundtrip.py`: 3,000 rows; int, float, bool, date,
/// timestamp and text columns with ~5% nulls, a sorted id, a 5-value category) as CSV and as
/// Parquet in eight layouts (codecs, dictionary or plain, data page v1 or v2, delta and
/// byte-stream-split encodings, small row groups and pages with a dictionary that falls back to
/// plain pages). Profiled from each Parquet file, it must give the CSV's profile: the same
/// counts, extremes, distinct counts, frequent values, quantiles and histograms exactly, moments
/// and correlations to 1e-12 relative (batch boundaries differ, so merges happen in another order).
@Suite struct RoundTripTests {
    static let folder = ParquetFixtures.folder + "/roundtrip"
    static let variants = ["snappy", "zstd", "gzip", "plain-uncompressed", "delta", "lz4", "brotli", "small-pages"]
    static let relativeTolerance = 1e-12
    static let workerCount = 2

    static let csvProfile: Result<Profile, any Error> = Result {
        try ProfileBuilder.build(try CSVReader(path: folder + "/table.csv"), workerCount: workerCount)
    }

    @Test func theCSVReadsWithTheParquetTypes() throws {
        let profile = try Self.csvProfile.get()
        #expect(profile.rowCount == 3_000)
        #expect(profile.columns.map(\.name) == ["id", "quantity", "price", "active", "day", "seen_at", "name", "category"])
        #expect(profile.columns.map(\.type) == [.int64, .int64, .float64, .bool, .date, .timestamp, .string, .string])
    }

    @Test(arguments: variants)
    func parquetProfilesLikeTheCSV(variant: String) throws {
        let csv = try Self.csvProfile.get()
        let parquet = try ProfileBuilder.build(try ParquetReader(path: "\(Self.folder)/\(variant).parquet"), workerCount: Self.workerCount)
        for problem in Self.differences(csv, parquet) { Issue.record("\(variant).parquet: \(problem)") }
    }

    /// The Parquet reader's schema and skipped columns for the table: every column kept.
    @Test(arguments: variants)
    func schemaKeepsEveryColumn(variant: String) throws {
        let reader = try ParquetReader(path: "\(Self.folder)/\(variant).parquet")
        #expect(reader.schema.fields.map(\.type) == [.int64, .int64, .float64, .bool, .date, .timestamp, .string, .string])
        #expect(reader.skippedColumns.isEmpty)
    }

    /// Dictionary codes, where a batch carries them, decode to the column's own strings: also in
    /// small-pages.parquet, whose text chunks switch from dictionary to plain pages part way.
    /// The reader shares dictionary pages (8eafb5a), so the dictionary-encoded `category` has them.
    @Test(arguments: variants)
    func dictionaryCodesDecodeToTheColumn(variant: String) throws {
        let table = try ReadTable(path: "\(Self.folder)/\(variant).parquet")
        #expect(table.rowCount == 3_000)
        for (index, field) in table.schema.fields.enumerated() where field.type == .string {
            let chunks = table.batches.map { $0.columns[index] }
            for problem in ParquetComparison.dictionaryProblems(chunks) { Issue.record("\(variant).parquet, column \(field.name): \(problem)") }
        }
        if ["snappy", "zstd", "gzip", "lz4", "brotli"].contains(variant), let category = table.schema.index(of: "category") {
            let withDictionary = table.batches.filter { if case .string(let c) = $0.columns[category] { c.dictionary != nil } else { false } }
            #expect(!withDictionary.isEmpty, "\(variant).parquet: the dictionary-encoded category column carries its codes")
        }
    }

    static func close(_ a: Double?, _ b: Double?) -> Bool {
        switch (a, b) {
        case (nil, nil): return true
        case (let a?, let b?):
            if a.isNaN || b.isNaN { return a.isNaN && b.isNaN }
            return a == b || abs(a - b) <= relativeTolerance * max(abs(a), abs(b))
        default: return false
        }
    }

    static func closeMatrix(_ a: [[Double?]]?, _ b: [[Double?]]?) -> Bool {
        guard let a, let b else { return a == nil && b == nil }
        return a.count == b.count && zip(a, b).allSatisfy { $0.count == $1.count && zip($0, $1).allSatisfy { close($0, $1) } }
    }

    /// What differs between two profiles of the same rows, one line each.
    static func differences(_ csv: Profile, _ parquet: Profile) -> [String] {
        var problems: [String] = []
        func check(_ ok: Bool, _ what: @autoclosure () -> String) { if !ok { problems.append(what()) } }
        check(csv.rowCount == parquet.rowCount, "row_count \(parquet.rowCount), CSV \(csv.rowCount)")
        check(csv.columns.map(\.name) == parquet.columns.map(\.name), "columns \(parquet.columns.map(\.name))")
        check(csv.duplicateRowCount == parquet.duplicateRowCount, "duplicate_row_count \(String(describing: parquet.duplicateRowCount)), CSV \(String(describing: csv.duplicateRowCount))")
        check(csv.alerts.map { "\($0.type):\($0.columns)" } == parquet.alerts.map { "\($0.type):\($0.columns)" },
              "alerts \(parquet.alerts.map(\.type)), CSV \(csv.alerts.map(\.type))")
        for (c, p) in zip(csv.columns, parquet.columns) {
            let name = c.name
            check(c.type == p.type, "\(name): type \(p.type), CSV \(c.type)")
            check(c.count == p.count, "\(name): count \(p.count), CSV \(c.count)")
            check(c.nullCount == p.nullCount, "\(name): null_count \(p.nullCount), CSV \(c.nullCount)")
            if let cn = c.numeric, let pn = p.numeric {
                check(cn.min == pn.min, "\(name): min \(String(describing: pn.min)), CSV \(String(describing: cn.min))")
                check(cn.max == pn.max, "\(name): max \(String(describing: pn.max)), CSV \(String(describing: cn.max))")
                check(close(cn.mean, pn.mean), "\(name): mean \(String(describing: pn.mean)), CSV \(String(describing: cn.mean))")
                check(close(cn.stddev, pn.stddev), "\(name): stddev \(String(describing: pn.stddev)), CSV \(String(describing: cn.stddev))")
                check(close(cn.skewness, pn.skewness), "\(name): skewness \(String(describing: pn.skewness)), CSV \(String(describing: cn.skewness))")
                check(close(cn.kurtosis, pn.kurtosis), "\(name): kurtosis \(String(describing: pn.kurtosis)), CSV \(String(describing: cn.kurtosis))")
                check(cn.nanCount == pn.nanCount && cn.infiniteCount == pn.infiniteCount, "\(name): nan/infinite counts differ")
            } else {
                check(c.numeric == nil && p.numeric == nil, "\(name): numeric statistics on one side only")
            }
            if let cr = c.instantRange, let pr = p.instantRange {
                check(cr.min == pr.min && cr.max == pr.max, "\(name): range \(pr.min)…\(pr.max), CSV \(cr.min)…\(cr.max)")
                // Ages are measured against the clock when each profile is built: seconds apart.
                check(abs(cr.newestAgeDays - pr.newestAgeDays) < 0.01, "\(name): newest_age_days \(pr.newestAgeDays), CSV \(cr.newestAgeDays)")
            } else {
                check(c.instantRange == nil && p.instantRange == nil, "\(name): range on one side only")
            }
            guard let cd = c.distribution, let pd = p.distribution else {
                check(c.distribution == nil && p.distribution == nil, "\(name): distribution on one side only")
                continue
            }
            check(cd.distinctCount == pd.distinctCount && cd.distinctCountExact == pd.distinctCountExact,
                  "\(name): distinct_count \(pd.distinctCount) (exact \(pd.distinctCountExact)), CSV \(cd.distinctCount) (exact \(cd.distinctCountExact))")
            check(cd.hll == pd.hll, "\(name): HyperLogLog registers differ")
            check(cd.frequentValues == pd.frequentValues, "\(name): frequent_values \(pd.frequentValues?.prefix(5).map { "\($0.value.compact)=\($0.count)" } ?? []), CSV \(cd.frequentValues?.prefix(5).map { "\($0.value.compact)=\($0.count)" } ?? [])")
            check(cd.frequentValuesComplete == pd.frequentValuesComplete && cd.frequentValuesErrorBound == pd.frequentValuesErrorBound,
                  "\(name): frequent_values complete/error bound \(pd.frequentValuesComplete)/\(pd.frequentValuesErrorBound), CSV \(cd.frequentValuesComplete)/\(cd.frequentValuesErrorBound)")
            check(cd.quantiles == pd.quantiles && cd.quantilesExact == pd.quantilesExact && cd.sampleSize == pd.sampleSize,
                  "\(name): quantiles differ (exact \(pd.quantilesExact), sample \(pd.sampleSize); CSV exact \(cd.quantilesExact), sample \(cd.sampleSize))")
            check(cd.zeroCount == pd.zeroCount && cd.negativeCount == pd.negativeCount, "\(name): zero/negative counts differ")
            check(cd.lengthMin == pd.lengthMin && cd.lengthMax == pd.lengthMax && close(cd.lengthMean, pd.lengthMean),
                  "\(name): length \(String(describing: pd.lengthMin))…\(String(describing: pd.lengthMax)) mean \(String(describing: pd.lengthMean)), CSV \(String(describing: cd.lengthMin))…\(String(describing: cd.lengthMax)) mean \(String(describing: cd.lengthMean))")
            check(cd.histogram == pd.histogram, "\(name): histogram differs")
        }
        let (c, p) = (csv.correlations, parquet.correlations)
        check(c.pearson?.columns == p.pearson?.columns && closeMatrix(c.pearson?.matrix, p.pearson?.matrix), "pearson differs")
        check(c.covariance?.columns == p.covariance?.columns && closeMatrix(c.covariance?.matrix, p.covariance?.matrix)
              && c.covariance?.counts == p.covariance?.counts
              && zip(c.covariance?.means ?? [], p.covariance?.means ?? []).allSatisfy { close($0, $1) }, "covariance differs")
        check(c.spearman?.columns == p.spearman?.columns && closeMatrix(c.spearman?.matrix, p.spearman?.matrix)
              && c.spearmanExact == p.spearmanExact, "spearman differs")
        check(c.cramersV?.columns == p.cramersV?.columns && closeMatrix(c.cramersV?.matrix, p.cramersV?.matrix)
              && c.cramersVExact == p.cramersVExact, "cramers_v differs")
        return problems
    }
}
