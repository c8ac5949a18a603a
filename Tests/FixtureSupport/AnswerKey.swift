import Foundation

/// The machine-readable answer key a fixture stream carries in its `#= ` comment lines:
/// what docs/figures.md says each change, deployment and open item of the history is.
///
/// `#= :M key=value ...` states the change whose merge commit is mark M; `#= none :M`
/// a first-parent merge that is no change; `#= deployment ...`, `#= open ...` and
/// `#= fact ...` state other answers. Values with spaces are double-quoted.
public struct AnswerKey: Sendable {
  public struct Entry: Sendable {
    /// `change`, `none`, `deployment`, `open` or `fact`.
    public var kind: String
    /// The mark of a `change` or `none` line.
    public var mark: Int?
    public var fields: [String: String]

    public subscript(_ key: String) -> String? { fields[key] }
  }

  public var entries: [Entry]

  public var changes: [Entry] { entries.filter { $0.kind == "change" } }

  public init(fixture name: String) throws {
    let url = FixtureRepository.fixturesDirectory.appendingPathComponent("\(name).fi")
    let bytes = try Data(contentsOf: url)
    // Streams may hold raw non-UTF-8 bytes in their commits; the key lines are ASCII or UTF-8.
    let text = String(decoding: bytes, as: UTF8.self)
    entries = []
    for line in text.split(separator: "\n") {
      guard line.hasPrefix("#= ") else { continue }
      var tokens = Self.tokens(line.dropFirst(3))
      guard let first = tokens.first else { continue }
      var entry = Entry(kind: "change", mark: nil, fields: [:])
      if first.hasPrefix(":") {
        entry.mark = Int(first.dropFirst())
        tokens.removeFirst()
      } else {
        entry.kind = first
        tokens.removeFirst()
        if let mark = tokens.first, mark.hasPrefix(":") {
          entry.mark = Int(mark.dropFirst())
          tokens.removeFirst()
        }
      }
      for token in tokens {
        guard let equals = token.firstIndex(of: "=") else { continue }
        entry.fields[String(token[..<equals])] = String(token[token.index(after: equals)...])
      }
      entries.append(entry)
    }
  }

  /// The fixtures whose streams carry an answer key for their changes.
  public static func fixturesWithChanges() -> [String] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: FixtureRepository.fixturesDirectory.path)) ?? []
    return names.filter { $0.hasSuffix(".fi") }.map { String($0.dropLast(3)) }.sorted().filter { name in
      ((try? AnswerKey(fixture: name))?.changes.isEmpty == false)
    }
  }

  /// Splits on spaces outside double quotes; `\"` and `\\` escape inside them.
  static func tokens(_ text: Substring) -> [String] {
    var tokens: [String] = []
    var current = ""
    var quoted = false
    var escaped = false
    for character in text {
      if escaped {
        current.append(character)
        escaped = false
      } else if quoted && character == "\\" {
        escaped = true
      } else if character == "\"" {
        quoted.toggle()
      } else if character == " " && !quoted {
        if !current.isEmpty { tokens.append(current) }
        current = ""
      } else {
        current.append(character)
      }
    }
    if !current.isEmpty { tokens.append(current) }
    return tokens
  }
}
