import ArgumentParser
import Foundation

/// A moment given on the command line: `2026-01-31` (midnight UTC), full ISO-8601
/// (`2026-01-31T12:00:00Z`, `2026-01-31T12:00:00+02:00`), or a span back from as-of (`90d`, `12w`, `36h`).
///
/// Strict (docs/figures.md section 9): a day that does not exist (`2026-02-30`) is an error,
/// never rolled over, and a span is bounded so no arithmetic on it can overflow.
enum DateArgument: Equatable {
  case moment(Int64)
  case before(seconds: Int64)

  static let acceptedForms =
    "a day (2026-01-31, midnight UTC), a moment (2026-01-31T12:00:00Z or 2026-01-31T12:00:00+02:00), or a span back from as-of (36h, 90d, 12w)"

  /// Parses a flag's value; the error says what was wrong and which forms are accepted.
  static func parse(_ text: String) throws -> DateArgument {
    if let span = try Span.parse(text, units: "hdw") { return .before(seconds: span) }
    if let moment = try CivilTime.parse(text) { return .moment(moment) }
    throw ValidationError("not a date: give \(acceptedForms)")
  }

  func resolve(relativeTo reference: Int64) -> Int64 {
    switch self {
    case .moment(let seconds): seconds
    // Both are bounded (years 0000-9999, spans of at most 100 years): no overflow.
    case .before(let seconds): reference - seconds
    }
  }
}

/// A span of time: a whole number and a unit (`90m`, `48h`, `5d`, `2w`).
enum Span {
  /// The longest span accepted: 100 years. Longer ones are mistakes, and a growth window
  /// is sampled daily, so its length is memory.
  static let maximumSeconds: Int64 = 36_525 * 86_400

  private static let unitSeconds: [Character: Int64] = ["m": 60, "h": 3600, "d": 86_400, "w": 7 * 86_400]

  /// Seconds in the span; nil when the text is not shaped like a span (`2026-01-31`);
  /// an error when it is one that cannot be meant (negative, over 100 years).
  static func parse(_ text: String, units: String = "mhdw") throws -> Int64? {
    guard let unit = text.last, units.contains(unit), let seconds = unitSeconds[unit] else { return nil }
    var digits = text.dropLast()
    let negative = digits.first == "-"
    if negative || digits.first == "+" { digits = digits.dropFirst() }
    guard !digits.isEmpty, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber) else { return nil }
    if negative {
      throw ValidationError("a span counts back from as-of and cannot be negative (write \(digits)\(unit))")
    }
    let longest = maximumSeconds / seconds
    guard digits.count <= 18, let count = Int64(digits), count <= longest else {
      throw ValidationError("a span is at most 100 years (\(longest)\(unit))")
    }
    return count * seconds
  }
}

/// Calendar dates and times in ISO-8601, checked field by field (Foundation's parser rolls
/// `2026-02-30` over to 2 March), in the proleptic Gregorian calendar.
enum CivilTime {
  /// Seconds since the epoch, nil when the text is not an ISO-8601 day or moment.
  static func parse(_ text: String) throws -> Int64? {
    let bytes = Array(text.utf8)
    func number(_ range: Range<Int>) -> Int64? {
      guard range.upperBound <= bytes.count else { return nil }
      var value: Int64 = 0
      for byte in bytes[range] {
        guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
        value = value * 10 + Int64(byte - UInt8(ascii: "0"))
      }
      return value
    }
    guard bytes.count >= 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
      let year = number(0..<4), let month = number(5..<7), let day = number(8..<10)
    else { return nil }
    guard (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day) else {
      throw ValidationError("no such day in the calendar; give \(DateArgument.acceptedForms)")
    }
    let midnight = daysFromCivil(year: year, month: month, day: day) * 86_400
    if bytes.count == 10 { return midnight }
    // `T` (or a space) and hh:mm[:ss[.fraction]], then Z or ±hh:mm.
    guard bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: "t") || bytes[10] == UInt8(ascii: " "),
      let hour = number(11..<13), bytes.count > 13, bytes[13] == UInt8(ascii: ":"), let minute = number(14..<16)
    else { return nil }
    var index = 16
    var second: Int64 = 0
    if index < bytes.count, bytes[index] == UInt8(ascii: ":") {
      guard let value = number(index + 1..<index + 3) else { return nil }
      second = value
      index += 3
      if index < bytes.count, bytes[index] == UInt8(ascii: ".") || bytes[index] == UInt8(ascii: ",") {
        index += 1
        let start = index
        while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
        guard index > start else { return nil }
      }
    }
    var offset: Int64 = 0
    guard index < bytes.count else {
      throw ValidationError("a moment needs a zone: end it in Z (UTC) or an offset such as +02:00")
    }
    switch bytes[index] {
    case UInt8(ascii: "Z"), UInt8(ascii: "z"):
      index += 1
    case UInt8(ascii: "+"), UInt8(ascii: "-"):
      let sign: Int64 = bytes[index] == UInt8(ascii: "-") ? -1 : 1
      guard let hours = number(index + 1..<index + 3) else { return nil }
      index += 3
      var minutes: Int64 = 0
      if index < bytes.count, bytes[index] == UInt8(ascii: ":") { index += 1 }
      if index < bytes.count {
        guard let value = number(index..<index + 2) else { return nil }
        minutes = value
        index += 2
      }
      guard hours <= 23, minutes <= 59 else { throw ValidationError("no such zone offset") }
      offset = sign * (hours * 3600 + minutes * 60)
    default:
      return nil
    }
    guard index == bytes.count else { return nil }
    guard hour <= 23, minute <= 59, second <= 60 else {
      throw ValidationError("no such time of day; give \(DateArgument.acceptedForms)")
    }
    return midnight + hour * 3600 + minute * 60 + second - offset
  }

  static func daysIn(month: Int64, year: Int64) -> Int64 {
    switch month {
    case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
  }

  /// Days since 1970-01-01 (Howard Hinnant's days-from-civil).
  static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yearOfEra = y - era * 400
    let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
    let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
    return era * 146_097 + dayOfEra - 719_468
  }
}
