import ArgumentParser
import Foundation

/// A moment given on the command line: `2026-01-31` (midnight UTC), full ISO-8601
/// (`2026-01-31T12:00:00Z`, `2026-01-31T12:00:00+02:00`), or a span back from as-of (`90d`, `12w`, `36h`).
enum DateArgument: ExpressibleByArgument, Equatable {
  case moment(Int64)
  case before(seconds: Int64)

  init?(argument: String) {
    if let span = Self.span(argument) {
      self = .before(seconds: span)
      return
    }
    let full = ISO8601DateFormatter()
    if let date = full.date(from: argument) {
      self = .moment(Int64(date.timeIntervalSince1970))
      return
    }
    let day = ISO8601DateFormatter()
    day.formatOptions = [.withFullDate]
    if let date = day.date(from: argument) {
      self = .moment(Int64(date.timeIntervalSince1970))
      return
    }
    return nil
  }

  static var defaultCompletionKind: CompletionKind { .default }

  /// `90d` → 90 days in seconds; nil when it is not a span.
  static func span(_ text: String) -> Int64? {
    guard let unit = text.last, let count = Int64(text.dropLast()), count >= 0 else { return nil }
    switch unit {
    case "h": return count * 3600
    case "d": return count * 86_400
    case "w": return count * 7 * 86_400
    default: return nil
    }
  }

  func resolve(relativeTo reference: Int64) -> Int64 {
    switch self {
    case .moment(let seconds): seconds
    case .before(let seconds): reference - seconds
    }
  }
}
