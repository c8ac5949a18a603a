import CLibGit2

/// An error from libgit2 or from reading a repository, naming what failed.
public struct GitError: Error, Sendable, Equatable, CustomStringConvertible {
  public enum Kind: Sendable, Equatable {
    /// The path is not inside a git repository.
    case notARepository
    /// The repository has no commits.
    case emptyRepository
    /// A ref, branch or object named by the caller does not exist.
    case notFound
    /// An object the history needs is absent (a partial or shallow clone): not corruption.
    case missingObject
    /// Anything else libgit2 reported: corrupt data, I/O, an invalid argument.
    case failed
  }

  public var kind: Kind
  /// What was being done, in the user's terms ("open /src/shop", "read commit 1a2b3c").
  public var operation: String
  /// libgit2's own message, when it gave one.
  public var detail: String

  public init(_ kind: Kind, operation: String, detail: String = "") {
    self.kind = kind
    self.operation = operation
    self.detail = detail
  }

  public var description: String {
    detail.isEmpty ? operation : "\(operation): \(detail)"
  }
}

/// libgit2 is initialised once per process, with the settings every handle shares.
enum Libgit2 {
  private static let initialised: Void = {
    git_libgit2_init()
    // Objects are hashed when written, not when read: verifying on read costs ~50%.
    _ = baton_git_opts_set_int(Int32(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION.rawValue), 0)
    // baton reads each object about once; libgit2's object cache only costs memory here.
    _ = baton_git_opts_set_int(Int32(GIT_OPT_ENABLE_CACHING.rawValue), 0)
    // baton only reads, and never runs hooks or filters, so another owner's clone
    // (a CI container's checkout) is as safe to read as our own.
    _ = baton_git_opts_set_int(Int32(GIT_OPT_SET_OWNER_VALIDATION.rawValue), 0)
    // No system or global gitattributes/config lookups: they change nothing baton counts.
    for level in [GIT_CONFIG_LEVEL_SYSTEM, GIT_CONFIG_LEVEL_XDG, GIT_CONFIG_LEVEL_GLOBAL] {
      _ = baton_git_opts_set_search_path(level.rawValue, "")
    }
  }()

  static func ensureInitialised() {
    _ = initialised
  }

  /// Throws when a libgit2 call returned an error code, with `git_error_last()`'s message.
  static func check(_ code: Int32, _ operation: @autoclosure () -> String) throws(GitError) {
    guard code < 0 else { return }
    throw error(code, operation())
  }

  static func error(_ code: Int32, _ operation: String) -> GitError {
    let detail = lastErrorMessage()
    let errorClass = git_error_last().map { $0.pointee.klass } ?? 0
    let kind: GitError.Kind
    if code == GIT_ENOTFOUND.rawValue {
      kind = errorClass == GIT_ERROR_ODB.rawValue ? .missingObject : .notFound
    } else {
      kind = .failed
    }
    // An object not found beside a pack that could not be opened was most likely in it:
    // a truncated pack is corruption, not a missing object.
    let damage = kind == .missingObject ? PackFile.damageReport() : []
    if !damage.isEmpty {
      return GitError(.failed, operation: operation, detail: detail + "; damaged pack: " + damage.joined(separator: "; "))
    }
    return GitError(kind, operation: operation, detail: detail)
  }

  static func lastErrorMessage() -> String {
    guard let last = git_error_last(), let message = last.pointee.message else { return "" }
    return String(cString: message)
  }
}
