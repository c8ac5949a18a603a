import Foundation

/// Whether a pack index is whole: its last 20 bytes are the SHA-1 of all before them.
/// Checked only when a blob is missing outside a partial clone, to tell a snapshot that
/// left the blob out from an index whose damage hides it (a flipped bit in an object name).
enum IndexChecksum {
  /// The `.idx` files of `objects/pack` whose checksum does not hold, by file name.
  static func damagedIndexes(inGitDirectory gitDirectory: String) -> [String] {
    let folder = gitDirectory + "/objects/pack"
    let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".idx") }
    return names.sorted().filter { name in
      guard let file = MappedFile(path: folder + "/" + name), file.count > 20 else { return true }
      let body = UnsafeRawBufferPointer(rebasing: file.bytes[0..<(file.count - 20)])
      return !SHA1.digest(body).elementsEqual(file.bytes[(file.count - 20)...])
    }
  }

  /// Indexes already checked, by git directory: a run meets many missing blobs, but checks once.
  private static let lock = NSLock()
  nonisolated(unsafe) private static var checked: [String: [String]] = [:]

  static func damagedIndexesOnce(inGitDirectory gitDirectory: String) -> [String] {
    lock.lock()
    defer { lock.unlock() }
    if let known = checked[gitDirectory] { return known }
    let found = damagedIndexes(inGitDirectory: gitDirectory)
    checked[gitDirectory] = found
    return found
  }
}

/// SHA-1 (FIPS 180-4), the hash git names its files by; here only to verify index checksums.
enum SHA1 {
  static func digest(_ message: UnsafeRawBufferPointer) -> [UInt8] {
    var h: (UInt32, UInt32, UInt32, UInt32, UInt32) = (0x6745_2301, 0xEFCD_AB89, 0x98BA_DCFE, 0x1032_5476, 0xC3D2_E1F0)
    var words = [UInt32](repeating: 0, count: 80)
    func compress(_ block: UnsafeRawBufferPointer) {
      for i in 0..<16 {
        words[i] = UInt32(block[4 * i]) << 24 | UInt32(block[4 * i + 1]) << 16 | UInt32(block[4 * i + 2]) << 8
          | UInt32(block[4 * i + 3])
      }
      for i in 16..<80 {
        let x = words[i - 3] ^ words[i - 8] ^ words[i - 14] ^ words[i - 16]
        words[i] = x << 1 | x >> 31
      }
      var (a, b, c, d, e) = h
      for i in 0..<80 {
        let (f, k): (UInt32, UInt32) =
          i < 20 ? ((b & c) | (~b & d), 0x5A82_7999)
          : i < 40 ? (b ^ c ^ d, 0x6ED9_EBA1)
          : i < 60 ? ((b & c) | (b & d) | (c & d), 0x8F1B_BCDC) : (b ^ c ^ d, 0xCA62_C1D6)
        let t = (a << 5 | a >> 27) &+ f &+ e &+ k &+ words[i]
        (e, d, c, b, a) = (d, c, b << 30 | b >> 2, a, t)
      }
      h = (h.0 &+ a, h.1 &+ b, h.2 &+ c, h.3 &+ d, h.4 &+ e)
    }
    let whole = message.count / 64 * 64
    var offset = 0
    while offset < whole {
      compress(UnsafeRawBufferPointer(rebasing: message[offset..<(offset + 64)]))
      offset += 64
    }
    var tail = Array(message[whole...]) + [0x80]
    while tail.count % 64 != 56 { tail.append(0) }
    let bits = UInt64(message.count) * 8
    tail += (0..<8).reversed().map { UInt8(truncatingIfNeeded: bits >> (8 * UInt64($0))) }
    tail.withUnsafeBytes { bytes in
      for start in stride(from: 0, to: bytes.count, by: 64) {
        compress(UnsafeRawBufferPointer(rebasing: bytes[start..<(start + 64)]))
      }
    }
    return [h.0, h.1, h.2, h.3, h.4].flatMap { word in (0..<4).reversed().map { UInt8(truncatingIfNeeded: word >> (8 * UInt32($0))) } }
  }
}
