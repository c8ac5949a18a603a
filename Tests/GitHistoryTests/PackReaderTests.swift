import CLibGit2
import FixtureSupport
import Foundation
@testable import GitHistory
import Testing

/// baton reads packs itself (Sources/GitHistory/Packs): every object it hands libgit2 must
/// be the object git stored, which its id proves.
@Suite("The pack reader")
struct PackReaderTests {
  /// topic-merges repacked hard: delta chains up to 8 long, trees and blobs alike.
  private func repacked(offsetDeltas: Bool = true) throws -> FixtureRepository {
    let fixture = try FixtureRepository("topic-merges")
    _ = try fixture.git(
      "-c", "repack.useDeltaBaseOffset=\(offsetDeltas)", "repack", "-a", "-d", "-f", "-q", "--depth=50", "--window=50")
    return fixture
  }

  private func objectIDs(_ fixture: FixtureRepository) throws -> [ObjectID] {
    try fixture.git("cat-file", "--batch-all-objects", "--batch-check=%(objectname)")
      .split(separator: "\n").map { ObjectID(hex: String($0))! }
  }

  /// `git verify-pack -v` lines of the one pack: id, type, size, size in pack, offset, [depth, base].
  private func packEntries(_ fixture: FixtureRepository) throws -> [[Substring]] {
    let directory = fixture.path + "/objects/pack"
    let index = try FileManager.default.contentsOfDirectory(atPath: directory).first { $0.hasSuffix(".idx") }!
    return try fixture.git("verify-pack", "-v", "\(directory)/\(index)")
      .split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true) }
      .filter { $0.count >= 5 && ObjectID(hex: String($0[0])) != nil }
  }

  @Test("every object of a deltified pack reads back as the object its id names", arguments: [true, false])
  func everyObject(offsetDeltas: Bool) throws {
    let fixture = try repacked(offsetDeltas: offsetDeltas)
    let deepest = try packEntries(fixture).compactMap { $0.count == 7 ? Int($0[5]) : nil }.max() ?? 0
    #expect(deepest >= 5, "the pack should hold long delta chains")
    let repository = try fixture.open()
    let ids = try objectIDs(fixture)
    #expect(ids.count == 118)
    for id in ids {
      let object = try repository.objectBytes(id)
      let hashed = object.bytes.withUnsafeBytes { ObjectID.hashing($0, as: object.type) }
      #expect(hashed == id)
    }
  }

  @Test("a delta-base cache of a few hundred bytes evicts bases and still reads every object right")
  func tinyCache() throws {
    let fixture = try repacked()
    let packs = PackFile.openAll(inDirectory: fixture.path + "/objects/pack")
    #expect(packs.count == 1)
    // libgit2 allocates a backend's objects with plain malloc; this one only lends its address.
    var backend = git_odb_backend()
    let reader = PackReader(packs: packs, backend: &backend, cache: DeltaBaseCache(budget: 600))
    let ids = try objectIDs(fixture)
    // Newest-looking order and then the reverse, so chains are resolved from cold and warm bases.
    for id in ids + ids.reversed() {
      var oid = id.gitOID
      let object = try withUnsafeBytes(of: &oid.id) { name in try reader.read(name.baseAddress!) }
      guard let object else {
        Issue.record("\(id.hex) not found")
        continue
      }
      let type = git_object_t(rawValue: Int32(object.type.rawValue))
      #expect(ObjectID.hashing(object.bytes.bytes, as: type) == id)
    }
    var absent = ObjectID(hex: String(repeating: "ab", count: 20))!.gitOID
    #expect(try withUnsafeBytes(of: &absent.id) { try reader.read($0.baseAddress!) } == nil)
  }

  @Test("a repository's packs are let go with its last handle, and a pack opened again is new to the cache")
  func packsLetGo() throws {
    let fixture = try repacked()
    let directory = fixture.path + "/objects/pack"
    var firstSerial = 0
    do {
      let packs = PackFile.openAll(inDirectory: directory)
      #expect(PackFile.openAll(inDirectory: directory).map(ObjectIdentifier.init) == packs.map(ObjectIdentifier.init))
      firstSerial = packs.first?.serial ?? 0
      let repository = try fixture.open()
      _ = try repository.objectBytes(try objectIDs(fixture)[0])
    }
    // Nothing holds the pack now: a run over many repositories does not keep them all mapped.
    #expect(PackFile.openCount(inDirectory: directory) == 0)
    let again = PackFile.openAll(inDirectory: directory)
    #expect(again.count == 1)
    #expect(again.first!.serial != firstSerial)
  }

  @Test("objects spread over two packs, one written after the other, all read back as their ids name")
  func twoPacks() throws {
    let fixture = try repacked()
    // A second pack, as a fetch or fast-import leaves one: a commit changing a file of the first.
    let tip = try fixture.git("rev-parse", "refs/heads/main").trimmingCharacters(in: .whitespacesAndNewlines)
    let stream = """
      commit refs/heads/main
      committer Dana Dev <dana@example.com> 1771581600 +0000
      data 12
      Second pack
      from \(tip)
      M 100644 inline notes.txt
      data 23
      a file in a later pack

      """
    _ = try FixtureRepository.runGit(
      ["-C", fixture.path, "-c", "fastimport.unpackLimit=0", "fast-import", "--quiet"], input: Data(stream.utf8))
    let packs = try FileManager.default.contentsOfDirectory(atPath: fixture.path + "/objects/pack").filter { $0.hasSuffix(".pack") }
    #expect(packs.count == 2)
    let repository = try fixture.open()
    #expect(repository.packReader != nil)
    for id in try objectIDs(fixture) {
      let object = try repository.objectBytes(id)
      #expect(object.bytes.withUnsafeBytes { ObjectID.hashing($0, as: object.type) } == id)
    }
    let newTip = ObjectID(hex: try fixture.git("rev-parse", "refs/heads/main").trimmingCharacters(in: .whitespacesAndNewlines))!
    #expect(try repository.diffStats(from: ObjectID(hex: tip)!, to: newTip) == DiffStats(additions: 1, deletions: 0, files: 1))
  }

  @Test("an object written after the pack is read from its loose file")
  func looseObject() throws {
    let fixture = try repacked()
    let file = fixture.scratchPath("note.txt")
    try "written after the repack\n".write(toFile: file, atomically: true, encoding: .utf8)
    let id = ObjectID(hex: try fixture.git("hash-object", "-w", file).trimmingCharacters(in: .whitespacesAndNewlines))!
    let object = try fixture.open().objectBytes(id)
    #expect(String(decoding: object.bytes, as: UTF8.self) == "written after the repack\n")
  }

  @Test("a damaged entry is an error naming the pack; the other objects still read")
  func damagedEntry() throws {
    let fixture = try repacked()
    let entries = try packEntries(fixture)
    // A blob stored whole, that no other object is a delta of.
    let bases = Set(entries.filter { $0.count == 7 }.map { $0[6] })
    let victim = try #require(entries.first { $0[1] == "blob" && $0.count == 5 && !bases.contains($0[0]) && Int($0[3])! > 8 })
    let directory = fixture.path + "/objects/pack"
    let pack = try FileManager.default.contentsOfDirectory(atPath: directory).first { $0.hasSuffix(".pack") }!
    let path = "\(directory)/\(pack)"
    var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
    // The last bytes of the entry's zlib stream: its checksum no longer matches.
    let position = Int(victim[4])! + Int(victim[3])! - 2
    bytes[position] ^= 0xff
    try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
    try bytes.write(to: URL(fileURLWithPath: path))

    let repository = try fixture.open()
    let damaged = ObjectID(hex: String(victim[0]))!
    #expect {
      _ = try repository.objectBytes(damaged)
    } throws: { error in
      "\(error)".contains("corrupt pack \(pack): bad zlib data")
    }
    for entry in entries where entry[0] != victim[0] {
      let id = ObjectID(hex: String(entry[0]))!
      let object = try repository.objectBytes(id)
      #expect(object.bytes.withUnsafeBytes { ObjectID.hashing($0, as: object.type) } == id)
    }
  }
}

@Suite("SHA-1, for pack index checksums")
struct SHA1Tests {
  @Test("FIPS 180 examples: empty, abc, and a two-block message")
  func examples() {
    func hex(_ text: String) -> String {
      Array(text.utf8).withUnsafeBytes { SHA1.digest($0) }.map { String(format: "%02x", $0) }.joined()
    }
    #expect(hex("") == "da39a3ee5e6b4b0d3255bfef95601890afd80709")
    #expect(hex("abc") == "a9993e364706816aba3e25717850c26c9cd0d89d")
    #expect(hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") == "84983e441c3bd26ebaae4aa1f95129e5e54670f1")
  }
}
