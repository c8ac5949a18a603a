import Foundation
import CLibGit2

/// The repository's `.mailmap`, which maps the names and emails people used to one identity.
///
/// Loaded as git does: the work tree's `.mailmap`, `mailmap.file` and `mailmap.blob`
/// from config, and in a bare repository `HEAD:.mailmap`.
public final class Mailmap {
  private let pointer: OpaquePointer

  init(_ repository: Repository) throws(GitError) {
    var raw: OpaquePointer?
    if repository.isBare, git_repository_is_bare(repository.pointer) == 0 {
      // A git directory without a config file: libgit2 takes it for a work tree's `.git`
      // and would look for `.mailmap` beside it; git reads `HEAD:.mailmap`, as for any bare one.
      let bytes = repository.blobBytes("HEAD:.mailmap") ?? []
      try Libgit2.check(git_mailmap_from_buffer(&raw, bytes, bytes.count), "read HEAD:.mailmap")
    } else {
      try Libgit2.check(git_mailmap_from_repository(&raw, repository.pointer), "read .mailmap")
    }
    pointer = raw!
  }

  deinit {
    git_mailmap_free(pointer)
  }

  /// The canonical name and email for what a commit recorded.
  public func resolve(name: String, email: String) -> (name: String, email: String) {
    // libgit2 may hand back the very pointers it was given, so read them before they go.
    name.withCString { namePointer in
      email.withCString { emailPointer in
        var realName: UnsafePointer<CChar>?
        var realEmail: UnsafePointer<CChar>?
        guard git_mailmap_resolve(&realName, &realEmail, pointer, namePointer, emailPointer) >= 0 else {
          return (name, email)
        }
        return (decodeGitText(realName), decodeGitText(realEmail))
      }
    }
  }

  /// The signature with its name and email resolved; the time is kept.
  public func resolve(_ signature: Signature) -> Signature {
    let (name, email) = resolve(name: signature.name, email: signature.email)
    return Signature(name: name, email: email, time: signature.time)
  }
}

extension Repository {
  /// The mailmap in force for this repository (empty when there is none).
  public func mailmap() throws(GitError) -> Mailmap {
    try Mailmap(self)
  }
}

extension Repository {
  /// A fingerprint of what the mailmap is read from: the work tree's `.mailmap`, the
  /// files and blobs config names, and `HEAD:.mailmap`. It changes when any of them does,
  /// so what was resolved with an older mailmap is not reused.
  public func mailmapFingerprint() -> String {
    var parts: [String] = []
    if let workTree = location.workTree {
      parts.append(fileFingerprint(workTree + "/.mailmap"))
    }
    var config: OpaquePointer?
    if git_repository_config_snapshot(&config, pointer) >= 0 {
      defer { git_config_free(config) }
      var value: UnsafePointer<CChar>?
      if git_config_get_string(&value, config, "mailmap.file") >= 0, let value {
        parts.append("file=" + fileFingerprint(String(cString: value)))
      }
      if git_config_get_string(&value, config, "mailmap.blob") >= 0, let value {
        parts.append("blob=" + blobID(String(cString: value)))
      }
    }
    parts.append("head=" + blobID("HEAD:.mailmap"))
    // Before config-less git directories were read as bare, their HEAD:.mailmap was ignored:
    // what was resolved then must not be reused.
    if isBare { parts.append("bare") }
    return parts.joined(separator: ";")
  }

  /// The bytes of the blob a revision such as `HEAD:.mailmap` names; nil when there is none.
  public func blobBytes(_ revision: String) -> [UInt8]? {
    var object: OpaquePointer?
    guard git_revparse_single(&object, pointer, revision) >= 0 else { return nil }
    defer { git_object_free(object) }
    guard git_object_type(object) == GIT_OBJECT_BLOB, let content = git_blob_rawcontent(object) else { return nil }
    return Array(UnsafeRawBufferPointer(start: content, count: Int(git_blob_rawsize(object))))
  }

  private func blobID(_ revision: String) -> String {
    var object: OpaquePointer?
    guard git_revparse_single(&object, pointer, revision) >= 0 else { return "-" }
    defer { git_object_free(object) }
    return ObjectID(git_object_id(object).pointee).hex
  }

  private func fileFingerprint(_ path: String) -> String {
    guard let data = FileManager.default.contents(atPath: path) else { return "-" }
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in data { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
    return String(hash, radix: 16)
  }
}
