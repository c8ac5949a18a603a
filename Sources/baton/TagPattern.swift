import ArgumentParser
import Foundation
import GitHistory

/// A user's `--deploy-tags` (or `deploy_tags`) regular expression, run in bounded time
/// (docs/figures.md section 4). A pattern that can backtrack exponentially, such as
/// `^(a+)+$` against `aaa…ab`, is rejected before it runs when its shape shows it (a
/// quantified group whose body is itself one repeated item); any other pattern is
/// timed on every tag name by a watchdog, and one match slower than `limit` ends the
/// run with exit 2 naming the pattern and the tag. Swift's `Regex` cannot be
/// interrupted, so the watchdog ends the process rather than the match.
enum TagPattern {
  static let limit: Double = 2

  /// The compiled pattern, or an error that says what is wrong with it.
  static func compile(_ pattern: String) throws -> Regex<AnyRegexOutput> {
    let regex: Regex<AnyRegexOutput>
    do {
      regex = try Regex(pattern)
    } catch {
      throw ValidationError("invalid deploy tag pattern '\(pattern)': \(error)")
    }
    if let group = nestedRepetition(in: pattern) {
      throw ValidationError(
        "deploy tag pattern '\(pattern)' repeats a repetition ('\(group)'), which can take exponential time on a tag that almost matches; write it without the nested quantifier (for example 'a+' for '(a+)+')")
    }
    return regex
  }

  /// Matches every tag name the run will see, under a watchdog, so the analysis that
  /// matches them again afterwards is known to be quick.
  static func screen(_ pattern: String, against names: [String]) throws {
    let regex = try compile(pattern)
    let watch = Watch()
    let thread = Thread { watch.run(pattern: pattern) }
    thread.start()
    defer { watch.finish() }
    for name in names {
      watch.begin(name)
      _ = try? regex.wholeMatch(in: name)
    }
  }

  /// The first `( … )` group with an unbounded quantifier (`+`, `*`, `{n,}`) whose whole
  /// body is one item that is itself repeated without bound (`(a+)+`, `(\w*)*`, `(?:x|y+)+`
  /// where an alternative is such an item): the shapes of catastrophic backtracking.
  /// Separated repetitions such as `([._][0-9]+)+` are left alone: their iterations cannot
  /// overlap.
  static func nestedRepetition(in pattern: String) -> String? {
    let characters = Array(pattern)
    var openings: [Int] = []
    var index = 0
    var inClass = false
    while index < characters.count {
      let character = characters[index]
      if character == "\\" {
        index += 2
        continue
      }
      if inClass {
        if character == "]" { inClass = false }
        index += 1
        continue
      }
      switch character {
      case "[": inClass = true
      case "(": openings.append(index)
      case ")":
        guard let open = openings.popLast() else { break }
        let after = index + 1
        if after < characters.count, isUnbounded(characters, at: after) {
          let body = String(characters[(open + 1)..<index])
          if alternatives(of: stripGroupPrefix(body)).contains(where: isSingleRepeatedItem) {
            return String(characters[open...after])
          }
        }
      default: break
      }
      index += 1
    }
    return nil
  }

  private static func isUnbounded(_ characters: [Character], at index: Int) -> Bool {
    switch characters[index] {
    case "+", "*": return true
    case "{":
      guard let close = characters[index...].firstIndex(of: "}") else { return false }
      let inside = String(characters[(index + 1)..<close])
      return inside.hasSuffix(",")
    default: return false
    }
  }

  private static func stripGroupPrefix(_ body: String) -> String {
    guard body.hasPrefix("?") else { return body }
    // (?:…), (?<name>…), (?i:…): the body starts after the first ':' or '>'.
    guard let end = body.firstIndex(where: { $0 == ":" || $0 == ">" }) else { return body }
    return String(body[body.index(after: end)...])
  }

  /// The top-level alternatives of a group's body.
  private static func alternatives(of body: String) -> [String] {
    var parts: [String] = []
    var current = ""
    var depth = 0
    var inClass = false
    var escaped = false
    for character in body {
      defer { if !(character == "|" && depth == 0 && !inClass && !escaped) { current.append(character) } }
      if escaped { escaped = false; continue }
      if character == "\\" { escaped = true; continue }
      if inClass { if character == "]" { inClass = false }; continue }
      switch character {
      case "[": inClass = true
      case "(": depth += 1
      case ")": depth -= 1
      case "|" where depth == 0:
        parts.append(current)
        current = ""
      default: break
      }
    }
    parts.append(current)
    return parts
  }

  /// One atom (a character, an escape, a class, a group) followed by `+`, `*` or `{n,}`.
  private static func isSingleRepeatedItem(_ text: String) -> Bool {
    let characters = Array(text)
    guard !characters.isEmpty else { return false }
    var end = 0
    switch characters[0] {
    case "\\": end = 2
    case "[":
      var index = 1
      if index < characters.count, characters[index] == "^" { index += 1 }
      if index < characters.count, characters[index] == "]" { index += 1 }
      while index < characters.count, characters[index] != "]" { index += characters[index] == "\\" ? 2 : 1 }
      end = index + 1
    case "(":
      var depth = 0
      var index = 0
      while index < characters.count {
        if characters[index] == "\\" { index += 2; continue }
        if characters[index] == "(" { depth += 1 }
        if characters[index] == ")" {
          depth -= 1
          if depth == 0 { break }
        }
        index += 1
      }
      end = index + 1
    default: end = 1
    }
    guard end < characters.count, isUnbounded(characters, at: end) else { return false }
    var rest = end + 1
    if characters[end] == "{", let close = characters[end...].firstIndex(of: "}") { rest = close + 1 }
    // A lazy or possessive mark after the quantifier changes nothing here.
    if rest < characters.count, characters[rest] == "?" || characters[rest] == "+" { rest += 1 }
    return rest == characters.count
  }

  /// Ends the process when one match runs past the limit.
  private final class Watch: @unchecked Sendable {
    private let lock = NSLock()
    private var name: String?
    private var started = Date()
    private var done = false

    func begin(_ name: String) {
      lock.lock()
      self.name = name
      started = Date()
      lock.unlock()
    }

    func finish() {
      lock.lock()
      done = true
      lock.unlock()
    }

    func run(pattern: String) {
      while true {
        Thread.sleep(forTimeInterval: 0.05)
        lock.lock()
        let (done, name, elapsed) = (self.done, self.name, Date().timeIntervalSince(started))
        lock.unlock()
        if done { return }
        if let name, elapsed > TagPattern.limit {
          FileHandle.standardError.write(
            Data(
              "baton: error: deploy tag pattern '\(pattern)' took over \(Int(TagPattern.limit)) s on the tag '\(name)': simplify it (a repeated repetition backtracks exponentially)\n"
                .utf8))
          exit(2)
        }
      }
    }
  }
}
