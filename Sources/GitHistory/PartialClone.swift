import CLibGit2

extension Repository {
  /// Whether objects may be missing by design: a partial clone (`git clone --filter`) has a
  /// promisor remote (`remote.NAME.promisor = true`) or `extensions.partialClone`. In any
  /// other repository only blobs may be missing (snapshots leave out large ones); a missing
  /// tree or commit is corruption (docs/figures.md section 9).
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
  func corruption(_ error: GitError, damagedIndexes: [String] = []) -> GitError {
    let cause = damagedIndexes.isEmpty
      ? "not a partial clone, so no tree or commit may be missing"
      : "damaged pack index: \(damagedIndexes.joined(separator: ", ")) does not match its checksum"
    return GitError(
      .failed, operation: "corrupt repository \(location.gitDirectory): \(error.operation)",
      detail: error.detail + " (\(cause): `git fsck` shows what is damaged)")
  }
}

extension GitError {
  /// A blob, not a tree or commit, was not found: what a partial clone or a trimmed
  /// snapshot lacks without being damaged.
  public var isMissingBlob: Bool { kind == .missingObject && operation.contains(": read blob ") }
}
