import GitHistory

/// A landing convention a team declares in `.baton.toml` (`[[convention]]`, docs/figures.md
/// section 2): a pattern on the subject, or on the value of one trailer, whose `number`
/// (and optional `title`) groups make a merge, group or squash. Declared conventions are
/// tried before the built-in ones of their kind, in file order.
public struct DeclaredConvention: Sendable, Hashable {
  public enum Kind: String, Sendable, Hashable, CaseIterable {
    case merge, group, squash
  }

  /// Where the pattern looks.
  public enum Source: Sendable, Hashable {
    case subject(pattern: String)
    /// The last line `key: value` of the message (any line, as review references are read).
    case trailer(key: String, pattern: String)
  }

  public var name: String
  public var kind: Kind
  public var source: Source
  public var forge: Forge?

  public init(name: String, kind: Kind, source: Source, forge: Forge?) {
    self.name = name
    self.kind = kind
    self.source = source
    self.forge = forge
  }

  public var pattern: String {
    switch source {
    case .subject(let pattern), .trailer(_, let pattern): pattern
    }
  }

  /// What is wrong with a pattern for a convention of `kind`, or nil when it can be used:
  /// it must compile, name a `number` group for a numbered kind, and match in bounded time.
  public static func problem(with pattern: String, kind: Kind) -> String? {
    do {
      _ = try Regex(pattern)
    } catch {
      return "not a regular expression: \(error)"
    }
    if kind != .merge, !pattern.contains("(?<number>"), !pattern.contains("(?P<number>") {
      return "a \(kind.rawValue) convention needs a named group (?<number>...)"
    }
    return PatternBound.problem(pattern)
  }

  /// For the recognition fingerprint: everything that shapes what this convention claims.
  var fingerprint: String {
    let source = switch source {
    case .subject(let pattern): "subject=" + pattern
    case .trailer(let key, let pattern): "trailer=" + key + " value=" + pattern
    }
    return [name, kind.rawValue, source, forge?.rawValue ?? ""].joined(separator: "\u{1}")
  }
}

/// Keeps a user's pattern in bounded time. Swift's regular expressions backtrack, so a
/// repeated group that can itself repeat or choose (`^(a+)+$`, `(a|a)*`) can take
/// exponential time on a short line; such patterns are refused when the config is read.
/// What is left is at worst polynomial in the line, and lines are cut to `maxInput`.
enum PatternBound {
  static let maxInput = 1_000

  static func problem(_ pattern: String) -> String? {
    let chars = Array(pattern)
    // For each open group: whether something inside it repeats or alternates.
    var stack: [Bool] = []
    var index = 0
    while index < chars.count {
      let c = chars[index]
      switch c {
      case "\\":
        index += 1
      case "[":
        // A character class: skip to its closing bracket (a leading `]` or `^]` is literal).
        index += 1
        if index < chars.count, chars[index] == "^" { index += 1 }
        if index < chars.count, chars[index] == "]" { index += 1 }
        while index < chars.count, chars[index] != "]" {
          if chars[index] == "\\" { index += 1 }
          index += 1
        }
      case "(":
        stack.append(false)
      case ")":
        let inner = stack.popLast() ?? false
        let next = index + 1 < chars.count ? chars[index + 1] : nil
        if inner, next == "*" || next == "+" || next == "{" {
          return "a repeated group that repeats or alternates inside (such as (a+)+ or (a|b)*) can take exponential time; write it without the nesting"
        }
        if inner, !stack.isEmpty { stack[stack.count - 1] = true }
      case "*", "+", "{", "|":
        if !stack.isEmpty { stack[stack.count - 1] = true }
      default:
        break
      }
      index += 1
    }
    return nil
  }
}

/// A declared convention compiled once per recognition.
final class DeclaredMatcher {
  let convention: DeclaredConvention
  private let regex: Regex<AnyRegexOutput>

  init(_ convention: DeclaredConvention) throws {
    self.convention = convention
    regex = try Regex(convention.pattern)
  }

  /// The reference and title this convention reads in a commit, or nil when it does not match.
  func match(_ commit: Commit, _ lines: [Substring]) -> (reference: ReviewReference?, title: String?)? {
    let text: Substring
    switch convention.source {
    case .subject:
      text = Substring(commit.subject)
    case .trailer(let key, _):
      guard let value = Scan.lastValue(of: key, in: lines) else { return nil }
      text = value
    }
    guard let found = try? regex.firstMatch(in: String(text.prefix(PatternBound.maxInput))) else { return nil }
    let number = found["number"]?.substring.map(String.init).flatMap { $0.isEmpty ? nil : $0 }
    if convention.kind != .merge, number == nil { return nil }
    let title = found["title"]?.substring.map(String.init)
    let reference = number.map { ReviewReference(number: $0, forge: convention.forge ?? .topic) }
    return (reference, title)
  }
}
