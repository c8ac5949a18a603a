import Foundation

/// git's delta format (gitformat-pack, "Deltified representation"): the base's size and
/// the result's size, 7 bits a byte, little end first; then instructions. A byte with
/// the top bit set copies a range of the base (its low 4 bits say which offset bytes
/// follow, the next 3 which size bytes; a size of 0 means 64 KiB); any other non-zero
/// byte inserts that many bytes that follow it in the delta.
enum Delta {
  /// The result of applying `delta` to `base`, in a buffer from `allocate`.
  static func apply(
    _ delta: UnsafeRawBufferPointer, to base: UnsafeRawBufferPointer, allocate: (Int) -> ObjectBuffer?
  ) throws(DeltaError) -> ObjectBuffer {
    var cursor = 0
    let baseSize = try size(in: delta, at: &cursor)
    let resultSize = try size(in: delta, at: &cursor)
    guard baseSize == base.count else { throw .wrongBaseSize }
    guard let result = allocate(resultSize) else { throw .outOfMemory(resultSize) }
    let instructions = delta.baseAddress!
    let output = result.start
    var written = 0
    while cursor < delta.count {
      let command = instructions.load(fromByteOffset: cursor, as: UInt8.self)
      cursor += 1
      if command & 0x80 != 0 {
        var offset = 0
        var length = 0
        for bit in 0..<7 where command & (1 << bit) != 0 {
          guard cursor < delta.count else { throw .truncated }
          let byte = Int(instructions.load(fromByteOffset: cursor, as: UInt8.self))
          cursor += 1
          if bit < 4 { offset |= byte << (8 * bit) } else { length |= byte << (8 * (bit - 4)) }
        }
        if length == 0 { length = 0x10000 }
        guard offset <= base.count - length, length <= resultSize - written else { throw .outOfBounds }
        (output + written).copyMemory(from: base.baseAddress! + offset, byteCount: length)
        written += length
      } else if command != 0 {
        let length = Int(command)
        guard length <= delta.count - cursor, length <= resultSize - written else { throw .outOfBounds }
        (output + written).copyMemory(from: instructions + cursor, byteCount: length)
        cursor += length
        written += length
      } else {
        throw .reservedInstruction
      }
    }
    guard written == resultSize else { throw .wrongResultSize }
    return result
  }

  /// The size of the object a delta makes, from the start of the delta alone.
  private static func size(in delta: UnsafeRawBufferPointer, at cursor: inout Int) throws(DeltaError) -> Int {
    var value = 0
    var shift = 0
    while true {
      guard cursor < delta.count, shift <= 56 else { throw .truncated }
      let byte = delta[cursor]
      cursor += 1
      value |= Int(byte & 0x7f) << shift
      shift += 7
      if byte & 0x80 == 0 { return value }
    }
  }
}

/// Why a delta could not be applied.
enum DeltaError: Error, CustomStringConvertible {
  case truncated
  case wrongBaseSize
  case wrongResultSize
  case outOfBounds
  case reservedInstruction
  case outOfMemory(Int)

  var description: String {
    switch self {
    case .truncated: "truncated delta"
    case .wrongBaseSize: "delta for a base of another size"
    case .wrongResultSize: "delta result of the wrong size"
    case .outOfBounds: "delta instruction out of bounds"
    case .reservedInstruction: "reserved delta instruction 0"
    case .outOfMemory(let size): "cannot allocate \(size) bytes"
    }
  }
}
