import Foundation
import Reports
import Testing

@Suite("CSV cells (docs/figures.md section 9)")
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
      ("crlf\r\nlines", "\"crlf\r\nlines\""),
    ])
  func textCells(value: String, expected: String) {
    #expect(CSV.text(value) == expected)
  }

  @Test("hours are what printf's %.2f writes, rounding boundaries and negatives included")
  func hoursAsPrintf() {
    // 450 s = 0.125 h and 1350 s = 0.375 h sit exactly on a boundary: printf rounds to even.
    var samples: [Int64] = [0, 1, 17, 18, 19, 450, 1350, 2250, -1, -18, -450, -1350, 95_400, 359_999, 1_000_000_007]
    var generator = SystemRandomNumberGenerator()
    for _ in 0..<20_000 { samples.append(Int64.random(in: -10_000_000...100_000_000, using: &generator)) }
    for seconds in samples {
      #expect(Format.hours(seconds) == String(format: "%.2f", Double(seconds) / 3600), "\(seconds) s")
    }
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

  @Test("timestamps and days agree with Foundation's calendar, leap days and before 1970 included")
  func calendar() {
    let iso = ISO8601DateFormatter()
    iso.timeZone = TimeZone(identifier: "UTC")
    let day = DateFormatter()
    day.locale = Locale(identifier: "en_US_POSIX")
    day.dateFormat = "yyyy-MM-dd"
    let zones = ["UTC", "Asia/Tokyo", "America/Los_Angeles", "Asia/Kolkata"].compactMap(TimeZone.init(identifier:))
    // Every 3 days 0 h 49 m 59 s from 1960 to 2040: every month, leap year and hour of day is crossed.
    for seconds in stride(from: Int64(-315_619_200), to: 2_208_988_800, by: 262_199) {
      let date = Date(timeIntervalSince1970: TimeInterval(seconds))
      #expect(Format.timestamp(seconds) == iso.string(from: date))
      for zone in zones {
        day.timeZone = zone
        #expect(Format.date(seconds, in: zone) == day.string(from: date))
      }
    }
    #expect(Format.timestamp(951_782_400) == "2000-02-29T00:00:00Z")
    #expect(Format.timestamp(-1) == "1969-12-31T23:59:59Z")
  }
}
