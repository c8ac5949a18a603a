/// The line whose first-parent history is the delivery record, and why it was chosen.
public struct TargetBranch: Hashable, Sendable, CustomStringConvertible {
  public enum Reason: Hashable, Sendable, CustomStringConvertible {
    /// The user named it (`--branch`).
    case requested
    /// `refs/remotes/origin/HEAD`, a clone's remote default, points at it.
    case originHead
    /// A bare repository's `HEAD` points at it.
    case bareHead
    /// It is the first of `main`, `master`, `trunk` that exists.
    case conventionalName
    /// Nothing else applied: whatever `HEAD` is.
    case head

    public var description: String {
      switch self {
      case .requested: "--branch"
      case .originHead: "origin/HEAD"
      case .bareHead: "HEAD of a bare repository"
      case .conventionalName: "first of main, master, trunk"
      case .head: "HEAD"
      }
    }
  }

  /// The full ref name (`refs/heads/main`), or `HEAD`, or the revision the user gave.
  public var ref: String
  public var tip: ObjectID
  public var reason: Reason

  public init(ref: String, tip: ObjectID, reason: Reason) {
    self.ref = ref
    self.tip = tip
    self.reason = reason
  }

  /// `main`: the ref's short name; a branch literally called HEAD keeps its full name, as
  /// it is not the symbolic HEAD.
  public var shortName: String {
    let short = Reference(name: ref, target: nil, symbolicTarget: nil).shortName
    return short == "HEAD" && ref != "HEAD" ? ref : short
  }

  /// `main (origin/HEAD)`: the short name and the rule that chose it.
  public var description: String {
    "\(shortName) (\(reason))"
  }
}

extension Repository {
  /// The target branch by the rules of docs/figures.md section 1, or the one `name` gives.
  ///
  /// Without a name: a symbolic `refs/remotes/origin/HEAD` (a plain ref of that name is
  /// stale and ignored); in a bare repository, the branch `HEAD` names; `refs/heads/main`,
  /// `master`, `trunk`; `HEAD`. Always by full ref name.
  public func targetBranch(named name: String? = nil) throws(GitError) -> TargetBranch {
    if let name { return try requestedBranch(name) }

    if let originHead = try reference(named: "refs/remotes/origin/HEAD"),
      let branch = originHead.symbolicTarget,
      let tip = try commitIDIfPresent(ofRefNamed: branch)
    {
      return TargetBranch(ref: branch, tip: tip, reason: .originHead)
    }
    if isBare, let head = try reference(named: "HEAD"), let branch = head.symbolicTarget,
      let tip = try commitIDIfPresent(ofRefNamed: branch)
    {
      return TargetBranch(ref: branch, tip: tip, reason: .bareHead)
    }
    for branch in ["refs/heads/main", "refs/heads/master", "refs/heads/trunk"] {
      if let tip = try commitIDIfPresent(ofRefNamed: branch) {
        return TargetBranch(ref: branch, tip: tip, reason: .conventionalName)
      }
    }
    if let tip = try commitIDIfPresent(ofRefNamed: "HEAD") {
      return TargetBranch(ref: "HEAD", tip: tip, reason: .head)
    }
    if try references().isEmpty {
      throw GitError(.emptyRepository, operation: "repository has no commits: \(location.gitDirectory)")
    }
    throw GitError(
      .notFound,
      operation: "no target branch: none of origin/HEAD, main, master, trunk or HEAD names a commit (use --branch)")
  }

  private func requestedBranch(_ name: String) throws(GitError) -> TargetBranch {
    let candidates =
      name.hasPrefix("refs/") || name == "HEAD"
      ? [name] : ["refs/heads/\(name)", "refs/remotes/\(name)", "refs/tags/\(name)"]
    for candidate in candidates {
      guard let reference = try reference(named: candidate) else { continue }
      if let tip = try commitID(of: reference) {
        return TargetBranch(ref: candidate, tip: tip, reason: .requested)
      }
      if let target = reference.target, let kind = try objectKind(target) {
        throw GitError(.notFound, operation: "'\(name)' (\(candidate)) names a \(kind), not a commit: give a branch or a commit")
      }
    }
    // A commit id or an expression such as `main~100` is a fine target too.
    if let tip = try? resolveCommit(name) {
      return TargetBranch(ref: name, tip: tip, reason: .requested)
    }
    let branches = try references().filter { $0.kind == .branch || $0.kind == .remoteBranch }
      .map(\.shortName)
    if let suggestion = closest(to: name, among: branches) {
      throw GitError(.notFound, operation: "unknown branch '\(name)' (did you mean '\(suggestion)'?)")
    }
    throw GitError(.notFound, operation: "unknown branch '\(name)'")
  }

  private func commitIDIfPresent(ofRefNamed name: String) throws(GitError) -> ObjectID? {
    guard let reference = try reference(named: name) else { return nil }
    return try commitID(of: reference)
  }
}

/// The candidate nearest to `word` by edit distance, when it is near enough to be a typo:
/// what a "did you mean" suggests.
public func closest(to word: String, among candidates: [String]) -> String? {
  let scored = candidates.map { ($0, editDistance(word, $0)) }
  guard let best = scored.min(by: { $0.1 < $1.1 || ($0.1 == $1.1 && $0.0 < $1.0) }) else { return nil }
  return best.1 <= max(2, max(word.count, best.0.count) / 2) ? best.0 : nil
}

func editDistance(_ a: String, _ b: String) -> Int {
  let a = Array(a)
  let b = Array(b)
  var previous = Array(0...b.count)
  for (i, left) in a.enumerated() {
    var current = [i + 1] + Array(repeating: 0, count: b.count)
    for (j, right) in b.enumerated() {
      current[j + 1] = min(previous[j + 1] + 1, current[j] + 1, previous[j] + (left == right ? 0 : 1))
    }
    previous = current
  }
  return previous[b.count]
}
