import AssayColumns
import Foundation

/// One runnable GX test: identified by (file, dataset index, test index), since titles repeat.
struct GXTestCase: Sendable {
    var file: String
    var datasetIndex: Int
    var testIndex: Int
    var title: String
    var expectationType: String
    var kwargs: [(key: String, value: JSONValue)]
    var out: JSONValue
    var exactMatchOut: Bool
    var tolerance: Double?
    /// GX adds a `pk_index` column (and asks for it in results) in the map-expectation folders.
    var addsPrimaryKey: Bool
    var table: GXTable

    var id: String { "\(file) \(datasetIndex) \(testIndex)" }
}

/// GX's test selection for backend `pandas` (INDEX.md §3, `test_expectations_v3_api.py`).
enum GXSelection {
    /// Types GX never runs on pandas (`candidate_test_is_on_temporary_notimplemented_list_v3_api`).
    static let skippedTypes: Set<String> = [
        "expect_column_values_to_match_like_pattern", "expect_column_values_to_match_like_pattern_list",
        "expect_column_values_to_not_match_like_pattern", "expect_column_values_to_not_match_like_pattern_list",
        "expect_table_row_count_to_equal_other_table", "expect_multicolumn_values_to_be_unique",
        "expect_column_pair_cramers_phi_value_to_be_less_than", "expect_column_chisquare_test_p_value_to_be_greater_than",
        "expect_column_parameterized_distribution_ks_test_p_value_to_be_greater_than",
        "expect_column_bootstrapped_ks_test_p_value_to_be_greater_than",
    ]
    /// Test-level `only_for` tokens that select the pandas engine.
    static let pandasOnlyForTokens: Set<String> = ["pandas", "pandas_v3_api", "pandas>=024"]
    /// Test-level `suppress_test_for` tokens that skip the pandas engine.
    static let pandasSuppressTokens: Set<String> = ["pandas", "pandas_v3_api"]
    static let mapFolders: Set<String> = ["column_map_expectations", "column_pair_map_expectations", "multicolumn_map_expectations"]

    /// A string is a one-element list.
    static func names(_ value: JSONValue?) -> [String]? {
        guard let value else { return nil }
        if let text = value.string { return [text] }
        return value.array?.compactMap(\.string)
    }

    /// Every runnable pandas test under `folder`, in file order.
    static func load(folder: String) throws -> [GXTestCase] {
        let root = URL(fileURLWithPath: folder)
        guard let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else { return [] }
        let files = enumerator.compactMap { $0 as? URL }.filter { $0.pathExtension == "json" }
            .map { String($0.standardizedFileURL.path.dropFirst(root.standardizedFileURL.path.count + 1)) }.sorted()
        var cases: [GXTestCase] = []
        for file in files {
            let text = try String(contentsOf: root.appendingPathComponent(file), encoding: .utf8)
            let document = try OrderedJSONParser.parse(text)
            guard let type = document["expectation_type"]?.string, !skippedTypes.contains(type) else { continue }
            let folderName = file.split(separator: "/").first.map(String.init) ?? ""
            for (datasetIndex, dataset) in (document["datasets"]?.array ?? []).enumerated() {
                if let suppressed = names(dataset["suppress_test_for"]), suppressed.contains("pandas") { continue }
                if let only = names(dataset["only_for"]), !only.contains("pandas") { continue }
                guard let data = dataset["data"]?.object else { continue }
                let tests = (dataset["tests"]?.array ?? []).enumerated().filter { _, test in
                    if let only = names(test["only_for"]), pandasOnlyForTokens.isDisjoint(with: only) { return false }
                    if let suppressed = names(test["suppress_test_for"]), !pandasSuppressTokens.isDisjoint(with: suppressed) { return false }
                    return test["in"]?.object != nil
                }
                // Built only for datasets with tests: the data-only tz files hold offsets pandas-only parsing would need.
                guard !tests.isEmpty else { continue }
                let table = try GXTable(name: "\(file) dataset \(datasetIndex)", data: data,
                                        pandasSchema: dataset["schemas"]?["pandas"]?.object ?? [])
                for (testIndex, test) in tests {
                    guard let kwargs = test["in"]?.object else { continue }
                    cases.append(GXTestCase(
                        file: file, datasetIndex: datasetIndex, testIndex: testIndex, title: test["title"]?.string ?? "",
                        expectationType: type, kwargs: kwargs.map { (key: $0.0, value: $0.1) }, out: test["out"] ?? .object([]),
                        exactMatchOut: test["exact_match_out"] == .bool(true), tolerance: test["tolerance"]?.number,
                        addsPrimaryKey: mapFolders.contains(folderName), table: table))
                }
            }
        }
        return cases
    }
}
