import Foundation
import GitHistory

/// A way a forge or tool writes merge commits (docs/figures.md section 2, rule 1).
/// `recognize` returns nil when the merge is not of this convention, and the changes
/// it makes when it is (none for a sync or empty merge).
protocol MergeConvention: Sendable {
  func recognize(_ merge: Commit, _ context: RecognitionContext) throws -> [ChangeDraft]?
}

/// The merge conventions in the contract's order; the topic merge takes the rest.
let mergeConventions: [any MergeConvention] = [
  GitHubPullRequestMerge(),
  MergeQueueMerge(),
  GitLabMerge(),
  BitbucketMerge(),
  AzureDevOpsMerge(),
  BorsRollup(),
  BorsMerge(),
  BorsNGBatch(),
  TrailerNumberedMerge(),
  GerritMerge(),
  TopicMerge(),
]

extension Commit {
  /// The body's first non-empty line: the title GitHub, GitLab and bors put there.
  var bodyTitle: String? {
    Scan.lines(body).lazy.map(Scan.trimmed).first { !$0.isEmpty }.map(String.init)
  }
}

/// A merge of branch parents `C^2..C^n` as one change: its commits are those reachable
/// from them and not from `C^1`. Nil when that set is empty (no change).
func branchChange(
  _ merge: Commit, reference: ReviewReference?, title: String, _ context: RecognitionContext
) throws -> ChangeDraft? {
  let branch = try context.commitsNotYetReached(from: Array(merge.parents.dropFirst()))
  guard !branch.isEmpty else { return nil }
  var draft = ChangeDraft(
    kind: .merge, reference: reference, title: title, mergeCommit: merge.id, mergedBy: merge.id,
    landed: branch.reversed() + [merge.id], known: .branch(branch), diffBase: merge.parents[0],
    diffTip: merge.id)
  draft.author = try earliestAuthor(of: branch, context)
  // A numbered merge that carries bors merges imports another repository's history.
  if reference != nil {
    for id in branch {
      let subject = try context.commit(id).subject
      if subject.hasPrefix("Auto merge of #") || subject.hasPrefix("Rollup merge of #") {
        draft.isImport = true
        draft.author = context.identity(try context.commit(merge.parents[1]).author)
        break
      }
    }
  }
  return draft
}

/// The author of a merge change: the author of its branch's earliest commit (by author
/// time; of equal times, the oldest in the walk).
func earliestAuthor(of branch: [ObjectID], _ context: RecognitionContext) throws -> Identity? {
  var earliest: Commit?
  for id in branch {
    let commit = try context.commit(id)
    if earliest == nil || commit.author.time.seconds <= earliest!.author.time.seconds { earliest = commit }
  }
  return earliest.map { context.identity($0.author) }
}

/// `Merge pull request #N from owner/branch`; the title is the body's first line.
struct GitHubPullRequestMerge: MergeConvention {
  func recognize(_ merge: Commit, _ context: RecognitionContext) throws -> [ChangeDraft]? {
    guard let rest = Scan.after("Merge pull request #", in: Substring(merge.subject)),
      let number = Scan.leadingDigits(rest)
    else { return nil }
    let reference = ReviewReference(number: String(number), forge: .github)
    return try branchChange(merge, reference: reference, title: merge.bodyTitle ?? merge.subject, context)
      .map { [$0] } ?? []
  }
}

/// GitHub's merge queue: a merge whose subject is `Title (#N)`.
struct MergeQueueMerge: MergeConvention {
  func recognize(_ merge: Commit, _ context: RecognitionContext) throws -> [ChangeDraft]? {
    guard let (title, number) = Scan.trailingPullNumber(merge.subject) else { return nil }
    return try branchChange(merge, reference: ReviewReference(number: number, forge: .github), title: title, context)
      .map { [$0] } ?? []
  }
}

/// GitLab: `See merge request group/project!N` in the body; the title is the body's first line.
struct GitLabMerge: MergeConvention {
  func recognize(_ merge: Commit, _ context: RecognitionContext) throws -> [ChangeDraft]? {
    guard let number = Self.number(merge.lines) else { return nil }
    let reference = ReviewReference(number: String(number), forge: .gitlab)
    return try branchChange(merge, reference: reference, title: merge.bodyTitle ?? merge.subject, context)
      .map { [$0] } ?? []
  }

  /// N of the last line `See merge request group/project!N`.
  static func number(_ lines: [Substring]) -> Substring? {
    guard let line = lines.last(where: { $0.drop(while: \.isWhitespace).hasPrefix("See merge request ") }),
      let bang = line.lastIndex(of: "!")
    else { return nil }
    return Scan.leadingDigits(line[line.index(after: bang)...])
  }
}

/// Bitbucket: `Merged in branch (pull request #N)`.
struct BitbucketMerge: MergeConvention {
  func recognize(_ merge: Commit, _ context: RecognitionContext) throws -> [ChangeDraft]? {
    let subject = merge.subject
    guard subject.hasPrefix("Merged in "), let open = subject.range(of: "(pull request #", options: .backwards),
      let number = Scan.leadingDigits(subject[open.upperBound...])
    else { return nil }
    let reference = ReviewReference(number: String(number), forge: .bitbucket)
    return try branchChange(merge, reference: reference, title: merge.bodyTitle ?? subject, context)
      .map { [$0] } ?? []
  }
}

/// Azure DevOps: `Merged PR N: title`.
struct AzureDevOpsMerge: MergeConvention {
  func recognize(_ merge: Commit, _ context: RecognitionContext) throws -> [ChangeDraft]? {
    guard let (number, title) = AzureSquash.subject(merge.subject) else { return nil }
    return try branchChange(merge, reference: ReviewReference(number: String(number), forge: .azure), title: title, context)
      .map { [$0] } ?? []
  }
}

/// A bors (homu) subject: `Auto merge of #N - owner:branch, r=A,B` or
/// `Rollup merge of #N - owner:branch, r=A`.
struct BorsSubject {
  var number: String
  var branch: Substring
  var reviewers: [String]

  init?(_ subject: String, prefix: String) {
    guard let rest = Scan.after(prefix, in: Substring(subject)), let number = Scan.leadingDigits(rest) else {
      return nil
    }
    self.number = String(number)
    var tail = rest.dropFirst(number.count)
    if let dash = Scan.after(" - ", in: tail) { tail = dash }
    let parts = tail.split(separator: ",", omittingEmptySubsequences: false)
    branch = parts.first?.trimmingCharacters(in: .whitespaces).split(separator: ":").last ?? ""
    reviewers = []
    for part in parts.dropFirst() {
      let trimmed = part.trimmingCharacters(in: .whitespaces)
      if let names = Scan.after("r=", in: Substring(trimmed)) {
        reviewers.append(String(names))
      } else if !reviewers.isEmpty, !trimmed.contains("=") {
        reviewers.append(trimmed)  // `r=A,B` splits into `r=A` and `B`
      }
    }
  }
}

/// bors (homu): `Auto merge of #N - owner:branch, r=A,B`; the title is the body's first
/// non-empty line and the reviewers are the `r=` names.
struct BorsMerge: MergeConvention {
  func recognize(_ merge: Commit, _ context: RecognitionContext) throws -> [ChangeDraft]? {
    guard let bors = BorsSubject(merge.subject, prefix: "Auto merge of #") else { return nil }
    let reference = ReviewReference(number: bors.number, forge: .bors)
    // Its reviewers, the `r=` names, are read with the other people of its landed messages.
    return try branchChange(merge, reference: reference, title: merge.bodyTitle ?? merge.subject, context)
      .map { [$0] } ?? []
  }
}

/// A bors rollup is no change itself: each `Rollup merge of #M` on the first-parent chain
/// of `C^2` is one, with its own commits, merged at the rollup's time.
struct BorsRollup: MergeConvention {
  func recognize(_ merge: Commit, _ context: RecognitionContext) throws -> [ChangeDraft]? {
    guard let bors = BorsSubject(merge.subject, prefix: "Auto merge of #"),
      bors.branch.hasPrefix("rollup-") || merge.body.hasPrefix("Rollup of "), merge.parents.count > 1
    else { return nil }
    let rolled = Set(try context.commitsNotYetReached(from: [merge.parents[1]]))
    var drafts: [ChangeDraft] = []
    var next: ObjectID? = merge.parents[1]
    while let id = next, rolled.contains(id) {
      let commit = try context.commit(id)
      next = commit.parents.first
      guard commit.parents.count > 1, let pull = BorsSubject(commit.subject, prefix: "Rollup merge of #") else {
        continue
      }
      let branch = try context.source.commits(reachableFrom: Array(commit.parents.dropFirst()), excluding: [commit.parents[0]])
      guard !branch.isEmpty else { continue }
      var draft = ChangeDraft(
        kind: .merge, reference: ReviewReference(number: pull.number, forge: .bors),
        title: commit.bodyTitle ?? commit.subject, mergeCommit: id, mergedBy: merge.id,
        landed: branch.reversed() + [id], known: .branch(branch), diffBase: commit.parents[0], diffTip: id)
      draft.author = try earliestAuthor(of: branch, context)
      drafts.append(draft)
    }
    return drafts.reversed()
  }
}

/// bors-ng: `Merge #N1 #N2`, body lines `N1: title r=R a=A`; one change per extra parent.
struct BorsNGBatch: MergeConvention {
  func recognize(_ merge: Commit, _ context: RecognitionContext) throws -> [ChangeDraft]? {
    guard let rest = Scan.after("Merge #", in: Substring(merge.subject)) else { return nil }
    let numbers = ("#" + rest).split(separator: " ").map { $0.dropFirst() }
    guard !numbers.isEmpty, numbers.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCIIDigit) }) else {
      return nil
    }
    let lines = Scan.lines(merge.body)
    var drafts: [ChangeDraft] = []
    for (offset, parent) in merge.parents.dropFirst().enumerated() where offset < numbers.count {
      let number = String(numbers[offset])
      let branch = try context.commitsNotYetReached(from: [parent])
      guard !branch.isEmpty else { continue }
      var title = merge.subject
      var reviewers: [String] = []
      if let line = lines.first(where: { $0.hasPrefix("\(number): ") }) {
        var text = line.dropFirst(number.count + 2)
        if let r = text.range(of: " r=") {
          let names = text[r.upperBound...].split(separator: " ").first ?? ""
          reviewers = names.split(separator: ",").map(String.init)
          // `r=A a=A`: two equal logins are one person, the author approving their own PR.
          if let a = text[r.upperBound...].range(of: " a="),
            let approver = text[a.upperBound...].split(separator: " ").first
          {
            reviewers.removeAll { $0.lowercased() == approver.lowercased() }
          }
          text = text[..<r.lowerBound]
        }
        title = text.trimmingCharacters(in: .whitespaces)
      }
      // Diff base: where the PR branch left C^1's history.
      let inBranch = Set(branch)
      let base = try branch.reversed().lazy.compactMap { id in
        try context.commit(id).parents.first { !inBranch.contains($0) }
      }.first
      var draft = ChangeDraft(
        kind: .merge, reference: ReviewReference(number: number, forge: .bors), title: title,
        mergeCommit: merge.id, mergedBy: merge.id, landed: branch.reversed() + [merge.id], known: .branch(branch),
        diffBase: base, diffTip: parent)
      draft.namedReviewers = reviewers
      draft.author = try earliestAuthor(of: branch, context)
      drafts.append(draft)
    }
    return drafts
  }
}

/// A merge carrying `Reviewed-on:` (Gerrit) or `Differential Revision:` (`arc land`).
struct TrailerNumberedMerge: MergeConvention {
  func recognize(_ merge: Commit, _ context: RecognitionContext) throws -> [ChangeDraft]? {
    guard let reference = GerritReview().reference(in: merge, merge.lines, context)
      ?? PhabricatorRevision().reference(in: merge, merge.lines, context)
    else { return nil }
    return try branchChange(merge, reference: reference, title: merge.subject, context).map { [$0] } ?? []
  }
}

/// Gerrit's own merges, committed by a Gerrit server or a CI submit queue. `Merge "title"`
/// (`… into BRANCH`) is one change numbered by the branch commit's `Change-Id:`. A batch
/// submit (`Merge changes I…,I…`, `Merge changes from topic "x"`) is one change per branch
/// commit carrying a `Change-Id:`, each separately reviewed, in the branch's order, merged
/// at the merge's time; branch commits without one go with the next that has one.
struct GerritMerge: MergeConvention {
  func recognize(_ merge: Commit, _ context: RecognitionContext) throws -> [ChangeDraft]? {
    guard merge.parents.count == 2, isForge(context.identity(merge.committer)) else { return nil }
    if let title = Self.quotedTitle(merge.subject) {
      guard let id = try Self.changeID(of: context.commit(merge.parents[1])) else { return nil }
      let reference = ReviewReference(number: String(id), forge: .gerrit)
      return try branchChange(merge, reference: reference, title: title, context).map { [$0] } ?? []
    }
    guard merge.subject.hasPrefix("Merge changes ") else { return nil }
    let branch = try context.commitsNotYetReached(from: [merge.parents[1]])
    var drafts: [ChangeDraft] = []
    var pending: [Commit] = []
    for id in branch.reversed() {
      let commit = try context.commit(id)
      pending.append(commit)
      guard let changeID = Self.changeID(of: commit) else { continue }
      var draft = ChangeDraft(
        kind: .merge, reference: ReviewReference(number: String(changeID), forge: .gerrit), title: commit.subject,
        mergeCommit: merge.id, mergedBy: merge.id, landed: pending.map(\.id) + [merge.id],
        known: .branch(pending.reversed().map(\.id)), diffBase: pending[0].parents.first, diffTip: commit.id)
      draft.author = try earliestAuthor(of: pending.map(\.id), context)
      drafts.append(draft)
      pending = []
    }
    guard var last = drafts.popLast() else { return nil }
    if !pending.isEmpty {
      // Commits after the last `Change-Id:` have no next one: they go with the last.
      let ids = last.landed.dropLast() + pending.map(\.id)
      last.landed = ids + [merge.id]
      last.known = .branch(ids.reversed())
      last.diffTip = pending[pending.count - 1].id
      last.author = try earliestAuthor(of: Array(ids), context)
    }
    return drafts + [last]
  }

  /// `Merge "title"` or `Merge "title" into BRANCH` → title.
  static func quotedTitle(_ subject: String) -> String? {
    guard let rest = Scan.after("Merge \"", in: Substring(subject)), let close = rest.lastIndex(of: "\"") else {
      return nil
    }
    return String(rest[..<close])
  }

  static func changeID(of commit: Commit) -> Substring? {
    Scan.lastValue(of: "Change-Id", in: commit.lines).flatMap(GerritChangeID.changeID)
  }
}

/// Any other merge: a topic merge named by its branch, unless it syncs a long-lived branch.
struct TopicMerge: MergeConvention {
  func recognize(_ merge: Commit, _ context: RecognitionContext) throws -> [ChangeDraft]? {
    let named = MergeSubject(merge.subject)
    if let url = named.url, !context.ownRemoteURLs.contains(where: { sameRemote($0, url) }) {
      // Another repository's branch or tag: a subsystem's work, never a sync.
      return try branchChange(merge, reference: nil, title: merge.subject, context).map { [$0] } ?? []
    }
    if named.syncsRelease { return [] }
    if !named.branches.isEmpty {
      if named.branches.allSatisfy(context.settings.isSyncBranch) { return [] }
    } else if try isContainedInSyncBranch(merge, context) {
      return []
    }
    return try branchChange(merge, reference: nil, title: merge.subject, context).map { [$0] } ?? []
  }

  /// Whether a long-lived branch other than the target contains `C^2` but not `C`.
  private func isContainedInSyncBranch(_ merge: Commit, _ context: RecognitionContext) throws -> Bool {
    if let from = context.containmentFrom, merge.committer.time.seconds < from { return false }
    for tip in context.syncBranchTips {
      if try context.branch(tip, reaches: merge.parents[1]), try !context.branch(tip, reaches: merge.id) { return true }
    }
    return false
  }

  private func sameRemote(_ a: String, _ b: String) -> Bool {
    normalisedRemote(a) == normalisedRemote(b)
  }

  /// `git@github.com:o/r.git`, `https://github.com/o/r` and `git://github.com/o/r.git` are one remote.
  private func normalisedRemote(_ url: String) -> String {
    var text = url.lowercased()
    for scheme in ["https://", "http://", "git://", "ssh://"] where text.hasPrefix(scheme) {
      text.removeFirst(scheme.count)
    }
    if let at = text.firstIndex(of: "@") { text = String(text[text.index(after: at)...]) }
    text = text.replacingOccurrences(of: ":", with: "/")
    if text.hasSuffix(".git") { text.removeLast(4) }
    while text.hasSuffix("/") { text.removeLast() }
    return text
  }
}

/// What a git-written merge subject names: `Merge branch 'x' of URL into y`,
/// `Merge branches 'a', 'b' and 'c'`, `Merge remote-tracking branch 'origin/x'`, `Merge tag 'v1' of URL`.
struct MergeSubject {
  var branches: [String] = []
  var url: String?
  /// `Sync with Git 2.24.1`, `Sync with 1.7.7.2`: a maintainer's merge of a release line.
  var syncsRelease = false

  init(_ subject: String) {
    // git.git's maintainer writes `Sync with maint` and `Sync with Git 2.24.1` by hand
    // (288396994f, 7034cd094b): the merge names a long-lived branch or a release.
    if let rest = Scan.after("Sync with ", in: Substring(subject)) {
      let name = rest.trimmingCharacters(in: CharacterSet(charactersIn: "'\" "))
      if let last = name.split(separator: " ").last, last.contains("."),
        last.drop(while: { $0 == "v" }).allSatisfy({ $0.isASCIIDigit || $0 == "." })
      {
        syncsRelease = true
      } else {
        branches = [name]
      }
      return
    }
    let kinds = [
      ("Merge remote-tracking branches ", true), ("Merge remote-tracking branch ", true),
      ("Merge branches ", false), ("Merge branch ", false), ("Merge tags ", false), ("Merge tag ", false),
    ]
    guard let (prefix, remote) = kinds.first(where: { subject.hasPrefix($0.0) }) else { return }
    var rest = Substring(subject.dropFirst(prefix.count))
    var names: [String] = []
    while let open = rest.firstIndex(of: "'") {
      let after = rest[rest.index(after: open)...]
      guard let close = after.firstIndex(of: "'") else { break }
      names.append(String(after[..<close]))
      rest = after[after.index(after: close)...]
      let separator = rest.prefix(while: { $0 == "," || $0 == " " })
      let next = rest.dropFirst(separator.count)
      if next.hasPrefix("and '") {
        rest = next.dropFirst(4)
      } else if !next.hasPrefix("'") {
        break
      }
    }
    if let of = Scan.after(" of ", in: rest) {
      url = of.split(separator: " ").first.map(String.init)
    }
    if prefix.hasPrefix("Merge tag") { return }  // a tag names no branch
    branches = names.map { name in
      remote ? String(name.split(separator: "/", maxSplits: 1).last ?? Substring(name)) : name
    }
  }
}
