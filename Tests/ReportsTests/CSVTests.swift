import Reports
import Testing

@Suite("CSV cells (METRICS.md section 9)")
struct CSVTests {
  @Test(
    "text cells are quoted when needed and cannot run as formulas",
    arguments: [
      ("plain", "plain"),
      ("a, b", "\"a, b\""),
      ("say \"hi\"", "\"say \"\"hi\"\"\""),
      ("=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\""),
      ("+1", "'+1"),
      ("-rf", "'-rf"),
      ("@user", "'@user"),
      ("\tx", "'\tx"),
      ("two\nlines", "\"two\nlines\""),
    ])
  func textCells(value: String, expected: String) {
    #expect(CSV.text(value) == expected)
  }

  @Test("a document has a header row and CRLF line ends")
  func document() {
    #expect(CSV.document(header: ["a", "b"], rows: [["1", "2"]]) == "a,b\r\n1,2\r\n")
  }

  @Test("durations: two decimals in files, humanised on a terminal")
  func durations() {
    #expect(Format.hours(Int64(95_400)) == "26.50")
    #expect(Format.hours(Int64?.none) == "")
    #expect(Format.humanised(100_800) == "1d 4h")
    #expect(Format.humanised(12_000) == "3h 20m")
    #expect(Format.humanised(2_700) == "45m")
    #expect(Format.timestamp(1_767_600_000) == "2026-01-05T08:00:00Z")
  }
}
