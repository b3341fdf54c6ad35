@testable import AssayMetrics
import Testing

/// The date shapes `expect_column_values_to_be_dateutil_parseable` accepts (python-dateutil
/// parses each `yes` case; the `no` cases it rejects too).
@Suite struct DateTextTests {
    @Test(arguments: ["2019-04-01", "2019-04-01T10:00:00Z", "01/31/2010", "31/01/2010", "31.01.2010", "2010/01/31",
                      "1/2/10", "Jan 01 1970", "1 January 2020", "January 1, 2020", "Jan 01 1970 12:00:01", "02/29/2024 3:04 PM"])
    func yes(text: String) { #expect(DateText.isDate(text)) }

    @Test(arguments: ["cat", "", "02/30/2023", "13/13/2020", "2020-13-01", "Jan 32 2020", "12:00", "1 2 3", "01/01/2010 25:00"])
    func no(text: String) { #expect(!DateText.isDate(text)) }
}
