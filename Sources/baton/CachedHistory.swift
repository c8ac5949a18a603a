import Foundation
import Cache
import DeliveryMetrics
import GitHistory

/// The repository as the delivery model reads it, with diff stats kept in the cache:
/// what was measured once for a commit pair is read back, not diffed again.
final class CachedHistory: HistorySource {
  let repository: Repository
  let cache: DiffCache?
  /// Pairs read from the cache and pairs diffed in this run (`BATON_CACHE_STATS=1` prints them).
  private(set) var hits = 0
  private(set) var computed = 0
  private(set) var passedOver = 0

  init(_ repository: Repository, cache: DiffCache?) {
    self.repository = repository
    self.cache = cache
  }

  func diffStats(
    of pairs: [(from: ObjectID?, to: ObjectID)], options: DiffOptions, jobs: Int, cancellation: DiffCancellation?
  ) throws -> [DiffStats?] {
    let skippedBefore = cancellation?.skippedPairs ?? 0
    guard let cache else {
      let results = try repository.diffStats(of: pairs, options: options, jobs: jobs, cancellation: cancellation)
      count(computed: pairs.count, skipped: (cancellation?.skippedPairs ?? 0) - skippedBefore)
      return results
    }
    let fingerprint = Self.fingerprint(options)
    let keys = pairs.map { "\($0.from?.hex ?? "root")..\($0.to.hex) \(fingerprint)" }
    let stored = (try? cache.stats(for: keys)) ?? [:]
    // Areas need each file's lines: a pair stored without them is diffed again.
    let storedPaths = options.recordsPaths ? (try? cache.paths(for: keys)) ?? [:] : [:]
    var results = keys.map { key -> DiffStats? in
      guard let counts = stored[key] else { return nil }
      var stats = DiffStats(additions: counts.additions, deletions: counts.deletions, files: counts.files)
      if options.recordsPaths {
        guard let paths = storedPaths[key] else { return nil }
        stats.linesByPath = paths
      }
      return stats
    }
    let missing = keys.indices.filter { results[$0] == nil }
    let fresh = try repository.diffStats(
      of: missing.map { pairs[$0] }, options: options, jobs: jobs, cancellation: cancellation)
    var entries: [(key: String, additions: Int, deletions: Int, files: Int)] = []
    for (index, stats) in zip(missing, fresh) {
      results[index] = stats
      // Missing objects may arrive later (a partial clone fetches them): not cached.
      if let stats { entries.append((keys[index], stats.additions, stats.deletions, stats.files)) }
    }
    // A cache that cannot be written only costs the next run time.
    try? cache.store(entries)
    if options.recordsPaths {
      try? cache.storePaths(zip(missing, fresh).compactMap { index, stats in stats.map { (keys[index], $0.linesByPath) } })
    }
    hits += pairs.count - missing.count
    count(computed: missing.count, skipped: (cancellation?.skippedPairs ?? 0) - skippedBefore)
    return results
  }

  /// Pairs passed over (recognition found them unneeded before a worker began them) were not diffed.
  private func count(computed pairs: Int, skipped: Int) {
    computed += pairs - skipped
    passedOver += skipped
  }

  /// What the counting depends on besides the commits: excludes and renames.
  static func fingerprint(_ options: DiffOptions) -> String {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in (options.excludedPaths.joined(separator: "\u{0}") + (options.detectRenames ? "|R" : "|")).utf8 {
      hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
    }
    return String(hash, radix: 16)
  }

  func commit(_ id: ObjectID) throws -> Commit { try repository.commit(id) }
  func links(of id: ObjectID) throws -> CommitLinks { try repository.links(of: id) }
  func firstParentLine(from tip: ObjectID) throws -> [ObjectID] { try repository.firstParentLine(from: tip) }
  func commits(reachableFrom included: [ObjectID], excluding excluded: [ObjectID]) throws -> [ObjectID] {
    try repository.commits(reachableFrom: included, excluding: excluded)
  }
  // Refs do not change during a run, and a mirror can hold tens of thousands of review heads.
  private var knownReferences: [Reference]?
  private var knownReviewHeads: [ReviewHead]?

  func references() throws -> [Reference] {
    if let knownReferences { return knownReferences }
    let references = try repository.references()
    knownReferences = references
    return references
  }

  func reviewHeads() throws -> [ReviewHead] {
    if let knownReviewHeads { return knownReviewHeads }
    var heads: [ReviewHead] = []
    for reference in try references() {
      guard case .reviewHead(let forge, let number) = reference.kind, let tip = try commitID(of: reference) else { continue }
      heads.append(ReviewHead(forge: forge, number: number, ref: reference.name, tip: tip))
    }
    knownReviewHeads = heads
    return heads
  }

  /// Refs whose object is not in the repository, already warned about.
  private var dangling: Set<String> = []

  /// A review head or remote branch whose commit is gone (a fetch cut short, a pruned
  /// object) is skipped with a warning naming it, not the end of the run; the target
  /// branch and tags are read through the repository and stay errors.
  func commitID(of reference: Reference) throws -> ObjectID? {
    let result = Result { () throws(GitError) in try repository.commitID(of: reference) }
    guard case .failure(let error) = result, error.kind == .missingObject, reference.isOptional else {
      return try result.get()
    }
    if dangling.insert(reference.name).inserted {
      warn("skipped \(reference.name): the commit it names is not in the repository (\(error.detail))")
    }
    return nil
  }
  func tags() throws -> [Tag] { try repository.tags(among: references()) }
  func canonical(name: String, email: String) -> (name: String, email: String) {
    repository.canonical(name: name, email: email)
  }
  func remoteURLs() throws -> [String] { try repository.remoteURLs() }

  var identityFingerprint: String { repository.mailmapFingerprint() }

  /// What was kept between runs, by name, written in this run (`BATON_CACHE_STATS=1`).
  private(set) var keptWrites: [String] = []

  func keptData(named name: String) -> Data? {
    // A shallow clone's boundary can move (`git fetch --deepen`): what was read across it is not kept.
    guard !repository.isShallow else { return nil }
    return (try? cache?.kept(name)) ?? nil
  }

  var keepsData: Bool { cache != nil && !repository.isShallow }

  func keepData(_ data: Data, named name: String) {
    guard !repository.isShallow else { return }
    // A cache that cannot be written only costs the next run time.
    if (try? cache?.keep(data, as: name)) != nil { keptWrites.append(name) }
  }

  func diffStats(from old: ObjectID?, to new: ObjectID, options: DiffOptions) throws -> DiffStats {
    try repository.diffStats(from: old, to: new, options: options)
  }
}

extension Reference {
  /// Refs a run can do without: review heads and other remote-tracking branches.
  fileprivate var isOptional: Bool {
    switch kind {
    case .reviewHead, .remoteBranch: true
    default: false
    }
  }
}
