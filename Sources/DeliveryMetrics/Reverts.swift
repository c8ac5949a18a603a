import Foundation
import GitHistory

/// Finds reverts and what they revert (docs/figures.md section 5).
enum RevertReader {
  /// Marks each revert and the change it reverts. `changes` are in merge order.
  ///
  /// - Complexity: O(n + l) for n changes and l landed commits.
  /// Only changes merged from `examinedFrom` on are read as possible reverts: a revert
  /// merged earlier can make no deployment of the window fail. Any change can be reverted.
  /// A sha naming one of `earlierCommits` (reached before the first change was
  /// recognised) makes a revert whose reverted change is not known.
  /// A sha naming one of `earlierCommits` names the change that `earlierLandings` (the
  /// first-parent commit that landed each) landed: its number read from that commit's
  /// subject, or its 12 hex digits, without recognising the history before the start.
  static func link(
    _ changes: inout [Change], commits: (ObjectID) throws -> Commit, examinedFrom: Int64 = .min,
    earlierCommits: [ObjectID] = [], earlierLandings: [ObjectID] = []
  ) throws {
    var sortedEarlier: [(ObjectID, Int)]?
    var landedBy: [(ObjectID, Int)] = []
    for (index, change) in changes.enumerated() {
      for id in change.landedCommits { landedBy.append((id, index)) }
    }
    landedBy.sort { $0.0 < $1.0 }
    var byNumber: [String: [Int]] = [:]
    var byTitle: [String: [Int]] = [:]
    for (index, change) in changes.enumerated() {
      if let number = change.number { byNumber[number, default: []].append(index) }
      byTitle[String(untagged(change.title)), default: []].append(index)
    }

    for index in changes.indices where changes[index].mergedAt >= examinedFrom {
      let change = changes[index]
      // A sha in what landed, naming a commit landed outside this change.
      var target: Int?
      var shaRevert = false
      var earlierTarget: String?
      for sha in change.revertedShas {
        guard let other = match(Substring(sha), landedBy) else {
          if sortedEarlier == nil {
            sortedEarlier = earlierCommits.enumerated().map { ($1, $0) }.sorted { $0.0 < $1.0 }
          }
          if let position = match(Substring(sha), sortedEarlier!) {
            shaRevert = true
            if position < earlierLandings.count {
              earlierTarget = try landedChangeID(commits(earlierLandings[position]))
            }
          }
          continue
        }
        guard other != index else { continue }
        target = other
        shaRevert = true
      }
      let title = change.title
      let titled = isRevertTitle(title)
      guard titled || shaRevert else { continue }
      changes[index].isRevert = true
      if target == nil, let number = try revertedNumber(change, change.landedCommits.map(commits)) {
        target = byNumber[number]?.last { $0 < index }
      }
      if target == nil, let quoted = quotedTitle(title) {
        target = byTitle[String(untagged(quoted))]?.last { $0 < index }
      }
      if let target, target != index { changes[index].reverts = changes[target].changeID }
      if target == nil, let earlierTarget { changes[index].reverts = earlierTarget }
      changes[index].revertedIndex = target
    }
  }

  /// The `change_id` of a change landed by `commit` before recognition's start, from its
  /// subject alone: GitHub's merge or squash number, GitLab's, Azure's, else 12 hex digits.
  static func landedChangeID(_ commit: Commit) -> String {
    let subject = Substring(commit.subject)
    if let rest = Scan.after("Merge pull request #", in: subject), let number = Scan.leadingDigits(rest) {
      return String(number)
    }
    if let (_, number) = Scan.trailingPullNumber(commit.subject) { return number }
    if let (number, _) = AzureSquash.subject(commit.subject) { return String(number) }
    if let number = GitLabMerge.number(commit.lines) { return String(number) }
    return commit.id.abbreviated(12)
  }

  /// `Revert …`, `revert:`/`revert(scope):`, Meta's `Back out "…"`, Mozilla's `Backed out
  /// changeset H` and `Backout`, also after leading bracketed tags (`[ty] Revert "…"`) or a
  /// `Bug N - ` prefix.
  static func isRevertTitle(_ title: String) -> Bool {
    let title = revertPart(title)
    let lower = title.lowercased()
    return title.hasPrefix("Revert") || lower.hasPrefix("revert:") || lower.hasPrefix("revert(")
      || title.hasPrefix("Back out") || title.hasPrefix("Backed out changeset") || title.hasPrefix("Backout")
  }

  /// The title without leading bracketed tags (`[ty] `).
  static func untagged(_ title: String) -> Substring {
    var rest = Substring(title)
    while rest.hasPrefix("["), let close = rest.firstIndex(of: "]") {
      rest = rest[rest.index(after: close)...].drop(while: \.isWhitespace)
    }
    return rest
  }

  /// The title without leading bracketed tags or a `Bug N - ` prefix: where a revert form starts.
  private static func revertPart(_ title: String) -> Substring {
    let rest = untagged(title)
    if let bug = Scan.after("Bug ", in: rest), let digits = Scan.leadingDigits(bug),
      let after = Scan.after(" - ", in: bug.dropFirst(digits.count))
    {
      return after
    }
    return rest
  }

  /// The shas of `This reverts commit <sha>` lines.
  static func revertedShas(_ message: String) -> [Substring] {
    guard Scan.contains(Substring(message), "This reverts commit ") else { return [] }
    return Scan.lines(message).compactMap { line in
      guard let range = line.range(of: "This reverts commit ") else { return nil }
      let sha = line[range.upperBound...].prefix(while: \.isHexDigit)
      return sha.count >= 7 ? sha : nil
    }
  }

  /// The change a sha names: by full id or prefix, among landed commits sorted by id.
  private static func match(_ sha: Substring, _ sorted: [(ObjectID, Int)]) -> Int? {
    let prefix = sha.lowercased()
    guard let lowest = ObjectID(hex: prefix + String(repeating: "0", count: max(0, 40 - prefix.count))) else {
      return nil
    }
    let position = sorted.partitioningIndex { $0.0 >= lowest }
    guard position < sorted.count, sorted[position].0.hex.hasPrefix(prefix) else { return nil }
    return sorted[position].1
  }

  /// `Reverts owner/repo#N`, `Revert pull request #N`, a title `Revert "... (#N)"`, or
  /// GitHub's revert branch `revert-N-…`.
  private static func revertedNumber(_ change: Change, _ landed: [Commit]) -> String? {
    for commit in landed.reversed() {
      for line in commit.lines {
        if let range = line.range(of: "Reverts "), let hash = line[range.upperBound...].firstIndex(of: "#"),
          let digits = Scan.leadingDigits(line[line.index(after: hash)...])
        {
          return String(digits)
        }
        if let rest = Scan.after("Revert pull request #", in: line.drop(while: \.isWhitespace)),
          let digits = Scan.leadingDigits(rest)
        {
          return String(digits)
        }
      }
    }
    if let quoted = quotedTitle(change.title), let (_, number) = Scan.trailingPullNumber(quoted) {
      return number
    }
    for commit in landed where commit.parents.count > 1 {
      if let range = commit.subject.range(of: "/revert-"), let digits = Scan.leadingDigits(commit.subject[range.upperBound...]) {
        return String(digits)
      }
    }
    return nil
  }

  /// `Revert "Title"` or `Back out "Title"` (after tags or a bug prefix) → `Title`.
  static func quotedTitle(_ title: String) -> String? {
    let part = revertPart(title)
    guard let rest = Scan.after("Revert \"", in: part) ?? Scan.after("Back out \"", in: part),
      let close = rest.lastIndex(of: "\"")
    else { return nil }
    return String(rest[..<close])
  }
}
