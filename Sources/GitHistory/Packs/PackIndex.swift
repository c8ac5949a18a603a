import Foundation

/// A pack's `.idx` file, version 2: where each object of the pack starts.
///
/// Layout (gitformat-pack): magic and version, a 256-entry fan-out table of counts by
/// first byte, the sorted object names, their CRCs, 31-bit offsets (the top bit set
/// means "index into the 64-bit offset table that follows"), then the pack's checksum
/// and the index's own.
struct PackIndex {
  private let file: MappedFile
  /// How many objects the pack holds.
  let count: Int
  private let largeOffsetCount: Int

  private static let magic: UInt32 = 0xff74_4f63
  private static let fanOutStart = 8
  private static let namesStart = fanOutStart + 256 * 4
  private static let nameLength = 20

  /// Reads and checks the index at `path`; nil when it is not a version 2 index git could
  /// have written (libgit2's own backend then deals with the pack).
  init?(path: String) {
    guard let file = MappedFile(path: path), file.count >= Self.namesStart + 2 * Self.nameLength,
      file.uint32(at: 0) == Self.magic, file.uint32(at: 4) == 2
    else { return nil }
    var previous: UInt32 = 0
    for bucket in 0..<256 {
      let total = file.uint32(at: Self.fanOutStart + 4 * bucket)
      guard total >= previous else { return nil }
      previous = total
    }
    let count = Int(previous)
    let fixedSize = Self.namesStart + count * (Self.nameLength + 4 + 4) + 2 * Self.nameLength
    guard file.count >= fixedSize, (file.count - fixedSize) % 8 == 0 else { return nil }
    self.file = file
    self.count = count
    largeOffsetCount = (file.count - fixedSize) / 8
  }

  /// The checksum of the pack this index describes (the pack's own last 20 bytes).
  var packChecksum: UnsafeRawBufferPointer {
    UnsafeRawBufferPointer(rebasing: file.bytes[(file.count - 2 * Self.nameLength)..<(file.count - Self.nameLength)])
  }

  /// Where the object named by the 20 bytes at `name` starts in the pack; nil when the pack lacks it.
  func offset(of name: UnsafeRawPointer) -> Int? {
    guard let position = position(of: name) else { return nil }
    return offset(at: position)
  }

  func contains(_ name: UnsafeRawPointer) -> Bool {
    position(of: name) != nil
  }

  /// Binary search of the sorted names, within the fan-out bucket of the first byte.
  private func position(of name: UnsafeRawPointer) -> Int? {
    let firstByte = Int(name.load(as: UInt8.self))
    var low = firstByte == 0 ? 0 : Int(file.uint32(at: Self.fanOutStart + 4 * (firstByte - 1)))
    var high = Int(file.uint32(at: Self.fanOutStart + 4 * firstByte))
    let names = file.bytes.baseAddress! + Self.namesStart
    while low < high {
      let middle = (low + high) / 2
      let order = memcmp(names + middle * Self.nameLength, name, Self.nameLength)
      if order == 0 { return middle }
      if order < 0 { low = middle + 1 } else { high = middle }
    }
    return nil
  }

  private func offset(at position: Int) -> Int? {
    let offsetsStart = Self.namesStart + count * (Self.nameLength + 4)
    let small = file.uint32(at: offsetsStart + 4 * position)
    guard small & 0x8000_0000 != 0 else { return Int(small) }
    let large = Int(small & 0x7fff_ffff)
    guard large < largeOffsetCount else { return nil }
    let value = file.uint64(at: offsetsStart + 4 * count + 8 * large)
    return value <= UInt64(Int.max) ? Int(value) : nil
  }
}
