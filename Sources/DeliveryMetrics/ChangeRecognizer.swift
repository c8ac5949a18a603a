import Foundation
import GitHistory

/// Finds the changes on a target branch's first-parent history (docs/figures.md section 2)
/// and reads their times and people (sections 3, 7 and 10).
public struct ChangeRecognizer {
  public var settings: RecognitionSettings

  public init(settings: RecognitionSettings = RecognitionSettings()) {
    self.settings = settings
  }

  /// Every change on the first-parent line of `target` as it stood at `asOf`, oldest first.
  ///
  /// Changes merged before `since` are recognised too (a revert may name them), but an
  /// unnamed merge there is not tested against every long-lived branch (that test walks
  /// each branch back to the merge, and its answer is never reported), and their
  /// reviewers, co-authors and AI credits are not read.
  ///
  /// - Complexity: one read of each first-parent commit, plus one bounded walk per merge
  ///   and per review head used.
  public func changes(
    in source: HistorySource, target: TargetBranch, asOf: Int64? = nil, since: Int64? = nil
  ) throws -> [Change] {
    try recognise(in: CommitStore(source), target: target, asOf: asOf, since: since).changes
  }

  /// What recognition found: the changes, and every commit the target reached as of then.
  public struct Recognition {
    public var changes: [Change]
    /// Reachable from the target's tip as of as-of: what review heads are compared with.
    public var reachedByTarget: ReachedCommits
    /// Authors (through the mailmap) of the commits before the start that are not merges,
    /// oldest first, each once: who the people of the window were before it.
    public var earlierAuthors: [Identity] = []
    /// The commits reached before the start: a revert may name one.
    var earlierCommits: [ObjectID] = []
    /// For each of `earlierCommits`, the first-parent commit that landed it on the target.
    var earlierLandings: [ObjectID] = []
    /// Changes taken from an earlier run's checkpoint rather than recognised again.
    public var resumedChanges = 0
    /// When the line's newest commit as of as-of was committed; nil when it had none yet.
    public var tipCommittedAt: Int64?
  }

  /// The changes, reading commits through a store the caller goes on using.
  ///
  /// - Parameter from: where recognition starts: first-parent commits committed before
  ///   it are walked for what they reach (parents only, no messages) but yield no
  ///   changes. A change landed across that moment may be cut, so callers start well
  ///   before the first change they report. Nil: the whole history.
  /// - Parameter passedOver: told each first-parent commit `C` walked whose `C^1 -> C` is no
  ///   change's diff, as soon as that is known.
  public func recognise(
    in store: CommitStore, target: TargetBranch, asOf: Int64? = nil, since: Int64? = nil, from start: Int64? = nil,
    progress: AnalysisProgress? = nil, peopleFrom: Int64? = nil, passedOver: ((ObjectID) -> Void)? = nil
  ) throws -> Recognition {
    let context = try RecognitionContext(store: store, settings: settings, target: target)
    context.containmentFrom = since
    context.peopleFrom = peopleFrom
    let graph = store.graph
    var line: [CommitGraph.Node] = []
    var next: CommitGraph.Node? = graph.node(target.tip)
    while let node = next {
      line.append(node)
      next = try graph.firstParent(node)
    }
    if let asOf {
      // The branch as it stood then: its newest first-parent commit committed by as-of.
      let newest = try line.firstIndex { try graph.time($0) <= asOf } ?? line.endIndex
      line.removeFirst(newest)
    }
    let tipCommittedAt = try line.first.map(graph.time)
    var earlierAuthors: [Identity] = []
    var earlierCommits: [ObjectID] = []
    var earlierLandings: [ObjectID] = []
    if let start, let before = try line.firstIndex(where: { try graph.time($0) < start }) {
      // Oldest first along the line, as recognition would have met them.
      var reachedInOrder: [CommitGraph.Node] = []
      for node in line[before...].reversed() {
        let newlyReached = try context.advance(to: graph.id(node))
        let times = try newlyReached.map(graph.time)
        reachedInOrder += newlyReached.indices.sorted { (times[$0], $0) < (times[$1], $1) }.map { newlyReached[$0] }
        earlierLandings += Array(repeating: graph.id(node), count: newlyReached.count)
      }
      earlierAuthors = try authors(of: reachedInOrder, context)
      earlierCommits = reachedInOrder.map(graph.id)
      line.removeSubrange(before...)
    }
    // Resume after what an earlier run recognised of the same line, when nothing it
    // depended on has changed.
    let fingerprint = RecognitionCheckpoint.fingerprint(
      context, since: since, start: start, reviewHeads: try store.source.reviewHeads())
    var saved: [Change] = []
    var resumedFrom: ObjectID?
    let checkpointName = "checkpoint " + target.ref
    if let kept = store.source.keptData(named: checkpointName),
      let checkpoint = RecognitionCheckpoint(kept, fingerprint: fingerprint),
      let position = line.firstIndex(of: graph.node(checkpoint.lineCommit))
    {
      saved = checkpoint.changes
      resumedFrom = checkpoint.lineCommit
      try context.advance(to: checkpoint.lineCommit)
      line.removeSubrange(position...)
    }
    var walker = LineWalker(context: context)
    var changes: [Change] = []
    var clean: (commit: ObjectID, changes: Int)?
    progress?.update { $0.lineCommits = line.count }
    // Line commits walked since the walker was last idle, and the changes finished since:
    // when it is idle again, every one of them is settled.
    var unsettled: [(parent: ObjectID?, commit: ObjectID)] = []
    var settledChanges = changes.count
    for (done, node) in line.reversed().enumerated() {
      if done % 256 == 0 { progress?.update { $0.recognised = done } }
      let commit = try context.commit(graph.id(node))
      try walker.add(commit)
      try context.advance(to: commit.id)
      // Finished while their commits are still in the store, which need not keep them after.
      changes += try walker.drafts[changes.count...].map { try finish($0, context) }
      unsettled.append((commit.parents.first, commit.id))
      guard walker.isIdle else { continue }
      clean = (commit.id, changes.count)
      if let passedOver {
        let diffs = Set(changes[settledChanges...].map { SizePrefetch.Pair(from: $0.diffBase, to: $0.diffTip) })
        for (parent, id) in unsettled where !diffs.contains(SizePrefetch.Pair(from: parent, to: id)) { passedOver(id) }
      }
      unsettled.removeAll(keepingCapacity: true)
      settledChanges = changes.count
    }
    try walker.flush()
    changes += try walker.drafts[changes.count...].map { try finish($0, context) }
    if store.source.keepsData, let clean, clean.commit != resumedFrom {
      let checkpoint = RecognitionCheckpoint(lineCommit: clean.commit, changes: saved + changes[..<clean.changes])
      store.source.keepData(checkpoint.encoded(fingerprint: fingerprint), named: checkpointName)
    }
    changes = saved + changes
    return Recognition(
      changes: try assignIDs(changes), reachedByTarget: context.reachedCommits,
      earlierAuthors: earlierAuthors, earlierCommits: earlierCommits, earlierLandings: earlierLandings,
      resumedChanges: saved.count, tipCommittedAt: tipCommittedAt)
  }

  private func authors(of nodes: [CommitGraph.Node], _ context: RecognitionContext) throws -> [Identity] {
    let graph = context.graph
    var seen: Set<Int32> = []
    var identities: [Identity] = []
    for node in nodes where try graph.parents(node).count < 2 {
      let author = try graph.author(node)
      guard seen.insert(author).inserted else { continue }
      let recorded = graph.authors[Int(author)]
      let (name, email) = context.source.canonical(name: recorded.name, email: recorded.email)
      identities.append(Identity(name: name, email: email))
    }
    return identities
  }

  /// `change_id`: the number, or 12 hex digits of the merge commit; a number seen before is `N-` and 12 hex digits.
  private func assignIDs(_ changes: [Change]) throws -> [Change] {
    var seen: Set<String> = []
    return changes.map { change in
      var change = change
      let base = change.number ?? change.mergeCommit.abbreviated(12)
      change.changeID = seen.contains(base) ? "\(base)-\(change.mergeCommit.abbreviated(12))" : base
      seen.insert(base)
      return change
    }
  }
}

/// Walks the first-parent line oldest first, holding the group or run being built.
private struct LineWalker {
  let context: RecognitionContext
  var drafts: [ChangeDraft] = []
  private var group: (reference: ReviewReference, commits: [Commit], rule: String)?
  private var run: [Commit] = []

  init(context: RecognitionContext) {
    self.context = context
  }

  mutating func add(_ commit: Commit) throws {
    // At a shallow clone's boundary the commit's parents are cut: what it landed, and
    // how, cannot be known, so it is no change (the run warns that history is cut).
    if commit.parentsCut { return }
    let context = self.context
    if commit.parents.count > 1 {
      try flush()
      // Declared merge conventions first, in file order.
      if let declared = context.declared(.merge, commit, commit.lines) {
        if var draft = try branchChange(commit, reference: declared.reference, title: declared.title ?? commit.subject, context) {
          draft.rule = "declared: " + declared.name
          drafts.append(draft)
        }
        return
      }
      for convention in mergeConventions {
        if let found = try convention.recognize(commit, context) {
          drafts += found.map { draft in
            var draft = draft
            draft.rule = ruleName(convention)
            return draft
          }
          break
        }
      }
      return
    }
    let lines = commit.lines
    // Rule 2: consecutive commits with the same review reference form a group.
    if let (reference, rule) = groupReference(commit, lines) {
      try flushRun()
      if let current = group, current.reference == reference {
        group!.commits.append(commit)
      } else {
        try flushGroup()
        group = (reference, [commit], rule)
      }
      return
    }
    try flushGroup()
    // Rule 3: a squash.
    if let declared = context.declared(.squash, commit, lines), let reference = declared.reference {
      try flushRun()
      var draft = try squash(commit, reference)
      draft.rule = "declared: " + declared.name
      if let title = declared.title { draft.title = title }
      drafts.append(draft)
      return
    }
    for convention in squashConventions {
      guard let reference = convention.reference(in: commit, lines, context) else { continue }
      try flushRun()
      var draft = try squash(commit, reference)
      draft.rule = ruleName(convention)
      drafts.append(draft)
      return
    }
    // Rule 4: a patch with review trailers.
    if let credited = patchAuthor(commit) {
      try flushRun()
      var draft = single(commit, kind: .patch, rule: "ReviewTrailers")
      draft.author = credited
      drafts.append(draft)
      return
    }
    // Rule 5: a rebase run.
    if canJoinRun(commit) {
      run.append(commit)
      return
    }
    try flushRun()
    if startsRun(commit) {
      run = [commit]
      return
    }
    // Rule 6: GitHub's or Gitea's squash button without a number; rule 7: direct.
    let byButton = Self.isSquashButton(context.identity(commit.committer))
    drafts.append(single(commit, kind: byButton ? .squash : .direct, rule: byButton ? "SquashButton" : "Direct"))
  }

  /// Rule 2's reference: a declared group convention first, then the built-in ones.
  private func groupReference(_ commit: Commit, _ lines: [Substring]) -> (ReviewReference, String)? {
    if let declared = context.declared(.group, commit, lines), let reference = declared.reference {
      return (reference, "declared: " + declared.name)
    }
    for convention in groupConventions {
      if let reference = convention.reference(in: commit, lines, context) { return (reference, ruleName(convention)) }
    }
    return nil
  }

  /// GitHub (`noreply@github.com`), Gitea or Forgejo as committer: their squash button.
  static func isSquashButton(_ committer: Identity) -> Bool {
    let name = committer.name.lowercased()
    return committer.email.lowercased() == "noreply@github.com" || name == "gitea" || name == "forgejo"
      || committer.email.lowercased().hasSuffix("@fake.local")
  }

  /// Nothing held open: no group or run is waiting for the next commit.
  var isIdle: Bool { group == nil && run.isEmpty }

  mutating func flush() throws {
    try flushGroup()
    try flushRun()
  }

  private mutating func flushGroup() throws {
    guard let (reference, commits, rule) = group else { return }
    group = nil
    let last = commits[commits.count - 1]
    var known = ChangeDraft.KnownCommits.landed(commits.map(\.id))
    if let head = try usableHead(reference, mergedAt: last.committer.time.seconds) {
      // The line has moved past the group, so walk from the ref to its first commit's parent.
      let ids = try context.source.commits(reachableFrom: [head.tip], excluding: Array(commits[0].parents.prefix(1)))
      if !ids.isEmpty { known = .headRef(ids) }
    }
    drafts.append(
      ChangeDraft(
        kind: .group, reference: reference, title: last.subject, mergeCommit: last.id, mergedBy: last.id,
        landed: commits.map(\.id), known: known, diffBase: commits[0].parents.first, diffTip: last.id, rule: rule))
  }

  private mutating func flushRun() throws {
    guard let last = run.last else { return }
    drafts.append(
      ChangeDraft(
        kind: .rebase, reference: nil, title: last.subject, mergeCommit: last.id, mergedBy: last.id,
        landed: run.map(\.id), known: .landed(run.map(\.id)), diffBase: run[0].parents.first, diffTip: last.id,
        rule: "RebaseRun"))
    run = []
  }

  private func single(_ commit: Commit, kind: Change.Kind, rule: String = "") -> ChangeDraft {
    ChangeDraft(
      kind: kind, reference: nil, title: commit.subject, mergeCommit: commit.id, mergedBy: commit.id,
      landed: [commit.id], known: .commitOnly, diffBase: commit.parents.first, diffTip: commit.id, rule: rule)
  }

  private func squash(_ commit: Commit, _ reference: ReviewReference) throws -> ChangeDraft {
    var draft = single(commit, kind: .squash)
    draft.reference = reference
    if let (title, _) = Scan.trailingPullNumber(commit.subject) {
      draft.title = title
    } else if reference.forge == .azure, let (_, title) = AzureSquash.subject(commit.subject) {
      draft.title = title
    } else {
      draft.title = CopybaraImport.title(commit.subject)
    }
    if reference.forge == .piper {
      draft.known = .none
    } else if let head = try usableHead(reference, mergedAt: commit.committer.time.seconds) {
      let ids = try context.commitsNotYetReached(from: [head.tip])
      if !ids.isEmpty { draft.known = .headRef(ids) }
    }
    return draft
  }

  /// A review head for the reference, unless its tip was committed after the merge (a reused branch).
  private func usableHead(_ reference: ReviewReference, mergedAt: Int64) throws -> ReviewHead? {
    guard let head = context.reviewHead(reference) else { return nil }
    return try context.graph.time(context.graph.node(head.tip)) <= mergedAt ? head : nil
  }

  /// Rule 4: whom a patch is credited to, when its trailers show review by someone
  /// other than its author; nil when they do not. The author is the first `Author:`
  /// trailer when it names someone other than the committer (PostgreSQL), else `C`'s author.
  ///
  /// Changed from docs/figures.md's "other than the committer": a committer who reviews and
  /// lands a contributor's patch (OpenJDK Skara's sponsors, `Reviewed-by: shade` on
  /// openjdk/jmh 13969424; git.git's maintainer) is review by someone other than the author.
  private func patchAuthor(_ commit: Commit) -> Identity? {
    let committer = context.identity(commit.committer)
    let trailers = commit.trailers
    var author = context.identity(commit.author)
    var reviewed = false
    if let credited = trailers.values(for: "Author").first.flatMap(parsePerson) {
      let person = context.resolve(credited)
      if !person.isSamePerson(as: committer) {
        author = person
        reviewed = true
      }
    }
    for key in PeopleReader.reviewKeys {
      for value in trailers.values(for: key) {
        for entry in PeopleReader.entries(value) {
          guard let person = parsePerson(entry) else { continue }
          if !context.resolve(person).isSamePerson(as: author) { reviewed = true }
        }
      }
    }
    // Mozilla's `r=` names reviewers like a trailer (docs/figures.md section 2, rule 4).
    for login in PeopleReader.mozillaReviewers(commit.subject)
    where !Identity(name: login, email: "").isSamePerson(as: author) {
      reviewed = true
    }
    return reviewed ? author : nil
  }

  private func canJoinRun(_ commit: Commit) -> Bool {
    guard let previous = run.last, startsRun(commit) else { return false }
    let gap = commit.committer.time.seconds - previous.committer.time.seconds
    guard context.identity(commit.author) == context.identity(previous.author),
      context.identity(commit.committer) == context.identity(previous.committer),
      (0...60).contains(gap)
    else { return false }
    for key in [closesNumber, changeID] {
      if let mine = key(commit), run.contains(where: { key($0).map { $0 != mine } ?? false }) { return false }
    }
    return true
  }

  /// Landed by someone other than its author, at a time other than its author time.
  ///
  /// Added to docs/figures.md's rule: a bot committer lands for no one, except a forge's
  /// rebase button (GitHub, GitLab). GNOME's Translation Robot commits translators' work
  /// seconds after it is written (GNOME/glib 922df0c8e6): no review, so no rebase run.
  private func startsRun(_ commit: Commit) -> Bool {
    let author = context.identity(commit.author)
    let committer = context.identity(commit.committer)
    if context.isBot(committer) && !isForge(committer) { return false }
    return !author.isSamePerson(as: committer) && commit.author.time.seconds != commit.committer.time.seconds
  }

  private func closesNumber(_ commit: Commit) -> String? {
    ClosesProvenPull.closesNumber(commit.lines, nil).map(String.init)
  }

  private func changeID(_ commit: Commit) -> String? {
    commit.trailers.values(for: "Change-Id").last
  }
}

/// A built-in convention's name, as `explain` shows it: its type's name.
func ruleName(_ convention: Any) -> String {
  String(describing: type(of: convention))
}

/// A forge account writing a commit for a person (a merge, squash or rebase button, a
/// Gerrit server, a CI submit queue).
func isForge(_ identity: Identity) -> Bool {
  IdentityRules.isForgeAccount(identity)
}

/// `Name <email>`, a bare email, a GitHub profile URL or a login, as an identity.
func parsePerson(_ text: Substring) -> Identity? {
  let trimmed = String(Scan.trimmed(text))
  guard !trimmed.isEmpty, !trimmed.hasPrefix("#") else { return nil }
  if let open = trimmed.lastIndex(of: "<"), let close = trimmed.lastIndex(of: ">"), open < close {
    let name = String(Scan.trimmed(trimmed[..<open]))
    return Identity(name: name, email: String(trimmed[trimmed.index(after: open)..<close]))
  }
  if trimmed.contains("@"), !trimmed.contains(" ") { return Identity(name: "", email: trimmed) }
  if trimmed.hasPrefix("https://github.com/") {
    let login = trimmed.dropFirst("https://github.com/".count).split(separator: "/").first.map(String.init) ?? ""
    return Identity(name: login, email: "")
  }
  return Identity(name: trimmed, email: "")
}

func parsePerson(_ text: String) -> Identity? { parsePerson(Substring(text)) }

extension RecognitionContext {
  /// Resolves a person named in a message through the mailmap, when an email is known.
  func resolve(_ person: Identity) -> Identity {
    guard !person.email.isEmpty else { return person }
    let (name, email) = source.canonical(name: person.name, email: person.email)
    return Identity(name: name, email: email)
  }
}
