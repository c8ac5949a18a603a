import Foundation

/// Why reading a packed object failed.
enum PackReadError: Error {
  /// A REF_DELTA whose base this pack lacks: not ours to resolve, libgit2's backend is asked next.
  case baseInAnotherPack
  /// Data git cannot have written (bad zlib, bad delta, an offset outside the pack), or no memory.
  case corrupt(String)
}

/// The four kinds of object, numbered as in packs and as `git_object_t`.
enum ObjectType: UInt8 {
  case commit = 1
  case tree = 2
  case blob = 3
  case tag = 4
}

/// One `.pack` file and its index, mapped into memory.
///
/// An entry (gitformat-pack) is a header of type and inflated size (3 + 4 bits, then 7
/// bits a byte, little end first), for a delta the base's place (a distance back for
/// OFS_DELTA, a name for REF_DELTA), then the zlib stream.
final class PackFile: @unchecked Sendable {
  // Immutable once opened: shared by every thread's reader.
  /// The file's name, for error messages.
  let name: String
  /// Names this opening of the pack for the delta-base cache, which outlives it: an
  /// object's address can be reused by a later pack, a serial number is not.
  let serial: Int
  let index: PackIndex
  private let file: MappedFile
  /// Where the entries end: the pack's last 20 bytes are its checksum.
  private let entriesEnd: Int

  private static let headerSize = 12
  private static let checksumSize = 20

  struct Entry {
    enum Kind {
      case object(ObjectType)
      case offsetDelta(baseOffset: Int)
      /// The 20-byte name of the base, inside the mapped pack.
      case referenceDelta(baseName: UnsafeRawPointer)
    }

    var kind: Kind
    /// The inflated size: of the object, or of the delta for a delta.
    var size: Int
    /// Where the zlib stream starts.
    var dataOffset: Int
  }

  /// Opens a pack and its index; nil when either is unreadable or they do not belong
  /// together (a pack being written, or damaged), which leaves the pack to libgit2.
  init?(packPath: String, indexPath: String) {
    guard let index = PackIndex(path: indexPath), let file = MappedFile(path: packPath),
      file.count >= Self.headerSize + Self.checksumSize,
      memcmp(file.bytes.baseAddress!, "PACK", 4) == 0,
      [2, 3].contains(file.uint32(at: 4)), Int(file.uint32(at: 8)) == index.count,
      memcmp(file.bytes.baseAddress! + file.count - Self.checksumSize, index.packChecksum.baseAddress!, Self.checksumSize) == 0
    else { return nil }
    self.name = (packPath as NSString).lastPathComponent
    self.serial = Self.nextSerial()
    self.index = index
    self.file = file
    entriesEnd = file.count - Self.checksumSize
  }

  /// Every pack in `directory` (`objects/pack`) that opens, the largest first: after a
  /// `git gc` one pack holds nearly every object.
  ///
  /// A pack's name is its checksum, so its content never changes: every handle in the
  /// process shares one mapping of it, and the workers' pages are counted once.
  static func openAll(inDirectory directory: String) -> [PackFile] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
    let packs = names.filter { $0.hasPrefix("pack-") && $0.hasSuffix(".idx") }.compactMap { indexName in
      shared(stem: directory + "/" + indexName.dropLast(".idx".count))
    }
    return packs.sorted { $0.index.count > $1.index.count }
  }

  private static let openedLock = NSLock()
  /// Packs open in the process, held weakly: the readers of a repository keep its packs
  /// mapped while any of its handles lives, and a run over many repositories lets each
  /// repository's packs go (index pages included) once it is done with it.
  nonisolated(unsafe) private static var opened: [String: WeakPack] = [:]
  nonisolated(unsafe) private static var serials = 0

  private final class WeakPack {
    weak var pack: PackFile?
    init(_ pack: PackFile) { self.pack = pack }
  }

  private static func shared(stem: String) -> PackFile? {
    openedLock.lock()
    defer { openedLock.unlock() }
    if let pack = opened[stem]?.pack { return pack }
    opened = opened.filter { $0.value.pack != nil }
    guard let pack = PackFile(packPath: stem + ".pack", indexPath: stem + ".idx") else {
      damaged[stem] = diagnosis(stem: stem)
      return nil
    }
    opened[stem] = WeakPack(pack)
    return pack
  }

  /// How many packs of `directory` are open in the process now.
  static func openCount(inDirectory directory: String) -> Int {
    openedLock.lock()
    defer { openedLock.unlock() }
    return opened.filter { $0.key.hasPrefix(directory + "/") && $0.value.pack != nil }.count
  }

  /// Called from `init`, which `shared(stem:)` runs under `openedLock`.
  private static func nextSerial() -> Int {
    serials += 1
    return serials
  }

  /// Packs that could not be opened, by path without extension, and what is wrong with them:
  /// when an object then cannot be found, the error says where it probably was.
  nonisolated(unsafe) private static var damaged: [String: String] = [:]

  /// What is wrong with the packs that could not be opened, one phrase each (empty when none).
  static func damageReport() -> [String] {
    openedLock.lock()
    defer { openedLock.unlock() }
    return damaged.keys.sorted().map { damaged[$0]! }
  }

  private static func diagnosis(stem: String) -> String {
    let name = (stem as NSString).lastPathComponent
    guard let index = PackIndex(path: stem + ".idx") else { return "\(name).idx is not a readable pack index" }
    guard let pack = MappedFile(path: stem + ".pack") else { return "\(name).pack cannot be read" }
    guard pack.count >= headerSize + checksumSize, memcmp(pack.bytes.baseAddress!, "PACK", 4) == 0 else {
      return "\(name).pack is not a pack (\(pack.count) bytes)"
    }
    guard Int(pack.uint32(at: 8)) == index.count else {
      return "\(name).pack holds \(pack.uint32(at: 8)) objects but its index lists \(index.count)"
    }
    return "\(name).pack is truncated or damaged: it does not end in the checksum its index records (\(pack.count) bytes)"
  }

  /// The header of the entry at `offset`.
  func entry(at offset: Int) throws(PackReadError) -> Entry {
    guard offset >= Self.headerSize, offset < entriesEnd else { throw corrupt("no entry at offset \(offset)") }
    var cursor = offset
    var byte = self.byte(at: cursor)
    cursor += 1
    let typeNumber = (byte >> 4) & 7
    var size = Int(byte & 0x0f)
    var shift = 4
    while byte & 0x80 != 0 {
      guard cursor < entriesEnd, shift <= 56 else { throw corrupt("bad entry header at offset \(offset)") }
      byte = self.byte(at: cursor)
      cursor += 1
      size |= Int(byte & 0x7f) << shift
      shift += 7
    }
    let kind: Entry.Kind
    switch typeNumber {
    case 1...4:
      kind = .object(ObjectType(rawValue: typeNumber)!)
    case 6:
      kind = .offsetDelta(baseOffset: try baseOffset(at: &cursor, deltaOffset: offset))
    case 7:
      guard cursor + 20 <= entriesEnd else { throw corrupt("truncated entry at offset \(offset)") }
      kind = .referenceDelta(baseName: file.bytes.baseAddress! + cursor)
      cursor += 20
    default:
      throw corrupt("unknown entry type \(typeNumber) at offset \(offset)")
    }
    return Entry(kind: kind, size: size, dataOffset: cursor)
  }

  /// An OFS_DELTA's base: a distance back from the delta, 7 bits a byte, big end first,
  /// each continuation adding one so that no distance has two encodings.
  private func baseOffset(at cursor: inout Int, deltaOffset: Int) throws(PackReadError) -> Int {
    guard cursor < entriesEnd else { throw corrupt("truncated entry at offset \(deltaOffset)") }
    var byte = self.byte(at: cursor)
    cursor += 1
    var distance = Int(byte & 0x7f)
    while byte & 0x80 != 0 {
      guard cursor < entriesEnd, distance < 1 << 55 else { throw corrupt("bad delta base at offset \(deltaOffset)") }
      byte = self.byte(at: cursor)
      cursor += 1
      distance = (distance + 1) << 7 | Int(byte & 0x7f)
    }
    guard distance > 0, distance <= deltaOffset - Self.headerSize else {
      throw corrupt("delta base outside the pack at offset \(deltaOffset)")
    }
    return deltaOffset - distance
  }

  /// The bytes from an entry's zlib stream to the end of the entries: the stream says where it ends.
  func compressedData(of entry: Entry) -> UnsafeRawBufferPointer {
    UnsafeRawBufferPointer(rebasing: file.bytes[entry.dataOffset..<entriesEnd])
  }

  /// Lets go of the pack's pages read so far (see `MappedFile.dropResidentPages`).
  func dropResidentPages() {
    file.dropResidentPages()
  }

  func corrupt(_ problem: String) -> PackReadError {
    .corrupt("corrupt pack \(name): \(problem)")
  }

  private func byte(at offset: Int) -> UInt8 {
    file.bytes.load(fromByteOffset: offset, as: UInt8.self)
  }
}
