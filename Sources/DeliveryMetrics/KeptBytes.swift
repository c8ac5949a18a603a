import Foundation

/// Bytes of what the model keeps between runs: unsigned varints (LEB128), zigzag times,
/// little-endian fixed-width words and length-prefixed UTF-8.
struct ByteWriter {
  private(set) var bytes: [UInt8] = []

  mutating func varint(_ value: UInt64) {
    var value = value
    while value >= 0x80 {
      bytes.append(UInt8(value & 0x7f) | 0x80)
      value >>= 7
    }
    bytes.append(UInt8(value))
  }

  mutating func count(_ value: Int) { varint(UInt64(value)) }

  /// Times may be before 1970: zigzag keeps small magnitudes short.
  mutating func time(_ value: Int64) { varint(UInt64(bitPattern: (value << 1) ^ (value >> 63))) }

  mutating func fixed<T: FixedWidthInteger>(_ value: T) {
    withUnsafeBytes(of: value.littleEndian) { bytes += $0 }
  }

  mutating func text(_ value: String) {
    count(value.utf8.count)
    bytes += value.utf8
  }

  mutating func append(_ other: ByteWriter) { bytes += other.bytes }
}

/// Reads what `ByteWriter` wrote. Reading past the end or a malformed number sets
/// `failed` and yields zeros: callers check `failed` (or `isAtEnd`) once they are done.
struct ByteReader {
  private let bytes: [UInt8]
  private var position = 0
  private(set) var failed = false

  init(_ data: Data) {
    bytes = [UInt8](data)
  }

  var isAtEnd: Bool { !failed && position == bytes.count }

  /// A number (an index, a size) as written by `count(_:)`.
  mutating func number() -> Int { Int(truncatingIfNeeded: varint()) }

  /// How many items follow: no more than the bytes left could hold (every item takes at
  /// least one), so a damaged count cannot run away.
  mutating func count() -> Int {
    let value = varint()
    guard value <= UInt64(bytes.count - position) + 1 else {
      failed = true
      return 0
    }
    return Int(value)
  }

  mutating func varint() -> UInt64 {
    var value: UInt64 = 0
    var shift: UInt64 = 0
    while position < bytes.count, shift < 64 {
      let byte = bytes[position]
      position += 1
      value |= UInt64(byte & 0x7f) << shift
      if byte < 0x80 { return value }
      shift += 7
    }
    failed = true
    return 0
  }

  mutating func time() -> Int64 {
    let raw = varint()
    return Int64(bitPattern: raw >> 1) ^ -Int64(bitPattern: raw & 1)
  }

  mutating func fixed<T: FixedWidthInteger>(_: T.Type) -> T {
    let size = MemoryLayout<T>.size
    guard position + size <= bytes.count else {
      failed = true
      return 0
    }
    var value: T = 0
    for index in 0..<size { value |= T(bytes[position + index]) << (8 * index) }
    position += size
    return value
  }

  mutating func text() -> String {
    let length = count()
    guard !failed, position + length <= bytes.count else {
      failed = true
      return ""
    }
    defer { position += length }
    return String(decoding: bytes[position..<position + length], as: UTF8.self)
  }
}
