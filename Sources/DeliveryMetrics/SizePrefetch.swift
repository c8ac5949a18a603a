import Dispatch
import GitHistory

/// Sizes the window's first-parent commits on other threads while recognition reads
/// messages on this one: nearly every change reported lands as one of them and is sized
/// `C^1 -> C`, and on a cold run the diffs are most of the work. Pairs recognition did
/// not foresee (a stack landed as one change, a commit past a shallow boundary) are
/// diffed afterwards; prefetched pairs no change asked for are dropped.
///
/// Both go oldest first, and recognition, which runs ahead, passes over the line commits
/// it found to be no change of their own (a merge of a long-lived branch, the commits of
/// a stack landed as one change): the workers skip those not begun yet. On git/git they
/// were a tenth of the diffs.
final class SizePrefetch: @unchecked Sendable {
  struct Pair: Hashable {
    var from: ObjectID?
    var to: ObjectID
  }

  private let history: HistorySource
  private let options: DiffOptions
  private let jobs: Int
  private let done = DispatchGroup()
  private let cancellation = DiffCancellation()
  /// Written by the prefetching thread before `done` is left, read after it is waited on.
  private var prefetched: [Pair: DiffStats?] = [:]

  /// Starts diffing `pairs` on `jobs - 1` threads: recognition has a core of its own, so it
  /// runs ahead and passes over more pairs, and lends it to the diffs when it is done
  /// (`sizes(of:)`). With one job there is no thread to spare, and the history's own
  /// handle must stay with recognition: nothing is prefetched.
  init(_ pairs: [Pair], history: HistorySource, options: DiffOptions, jobs: Int, progress: AnalysisProgress? = nil) {
    self.history = history
    self.options = options
    self.jobs = jobs
    let cancellation = self.cancellation
    progress?.countSized(toSize: pairs.count) { cancellation.finishedPairs }
    guard jobs > 1, !pairs.isEmpty else { return }
    // Oldest first, as recognition walks the line.
    let pairs = Array(pairs.reversed())
    DispatchQueue.global().async(group: done) { [self] in
      // A failure here is met again, and reported, when the pair is asked for.
      guard
        let sizes = try? self.history.diffStats(
          of: pairs.map { ($0.from, $0.to) }, options: options, jobs: jobs - 1, cancellation: cancellation)
      else { return }
      prefetched = Dictionary(
        zip(pairs, sizes).filter { !cancellation.isPassedOver($0.0.to) }, uniquingKeysWith: { first, _ in first })
    }
  }

  /// Recognition found the line commit `commit` to be no change's own `C^1 -> C`.
  func passOver(_ commit: ObjectID) {
    cancellation.passOver(commit)
  }

  /// The first-parent commits from `tip` committed in `since...until`, each with its
  /// parent. The whole line is walked, as recognition walks it: committer times along
  /// it are not ordered when clocks were wrong.
  static func windowPairs(from tip: ObjectID, in graph: CommitGraph, since: Int64, until: Int64) throws -> [Pair] {
    guard since <= until else { return [] }
    var pairs: [Pair] = []
    var next: CommitGraph.Node? = graph.node(tip)
    while let node = next {
      next = try graph.firstParent(node)
      guard (since...until).contains(try graph.time(node)) else { continue }
      pairs.append(Pair(from: next.map(graph.id), to: graph.id(node)))
    }
    return pairs
  }

  /// The sizes of `pairs`, in order: prefetched where they were, diffed now where not.
  func sizes(of pairs: [Pair]) throws -> [DiffStats?] {
    cancellation.help()
    done.wait()
    var results: [DiffStats??] = pairs.map { prefetched[$0] }
    let missing = pairs.indices.filter { results[$0] == nil }
    if !missing.isEmpty {
      let fresh = try history.diffStats(
        of: missing.map { (pairs[$0].from, pairs[$0].to) }, options: options, jobs: jobs)
      for (index, stats) in zip(missing, fresh) { results[index] = .some(stats) }
    }
    return results.map { $0! }
  }

  /// Stops the prefetching threads, which read the history, and waits for them before it
  /// goes away: when recognition failed, the error is not held back by diffs no one reads.
  func finish() {
    cancellation.cancel()
    done.wait()
  }
}
