import CLibGit2

/// A git object name (SHA-1), stored inline so arrays of them stay compact.
public struct ObjectID: Hashable, Comparable, Sendable, CustomStringConvertible {
  private var high: UInt64
  private var middle: UInt64
  private var low: UInt32

  init(_ oid: git_oid) {
    var bytes = oid.id
    self = withUnsafeBytes(of: &bytes) { raw in ObjectID(bytes: raw.baseAddress!) }
  }

  /// The 20 raw bytes at `bytes` (as in a tree entry or a pack index).
  init(bytes: UnsafeRawPointer) {
    high = UInt64(bigEndian: bytes.loadUnaligned(as: UInt64.self))
    middle = UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
    low = UInt32(bigEndian: bytes.loadUnaligned(fromByteOffset: 16, as: UInt32.self))
  }

  /// The 20 bytes as three big-endian words, for compact storage (see `words`).
  public init(words: (UInt64, UInt64, UInt32)) {
    (high, middle, low) = words
  }

  public var words: (UInt64, UInt64, UInt32) { (high, middle, low) }

  /// Parses 40 hexadecimal digits; nil for anything else.
  public init?(hex: some StringProtocol) {
    let utf8 = Array(hex.utf8)
    guard utf8.count == 40 else { return nil }
    var values = [UInt8]()
    values.reserveCapacity(20)
    var index = 0
    while index < 40 {
      guard let upper = Self.nibble(utf8[index]), let lower = Self.nibble(utf8[index + 1]) else {
        return nil
      }
      values.append(upper << 4 | lower)
      index += 2
    }
    var oid = git_oid()
    withUnsafeMutableBytes(of: &oid.id) { raw in
      for (offset, byte) in values.enumerated() { raw[offset] = byte }
    }
    self.init(oid)
  }

  var gitOID: git_oid {
    var oid = git_oid()
    withUnsafeMutableBytes(of: &oid.id) { raw in
      for index in 0..<8 { raw[index] = UInt8(truncatingIfNeeded: high >> (56 - 8 * index)) }
      for index in 0..<8 { raw[8 + index] = UInt8(truncatingIfNeeded: middle >> (56 - 8 * index)) }
      for index in 0..<4 { raw[16 + index] = UInt8(truncatingIfNeeded: low >> (24 - 8 * index)) }
    }
    return oid
  }

  /// The 40 lowercase hexadecimal digits.
  public var hex: String {
    let digits = Array("0123456789abcdef".utf8)
    var text = [UInt8]()
    text.reserveCapacity(40)
    func append(_ value: UInt64, bytes: Int) {
      for index in stride(from: bytes - 1, through: 0, by: -1) {
        let byte = UInt8(truncatingIfNeeded: value >> (8 * UInt64(index)))
        text.append(digits[Int(byte >> 4)])
        text.append(digits[Int(byte & 0xF)])
      }
    }
    append(high, bytes: 8)
    append(middle, bytes: 8)
    append(UInt64(low), bytes: 4)
    return String(decoding: text, as: UTF8.self)
  }

  /// The first `length` hexadecimal digits, as `git log --abbrev` shows them.
  public func abbreviated(_ length: Int = 12) -> String {
    String(hex.prefix(length))
  }

  public var description: String { hex }

  public static func < (lhs: ObjectID, rhs: ObjectID) -> Bool {
    (lhs.high, lhs.middle, lhs.low) < (rhs.high, rhs.middle, rhs.low)
  }

  private static func nibble(_ character: UInt8) -> UInt8? {
    switch character {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): character - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): character - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): character - UInt8(ascii: "A") + 10
    default: nil
    }
  }
}
