import Foundation
import GitHistory

/// Changes recognised up to a first-parent commit, kept between runs so that a rerun
/// recognises only what the line gained since (a nightly job's new work).
///
/// What recognition of the line up to that commit depends on, besides the commits
/// themselves, is in the fingerprint: the version of the rules, the settings, the window
/// start, the mailmap's sources, the review heads, the long-lived branch tips and the
/// remotes. Any change to one of them and the checkpoint is not used.
struct RecognitionCheckpoint: Codable {
  /// Bumped whenever recognition or finishing changes what it produces.
  static let version = "recognition-1"

  /// The newest first-parent commit walked, after which nothing was held open.
  var lineCommit: String
  var changes: [Change]

  static func fingerprint(
    _ context: RecognitionContext, since: Int64?, start: Int64?, reviewHeads: [ReviewHead]
  ) -> String {
    var parts = [
      version, context.source.identityFingerprint,
      "sync=" + context.settings.syncBranches.joined(separator: ","),
      "bots=" + context.settings.identityRules.botPatterns.joined(separator: ","),
      "ai=" + context.settings.identityRules.aiPatterns.joined(separator: ","),
      "since=\(since.map(String.init) ?? "-")", "start=\(start.map(String.init) ?? "-")",
      "remotes=" + context.ownRemoteURLs.sorted().joined(separator: ","),
      "tips=" + context.syncBranchTips.map(\.hex).sorted().joined(separator: ","),
    ]
    parts += reviewHeads.map { "\($0.forge.rawValue)#\($0.number)=\($0.tip.hex)" }.sorted()
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in parts.joined(separator: "\n").utf8 {
      hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
    }
    return String(hash, radix: 16)
  }
}

/// What recognition produced of a change, as kept in a checkpoint; what later steps add
/// (sizes, deployments, reverts, teams, ids) is not kept.
extension Change: Codable {
  private enum Keys: String, CodingKey {
    case kind, number, forge, title, author, coAuthors, reviewers, reviewSource, merger, isImport, cohort
    case mergeCommit, commits, mergedAt, firstCommitAt, lastCommitAt, timingSource, landedCommits, diffBase
    case diffTip, clockSkews, authoredCommits, revertedShas
  }

  public init(from decoder: Decoder) throws {
    let values = try decoder.container(keyedBy: Keys.self)
    func id(_ hex: String) throws -> ObjectID {
      guard let id = ObjectID(hex: hex) else {
        throw DecodingError.dataCorruptedError(forKey: .mergeCommit, in: values, debugDescription: "bad id \(hex)")
      }
      return id
    }
    self.init(
      changeID: "", kind: try values.decode(Kind.self, forKey: .kind),
      number: try values.decodeIfPresent(String.self, forKey: .number),
      forge: try values.decodeIfPresent(Forge.self, forKey: .forge),
      title: try values.decode(String.self, forKey: .title), author: try values.decode(Identity.self, forKey: .author),
      coAuthors: try values.decode([String].self, forKey: .coAuthors),
      reviewers: try values.decode([String].self, forKey: .reviewers),
      reviewSource: try values.decodeIfPresent(ReviewSource.self, forKey: .reviewSource),
      merger: try values.decodeIfPresent(String.self, forKey: .merger),
      isImport: try values.decode(Bool.self, forKey: .isImport), cohort: try values.decode(Cohort.self, forKey: .cohort),
      mergeCommit: try id(values.decode(String.self, forKey: .mergeCommit)),
      commits: try values.decode(Int.self, forKey: .commits), mergedAt: try values.decode(Int64.self, forKey: .mergedAt),
      firstCommitAt: try values.decodeIfPresent(Int64.self, forKey: .firstCommitAt),
      lastCommitAt: try values.decodeIfPresent(Int64.self, forKey: .lastCommitAt),
      timingSource: try values.decode(TimingSource.self, forKey: .timingSource),
      landedCommits: try values.decode([String].self, forKey: .landedCommits).map(id),
      diffBase: try values.decodeIfPresent(String.self, forKey: .diffBase).map(id),
      diffTip: try id(values.decode(String.self, forKey: .diffTip)),
      clockSkews: try values.decode(Int.self, forKey: .clockSkews))
    authoredCommits = try values.decode([AuthoredCommit].self, forKey: .authoredCommits)
    revertedShas = try values.decode([String].self, forKey: .revertedShas)
  }

  public func encode(to encoder: Encoder) throws {
    var values = encoder.container(keyedBy: Keys.self)
    try values.encode(kind, forKey: .kind)
    try values.encodeIfPresent(number, forKey: .number)
    try values.encodeIfPresent(forge, forKey: .forge)
    try values.encode(title, forKey: .title)
    try values.encode(author, forKey: .author)
    try values.encode(coAuthors, forKey: .coAuthors)
    try values.encode(reviewers, forKey: .reviewers)
    try values.encodeIfPresent(reviewSource, forKey: .reviewSource)
    try values.encodeIfPresent(merger, forKey: .merger)
    try values.encode(isImport, forKey: .isImport)
    try values.encode(cohort, forKey: .cohort)
    try values.encode(mergeCommit.hex, forKey: .mergeCommit)
    try values.encode(commits, forKey: .commits)
    try values.encode(mergedAt, forKey: .mergedAt)
    try values.encodeIfPresent(firstCommitAt, forKey: .firstCommitAt)
    try values.encodeIfPresent(lastCommitAt, forKey: .lastCommitAt)
    try values.encode(timingSource, forKey: .timingSource)
    try values.encode(landedCommits.map(\.hex), forKey: .landedCommits)
    try values.encodeIfPresent(diffBase?.hex, forKey: .diffBase)
    try values.encode(diffTip.hex, forKey: .diffTip)
    try values.encode(clockSkews, forKey: .clockSkews)
    try values.encode(authoredCommits, forKey: .authoredCommits)
    try values.encode(revertedShas, forKey: .revertedShas)
  }
}

extension Change.Kind: Codable {}
extension Change.TimingSource: Codable {}
extension Change.ReviewSource: Codable {}
extension Change.Cohort: Codable {}
extension Forge: Codable {}
