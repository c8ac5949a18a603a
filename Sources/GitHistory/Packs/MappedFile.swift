import Foundation

/// A whole file mapped read-only into memory, unmapped when released.
///
/// Pack files are read at random offsets over and over; the kernel's page cache behind
/// a private mapping serves that without a read call or a copy per object.
final class MappedFile {
  let bytes: UnsafeRawBufferPointer

  /// Maps `path`; nil when it cannot be opened or is empty.
  init?(path: String) {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { return nil }
    defer { close(descriptor) }
    var status = stat()
    guard fstat(descriptor, &status) == 0, status.st_size > 0 else { return nil }
    let size = Int(status.st_size)
    guard let address = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0), address != MAP_FAILED else {
      return nil
    }
    bytes = UnsafeRawBufferPointer(start: address, count: size)
  }

  deinit {
    munmap(UnsafeMutableRawPointer(mutating: bytes.baseAddress), bytes.count)
  }

  var count: Int { bytes.count }

  /// Unmaps the pages read so far from this process; they stay in the kernel's page
  /// cache, and a later read maps them again without going to disk. The mapping is
  /// read-only, so nothing is lost, and threads reading it meanwhile only fault the
  /// page back in.
  func dropResidentPages() {
    madvise(UnsafeMutableRawPointer(mutating: bytes.baseAddress), bytes.count, Int32(MADV_DONTNEED))
  }

  /// The big-endian 32-bit number at `offset`; the caller has checked the bounds.
  func uint32(at offset: Int) -> UInt32 {
    UInt32(bigEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
  }

  /// The big-endian 64-bit number at `offset`; the caller has checked the bounds.
  func uint64(at offset: Int) -> UInt64 {
    UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
  }
}
