import GitHistory

/// A review still open at some point: a head no change landed (docs/figures.md section 6).
public struct OpenItem: Hashable, Sendable {
  /// The ref it was read from.
  public var ref: String
  /// A forge's review head (`refs/pull/N/head` and the like), not a remote-tracking branch.
  public var isReviewHead: Bool { number != nil }
  public var number: Int?
  /// Newest committer time of its own commits (`n`).
  public var newestCommitAt: Int64
  /// Oldest author time of its own commits: where its wip interval starts.
  public var oldestCommitAt: Int64
  /// Earliest committer time of its own commits (not those of a branch it was opened
  /// against): how long the review has existed, which `stale_after` does not cap.
  public var oldestOwnCommitAt: Int64
}

/// Half-open intervals `[start, end)` of time, counted at sample times.
struct IntervalSet {
  private var starts: [Int64] = []
  private var ends: [Int64] = []

  mutating func add(_ start: Int64, _ end: Int64) {
    guard start < end else { return }
    starts.append(start)
    ends.append(end)
  }

  mutating func seal() {
    starts.sort()
    ends.sort()
  }

  /// Intervals containing `t`: started at or before it and not yet ended.
  /// - Complexity: O(log n) after `seal()`.
  func count(at t: Int64) -> Int {
    upperBound(starts, t) - upperBound(ends, t)
  }

  private func upperBound(_ values: [Int64], _ t: Int64) -> Int {
    var low = 0
    var high = values.count
    while low < high {
      let mid = (low + high) / 2
      if values[mid] <= t { low = mid + 1 } else { high = mid }
    }
    return low
  }
}

enum OpenItemReader {
  /// Review heads and remote-tracking branches not reached by the target nor by a
  /// long-lived branch (a backport merged into `release-1.13` is not open), whose number
  /// (`github#N`, `gitlab#N` in `landedNumbers`) no change landed, with newest commit by
  /// as-of. Heads whose tip is older than `since` by more than `reach` (the stale cut-off
  /// and a day of slack) are not read: no sample of the window can see them.
  ///
  /// - Complexity: the commits the recent heads and the other branches hold that the target does not.
  static func openItems(
    history: HistorySource, target: TargetBranch, reachedByTarget: ReachedCommits, landedNumbers: Set<String>,
    settings: RecognitionSettings, asOf: Int64, since: Int64, reach: Int64, graph: CommitGraph
  ) throws -> (items: [OpenItem], newestReviewHeadAt: Int64?) {
    var candidates: [(ref: String, number: Int?, tip: ObjectID)] = []
    var branches: [(tip: ObjectID, longLived: Bool)] = []
    for reference in try history.references() where !reference.isSymbolic && reference.name != target.ref {
      switch reference.kind {
      case .reviewHead(let forge, let number):
        guard !landedNumbers.contains("\(forge.rawValue)#\(number)"), let tip = try history.commitID(of: reference) else { continue }
        candidates.append((reference.name, number, tip))
      case .remoteBranch:
        let branch = String(reference.shortName.split(separator: "/", maxSplits: 1).last ?? "")
        guard branch != "HEAD", let tip = try history.commitID(of: reference) else { continue }
        branches.append((tip, settings.isSyncBranch(branch)))
        if !settings.isSyncBranch(branch) { candidates.append((reference.name, nil, tip)) }
      case .branch:
        guard let tip = try history.commitID(of: reference) else { continue }
        branches.append((tip, settings.isSyncBranch(reference.shortName)))
      default:
        continue
      }
    }
    // Heads whose tip is older than the window by more than the stale cut-off cannot
    // be in any queue the window samples, whatever else they hold.
    var recent: [(ref: String, number: Int?, tip: ObjectID)] = []
    var newestReviewHeadAt: Int64?
    for candidate in candidates {
      let time = try graph.time(graph.node(candidate.tip))
      if candidate.number != nil, time <= asOf { newestReviewHeadAt = max(newestReviewHeadAt ?? time, time) }
      if time + reach >= since { recent.append(candidate) }
    }
    guard !recent.isEmpty else { return ([], newestReviewHeadAt) }
    let others = try OtherBranches(branches, graph, reachedByTarget.nodes)
    // What each head holds that the target (as recognition walked it) does not.
    var items: [OpenItem] = []
    var spans: [CommitGraph.Node: OwnSpan] = [:]
    var ownOldest: [CommitGraph.Node: Int64] = [:]
    for candidate in recent {
      let tip = graph.node(candidate.tip)
      guard !others.longLived.contains(tip),
        let span = try ownSpan(tip, graph, reachedByTarget.nodes, &spans),
        span.newest <= asOf
      else { continue }
      let oldest = try others.all.contains(tip)
        ? others.oldestOwnCommit(of: tip, graph: graph, reached: reachedByTarget.nodes)
        : oldestCommit(tip, graph, excluding: others.excludingAll, &ownOldest)
      items.append(
        OpenItem(
          ref: candidate.ref, number: candidate.number, newestCommitAt: span.newest, oldestCommitAt: span.oldest,
          oldestOwnCommitAt: oldest ?? span.newest))
    }
    return (items.sorted { $0.ref < $1.ref }, newestReviewHeadAt)
  }

  /// What the branches other than the target hold that the target does not: a head's own
  /// commits are those no branch that lacks its tip holds (a pull request against
  /// `release-1.13` does not own that branch's history; its own head branch, and branches
  /// stacked on it, do not take its commits away).
  private struct OtherBranches {
    /// For each commit some branch holds outside the target, which branches hold it (ascending).
    var holders: [CommitGraph.Node: [Int32]] = [:]
    var all = NodeSet()
    var longLived = NodeSet()
    /// The target's commits and every branch's: what a head held by no branch does not own.
    var excludingAll: NodeSet

    init(_ branches: [(tip: ObjectID, longLived: Bool)], _ graph: CommitGraph, _ reached: NodeSet) throws {
      excludingAll = reached
      for (index, branch) in branches.enumerated() {
        var marks = reached
        for node in try graph.mark(from: [graph.node(branch.tip)], in: &marks) {
          holders[node, default: []].append(Int32(index))
          all.insert(node)
          excludingAll.insert(node)
          if branch.longLived { longLived.insert(node) }
        }
      }
    }

    /// The earliest committer time of what `tip` owns, when some branch holds it: a commit
    /// is its own when every branch that holds the commit holds the tip too.
    func oldestOwnCommit(of tip: CommitGraph.Node, graph: CommitGraph, reached: NodeSet) throws -> Int64? {
      let tipHolders = Set(holders[tip] ?? [])
      var marks = reached
      var oldest: Int64?
      for node in try graph.mark(from: [tip], in: &marks) where (holders[node] ?? []).allSatisfy(tipHolders.contains) {
        let time = try graph.time(node)
        oldest = min(oldest ?? time, time)
      }
      return oldest
    }
  }

  /// The earliest committer time among the commits `tip` reaches outside `excluded`
  /// (nil when it has none), each commit's worked out once from its parents' for every head.
  private static func oldestCommit(
    _ tip: CommitGraph.Node, _ graph: CommitGraph, excluding excluded: NodeSet, _ memo: inout [CommitGraph.Node: Int64]
  ) throws -> Int64? {
    guard !excluded.contains(tip) else { return nil }
    var stack: [(node: CommitGraph.Node, parentsDone: Bool)] = [(tip, false)]
    while let (node, parentsDone) = stack.popLast() {
      guard memo[node] == nil else { continue }
      let parents = try graph.parents(node).filter { !excluded.contains($0) }
      if !parentsDone {
        stack.append((node, true))
        stack += parents.filter { memo[$0] == nil }.map { ($0, false) }
        continue
      }
      memo[node] = try parents.reduce(graph.time(node)) { min($0, memo[$1]!) }
    }
    return memo[tip]
  }

  /// Newest committer time and oldest author time of the commits a head holds that the target does not.
  private struct OwnSpan {
    var newest: Int64
    var oldest: Int64
  }

  /// The span of what `tip` reaches outside `reached`; nil when the target reached the tip.
  /// Heads share most of what they hold (a mirror's thousands of pull heads sit on the same
  /// branches), and a newest or oldest time does not mind being counted twice, so each
  /// commit's span is computed once, from its parents', for every head.
  private static func ownSpan(
    _ tip: CommitGraph.Node, _ graph: CommitGraph, _ reached: NodeSet, _ spans: inout [CommitGraph.Node: OwnSpan]
  ) throws -> OwnSpan? {
    guard !reached.contains(tip) else { return nil }
    var stack: [(node: CommitGraph.Node, parentsDone: Bool)] = [(tip, false)]
    while let (node, parentsDone) = stack.popLast() {
      guard spans[node] == nil else { continue }
      let parents = try graph.parents(node).filter { !reached.contains($0) }
      if !parentsDone {
        stack.append((node, true))
        stack += parents.filter { spans[$0] == nil }.map { ($0, false) }
        continue
      }
      var span = OwnSpan(newest: try graph.time(node), oldest: try graph.authorTime(node))
      for parent in parents {
        span.newest = max(span.newest, spans[parent]!.newest)
        span.oldest = min(span.oldest, spans[parent]!.oldest)
      }
      spans[node] = span
    }
    return spans[tip]
  }
}
