import ArgumentParser
import DeliveryMetrics
import TOMLKit

/// Reads `[[convention]]` tables of `.baton.toml`: conventions a team declares so that
/// baton reads its landings without a new release (docs/figures.md section 2).
///
/// ```toml
/// [[convention]]
/// name = "azure-squash"
/// subject = '^Merged PR (?<number>[0-9]+): (?<title>.+)$'
/// kind = "squash"
/// forge = "azure"
/// ```
enum ConventionConfig {
  static let keys = ["name", "subject", "trailer", "value", "kind", "forge"]

  /// The declared conventions, in file order. Every problem names the file, the line and the key.
  static func read(_ table: TOMLTable, path: String, text: String) throws -> [DeclaredConvention] {
    guard let value = table["convention"] else { return [] }
    let headers = headerLines(text)
    guard let array = value.array else {
      throw ValidationError("\(path):\(headers.first ?? 1): convention: expected [[convention]] tables")
    }
    var conventions: [DeclaredConvention] = []
    for (index, item) in array.enumerated() {
      let start = index < headers.count ? headers[index] : 1
      let end = index + 1 < headers.count ? headers[index + 1] : Int.max
      func fail(_ key: String, _ message: String) -> ValidationError {
        ValidationError("\(path):\(line(of: key, in: text, from: start, before: end)): \(key): \(message)")
      }
      guard let entry = item.table else {
        throw ValidationError("\(path):\(start): convention: expected a table")
      }
      for key in entry.keys where !keys.contains(key) {
        throw fail(key, "unknown key in [[convention]] (expected one of \(keys.joined(separator: ", ")))")
      }
      func string(_ key: String) throws -> String? {
        guard let value = entry[key] else { return nil }
        guard let string = value.string else { throw fail(key, "expected a string") }
        return string
      }
      guard let name = try string("name"), !name.isEmpty else {
        throw ValidationError("\(path):\(start): convention: a [[convention]] needs a name")
      }
      guard let kindName = try string("kind") else { throw fail("name", "convention '\(name)' needs kind = \"merge\", \"group\" or \"squash\"") }
      guard let kind = DeclaredConvention.Kind(rawValue: kindName) else {
        throw fail("kind", "unknown kind '\(kindName)' (expected merge, group or squash)")
      }
      var forge: Forge?
      if let forgeName = try string("forge") {
        guard let known = Forge(rawValue: forgeName) else {
          throw fail("forge", "unknown forge '\(forgeName)' (expected one of \(Forge.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        forge = known
      } else if kind != .merge {
        throw fail("name", "convention '\(name)' needs a forge (where its numbers live)")
      }
      let source: DeclaredConvention.Source
      let patternKey: String
      switch (try string("subject"), try string("trailer"), try string("value")) {
      case (let subject?, nil, nil):
        source = .subject(pattern: subject)
        patternKey = "subject"
      case (nil, let key?, let pattern?):
        source = .trailer(key: key, pattern: pattern)
        patternKey = "value"
      case (nil, .some, nil):
        throw fail("trailer", "a trailer convention needs value = a pattern on the trailer's value")
      default:
        throw fail("name", "convention '\(name)' needs either subject = PATTERN, or trailer = KEY with value = PATTERN")
      }
      let candidate = DeclaredConvention(name: name, kind: kind, source: source, forge: forge)
      if let problem = DeclaredConvention.problem(with: candidate.pattern, kind: kind) {
        throw fail(patternKey, problem)
      }
      conventions.append(candidate)
    }
    return conventions
  }

  /// The 1-based lines of the `[[convention]]` headers, in file order.
  private static func headerLines(_ text: String) -> [Int] {
    text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().compactMap { index, line in
      line.trimmingCharacters(in: .whitespaces).hasPrefix("[[convention]]") ? index + 1 : nil
    }
  }

  /// The line of `key = …` between a header and the next one; the header's line if absent.
  private static func line(of key: String, in text: String, from start: Int, before end: Int) -> Int {
    for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
    where index + 1 > start && index + 1 < end {
      let trimmed = line.drop(while: \.isWhitespace)
      if trimmed.hasPrefix(key), trimmed.dropFirst(key.count).drop(while: \.isWhitespace).hasPrefix("=") {
        return index + 1
      }
    }
    return start
  }
}
