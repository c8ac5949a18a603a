import GitHistory

/// A review still open at some point: a head no change landed (METRICS.md section 6).
public struct OpenItem: Hashable, Sendable {
  /// The ref it was read from.
  public var ref: String
  public var number: Int?
  /// Newest committer time of its own commits (`n`).
  public var newestCommitAt: Int64
  /// Oldest author time of its own commits: where its wip interval starts.
  public var oldestCommitAt: Int64
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
  /// Review heads and remote-tracking branches not reached by the target, whose number
  /// (`github#N`, `gitlab#N` in `landedNumbers`) no change landed, with newest commit by
  /// as-of. Heads whose tip is older than `since` by more than `reach` (the stale cut-off
  /// and a day of slack) are not read: no sample of the window can see them.
  ///
  /// - Complexity: the commits the recent heads hold that the target does not.
  static func openItems(
    history: HistorySource, target: TargetBranch, reachedByTarget: ReachedCommits, landedNumbers: Set<String>,
    settings: RecognitionSettings, asOf: Int64, since: Int64, reach: Int64, graph: CommitGraph
  ) throws -> [OpenItem] {
    var candidates: [(ref: String, number: Int?, tip: ObjectID)] = []
    for reference in try history.references() where !reference.isSymbolic && reference.name != target.ref {
      switch reference.kind {
      case .reviewHead(let forge, let number):
        guard !landedNumbers.contains("\(forge.rawValue)#\(number)"), let tip = try history.commitID(of: reference) else { continue }
        candidates.append((reference.name, number, tip))
      case .remoteBranch:
        let branch = String(reference.shortName.split(separator: "/", maxSplits: 1).last ?? "")
        guard !settings.isSyncBranch(branch), branch != "HEAD", let tip = try history.commitID(of: reference) else { continue }
        candidates.append((reference.name, nil, tip))
      default:
        continue
      }
    }
    // Heads whose tip is older than the window by more than the stale cut-off cannot
    // be in any queue the window samples, whatever else they hold.
    var recent: [(ref: String, number: Int?, tip: ObjectID)] = []
    for candidate in candidates where try graph.time(graph.node(candidate.tip)) + reach >= since {
      recent.append(candidate)
    }
    // What each head holds that the target (as recognition walked it) does not.
    var items: [OpenItem] = []
    var spans: [CommitGraph.Node: OwnSpan] = [:]
    for candidate in recent {
      guard let span = try ownSpan(graph.node(candidate.tip), graph, reachedByTarget.nodes, &spans),
        span.newest <= asOf
      else { continue }
      items.append(OpenItem(ref: candidate.ref, number: candidate.number, newestCommitAt: span.newest, oldestCommitAt: span.oldest))
    }
    return items.sorted { $0.ref < $1.ref }
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
