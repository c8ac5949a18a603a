// Why baton reads packs itself: libgit2 1.5's delta-base cache is fixed at 16 MiB, never
// holds a base over 1 MiB and empties itself when full, so a whole-history diff inflated
// 2.2x (golang/tools) to 3.1x (git/git) the bytes git inflates. `PackReader` resolves
// deltas as git does, with a large base cache shared by every handle, and is registered
// as an ODB backend asked before libgit2's own. It only reads packs it could open and
// check; for anything else (loose objects, packs added later, alternates, abbreviated
// ids, a base in another pack) it answers "not found" and libgit2's backends answer.

import CLibGit2
import Foundation

/// Registers a `PackReader` on a repository handle as a libgit2 ODB backend.
enum PackBackend {
  /// Higher priorities are asked first; libgit2's packed backend has 2, its loose one 1.
  private static let priority: Int32 = 3

  /// `BATON_PACK_READER=0` leaves every read to libgit2, for A/B measurements.
  private static let enabled = ProcessInfo.processInfo.environment["BATON_PACK_READER"] != "0"

  /// Adds a pack reader to `repository`'s object database. Best effort: when it cannot
  /// be added, libgit2 reads everything, more slowly, with the same results.
  /// Returns the reader, which tree walks also ask directly, or nil when there is none.
  static func install(in repository: OpaquePointer) -> PackReader? {
    guard enabled, let commonDirectory = git_repository_commondir(repository) else { return nil }
    let packs = PackFile.openAll(inDirectory: String(cString: commonDirectory) + "objects/pack")
    guard !packs.isEmpty else { return nil }
    var odb: OpaquePointer?
    guard git_repository_odb(&odb, repository) == 0 else {
      git_error_clear()
      return nil
    }
    defer { git_odb_free(odb) }
    let backend = makeBackend(packs)
    if git_odb_add_backend(odb, backend, priority) < 0 {
      freeBackend(backend)
      git_error_clear()
      return nil
    }
    return reader(of: backend)
  }

  /// A `git_odb_backend` with a retained `PackReader` behind it; libgit2 frees both
  /// through `free` when the repository's object database goes.
  ///
  /// Callbacks left NULL: libgit2 skips the backend for them (`read_prefix`,
  /// `exists_prefix`: abbreviated ids; `read_header`; `refresh`, so packs added later
  /// are libgit2's; writes). `foreach` is called without a NULL check, so it is set.
  private static func makeBackend(_ packs: [PackFile]) -> UnsafeMutablePointer<git_odb_backend> {
    let wrapper = UnsafeMutablePointer<baton_odb_backend>.allocate(capacity: 1)
    wrapper.initialize(to: baton_odb_backend())
    let backend = wrapper.pointer(to: \.parent)!
    git_odb_init_backend(backend, UInt32(GIT_ODB_BACKEND_VERSION))
    backend.pointee.read = { data, length, type, backend, id in
      PackBackend.read(data!, length!, type!, backend!, id!)
    }
    backend.pointee.exists = { backend, id in
      PackBackend.reader(of: backend!).contains(id!) ? 1 : 0
    }
    // libgit2's packed backend lists the same objects; listing them twice helps no one.
    backend.pointee.foreach = { _, _, _ in 0 }
    backend.pointee.free = { backend in PackBackend.freeBackend(backend!) }
    wrapper.pointee.payload = Unmanaged.passRetained(PackReader(packs: packs, backend: backend)).toOpaque()
    return backend
  }

  private static func read(
    _ data: UnsafeMutablePointer<UnsafeMutableRawPointer?>, _ length: UnsafeMutablePointer<Int>,
    _ type: UnsafeMutablePointer<git_object_t>, _ backend: UnsafeMutablePointer<git_odb_backend>,
    _ id: UnsafePointer<git_oid>
  ) -> Int32 {
    do throws(PackReadError) {
      guard let object = try reader(of: backend).read(id) else { return GIT_ENOTFOUND.rawValue }
      length.pointee = object.bytes.count
      type.pointee = git_object_t(rawValue: Int32(object.type.rawValue))
      data.pointee = object.bytes.handOver()
      return 0
    } catch {
      switch error {
      case .baseInAnotherPack:
        return GIT_ENOTFOUND.rawValue
      case .corrupt(let message):
        git_error_set_str(Int32(GIT_ERROR_ODB.rawValue), message)
        return GIT_ERROR.rawValue
      }
    }
  }

  private static func wrapper(of backend: UnsafeMutablePointer<git_odb_backend>) -> UnsafeMutablePointer<baton_odb_backend> {
    // `parent` is the wrapper's first field: the backend's address is the wrapper's.
    UnsafeMutableRawPointer(backend).assumingMemoryBound(to: baton_odb_backend.self)
  }

  private static func reader(of backend: UnsafeMutablePointer<git_odb_backend>) -> PackReader {
    Unmanaged<PackReader>.fromOpaque(wrapper(of: backend).pointee.payload).takeUnretainedValue()
  }

  private static func freeBackend(_ backend: UnsafeMutablePointer<git_odb_backend>) {
    let wrapper = wrapper(of: backend)
    Unmanaged<PackReader>.fromOpaque(wrapper.pointee.payload).release()
    wrapper.deinitialize(count: 1)
    wrapper.deallocate()
  }
}

extension Repository {
  /// Calls `body` with an object's type and bytes: from the pack reader, uncopied, when
  /// a pack has the object; else from libgit2's object database (loose objects, and
  /// objects the reader leaves to it). A missing object throws `.missingObject`.
  func withObject<T>(
    _ id: ObjectID, _ operation: @autoclosure () -> String,
    _ body: (git_object_t, UnsafeRawBufferPointer) throws(GitError) -> T
  ) throws(GitError) -> T {
    var oid = id.gitOID
    if let packReader {
      let found: PackedObject?
      do throws(PackReadError) {
        found = try withUnsafeBytes(of: &oid.id) { name throws(PackReadError) in try packReader.object(name.baseAddress!) }
      } catch {
        guard case .corrupt(let message) = error else { return try withDatabaseObject(&oid, operation(), body) }
        throw GitError(.failed, operation: operation(), detail: message)
      }
      if let found {
        return try withExtendedLifetime(found) { () throws(GitError) in
          try body(git_object_t(rawValue: Int32(found.type.rawValue)), found.bytes.bytes)
        }
      }
    }
    return try withDatabaseObject(&oid, operation(), body)
  }

  private func withDatabaseObject<T>(
    _ oid: inout git_oid, _ operation: String, _ body: (git_object_t, UnsafeRawBufferPointer) throws(GitError) -> T
  ) throws(GitError) -> T {
    var odb: OpaquePointer?
    try Libgit2.check(git_repository_odb(&odb, pointer), "open the object database")
    defer { git_odb_free(odb) }
    var object: OpaquePointer?
    try Libgit2.check(git_odb_read(&object, odb, &oid), operation)
    defer { git_odb_object_free(object) }
    let bytes = UnsafeRawBufferPointer(start: git_odb_object_data(object), count: git_odb_object_size(object))
    return try body(git_odb_object_type(object), bytes)
  }

  /// An object's type and bytes as the object database reads them, through whichever
  /// backend has it: tests check them against the object's id.
  func objectBytes(_ id: ObjectID) throws(GitError) -> (type: git_object_t, bytes: [UInt8]) {
    var oid = id.gitOID
    return try withDatabaseObject(&oid, "read object \(id.abbreviated())") { type, bytes in (type, Array(bytes)) }
  }
}

extension ObjectID {
  /// The id git gives an object of this type and content.
  static func hashing(_ bytes: UnsafeRawBufferPointer, as type: git_object_t) -> ObjectID {
    var oid = git_oid()
    _ = git_odb_hash(&oid, bytes.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!, bytes.count, type)
    return ObjectID(oid)
  }
}
