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
    settings: RecognitionSettings, asOf: Int64, since: Int64, reach: Int64, store: CommitStore
  ) throws -> [OpenItem] {
    let graph = store.graph
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
    for candidate in recent where !reachedByTarget.contains(candidate.tip) {
      var own: [Commit] = []
      var seen: Set<ObjectID> = []
      var stack = [candidate.tip]
      while let id = stack.popLast() {
        guard !reachedByTarget.contains(id), seen.insert(id).inserted else { continue }
        let commit = try store.commit(id)
        own.append(commit)
        stack.append(contentsOf: try graph.parents(graph.node(id)).map(graph.id))
      }
      guard let newest = own.map(\.committer.time.seconds).max(), newest <= asOf,
        let oldest = own.map(\.author.time.seconds).min()
      else { continue }
      items.append(OpenItem(ref: candidate.ref, number: candidate.number, newestCommitAt: newest, oldestCommitAt: oldest))
    }
    return items.sorted { $0.ref < $1.ref }
  }
}
