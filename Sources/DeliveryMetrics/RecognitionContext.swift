import GitHistory

/// Settings that shape recognition (docs/figures.md sections 1, 2 and 9).
public struct RecognitionSettings: Sendable, Hashable {
  /// Long-lived branch globs: a merge of one without a number is a sync merge.
  public var syncBranches: [String]
  public var identityRules: IdentityRules
  /// Conventions a team declared, in file order (docs/figures.md section 2).
  public var conventions: [DeclaredConvention] = []

  public static let defaultSyncBranches = [
    "main", "master", "develop", "next", "maint", "maint-*", "release*", "*-stable",
  ]

  public init(
    syncBranches: [String] = defaultSyncBranches, identityRules: IdentityRules = IdentityRules(),
    conventions: [DeclaredConvention] = []
  ) {
    self.syncBranches = syncBranches
    self.identityRules = identityRules
    self.conventions = conventions
  }

  func isSyncBranch(_ name: String) -> Bool {
    syncBranches.contains { Glob.matches($0, name) }
  }
}

/// What the conventions may ask while recognising: commits (read once), review heads,
/// branches and remotes.
final class RecognitionContext {
  let source: HistorySource
  let settings: RecognitionSettings
  let target: ObjectID
  private let store: CommitStore
  private let headsByNumber: [String: [ReviewHead]]
  /// Long-lived branches other than the target, for sync merges found by containment.
  let syncBranchTips: [ObjectID]
  let ownRemoteURLs: [String]
  /// Declared conventions, compiled, in file order.
  let declared: [DeclaredMatcher]
  /// The window's start: unnamed merges committed before it are not tested for
  /// containment in a long-lived branch, and changes merged before it get no people read.
  var containmentFrom: Int64?
  /// Changes merged from here on get their people read (nil: from `containmentFrom`): the
  /// period before the window, whose reviewers the warning signs compare.
  var peopleFrom: Int64?

  init(store: CommitStore, settings: RecognitionSettings, target: TargetBranch) throws {
    let source = store.source
    self.store = store
    self.source = source
    self.settings = settings
    self.target = target.tip
    headsByNumber = Dictionary(grouping: try source.reviewHeads(), by: { "\($0.forge.rawValue)#\($0.number)" })
    var tips: [ObjectID] = []
    for reference in try source.references()
    where (reference.kind == .branch || reference.kind == .remoteBranch) && reference.name != target.ref
      && !reference.isSymbolic
    {
      let short = reference.kind == .remoteBranch
        ? String(reference.shortName.split(separator: "/", maxSplits: 1).last ?? "") : reference.shortName
      guard settings.isSyncBranch(short), let tip = try source.commitID(of: reference) else { continue }
      tips.append(tip)
    }
    syncBranchTips = tips
    ownRemoteURLs = try source.remoteURLs()
    declared = try settings.conventions.map(DeclaredMatcher.init)
  }

  /// The first declared convention of `kind` that matches, with what it read.
  func declared(
    _ kind: DeclaredConvention.Kind, _ commit: Commit, _ lines: [Substring]
  ) -> (name: String, reference: ReviewReference?, title: String?)? {
    for matcher in declared where matcher.convention.kind == kind {
      if let found = matcher.match(commit, lines) { return (matcher.convention.name, found.reference, found.title) }
    }
    return nil
  }

  /// Every commit reachable from the first-parent commit being recognised, before it:
  /// what `C^1` reaches while `C` is recognised. Grows as the line is walked oldest first,
  /// so that "reachable from X and not from `C^1`" is a walk that stops where this set
  /// begins: each commit of the history is walked once, not once per merge.
  private(set) var reached = NodeSet()

  var graph: CommitGraph { store.graph }

  /// The commits reachable from `tips` and not from `C^1`, newest first (as `git rev-list`).
  ///
  /// - Complexity: the commits returned, and their parents.
  func commitsNotYetReached(from tips: [ObjectID]) throws -> [ObjectID] {
    var seen = reached
    let found = try graph.mark(from: tips.map(graph.node), in: &seen)
    let times = try found.map(graph.time)
    return found.indices.sorted { (times[$0], $1) > (times[$1], $0) }.map { graph.id(found[$0]) }
  }

  private var ancestorSets: [ObjectID: NodeSet] = [:]

  /// Whether a long-lived branch tip reaches `id`. Each tip is walked once and kept: many
  /// unnamed merges may ask.
  ///
  /// - Complexity: O(n) commit reads for the first call per tip, O(1) after.
  func branch(_ tip: ObjectID, reaches id: ObjectID) throws -> Bool {
    let ancestors: NodeSet
    if let known = ancestorSets[tip] {
      ancestors = known
    } else {
      var marks = NodeSet()
      try graph.mark(from: [graph.node(tip)], in: &marks)
      ancestorSets[tip] = marks
      ancestors = marks
    }
    return graph.existingNode(id).map(ancestors.contains) ?? false
  }

  /// Records that the line has moved on to `id`: it and all it reaches are reached.
  /// Returns the commits newly reached.
  @discardableResult
  func advance(to id: ObjectID) throws -> [CommitGraph.Node] {
    try graph.mark(from: [graph.node(id)], in: &reached)
  }

  var reachedCommits: ReachedCommits { ReachedCommits(graph: graph, nodes: reached) }

  func commit(_ id: ObjectID) throws -> Commit {
    try store.commit(id)
  }

  func identity(_ signature: Signature) -> Identity {
    let (name, email) = source.canonical(name: signature.name, email: signature.email)
    return Identity(name: name, email: email)
  }

  /// The review head for a number in a forge's own namespace (`refs/pull/N/head` and
  /// `refs/remotes/*/pr/N` for GitHub numbers, `refs/merge-requests/N/head` for GitLab's).
  func reviewHead(_ reference: ReviewReference) -> ReviewHead? {
    let namespace: ReviewHead.Forge
    switch reference.forge {
    case .github, .bors: namespace = .github
    case .gitlab: namespace = .gitlab
    default: return nil
    }
    return headsByNumber["\(namespace.rawValue)#\(reference.number)"]?.first
  }

  func hasReviewHead(github number: Substring) -> Bool {
    headsByNumber["github#\(number)"] != nil
  }

  /// Answers kept by identity: a history has a few thousand people and asks about each
  /// of them for every change they touch.
  private var botAnswers: [Identity: Bool] = [:]

  func isBot(_ identity: Identity) -> Bool {
    if let known = botAnswers[identity] { return known }
    let answer = settings.identityRules.isBot(identity)
    botAnswers[identity] = answer
    return answer
  }
}

/// Shell-style globs (`*`, `?`) over whole names.
enum Glob {
  static func matches(_ pattern: String, _ text: String) -> Bool {
    matches(Array(pattern.unicodeScalars), 0, Array(text.unicodeScalars), 0)
  }

  private static func matches(_ p: [Unicode.Scalar], _ i: Int, _ t: [Unicode.Scalar], _ j: Int) -> Bool {
    if i == p.count { return j == t.count }
    if p[i] == "*" {
      var k = j
      while true {
        if matches(p, i + 1, t, k) { return true }
        if k == t.count { return false }
        k += 1
      }
    }
    guard j < t.count, p[i] == "?" || p[i] == t[j] else { return false }
    return matches(p, i + 1, t, j + 1)
  }
}
