import Foundation
import GitHistory

/// Where a change's number lives (docs/figures.md section 10, `forge`).
public enum Forge: String, Sendable, Hashable, CaseIterable {
  case github, gitlab, bitbucket, azure, bors, gerrit, gitea, phabricator, piper, topic
}

/// The review a change went through: its number and where that number lives.
public struct ReviewReference: Hashable, Sendable {
  /// Digits, or Phabricator's `D` and digits.
  public var number: String
  public var forge: Forge

  public init(number: String, forge: Forge) {
    self.number = number
    self.forge = forge
  }
}

/// Small text scanners shared by the conventions: no regular expressions, so each
/// reads as the form it accepts.
enum Scan {
  /// The message's lines, without line ends.
  static func lines(_ text: String) -> [Substring] {
    messageLines(text)
  }

  /// `text` without the spaces and tabs (any Unicode space separator, and the zero-width
  /// space) at either end: what Foundation's `trimmingCharacters(in: .whitespaces)` gives
  /// on Linux, without its copy through NSString, which was a twentieth of a whole-history
  /// run when done per line.
  static func trimmed<Text: StringProtocol>(_ text: Text) -> Substring where Text.SubSequence == Substring {
    let scalars = text.unicodeScalars
    func isSpace(_ scalar: Unicode.Scalar) -> Bool {
      scalar == " " || scalar == "\t"
        || (!scalar.isASCII && (scalar == "\u{200B}" || scalar.properties.generalCategory == .spaceSeparator))
    }
    guard let first = scalars.firstIndex(where: { !isSpace($0) }) else { return text[text.endIndex...] }
    let last = scalars.lastIndex(where: { !isSpace($0) })!
    return text[first...last]
  }

  /// Whether `text` holds `needle` (ASCII), optionally ignoring ASCII case; on the bytes,
  /// because Foundation's search and the standard library's generic `firstRange(of:)`
  /// were each a tenth or more of a whole-history run.
  static func contains(_ text: Substring, _ needle: String, ignoringCase: Bool = false) -> Bool {
    // On contiguous bytes: native strings already are; anything else is copied once.
    var text = text
    var needle = needle
    return text.withUTF8 { haystack in
      needle.withUTF8 { pattern in search(haystack, for: pattern, ignoringCase: ignoringCase) }
    }
  }

  private static func search(
    _ haystack: UnsafeBufferPointer<UInt8>, for pattern: UnsafeBufferPointer<UInt8>, ignoringCase: Bool
  ) -> Bool {
    guard let first = pattern.first else { return true }
    guard haystack.count >= pattern.count else { return false }
    for start in 0...(haystack.count - pattern.count) {
      guard ignoringCase ? equalIgnoringCase(haystack[start], first) : haystack[start] == first else { continue }
      var offset = 1
      while offset < pattern.count,
        ignoringCase
          ? equalIgnoringCase(haystack[start + offset], pattern[offset]) : haystack[start + offset] == pattern[offset]
      {
        offset += 1
      }
      if offset == pattern.count { return true }
    }
    return false
  }

  /// Whether `text` starts with `prefix` (ASCII), ignoring ASCII case.
  static func hasPrefix(_ text: Substring, ignoringCase prefix: String) -> Bool {
    text.utf8.starts(with: prefix.utf8, by: equalIgnoringCase)
  }

  private static func equalIgnoringCase(_ a: UInt8, _ b: UInt8) -> Bool {
    a == b || (a | 0x20 == b | 0x20 && (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(a | 0x20))
  }

  /// Leading decimal digits of `text`, or nil when it does not start with one.
  static func leadingDigits(_ text: Substring) -> Substring? {
    let digits = text.prefix(while: \.isASCIIDigit)
    return digits.isEmpty ? nil : digits
  }

  /// `text` after `prefix`, when it starts with it.
  static func after(_ prefix: String, in text: Substring) -> Substring? {
    text.hasPrefix(prefix) ? text.dropFirst(prefix.count) : nil
  }

  /// The number in a `https://github.com/OWNER/REPO/pull/N` URL (any host), or nil.
  static func pullNumber(inURL url: Substring) -> Substring? {
    let parts = url.split(separator: "/")
    guard let pull = parts.lastIndex(where: { $0 == "pull" || $0 == "pulls" }), pull + 1 < parts.count
    else { return nil }
    return leadingDigits(parts[pull + 1])
  }

  /// A review URL's number and forge by its shape: `/pull/N` GitHub, `/pulls/N` Gitea
  /// (Forgejo, Codeberg), `/-/merge_requests/N` GitLab; nil for any other shape.
  static func forgeNumber(inURL url: Substring) -> ReviewReference? {
    let parts = url.split(separator: "/")
    guard let index = parts.lastIndex(where: { $0 == "pull" || $0 == "pulls" || $0 == "merge_requests" }),
      index + 1 < parts.count, let number = leadingDigits(parts[index + 1])
    else { return nil }
    let forge: Forge = switch parts[index] {
    case "pull": .github
    case "pulls": .gitea
    default: .gitlab
    }
    return ReviewReference(number: String(number), forge: forge)
  }

  /// The number in a `.../-/merge_requests/N` URL, or nil.
  static func mergeRequestNumber(inURL url: Substring) -> Substring? {
    let parts = url.split(separator: "/")
    guard let index = parts.lastIndex(of: "merge_requests"), index + 1 < parts.count else { return nil }
    return leadingDigits(parts[index + 1])
  }

  /// The last run of digits in `text` (Gerrit's `https://go-review.googlesource.com/c/tools/+/612345`).
  static func lastNumber(in text: Substring) -> Substring? {
    var end = text.endIndex
    while end > text.startIndex, !text[text.index(before: end)].isASCIIDigit {
      end = text.index(before: end)
    }
    var start = end
    while start > text.startIndex, text[text.index(before: start)].isASCIIDigit {
      start = text.index(before: start)
    }
    return start < end ? text[start..<end] : nil
  }

  /// The value of the last line `Key: value` (key case-insensitive) anywhere in the message.
  static func lastValue(of key: String, in lines: [Substring]) -> Substring? {
    let prefix = key + ":"
    for line in lines.reversed() {
      let trimmed = line.drop(while: \.isWhitespace)
      guard trimmed.utf8.count > prefix.utf8.count, hasPrefix(trimmed, ignoringCase: prefix) else { continue }
      return trimmed.dropFirst(prefix.count).drop(while: \.isWhitespace)
    }
    return nil
  }

  /// The value of the last line `Key: value` whose value `read` accepts.
  static func lastValue<T>(of key: String, in lines: [Substring], _ read: (Substring) -> T?) -> T? {
    let prefix = key + ":"
    for line in lines.reversed() {
      let trimmed = line.drop(while: \.isWhitespace)
      guard trimmed.utf8.count > prefix.utf8.count, hasPrefix(trimmed, ignoringCase: prefix) else { continue }
      if let value = read(trimmed.dropFirst(prefix.count).drop(while: \.isWhitespace)) { return value }
    }
    return nil
  }

  /// `Title (#123)` → ("Title", "123").
  static func trailingPullNumber(_ subject: String) -> (title: String, number: String)? {
    guard subject.hasSuffix(")"), let open = subject.range(of: " (#", options: .backwards) else {
      return nil
    }
    let digits = subject[open.upperBound..<subject.index(before: subject.endIndex)]
    guard !digits.isEmpty, digits.allSatisfy(\.isASCIIDigit) else { return nil }
    return (String(subject[..<open.lowerBound]), String(digits))
  }
}

extension Character {
  var isASCIIDigit: Bool { isASCII && isNumber }
}
