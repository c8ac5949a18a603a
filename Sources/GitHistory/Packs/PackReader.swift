import CLibGit2
import Foundation

/// Reads objects from a repository's packs, keeping recently used delta bases inflated.
///
/// Resolves a delta chain as git does (`unpack_entry`): down from the object to the
/// nearest base that is cached or stored whole, then up again applying each delta,
/// keeping every base passed on the way up.
final class PackReader {
  /// git writes chains of at most 4095 deltas (pack.depth's cap); a longer one is a loop
  /// of REF_DELTAs in a damaged pack.
  private static let maximumChainLength = 10_000

  /// Pack bytes read before the pages read are unmapped again. A whole-history diff
  /// reads most of a pack once; kept mapped, its pages would count in the process's
  /// memory for the rest of the run although the kernel's page cache holds them anyway.
  private static let residentPackBytes = 16 << 20

  /// Delta data over this size is not kept in the scratch buffer between reads.
  private static let retainedScratchLimit = 16 << 20

  private let packs: [PackFile]
  private let backend: UnsafeMutablePointer<git_odb_backend>
  private let cache: DeltaBaseCache
  private let inflater = Inflater()
  /// The pack that held the last object found, asked first next time.
  private var lastPack = 0
  /// The deltas between an object and its base, reused from read to read.
  private var chain: [(offset: Int, entry: PackFile.Entry)] = []
  /// Inflated delta instructions, applied and dropped at once, so one buffer serves them all.
  private var scratch = UnsafeMutableRawBufferPointer(start: nil, count: 0)

  /// A reader of `packs` whose objects are allocated for `backend`, to which libgit2 hands them.
  init(
    packs: [PackFile], backend: UnsafeMutablePointer<git_odb_backend>, cache: DeltaBaseCache = .shared
  ) {
    self.packs = packs
    self.backend = backend
    self.cache = cache
  }

  deinit {
    free(scratch.baseAddress)
  }

  func contains(_ name: UnsafeRawPointer) -> Bool {
    locate(name) != nil
  }

  /// The object named by the 20 bytes at `name`, to read and let go: its buffer may be
  /// a cached delta base. Nil when no pack has it.
  func object(_ name: UnsafeRawPointer) throws(PackReadError) -> PackedObject? {
    guard let (pack, offset) = locate(name) else { return nil }
    return try resolve(offset, inPack: pack)
  }

  /// The object named by the 20 bytes at `name`, in a buffer the caller owns; nil when
  /// no pack has it.
  func read(_ name: UnsafeRawPointer) throws(PackReadError) -> PackedObject? {
    guard let (pack, offset) = locate(name) else { return nil }
    var object = try resolve(offset, inPack: pack)
    if !isKnownUniquelyReferenced(&object.bytes) {
      // Also a cached base: the cache keeps its copy, libgit2 gets its own.
      guard let copy = ObjectBuffer(count: object.bytes.count, for: backend) else {
        throw packs[pack].corrupt("cannot allocate \(object.bytes.count) bytes")
      }
      copy.start.copyMemory(from: object.bytes.start, byteCount: object.bytes.count)
      object.bytes = copy
    }
    return object
  }

  private func locate(_ name: UnsafeRawPointer) -> (pack: Int, offset: Int)? {
    if let offset = packs[lastPack].index.offset(of: name) { return (lastPack, offset) }
    for pack in packs.indices where pack != lastPack {
      if let offset = packs[pack].index.offset(of: name) {
        lastPack = pack
        return (pack, offset)
      }
    }
    return nil
  }

  private func resolve(_ offset: Int, inPack packNumber: Int) throws(PackReadError) -> PackedObject {
    let pack = packs[packNumber]
    chain.removeAll(keepingCapacity: true)
    var position = offset
    var base: PackedObject
    findBase: while true {
      if let cached = cache.object(at: .init(pack: pack.serial, offset: position)) {
        base = cached
        break
      }
      let entry = try pack.entry(at: position)
      switch entry.kind {
      case .object(let type):
        base = PackedObject(type: type, bytes: try inflate(entry, of: pack))
        break findBase
      case .offsetDelta(let baseOffset):
        chain.append((position, entry))
        position = baseOffset
      case .referenceDelta(let baseName):
        guard let baseOffset = pack.index.offset(of: baseName) else { throw .baseInAnotherPack }
        chain.append((position, entry))
        position = baseOffset
      }
      guard chain.count <= Self.maximumChainLength else { throw pack.corrupt("delta chain loops at offset \(offset)") }
    }
    while let (deltaOffset, entry) = chain.popLast() {
      cache.insert(base, at: .init(pack: pack.serial, offset: position))
      let delta = try inflateDelta(entry, of: pack)
      do throws(DeltaError) {
        let bytes = try Delta.apply(delta, to: base.bytes.bytes) { [backend] in ObjectBuffer(count: $0, for: backend) }
        base = PackedObject(type: base.type, bytes: bytes)
      } catch {
        throw pack.corrupt("\(error) at offset \(deltaOffset)")
      }
      position = deltaOffset
    }
    releaseLargeScratch()
    if inflater.inputRead > Self.residentPackBytes {
      inflater.inputRead = 0
      for pack in packs { pack.dropResidentPages() }
    }
    return base
  }

  private func inflate(_ entry: PackFile.Entry, of pack: PackFile) throws(PackReadError) -> ObjectBuffer {
    guard let buffer = ObjectBuffer(count: entry.size, for: backend) else {
      throw pack.corrupt("cannot allocate \(entry.size) bytes")
    }
    guard inflater.inflate(pack.compressedData(of: entry), into: buffer.start, count: entry.size) else {
      throw pack.corrupt("bad zlib data at offset \(entry.dataOffset)")
    }
    return buffer
  }

  /// A delta's instructions, inflated into the scratch buffer: valid until the next call.
  private func inflateDelta(_ entry: PackFile.Entry, of pack: PackFile) throws(PackReadError) -> UnsafeRawBufferPointer {
    if scratch.count < entry.size + 1 {
      // malloc, not Swift's allocate: a damaged header can ask for any size, and a failed
      // allocate stops the process where malloc returns nil.
      free(scratch.baseAddress)
      guard entry.size < Int.max, let memory = malloc(entry.size + 1) else {
        scratch = UnsafeMutableRawBufferPointer(start: nil, count: 0)
        throw pack.corrupt("cannot allocate \(entry.size) bytes")
      }
      scratch = UnsafeMutableRawBufferPointer(start: memory, count: entry.size + 1)
    }
    guard inflater.inflate(pack.compressedData(of: entry), into: scratch.baseAddress!, count: entry.size) else {
      throw pack.corrupt("bad zlib data at offset \(entry.dataOffset)")
    }
    return UnsafeRawBufferPointer(start: scratch.baseAddress!, count: entry.size)
  }

  private func releaseLargeScratch() {
    guard scratch.count > Self.retainedScratchLimit else { return }
    free(scratch.baseAddress)
    scratch = UnsafeMutableRawBufferPointer(start: nil, count: 0)
  }
}
