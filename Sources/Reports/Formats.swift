import Foundation

/// How times and durations are written in CSV and JSON (docs/figures.md section 9).
public enum Format {
  /// `2026-01-31T12:00:00Z`.
  public static func timestamp(_ seconds: Int64?) -> String {
    guard let seconds else { return "" }
    let (days, secondOfDay) = floorDivision(seconds, 86_400)
    let time = Int(secondOfDay)
    return "\(civilDate(days))T\(twoDigits(time / 3600)):\(twoDigits(time / 60 % 60)):\(twoDigits(time % 60))Z"
  }

  /// `2026-01-31`: the day a moment falls on in `zone`.
  public static func date(_ seconds: Int64, in zone: TimeZone) -> String {
    let offset = zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(seconds)))
    return civilDate(floorDivision(seconds + Int64(offset), 86_400).quotient)
  }

  /// Hours with two decimals: `26.50`, as `"%.2f"` writes `seconds / 3600`.
  ///
  /// By integer arithmetic: `String(format:)` per cell was a sixth of a warm export.
  /// Whole seconds are never within a double's error of a rounding boundary, except on
  /// one exactly, which is left to printf's own rounding.
  public static func hours(_ seconds: Int64?) -> String {
    guard let seconds else { return "" }
    let (whole, rest) = (seconds.magnitude * 100).quotientAndRemainder(dividingBy: 3600)
    guard rest * 2 != 3600 else { return String(format: "%.2f", Double(seconds) / 3600) }
    let hundredths = whole + (rest * 2 > 3600 ? 1 : 0)
    let digits = "\(hundredths / 100).\(twoDigits(Int(hundredths % 100)))"
    return seconds < 0 ? "-" + digits : digits
  }

  public static func hours(_ seconds: Double?) -> String {
    guard let seconds else { return "" }
    return String(format: "%.2f", seconds / 3600)
  }

  public static func number(_ value: Int?) -> String { value.map(String.init) ?? "" }

  public static func decimal(_ value: Double?, places: Int = 2) -> String {
    guard let value else { return "" }
    return String(format: "%.\(places)f", value)
  }

  /// `1d 4h`, `3h 20m`, `45m`: a duration for a terminal.
  public static func humanised(_ seconds: Double?) -> String {
    guard let seconds else { return "-" }
    let minutes = Int((seconds / 60).rounded())
    let days = minutes / 1440
    let hours = (minutes % 1440) / 60
    let rest = minutes % 60
    if days > 0 { return hours > 0 ? "\(days)d \(hours)h" : "\(days)d" }
    if hours > 0 { return rest > 0 ? "\(hours)h \(rest)m" : "\(hours)h" }
    return "\(rest)m"
  }

  // Formatters from Foundation cost a formatter (and ICU set-up) per call, which was a quarter
  // of a whole-history export; these are the proleptic Gregorian calendar in plain arithmetic
  // (Howard Hinnant's days-to-civil algorithm).
  private static func civilDate(_ daysSinceEpoch: Int64) -> String {
    let z = daysSinceEpoch + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let dayOfEra = z - era * 146_097
    let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let shiftedMonth = (5 * dayOfYear + 2) / 153
    let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
    let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
    let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    let yearText = String(year)
    let paddedYear = year >= 0 && yearText.count < 4
      ? String(repeating: "0", count: 4 - yearText.count) + yearText : yearText
    return "\(paddedYear)-\(twoDigits(Int(month)))-\(twoDigits(Int(day)))"
  }

  private static func twoDigits(_ value: Int) -> String {
    value < 10 ? "0\(value)" : String(value)
  }

  private static func floorDivision(_ value: Int64, _ divisor: Int64) -> (quotient: Int64, remainder: Int64) {
    let remainder = value % divisor
    return remainder < 0 ? (value / divisor - 1, remainder + divisor) : (value / divisor, remainder)
  }
}
