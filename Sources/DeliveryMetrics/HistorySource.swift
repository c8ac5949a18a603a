import Foundation
import GitHistory

/// What the delivery model reads of a repository. `GitHistory.Repository` provides it
/// (see the executable's adapter); tests provide it from fixtures or from memory.
/// Nothing in DeliveryMetrics reads git or the filesystem any other way.
public protocol HistorySource {
  func commit(_ id: ObjectID) throws -> Commit
  /// A commit's parents (none past a shallow boundary), committer time and author: what
  /// walks need, read without the message.
  func links(of id: ObjectID) throws -> CommitLinks
  /// Newest first, from `tip` to the root or the shallow boundary.
  func firstParentLine(from tip: ObjectID) throws -> [ObjectID]
  /// As `git rev-list A ^B`: newest first.
  func commits(reachableFrom included: [ObjectID], excluding excluded: [ObjectID]) throws -> [ObjectID]
  /// Every ref but `HEAD`, with what it names.
  func references() throws -> [Reference]
  func reviewHeads() throws -> [ReviewHead]
  func tags() throws -> [Tag]
  /// The commit a ref finally names, or nil.
  func commitID(of reference: Reference) throws -> ObjectID?
  /// The canonical identity for what a commit recorded (`.mailmap`).
  func canonical(name: String, email: String) -> (name: String, email: String)
  /// Lines and files changed between two commits; throws a `.missingObject` GitError
  /// when a partial clone lacks a blob.
  func diffStats(from old: ObjectID?, to new: ObjectID, options: DiffOptions) throws -> DiffStats
  /// Many diffs at once, on up to `jobs` threads, in the order asked; nil where blobs are
  /// missing. A source that can stop midway gives up, and throws, once `cancellation` is
  /// cancelled.
  func diffStats(
    of pairs: [(from: ObjectID?, to: ObjectID)], options: DiffOptions, jobs: Int, cancellation: DiffCancellation?
  ) throws -> [DiffStats?]
  /// URLs of the repository's own remotes, to tell its merges from another repository's.
  func remoteURLs() throws -> [String]
  /// Changes when anything identities are resolved with changes (the mailmap's sources).
  var identityFingerprint: String { get }
  /// What `keepData` kept under a name in an earlier run: a place for what the model keeps
  /// between runs (recognition checkpoints, the commit graph). Nil when there is none.
  func keptData(named name: String) -> Data?
  func keepData(_ data: Data, named name: String)
  /// Whether `keepData` keeps anything: when not, nothing is encoded for it.
  var keepsData: Bool { get }
}

extension HistorySource {
  public func diffStats(of pairs: [(from: ObjectID?, to: ObjectID)], options: DiffOptions, jobs: Int) throws -> [DiffStats?] {
    try diffStats(of: pairs, options: options, jobs: jobs, cancellation: nil)
  }

  public var identityFingerprint: String { "" }
  public func keptData(named name: String) -> Data? { nil }
  public func keepData(_ data: Data, named name: String) {}
  public var keepsData: Bool { false }

  public func links(of id: ObjectID) throws -> CommitLinks {
    let commit = try commit(id)
    return CommitLinks(
      parents: commit.parentsCut ? [] : commit.parents, committedAt: commit.committer.time.seconds,
      author: commit.author)
  }
}

/// Commits read once and kept while they are likely to be read again: recognition,
/// reverts and people read the same commits within a few steps of the line. The store
/// is bounded, so a whole history is not held in memory (82k commits of git/git, messages
/// and all, were a third of a run's peak).
public final class CommitStore {
  public let source: HistorySource
  private var cache: [ObjectID: Commit] = [:]
  /// Parents and times of every commit walked, read without messages.
  let graph: CommitGraph
  /// Commits kept at most; past it the store starts afresh.
  static let capacity = 8_192

  /// Nodes the kept graph brought, read in an earlier run.
  private let keptReadCount: Int

  public init(_ source: HistorySource) {
    self.source = source
    graph = CommitGraph(source)
    if let kept = source.keptData(named: "graph") { graph.preload(kept) }
    keptReadCount = graph.readCount
  }

  /// Keeps the graph for the next run, when this run read commits it did not hold.
  public func keepGraph() {
    guard source.keepsData, graph.readCount > keptReadCount else { return }
    source.keepData(graph.encoded(), named: "graph")
  }

  public func commit(_ id: ObjectID) throws -> Commit {
    if let cached = cache[id] { return cached }
    let commit = try source.commit(id)
    if cache.count >= Self.capacity { cache.removeAll(keepingCapacity: true) }
    cache[id] = commit
    return commit
  }
}
