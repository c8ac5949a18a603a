import CLibGit2

/// The repository's `.mailmap`, which maps the names and emails people used to one identity.
///
/// Loaded as git does: the work tree's `.mailmap`, `mailmap.file` and `mailmap.blob`
/// from config, and in a bare repository `HEAD:.mailmap`.
public final class Mailmap {
  private let pointer: OpaquePointer

  init(_ repository: Repository) throws(GitError) {
    var raw: OpaquePointer?
    try Libgit2.check(git_mailmap_from_repository(&raw, repository.pointer), "read .mailmap")
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
