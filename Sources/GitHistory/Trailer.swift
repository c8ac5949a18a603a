/// A `Key: value` line from the closing paragraphs of a commit message.
public struct Trailer: Hashable, Sendable {
  /// The key as written (`Reviewed By`, `Signed-off-by`); compare with `matches(_:)`.
  public var key: String
  public var value: String

  public init(key: String, value: String) {
    self.key = key
    self.value = value
  }

  /// Whether the key is `key`, ignoring case (`Reviewed-By` is `Reviewed-by`).
  public func matches(_ key: String) -> Bool {
    // Keys are ASCII but for rare exceptions: compare bytes, lowercasing only when needed.
    guard self.key.utf8.count == key.utf8.count else { return false }
    var isASCII = true
    let equal = zip(self.key.utf8, key.utf8).allSatisfy { a, b in
      if a >= 0x80 || b >= 0x80 { isASCII = false }
      return a == b || (a | 0x20 == b | 0x20 && (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(a | 0x20))
    }
    return isASCII ? equal : self.key.lowercased() == key.lowercased()
  }

  /// The trailers of a message, in message order (docs/figures.md section 1): every
  /// `Key: value` line of the last paragraph, even among other lines, and all lines
  /// of each paragraph just before it that holds only such lines. The subject
  /// paragraph never holds trailers. An indented line continues the trailer above it.
  ///
  /// - Complexity: O(n) in the length of the message.
  public static func parse(_ message: String) -> [Trailer] {
    parse(lines: messageLines(message))
  }

  /// The trailers of a message already split by `messageLines`.
  public static func parse(lines: [Substring]) -> [Trailer] {
    var paragraphs = paragraphsOf(lines)
    guard paragraphs.count > 1 else { return [] }
    paragraphs.removeFirst()

    var closing: [[Trailer]] = []
    for (position, paragraph) in paragraphs.reversed().enumerated() {
      let parsed = paragraph.map(parseLine)
      if position == 0 {
        closing.append(fold(parsed, keepingProse: true))
        continue
      }
      guard parsed.allSatisfy({ $0 != .prose }) else { break }
      closing.append(fold(parsed, keepingProse: false))
    }
    return closing.reversed().flatMap { $0 }
  }

  enum Line: Equatable {
    case trailer(Trailer)
    case continuation(String)
    case prose
  }

  private static func fold(_ lines: [Line], keepingProse: Bool) -> [Trailer] {
    var trailers: [Trailer] = []
    var lastWasTrailer = false
    for line in lines {
      switch line {
      case .trailer(let trailer):
        trailers.append(trailer)
        lastWasTrailer = true
      case .continuation(let text) where lastWasTrailer:
        trailers[trailers.count - 1].value += " " + text
      case .continuation, .prose:
        lastWasTrailer = false
      }
    }
    return trailers
  }

  private static func paragraphsOf(_ lines: [Substring]) -> [[Substring]] {
    var paragraphs: [[Substring]] = []
    var current: [Substring] = []
    for line in lines {
      if isBlank(line) {
        if !current.isEmpty { paragraphs.append(current) }
        current = []
      } else {
        current.append(line)
      }
    }
    if !current.isEmpty { paragraphs.append(current) }
    return paragraphs
  }

  private static func isBlank(_ line: Substring) -> Bool {
    var isASCII = true
    for byte in line.utf8 {
      if byte >= 0x80 {
        isASCII = false
        break
      }
      if byte != 0x20 && !(0x09...0x0D).contains(byte) { return false }
    }
    return isASCII || line.allSatisfy(\.isWhitespace)
  }

  /// Longest key accepted, in words: `Pull Request resolved` has three, and prose
  /// with a colon ("The reason we do this: ...") usually has more.
  private static let maximumKeyWords = 3

  /// A key is one word, or up to three whose words but the last are capitalised
  /// (`Reviewed By`, `Pull Request resolved`), so prose with a colon ("The parser
  /// reads: ...") is not taken for a trailer.
  private static func isTrailerKey(_ key: Substring) -> Bool {
    let words = key.split(separator: " ", omittingEmptySubsequences: false)
    guard words.count <= maximumKeyWords, words.allSatisfy({ !$0.isEmpty }) else { return false }
    return words.dropLast().allSatisfy { $0.first?.isUppercase == true }
  }

  static func parseLine(_ line: Substring) -> Line {
    // Nearly every line is ASCII: read it on its bytes, with no Unicode property look-ups.
    var bytes = line
    return bytes.withUTF8(parseASCIILine) ?? parseAnyLine(line)
  }

  /// What `parseAnyLine` says of an ASCII line, read on its bytes; nil when the line is not ASCII.
  private static func parseASCIILine(_ line: UnsafeBufferPointer<UInt8>) -> Line? {
    guard !line.contains(where: { $0 >= 0x80 }) else { return nil }
    func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (0x09...0x0D).contains(byte) }
    func isLetter(_ byte: UInt8) -> Bool { (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) }
    func trimmed(_ bytes: UnsafeBufferPointer<UInt8>.SubSequence) -> String {
      guard let start = bytes.firstIndex(where: { !isSpace($0) }), let end = bytes.lastIndex(where: { !isSpace($0) })
      else { return "" }
      return String(decoding: bytes[start...end], as: UTF8.self)
    }
    if let first = line.first, first == 0x20 || first == 0x09 {
      let text = trimmed(line[...])
      return text.isEmpty ? .prose : .continuation(text)
    }
    guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { return .prose }
    let key = line[..<colon]
    guard let first = key.first, isLetter(first), let last = key.last, !isSpace(last),
      key.allSatisfy({ isLetter($0) || (0x30...0x39).contains($0) || $0 == 0x2D || $0 == 0x20 || $0 == 0x5F }),
      isASCIITrailerKey(key),
      colon + 1 < line.count, line[colon + 1] == 0x20 || line[colon + 1] == 0x09
    else { return .prose }
    let value = trimmed(line[(colon + 1)...])
    guard !value.isEmpty else { return .prose }
    return .trailer(Trailer(key: String(decoding: key, as: UTF8.self), value: value))
  }

  /// `isTrailerKey` for an ASCII key.
  private static func isASCIITrailerKey(_ key: UnsafeBufferPointer<UInt8>.SubSequence) -> Bool {
    let words = key.split(separator: 0x20, omittingEmptySubsequences: false)
    guard words.count <= maximumKeyWords, words.allSatisfy({ !$0.isEmpty }) else { return false }
    return words.dropLast().allSatisfy { (0x41...0x5A).contains($0.first!) }
  }

  static func parseAnyLine(_ line: Substring) -> Line {
    if let first = line.first, first == " " || first == "\t" {
      let text = line.drop(while: \.isWhitespace).trimmingTrailingWhitespace()
      return text.isEmpty ? .prose : .continuation(text)
    }
    guard let colon = line.firstIndex(of: ":") else { return .prose }
    let key = line[..<colon]
    let afterColon = line[line.index(after: colon)...]
    guard let first = key.first, first.isLetter, key.last?.isWhitespace == false,
      key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == " " || $0 == "_" }),
      isTrailerKey(key),
      afterColon.first.map({ $0 == " " || $0 == "\t" }) ?? false
    else { return .prose }
    let value = afterColon.drop(while: \.isWhitespace).trimmingTrailingWhitespace()
    guard !value.isEmpty else { return .prose }
    return .trailer(Trailer(key: String(key), value: value))
  }
}

extension Sequence<Trailer> {
  /// The values of every trailer whose key is `key` (ignoring case), in message order.
  public func values(for key: String) -> [String] {
    filter { $0.matches(key) }.map(\.value)
  }
}

/// The lines of a message, split where Swift's `Character.isNewline` would split them
/// (`\n`, `\r\n`, `\r`, VT, FF, NEL, LS, PS), found in the UTF-8 bytes: splitting by
/// `Character` walks grapheme clusters, which was a tenth of a whole-history run.
/// Every one of those separators is a grapheme cluster of its own, so the lines are the same.
public func messageLines(_ text: String) -> [Substring] {
  var lines: [Substring] = []
  let utf8 = text.utf8
  var lineStart = utf8.startIndex
  var index = utf8.startIndex
  while index != utf8.endIndex {
    let byte = utf8[index]
    var width = 0
    if byte == 0x0A || byte == 0x0B || byte == 0x0C {
      width = 1
    } else if byte == 0x0D {
      let next = utf8.index(after: index)
      width = next != utf8.endIndex && utf8[next] == 0x0A ? 2 : 1
    } else if byte == 0xC2 || byte == 0xE2 {
      let tail = utf8[utf8.index(after: index)...].prefix(2)
      if byte == 0xC2, tail.first == 0x85 {
        width = 2
      } else if byte == 0xE2, tail.elementsEqual([0x80, 0xA8]) || tail.elementsEqual([0x80, 0xA9]) {
        width = 3
      }
    }
    if width == 0 {
      index = utf8.index(after: index)
      continue
    }
    lines.append(text[lineStart..<index])
    index = utf8.index(index, offsetBy: width)
    lineStart = index
  }
  lines.append(text[lineStart..<utf8.endIndex])
  return lines
}
