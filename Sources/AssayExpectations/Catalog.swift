import AssayMetrics

/// Every expectation Assay knows, by GX name. One line per expectation.
public enum Catalog {
    public static let types: [String: any Expectation.Type] = Dictionary(uniqueKeysWithValues: [
        // Table
        RowCountToBeBetween.self, RowCountToEqual.self, ColumnCountToBeBetween.self, ColumnCountToEqual.self,
        ColumnsToMatchSet.self, ColumnsToMatchOrderedList.self, ColumnToExist.self,
        // Column map
        ValuesToBeBetween.self, ValuesToBeInSet.self, ValuesToNotBeInSet.self, ValuesToBeNull.self, ValuesToNotBeNull.self,
        ValuesToBeUnique.self, ValuesToMatchRegex.self, ValuesToNotMatchRegex.self, ValuesToMatchRegexList.self,
        ValuesToNotMatchRegexList.self, ValuesToMatchLikePattern.self, ValuesToNotMatchLikePattern.self,
        ValuesToMatchLikePatternList.self, ValuesToNotMatchLikePatternList.self, ValuesToBeDateutilParseable.self, ValueLengthsToBeBetween.self, ValueLengthsToEqual.self,
        ValuesToBeIncreasing.self, ValuesToBeDecreasing.self, ValuesToBeOfType.self, ValuesToBeInTypeList.self,
        ValuesToBeJSONParseable.self, ValueZScoresToBeLessThan.self, ValuesToMatchStrftimeFormat.self,
        // Column aggregate
        MinToBeBetween.self, MaxToBeBetween.self, MeanToBeBetween.self, MedianToBeBetween.self, SumToBeBetween.self,
        StdevToBeBetween.self, QuantileValuesToBeBetween.self, UniqueValueCountToBeBetween.self,
        ProportionOfUniqueValuesToBeBetween.self, DistinctValuesToBeInSet.self, DistinctValuesToContainSet.self,
        DistinctValuesToEqualSet.self, MostCommonValueToBeInSet.self,
        // Column distribution
        KLDivergenceToBeLessThan.self, ChisquareTestPValueToBeGreaterThan.self,
        // Against a baseline profile (Drift/)
        DistributionToMatchBaseline.self, UniqueValueCountToMatchBaseline.self, NewCategoriesFractionToBeLessThan.self,
        CorrelationMatrixToMatchBaseline.self, MultivariateMeanToMatchBaseline.self, CovarianceToMatchBaseline.self,
        CorrelationMatrixToBeWellConditioned.self, MostFrequentValuesToMatchBaseline.self,
        // Against earlier runs of the dataset and the run's clock (History/)
        RowCountToBeWithinHistory.self, ColumnMetricToBeWithinHistory.self, ColumnMaxToBeRecent.self,
        NoAddedColumns.self, NoRemovedColumns.self, NoReorderedColumns.self, NoRetypedColumns.self,
        // Column pair
        PairCorrelationToBeBetween.self, PairValuesAToBeGreaterThanB.self, PairValuesToBeEqual.self, PairValuesToBeInSet.self,
        // Multicolumn
        CompoundColumnsToBeUnique.self, MulticolumnSumToEqual.self, SelectColumnValuesToBeUniqueWithinRecord.self,
        // Custom conditions and queries (Custom/), against another table (CrossTable/)
        RowsToSatisfy.self, QueryToReturnNoRows.self, ValuesToBeInOtherTable.self, RowCountToEqualOtherTable.self,
    ].map { ($0.type, $0) })

    /// Keywords every expectation accepts.
    public static let commonParameters = ["result_format", "catch_exceptions", "include_config", "meta"]

    /// Every keyword `type` accepts.
    public static func parameters(of type: any Expectation.Type) -> [String] {
        type.parameters + commonParameters + (takesGenericRowFilter(type) ? RowFilter.parameters : [])
    }

    /// Whether `type` takes `row_condition` / `where` through the validator (its metrics over
    /// the kept rows, `MetricPlan.addFiltered`) rather than by itself. Checks against a baseline,
    /// history or another table do not take one.
    public static func takesGenericRowFilter(_ type: any Expectation.Type) -> Bool {
        !type.parameters.contains("row_condition") && !(type is any BaselineExpectation.Type)
            && !(type is any HistoryExpectation.Type) && !(type is any CrossTableExpectation.Type) && !(type is any SourceQueryExpectation.Type)
    }
}
