import CLibGit2

extension Repository {
  /// Whether objects may be missing by design: a partial clone (`git clone --filter`) has a
  /// promisor remote (`remote.NAME.promisor = true`) or `extensions.partialClone`. In any
  /// other repository a missing object is corruption (docs/figures.md section 9).
  public var isPartialClone: Bool {
    var config: OpaquePointer?
    guard git_repository_config_snapshot(&config, pointer) >= 0 else { return false }
    defer { git_config_free(config) }
    var value: UnsafePointer<CChar>?
    if git_config_get_string(&value, config, "extensions.partialclone") >= 0, let value, value.pointee != 0 {
      return true
    }
    var iterator: OpaquePointer?
    guard git_config_iterator_glob_new(&iterator, config, #"^remote\..*\.promisor$"#) >= 0 else { return false }
    defer { git_config_iterator_free(iterator) }
    var entry: UnsafeMutablePointer<git_config_entry>?
    while git_config_next(&entry, iterator) == 0 {
      var enabled: Int32 = 0
      if let entry, git_config_parse_bool(&enabled, entry.pointee.value) >= 0, enabled != 0 { return true }
    }
    return false
  }

  /// The error for an object that is missing where nothing may be: corruption, named.
  func corruption(_ error: GitError) -> GitError {
    GitError(
      .failed, operation: "corrupt repository \(location.gitDirectory): \(error.operation)",
      detail: error.detail
        + " (not a partial clone, so nothing may be missing: `git fsck` shows what is damaged; a snapshot that left objects out on purpose can say so with `git config remote.origin.promisor true`)")
  }
}
