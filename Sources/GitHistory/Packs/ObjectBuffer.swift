import CLibGit2

/// An object's bytes in memory that libgit2 can take over and free: allocated with
/// `git_odb_backend_data_alloc`, one byte longer than the object for the NUL that
/// libgit2's own backends leave after the data.
///
/// A buffer kept in the shared delta-base cache can outlive the handle whose backend
/// allocated it; libgit2 allocates and frees backend data with its one allocator and
/// never reads the backend argument (odb.c), so freeing it later is sound.
final class ObjectBuffer {
  let start: UnsafeMutableRawPointer
  let count: Int
  private let backend: UnsafeMutablePointer<git_odb_backend>
  private var owned = true

  /// Room for `count` bytes and the NUL; nil when memory runs out or `count` cannot be a size.
  init?(count: Int, for backend: UnsafeMutablePointer<git_odb_backend>) {
    guard count >= 0, count < Int.max, let start = git_odb_backend_data_alloc(backend, count + 1) else {
      return nil
    }
    self.start = start
    self.count = count
    self.backend = backend
    start.storeBytes(of: 0, toByteOffset: count, as: UInt8.self)
  }

  deinit {
    if owned { git_odb_backend_data_free(backend, start) }
  }

  var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: start, count: count) }

  /// Gives the memory to libgit2, which frees it; this buffer must not be used afterwards.
  func handOver() -> UnsafeMutableRawPointer {
    owned = false
    return start
  }
}
