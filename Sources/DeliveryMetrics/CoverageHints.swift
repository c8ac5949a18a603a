import GitHistory

/// Something baton saw in the window and did not use, with a suggested fix
/// (docs/figures.md section 9, coverage): a user must never get a silently wrong direct share.
public struct CoverageHint: Hashable, Sendable {
  public enum Kind: String, Sendable, Hashable {
    case unreadTrailer = "unread-trailer"
    case numberedSubject = "numbered-subject"
    case unknownLander = "unknown-lander"
    case directDespiteReview = "direct-despite-review"
  }

  public var kind: Kind
  /// What was seen, in a sentence.
  public var finding: String
  /// What to do: a config block or line to paste, or a command to run.
  public var suggestion: String
}

enum CoverageHints {
  /// Trailer keys no rule reads and that name no review anywhere (sign-offs, bugs, testers).
  static let uninformativeKeys: Set<String> = [
    "signed-off-by", "cc", "fixes", "bug", "bugs", "closes", "reported-by", "tested-by", "suggested-by",
    "helped-by", "co-developed-by", "co-committed-by", "issue", "issues", "see-also", "refs", "ref", "related",
    "resolves", "jira", "ticket", "requested-by", "reviewed-on", "change-id", "link", "pull request",
    "pull-request", "pr-url", "part-of", "differential revision", "co-authored-by", "reviewed-by", "reviewed by",
    "acked-by", "approved-by", "approved by", "reviewers", "reviewer", "author", "auto-submit", "commit-queue",
    "piperorigin-revid", "pull request resolved", "discussion", "backpatch-through", "security",
  ]

  /// The trailer keys of a message that no rule reads and that can name a review, as spelled, once each.
  static func unreadKeys(_ trailers: [Trailer]) -> [String] {
    var keys: [String] = []
    for trailer in trailers where !uninformativeKeys.contains(trailer.key.lowercased()) {
      if !keys.contains(where: { $0.lowercased() == trailer.key.lowercased() }) { keys.append(trailer.key) }
    }
    return keys
  }

  /// - Complexity: O(n) in the changes; no commit is read (recognition kept what is needed).
  static func find(_ changes: [Change], history: [Change], reviewHeads: Int, rules: IdentityRules) -> [CoverageHint] {
    let counted = changes.filter { !rules.isBot($0.author) && !$0.isImport }
    guard !counted.isEmpty else { return [] }
    var hints: [CoverageHint] = []
    let unreviewed = counted.filter { $0.kind == .direct || $0.kind == .rebase }
    let direct = counted.filter { $0.kind == .direct }

    // Trailer keys on at least 10% of the direct or rebase changes that no rule reads.
    if unreviewed.count >= 3 {
      var keys: [String: (spelling: String, count: Int)] = [:]
      for change in unreviewed {
        for key in change.unreadTrailers { keys[key.lowercased(), default: (key, 0)].count += 1 }
      }
      for (_, found) in keys.sorted(by: { ($0.value.count, $1.key) > ($1.value.count, $0.key) })
      where found.count * 10 >= unreviewed.count {
        hints.append(
          CoverageHint(
            kind: .unreadTrailer,
            finding: "trailer `\(found.spelling):` on \(found.count) of \(unreviewed.count) direct or rebase changes is read by no rule",
            suggestion: block([
              "name = \"\(found.spelling.lowercased())\"", "trailer = \"\(found.spelling)\"", "value = '(?<number>[0-9]+)$'",
              "kind = \"squash\"",
            ])))
      }
    }

    // Subjects of direct changes that share a numbered shape (`Merged PR N: …`).
    if direct.count >= 3 {
      var shapes: [String: (prefix: String, suffix: String, count: Int)] = [:]
      for change in direct {
        guard let shape = numberedShape(change.title) else { continue }
        shapes[shape.prefix + "N" + shape.suffix, default: (shape.prefix, shape.suffix, 0)].count += 1
      }
      if let (name, shape) = shapes.max(by: { ($0.value.count, $1.key) < ($1.value.count, $0.key) }),
        shape.count >= 3, shape.count * 2 >= direct.count
      {
        let pattern = "^" + escaped(shape.prefix) + "(?<number>[0-9]+)" + escaped(shape.suffix) + " ?(?<title>.*)$"
        hints.append(
          CoverageHint(
            kind: .numberedSubject,
            finding: "\(shape.count) of \(direct.count) direct changes have subjects shaped `\(name) …`",
            suggestion: block(["name = \"subject-number\"", "subject = '\(pattern)'", "kind = \"squash\""])))
      }
    }

    // A committer, not known as a bot or forge account, who lands most changes for others
    // and whose merges name someone else as author: a person merging writes the merge as its
    // author, a server records the submitter.
    var landed: [Identity: (count: Int, mergesForOthers: Int, merges: Int)] = [:]
    for change in counted {
      guard let committer = change.landedBy else { continue }
      var entry = landed[committer] ?? (0, 0, 0)
      entry.count += 1
      if change.kind == .merge {
        entry.merges += 1
        if change.mergedForOther { entry.mergesForOthers += 1 }
      }
      landed[committer] = entry
    }
    for (committer, entry) in landed.sorted(by: { $0.key < $1.key })
    where entry.count * 2 > counted.count && entry.merges > 0 && entry.mergesForOthers * 10 >= entry.merges * 9 {
      hints.append(
        CoverageHint(
          kind: .unknownLander,
          finding: "\(committer.name) <\(committer.email)> committed \(entry.count) of \(counted.count) changes for other authors, and its merges name someone else as author: a review server or submit queue, not a reviewer",
          suggestion: "bot_patterns = [\"\(committer.email.isEmpty ? committer.name : committer.email)\"]"))
    }

    // A direct share above 50% where merges or review heads show review is the norm.
    // The norm: at least as many review heads as the window's changes, or most changes of the
    // history recognised numbered (a project whose recent landings baton no longer reads).
    let numbered = history.filter { $0.number != nil }.count
    if counted.count >= 4, direct.count * 2 > counted.count, reviewHeads >= counted.count || numbered * 2 > history.count {
      let evidence =
        reviewHeads >= counted.count
        ? "\(reviewHeads) review head\(reviewHeads == 1 ? "" : "s")"
        : "\(numbered) of \(history.count) changes recognised numbered"
      hints.append(
        CoverageHint(
          kind: .directDespiteReview,
          finding: "\(direct.count) of \(counted.count) changes read as direct, where review is the norm (\(evidence))",
          suggestion: "run `baton explain COMMIT` on one of them, and declare how it landed in a [[convention]]"))
    }
    return hints
  }

  /// A `[[convention]]` block to paste into `.baton.toml`, one line a key.
  private static func block(_ lines: [String]) -> String {
    (["[[convention]]"] + lines + ["forge = \"github\"  # where its numbers live: github, gitlab, azure, gerrit, gitea, ..."])
      .joined(separator: "\n")
  }

  /// `Merged PR 13727530: Fix` → ("Merged PR ", ":"): the text before the first number
  /// (at most 30 characters) and the punctuation right after it.
  static func numberedShape(_ subject: String) -> (prefix: String, suffix: String)? {
    guard let start = subject.firstIndex(where: \.isASCIIDigit) else { return nil }
    let prefix = subject[..<start]
    guard prefix.count <= 30 else { return nil }
    let rest = subject[start...].drop(while: \.isASCIIDigit)
    let suffix = rest.prefix { !$0.isWhitespace && !$0.isLetter && !$0.isNumber }.prefix(3)
    return (String(prefix), String(suffix))
  }

  private static func escaped(_ text: String) -> String {
    var out = ""
    for character in text {
      if "\\^$.|?*+()[]{}".contains(character) { out.append("\\") }
      out.append(character)
    }
    return out
  }
}
