import CLibGit2
import Foundation

/// Lines and files changed between two commits, counted as `git diff --numstat` counts them.
public struct DiffStats: Hashable, Sendable {
  public var additions: Int
  public var deletions: Int
  /// Files changed; a binary file counts with 0 lines, a type change counts once.
  public var files: Int
  /// Lines changed per file path, when the options ask for it (`recordsPaths`); else empty.
  public var linesByPath: [String: Int] = [:]

  public init(additions: Int = 0, deletions: Int = 0, files: Int = 0, linesByPath: [String: Int] = [:]) {
    self.additions = additions
    self.deletions = deletions
    self.files = files
    self.linesByPath = linesByPath
  }

  /// Additions plus deletions: a change's `size` (docs/figures.md section 9).
  public var lines: Int { additions + deletions }
}

/// How to count a diff.
public struct DiffOptions: Hashable, Sendable {
  /// Globs of paths left out. A glob without `/` matches a file name in any folder
  /// (`*.lock`); one with `/` matches the whole path from the root (`vendor/*`).
  public var excludedPaths: [String]
  /// Count a rename as one changed file (`--renames`); off, as `--no-renames`.
  public var detectRenames: Bool
  /// Keep each file's lines in `linesByPath` (areas of the tree, docs/figures.md section 11).
  /// The counts do not change, so a cache of counts need not tell the two apart.
  public var recordsPaths: Bool

  public init(excludedPaths: [String] = [], detectRenames: Bool = false, recordsPaths: Bool = false) {
    self.excludedPaths = excludedPaths
    self.detectRenames = detectRenames
    self.recordsPaths = recordsPaths
  }

  func excludes(_ path: String) -> Bool {
    guard !excludedPaths.isEmpty else { return false }
    // On bytes: with Foundation imported, a String's `contains` and `split` searched
    // through NSString, a tenth of a history diff's CPU at one call per changed file.
    let name = path.utf8.lastIndex(of: UInt8(ascii: "/")).map { String(path[path.utf8.index(after: $0)...]) } ?? path
    return excludedPaths.contains { pattern in
      pattern.utf8.contains(UInt8(ascii: "/"))
        ? fnmatch(pattern, path, 0) == 0
        : fnmatch(pattern, name, 0) == 0
    }
  }
}

extension Repository {
  /// The diff stats from `old` to `new`; from the empty tree when `old` is nil (a root commit).
  ///
  /// Throws a `.missingObject` error when a blob the diff needs is not in the
  /// repository (a partial clone), which callers report as a missing size, not corruption.
  public func diffStats(
    from old: ObjectID?, to new: ObjectID, options: DiffOptions = DiffOptions()
  ) throws(GitError) -> DiffStats {
    let operation = "diff \(old?.abbreviated() ?? "(root)")..\(new.abbreviated())"
    if !options.detectRenames {
      var walk = TreeDiff(repository: self, options: options, operation: operation)
      try walk.compare(try old.map { id throws(GitError) in try treeID(of: id) }, try treeID(of: new), prefix: "")
      return walk.stats
    }
    let newTree = try tree(of: new)
    defer { git_tree_free(newTree) }
    let oldTree = try old.map { id throws(GitError) in try tree(of: id) }
    defer { git_tree_free(oldTree) }

    var diffOptions = git_diff_options()
    git_diff_options_init(&diffOptions, UInt32(GIT_DIFF_OPTIONS_VERSION))
    // Only line counts matter: no context lines to generate.
    diffOptions.context_lines = 0
    diffOptions.interhunk_lines = 0
    var diff: OpaquePointer?
    try Libgit2.check(
      git_diff_tree_to_tree(&diff, pointer, oldTree, newTree, &diffOptions), operation)
    defer { git_diff_free(diff) }

    if options.detectRenames {
      var findOptions = git_diff_find_options()
      git_diff_find_options_init(&findOptions, UInt32(GIT_DIFF_FIND_OPTIONS_VERSION))
      findOptions.flags = GIT_DIFF_FIND_RENAMES.rawValue
      try Libgit2.check(git_diff_find_similar(diff, &findOptions), operation)
    }

    var stats = DiffStats()
    var lastPath: String?
    for index in 0..<git_diff_num_deltas(diff) {
      guard let delta = git_diff_get_delta(diff, index) else { continue }
      let path = String(cString: delta.pointee.new_file.path)
      guard !options.excludes(path) else { continue }
      // libgit2 splits a type change into a deletion and an addition of one path; git counts one file.
      if path != lastPath { stats.files += 1 }
      lastPath = path

      var patch: OpaquePointer?
      try Libgit2.check(git_patch_from_diff(&patch, diff, index), "\(operation) \(path)")
      defer { git_patch_free(patch) }
      var additions = 0
      var deletions = 0
      try Libgit2.check(git_patch_line_stats(nil, &additions, &deletions, patch), "\(operation) \(path)")
      stats.additions += additions
      stats.deletions += deletions
      if options.recordsPaths { stats.linesByPath[path, default: 0] += additions + deletions }
    }
    return stats
  }

  /// The tree a commit records: its first line, `tree <40 hex digits>`.
  private func treeID(of commit: ObjectID) throws(GitError) -> ObjectID {
    let operation = "read commit \(commit.abbreviated())"
    return try withObject(commit, operation) { (type, bytes) throws(GitError) in
      guard type == GIT_OBJECT_COMMIT, bytes.count >= 46, bytes.starts(with: "tree ".utf8),
        let id = ObjectID(hex: String(decoding: bytes[5..<45], as: UTF8.self))
      else {
        let what = type == GIT_OBJECT_COMMIT ? "a commit without a tree" : "not a commit"
        throw GitError(.failed, operation: operation, detail: what)
      }
      return id
    }
  }

  private func tree(of commit: ObjectID) throws(GitError) -> OpaquePointer {
    try withCommit(commit) { commit throws(GitError) in
      var tree: OpaquePointer?
      try Libgit2.check(git_commit_tree(&tree, commit), "read the tree of \(ObjectID(git_commit_id(commit).pointee).abbreviated())")
      return tree!
    }
  }
}

extension Repository {
  /// The diff stats of many commit pairs on `jobs` threads, each with its own repository
  /// handle, in the order asked. A pair whose blobs are missing (a partial clone) gives nil.
  ///
  /// Workers take the next few pairs from a shared counter, so a thread that meets large
  /// diffs does not hold the others back. With more than one job this handle is not used, so
  /// the caller may go on reading through it on another thread meanwhile. Once
  /// `cancellation` is cancelled, no further pair is begun and the call throws.
  public func diffStats(
    of pairs: [(from: ObjectID?, to: ObjectID)], options: DiffOptions = DiffOptions(), jobs: Int
  ) throws(GitError) -> [DiffStats?] {
    try diffStats(of: pairs, options: options, jobs: jobs, cancellation: nil)
  }

  public func diffStats(
    of pairs: [(from: ObjectID?, to: ObjectID)], options: DiffOptions = DiffOptions(), jobs: Int,
    cancellation: DiffCancellation?
  ) throws(GitError) -> [DiffStats?] {
    let work = DiffWork(count: pairs.count)
    let location = self.location
    let workers = max(1, min(jobs, pairs.count))
    @Sendable func diff(_ index: Int, in repository: Repository) {
      if cancellation?.isCancelled == true {
        work.record(index, .failure(GitError(.failed, operation: "diff \(pairs.count) commit pairs", detail: "cancelled")))
      } else if cancellation?.isPassedOver(pairs[index].to) == true {
        work.record(index, .success(nil))
        cancellation?.finishedOne(passedOver: true)
      } else {
        work.record(index, Self.stats(pairs[index], options, in: repository))
        cancellation?.finishedOne()
      }
    }
    // Each worker reads through a handle of its own.
    @Sendable func runWorker(_: Int) {
      let repository: Repository
      do throws(GitError) { repository = try Repository(location) } catch {
        work.fail(error)
        return
      }
      while let chunk = work.next() {
        for index in chunk { diff(index, in: repository) }
      }
    }
    // Under a cancellation the caller goes on reading through this handle meanwhile.
    if jobs <= 1, cancellation == nil {
      for index in pairs.indices { diff(index, in: self) }
    } else {
      cancellation?.offerHelp(runWorker)
      DispatchQueue.concurrentPerform(iterations: workers, execute: runWorker)
      cancellation?.offerHelp(nil)
      work.waitForChunksTaken()
    }
    return try work.results()
  }

  private static func stats(
    _ pair: (from: ObjectID?, to: ObjectID), _ options: DiffOptions, in repository: Repository
  ) -> Result<DiffStats?, GitError> {
    do throws(GitError) {
      return .success(try repository.diffStats(from: pair.from, to: pair.to, options: options))
    } catch where error.kind == .missingObject {
      // A partial clone lacks objects by design, and mirror snapshots leave out a few large
      // blobs: the size is then unknown. A missing tree outside a partial clone is damage.
      if repository.isPartialClone { return .success(nil) }
      guard error.isMissingBlob else { return .failure(repository.corruption(error)) }
      // A damaged index hides objects it holds: then the blob is not left out, it is lost.
      let damaged = IndexChecksum.damagedIndexesOnce(inGitDirectory: repository.location.gitDirectory)
      guard damaged.isEmpty else {
        return .failure(repository.corruption(error, damagedIndexes: damaged))
      }
      return .success(nil)
    } catch {
      return .failure(error)
    }
  }
}

/// Stops a parallel diff no longer wanted (see `Repository.diffStats(of:options:jobs:cancellation:)`),
/// from any thread.
/// It also counts the pairs finished, for a progress display.
public final class DiffCancellation: @unchecked Sendable {
  private let lock = NSLock()
  private var cancelled = false
  private var finished = 0

  public init() {}

  /// Pairs diffed so far under this cancellation.
  public var finishedPairs: Int {
    lock.lock()
    defer { lock.unlock() }
    return finished
  }

  /// Pairs given no size because they were passed over before a worker began them.
  public var skippedPairs: Int {
    lock.lock()
    defer { lock.unlock() }
    return skipped
  }

  private var skipped = 0

  func finishedOne(passedOver: Bool = false) {
    lock.lock()
    finished += 1
    if passedOver { skipped += 1 }
    lock.unlock()
  }

  public func cancel() {
    lock.lock()
    cancelled = true
    lock.unlock()
  }

  private var passedOver: Set<ObjectID> = []
  private var helper: (@Sendable (Int) -> Void)?

  /// Joins the diff under way, if one is, as one more worker on the calling thread, and
  /// returns when no pair is left to begin: a thread done with its own work lends its core.
  public func help() {
    lock.lock()
    let helper = helper
    lock.unlock()
    helper?(-1)
  }

  func offerHelp(_ helper: (@Sendable (Int) -> Void)?) {
    lock.lock()
    self.helper = helper
    lock.unlock()
  }

  /// Says that the pair ending at `commit` is no longer wanted: a worker that has not begun
  /// it yet gives it no size (nil) instead of diffing it. For callers that start diffing
  /// before they know which pairs they will need.
  public func passOver(_ commit: ObjectID) {
    lock.lock()
    passedOver.insert(commit)
    lock.unlock()
  }

  public func isPassedOver(_ commit: ObjectID) -> Bool {
    lock.lock()
    defer { lock.unlock() }
    return passedOver.contains(commit)
  }

  public var isCancelled: Bool {
    lock.lock()
    defer { lock.unlock() }
    return cancelled
  }
}

/// The shared state of a parallel diff: the next pair to take, and what each gave.
private final class DiffWork: @unchecked Sendable {
  private let lock = NSCondition()
  private var cursor = 0
  /// Pairs handed out and not recorded yet.
  private var unrecorded = 0
  private var slots: [Result<DiffStats?, GitError>?]
  private var failure: GitError?

  init(count: Int) {
    slots = Array(repeating: nil, count: count)
  }

  /// Neighbouring pairs, taken together: they read versions of the same files, whose
  /// delta bases the worker's pack reader then still holds.
  static let chunkSize = 256

  func next() -> Range<Int>? {
    lock.lock()
    defer { lock.unlock() }
    guard failure == nil, cursor < slots.count else { return nil }
    let chunk = cursor..<min(cursor + Self.chunkSize, slots.count)
    cursor = chunk.upperBound
    unrecorded += chunk.count
    return chunk
  }

  func record(_ index: Int, _ result: Result<DiffStats?, GitError>) {
    lock.lock()
    defer { lock.unlock() }
    slots[index] = result
    unrecorded -= 1
    if unrecorded == 0 { lock.broadcast() }
    if case .failure(let error) = result, failure == nil { failure = error }
  }

  /// Waits for every pair handed out to be recorded: a helper may still be on its last chunk.
  func waitForChunksTaken() {
    lock.lock()
    defer { lock.unlock() }
    while unrecorded > 0 { lock.wait() }
  }

  func fail(_ error: GitError) {
    lock.lock()
    defer { lock.unlock() }
    if failure == nil { failure = error }
  }

  func results() throws(GitError) -> [DiffStats?] {
    if let failure { throw failure }
    return try slots.map { slot throws(GitError) in try slot!.get() }
  }
}
