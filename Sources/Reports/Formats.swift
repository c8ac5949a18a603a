import Foundation

/// How times and durations are written in CSV and JSON (METRICS.md section 9).
public enum Format {
  /// `2026-01-31T12:00:00Z`.
  public static func timestamp(_ seconds: Int64?) -> String {
    guard let seconds else { return "" }
    let formatter = ISO8601DateFormatter()
    formatter.timeZone = TimeZone(identifier: "UTC")
    return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
  }

  /// `2026-01-31`: the day a moment falls on in `zone`.
  public static func date(_ seconds: Int64, in zone: TimeZone) -> String {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = zone
    formatter.dateFormat = "yyyy-MM-dd"
    return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
  }

  /// Hours with two decimals: `26.50`.
  public static func hours(_ seconds: Int64?) -> String {
    guard let seconds else { return "" }
    return String(format: "%.2f", Double(seconds) / 3600)
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
}
