import AssayColumns

/// What an expectation asks, in plain words for people ("values between 1 and 50, for at least
/// 99% of rows") and as a short label for test reporters ("between(l_quantity, 1..50)").
/// Unescaped: callers escape for their format.
public struct ExpectationText {
    let type: String
    let kwargs: [(key: String, value: JSONValue)]

    public init(type: String, kwargs: [(key: String, value: JSONValue)]) {
        self.type = type
        self.kwargs = kwargs
    }

    subscript(_ key: String) -> JSONValue? {
        kwargs.first { $0.key == key }.flatMap { $0.value.isNull ? nil : $0.value }
    }

    /// The columns the expectation is about, in its own order (empty for table-level ones).
    public var columns: [String] {
        if let column = self["column"]?.string { return [column] }
        if let a = self["column_A"]?.string, let b = self["column_B"]?.string { return [a, b] }
        if let list = self["column_list"]?.array { return list.compactMap(\.string) }
        return []
    }

    /// The report section: a column, a pair or list of columns, or nil for the table.
    public var section: String? { columns.isEmpty ? nil : columns.joined(separator: ", ") }

    static func value(_ value: JSONValue?) -> String {
        guard let value else { return "—" }
        if case .string(let text) = value { return "\"\(Inert.clip(text, limit: 60))\"" }
        if case .object = value, let parameter = value["$PARAMETER"]?.string { return "$" + parameter }
        return Inert.clip(value.compact, limit: 60)
    }

    static func list(_ value: JSONValue?, limit: Int = 8) -> String {
        guard let items = value?.array else { return value.map { Self.value($0) } ?? "{}" }
        let shown = items.prefix(limit).map { Self.value($0) }.joined(separator: ", ")
        return "{" + shown + (items.count > limit ? ", … \(items.count - limit) more" : "") + "}"
    }

    /// "between 1 and 50", "at least 0", "greater than 3" … from min_value/max_value/strict_*.
    var range: String {
        let strictMin = self["strict_min"] == .bool(true)
        let strictMax = self["strict_max"] == .bool(true)
        switch (self["min_value"], self["max_value"]) {
        case (let low?, let high?):
            if low == high, !strictMin, !strictMax { return "exactly \(Self.value(low))" }
            let text = "between \(Self.value(low)) and \(Self.value(high))"
            if strictMin && strictMax { return text + " (both excluded)" }
            if strictMin { return text + " (\(Self.value(low)) excluded)" }
            return strictMax ? text + " (\(Self.value(high)) excluded)" : text
        case (let low?, nil): return (strictMin ? "greater than " : "at least ") + Self.value(low)
        case (nil, let high?): return (strictMax ? "less than " : "at most ") + Self.value(high)
        case (nil, nil): return "any value"
        }
    }

    var mostly: String {
        guard let mostly = self["mostly"]?.number, mostly < 1 else { return "" }
        let percent = (mostly * 100 * 1000).rounded() / 1000
        return ", for at least \(percent.truncatingRemainder(dividingBy: 1) == 0 ? String(Int(percent)) : String(percent))% of rows"
    }

    /// A history check's strategy in words (AnomalyStrategy's defaults when absent).
    private var historyStrategy: String {
        let strategy = self["strategy"]?.string ?? "normal"
        let band = strategy == "normal" || strategy == "seasonal" ? " ±\(Self.value(self["k"] ?? .integer(3)))σ" : ""
        return strategy.replacingOccurrences(of: "_", with: " ") + band
    }

    /// What a schema check compares with.
    private var schemaReference: String { self["columns"] != nil ? "the given columns" : "the previous run" }

    /// The expectation in plain words.
    public var sentence: String {
        let words = describe()
        return words.prefix(1).uppercased() + words.dropFirst()
    }

    private func describe() -> String {
        switch type {
        case "expect_table_row_count_to_be_between": return "row count \(range)"
        case "expect_table_row_count_to_equal": return "row count exactly \(Self.value(self["value"]))"
        case "expect_table_column_count_to_be_between": return "column count \(range)"
        case "expect_table_column_count_to_equal": return "column count exactly \(Self.value(self["value"]))"
        case "expect_table_columns_to_match_set":
            return "columns are the set \(Self.list(self["column_set"]))" + (self["exact_match"] == .bool(false) ? " (may have more)" : "")
        case "expect_table_columns_to_match_ordered_list": return "columns are, in order, \(Self.list(self["column_list"]))"
        case "expect_column_to_exist": return "the column exists"
        case "expect_column_values_to_be_between": return "values \(range)\(mostly)"
        case "expect_column_values_to_be_in_set": return "values in \(Self.list(self["value_set"]))\(mostly)"
        case "expect_column_values_to_not_be_in_set": return "no value in \(Self.list(self["value_set"]))\(mostly)"
        case "expect_column_values_to_be_null": return "every value missing\(mostly)"
        case "expect_column_values_to_not_be_null": return "no value missing\(mostly)"
        case "expect_column_values_to_be_unique": return "every value unique\(mostly)"
        case "expect_column_values_to_match_regex": return "values match the regex \(Self.value(self["regex"]))\(mostly)"
        case "expect_column_values_to_not_match_regex": return "values do not match the regex \(Self.value(self["regex"]))\(mostly)"
        case "expect_column_values_to_match_regex_list":
            return "values match \(self["match_on"]?.string == "all" ? "all" : "any") of the regexes \(Self.list(self["regex_list"]))\(mostly)"
        case "expect_column_values_to_not_match_regex_list": return "values match none of the regexes \(Self.list(self["regex_list"]))\(mostly)"
        case "expect_column_values_to_match_like_pattern": return "values are LIKE \(Self.value(self["like_pattern"]))\(mostly)"
        case "expect_column_values_to_not_match_like_pattern": return "values are NOT LIKE \(Self.value(self["like_pattern"]))\(mostly)"
        case "expect_column_values_to_match_like_pattern_list":
            return "values are LIKE \(self["match_on"]?.string == "all" ? "all" : "any") of \(Self.list(self["like_pattern_list"]))\(mostly)"
        case "expect_column_values_to_not_match_like_pattern_list": return "values are LIKE none of \(Self.list(self["like_pattern_list"]))\(mostly)"
        case "expect_column_value_lengths_to_be_between": return "value lengths \(range)\(mostly)"
        case "expect_column_value_lengths_to_equal": return "value lengths exactly \(Self.value(self["value"]))\(mostly)"
        case "expect_column_value_z_scores_to_be_less_than":
            return "z-scores\(self["double_sided"] == .bool(true) ? " (absolute)" : "") below \(Self.value(self["threshold"]))\(mostly)"
        case "expect_column_values_to_be_increasing":
            return "values \(self["strictly"] == .bool(true) ? "strictly " : "")increasing in row order\(mostly)"
        case "expect_column_values_to_be_decreasing":
            return "values \(self["strictly"] == .bool(true) ? "strictly " : "")decreasing in row order\(mostly)"
        case "expect_column_values_to_be_of_type": return "values of type \(Self.value(self["type_"]))\(mostly)"
        case "expect_column_values_to_be_in_type_list": return "values of a type in \(Self.list(self["type_list"]))\(mostly)"
        case "expect_column_values_to_be_json_parseable": return "values are JSON\(mostly)"
        case "expect_column_values_to_be_dateutil_parseable": return "values read as dates\(mostly)"
        case "expect_column_values_to_match_strftime_format": return "values in the date format \(Self.value(self["strftime_format"]))\(mostly)"
        case "expect_column_min_to_be_between": return "minimum \(range)"
        case "expect_column_max_to_be_between": return "maximum \(range)"
        case "expect_column_mean_to_be_between": return "mean \(range)"
        case "expect_column_median_to_be_between": return "median \(range)"
        case "expect_column_sum_to_be_between": return "sum \(range)"
        case "expect_column_stdev_to_be_between": return "standard deviation \(range)"
        case "expect_column_quantile_values_to_be_between":
            let quantiles = self["quantile_ranges"]?["quantiles"]?.array ?? []
            let ranges = self["quantile_ranges"]?["value_ranges"]?.array ?? []
            let parts = zip(quantiles, ranges).prefix(6).map { q, r in
                "q\(Self.value(q)) in [\(Self.value(r.array?.first)), \(Self.value(r.array?.last))]"
            }
            return "quantiles " + parts.joined(separator: ", ")
        case "expect_column_unique_value_count_to_be_between": return "distinct value count \(range)"
        case "expect_column_proportion_of_unique_values_to_be_between": return "share of distinct values \(range)"
        case "expect_column_distinct_values_to_be_in_set": return "distinct values within \(Self.list(self["value_set"]))"
        case "expect_column_distinct_values_to_contain_set": return "distinct values include \(Self.list(self["value_set"]))"
        case "expect_column_distinct_values_to_equal_set": return "distinct values are exactly \(Self.list(self["value_set"]))"
        case "expect_column_most_common_value_to_be_in_set": return "most common value in \(Self.list(self["value_set"]))"
        case "expect_column_kl_divergence_to_be_less_than":
            return "KL divergence from the given distribution below \(Self.value(self["threshold"]))"
        case "expect_column_pair_correlation_to_be_between":
            return "\(self["method"]?.string == "spearman" ? "Spearman" : "Pearson") correlation \(range)"
        case "expect_column_pair_values_a_to_be_greater_than_b":
            return "\(columns.first ?? "A") \(self["or_equal"] == .bool(true) ? "≥" : ">") \(columns.last ?? "B") in every row\(mostly)"
        case "expect_column_pair_values_to_be_equal": return "\(columns.first ?? "A") equals \(columns.last ?? "B") in every row\(mostly)"
        case "expect_column_pair_values_to_be_in_set": return "value pairs in \(Self.list(self["value_pairs_set"], limit: 4))\(mostly)"
        case "expect_compound_columns_to_be_unique": return "the column combination is unique\(mostly)"
        case "expect_multicolumn_sum_to_equal": return "the columns sum to \(Self.value(self["sum_total"])) in every row\(mostly)"
        case "expect_select_column_values_to_be_unique_within_record": return "no value repeats within a row\(mostly)"
        case "expect_table_row_count_to_be_within_history": return "row count in line with earlier runs (\(historyStrategy))"
        case "expect_column_metric_to_be_within_history":
            return "\(self["metric"]?.string?.replacingOccurrences(of: "_", with: " ") ?? "metric") in line with earlier runs (\(historyStrategy))"
        case "expect_column_max_to_be_recent": return "newest value at most \(self["max_age"]?.string ?? "?") old"
        case "expect_no_added_columns": return "no column added since \(schemaReference)"
        case "expect_no_removed_columns": return "no column removed since \(schemaReference)"
        case "expect_no_reordered_columns": return "columns in the order of \(schemaReference)"
        case "expect_no_retyped_columns": return "column types as in \(schemaReference)"
        case "expect_column_values_to_be_in_other_table":
            let other = self["other_column"]?.string ?? self["column"]?.string ?? "?"
            return "values found in \(Self.value(self["other_table"])) column \(Self.value(.string(other)))\(mostly)"
        case "expect_table_row_count_to_equal_other_table": return "as many rows as \(Self.value(self["other_table_name"]))"
        case "expect_rows_to_satisfy": return "rows satisfy \(Self.value(self["condition"]))\(mostly)"
        case "expect_query_to_return_no_rows": return "the query \(Self.value(self["query"])) returns no rows"
        default:
            return type.replacingOccurrences(of: "expect_", with: "").replacingOccurrences(of: "_", with: " ")
        }
    }

    /// A short label: the type without "expect_", then the arguments that tell two apart (without
    /// the column names when the caller shows them elsewhere, as JUnit's `classname` does).
    public func label(omittingColumns: Bool = false) -> String {
        let name = type.hasPrefix("expect_") ? String(type.dropFirst(7)) : type
        let omitted = ["result_format", "catch_exceptions", "meta", "include_config"]
            + (omittingColumns ? ["column", "column_A", "column_B", "column_list"] : [])
        let arguments = kwargs.filter { !omitted.contains($0.key) }
            .prefix(4).map { "\($0.key)=\(Self.value($0.value))" }
        return Inert.clip(name + "(" + arguments.joined(separator: ", ") + ")", limit: 160)
    }
}
