import Foundation
import GitHistory

/// Changes recognised up to a first-parent commit, kept between runs so that a rerun
/// recognises only what the line gained since (a nightly job's new work).
///
/// What recognition of the line up to that commit depends on, besides the commits
/// themselves, is in the fingerprint: the version of the rules, the settings, the window
/// start, the mailmap's sources, the review heads, the long-lived branch tips and the
/// remotes. Any change to one of them and the checkpoint is not used.
struct RecognitionCheckpoint {
  /// Bumped whenever recognition or finishing changes what it produces.
  /// 3: strings kept by their bytes (a name in NFC and in NFD are two strings).
  /// 4: each change keeps its rule, the facts the coverage hints read, and whether its author merged it.
  static let version = "recognition-4"

  /// The newest first-parent commit walked, after which nothing was held open.
  var lineCommit: ObjectID
  var changes: [Change]

  static func fingerprint(
    _ context: RecognitionContext, since: Int64?, start: Int64?, reviewHeads: [ReviewHead]
  ) -> String {
    let parts = [
      version, context.source.identityFingerprint,
      "sync=" + context.settings.syncBranches.joined(separator: ","),
      "bots=" + context.settings.identityRules.botPatterns.joined(separator: ","),
      "ai=" + context.settings.identityRules.aiPatterns.joined(separator: ","),
      "conventions=" + context.settings.conventions.map(\.fingerprint).joined(separator: "\u{2}"),
      "since=\(since.map(String.init) ?? "-")", "start=\(start.map(String.init) ?? "-")",
      "people=\(context.peopleFrom.map(String.init) ?? "-")",
      "remotes=" + context.ownRemoteURLs.sorted().joined(separator: ","),
      "tips=" + context.syncBranchTips.map(\.hex).sorted().joined(separator: ","),
    ]
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    func add(_ value: UInt64) {
      for shift in stride(from: 0, to: 64, by: 8) { hash = (hash ^ (value >> UInt64(shift) & 0xff)) &* 0x100_0000_01b3 }
    }
    for byte in parts.joined(separator: "\n").utf8 { add(UInt64(byte)) }
    // Heads as numbers, in a fixed order: sorting thousands of formatted strings was a
    // tenth of a resumed run.
    let heads = reviewHeads.map { (forge: $0.forge == .gitlab ? 1 : 0, number: $0.number, tip: $0.tip) }
      .sorted { ($0.forge, $0.number, $0.tip) < ($1.forge, $1.number, $1.tip) }
    for head in heads {
      add(UInt64(head.forge))
      add(UInt64(truncatingIfNeeded: head.number))
      let words = head.tip.words
      add(words.0)
      add(words.1)
      add(UInt64(words.2))
    }
    return String(hash, radix: 16)
  }
}


/// The bytes of a checkpoint: every string once in a table, then each change as numbers
/// and table indices. JSON took half of a resumed whole-history run to decode.
extension RecognitionCheckpoint {
  func encoded(fingerprint: String) -> Data {
    var writer = CheckpointWriter()
    writer.string(fingerprint)
    writer.id(lineCommit)
    writer.count(changes.count)
    for change in changes {
      writer.count(Change.Kind.allCases.firstIndex(of: change.kind)!)
      writer.optionalString(change.number)
      writer.optionalString(change.forge?.rawValue)
      writer.string(change.title)
      writer.identity(change.author)
      writer.strings(change.coAuthors)
      writer.strings(change.reviewers)
      writer.optionalString(change.reviewSource?.rawValue)
      writer.optionalString(change.merger)
      writer.count(change.mergedByAuthor ? 1 : 0)
      writer.string(change.rule)
      writer.strings(change.unreadTrailers)
      writer.count(change.landedBy == nil ? 0 : 1)
      change.landedBy.map { writer.identity($0) }
      writer.count(change.mergedForOther ? 1 : 0)
      writer.count(change.isImport ? 1 : 0)
      writer.string(change.cohort.rawValue)
      writer.id(change.mergeCommit)
      writer.count(change.commits)
      writer.time(change.mergedAt)
      writer.optionalTime(change.firstCommitAt)
      writer.optionalTime(change.lastCommitAt)
      writer.string(change.timingSource.rawValue)
      writer.count(change.landedCommits.count)
      change.landedCommits.forEach { writer.id($0) }
      writer.count(change.diffBase == nil ? 0 : 1)
      change.diffBase.map { writer.id($0) }
      writer.id(change.diffTip)
      writer.count(change.clockSkews)
      writer.count(change.authoredCommits.count)
      for commit in change.authoredCommits {
        writer.identity(commit.author)
        writer.time(commit.at)
      }
      writer.strings(change.revertedShas)
    }
    return writer.finished()
  }

  /// Nil for bytes this version did not write, or written under another fingerprint.
  init?(_ data: Data, fingerprint: String) {
    guard var reader = CheckpointReader(data), reader.string() == fingerprint, let lineCommit = reader.id() else {
      return nil
    }
    self.lineCommit = lineCommit
    changes = []
    let count = reader.count()
    changes.reserveCapacity(count)
    for _ in 0..<count {
      guard let kind = Change.Kind.allCases[safe: reader.number()],
        let change = reader.change(kind: kind)
      else { return nil }
      changes.append(change)
    }
    guard reader.isAtEnd else { return nil }
  }
}

/// Writes every string once, in a table that comes first; values refer to it by index.
private struct CheckpointWriter {
  private var body = ByteWriter()
  /// By bytes: a name precomposed and decomposed are two strings here, kept as written.
  private var table: [ExactText: Int] = [:]
  private var strings: [String] = []

  mutating func count(_ value: Int) { body.count(value) }
  mutating func time(_ value: Int64) { body.time(value) }

  mutating func optionalTime(_ value: Int64?) {
    count(value == nil ? 0 : 1)
    value.map { time($0) }
  }

  mutating func string(_ value: String) { count(index(value)) }

  /// 0 for none, else the table index plus one.
  mutating func optionalString(_ value: String?) { count(value.map { index($0) + 1 } ?? 0) }

  mutating func strings(_ values: [String]) {
    count(values.count)
    values.forEach { string($0) }
  }

  mutating func identity(_ identity: Identity) {
    string(identity.name)
    string(identity.email)
  }

  mutating func id(_ id: ObjectID) { string(id.hex) }

  private mutating func index(_ value: String) -> Int {
    if let known = table[ExactText(value)] { return known }
    table[ExactText(value)] = strings.count
    strings.append(value)
    return strings.count - 1
  }

  func finished() -> Data {
    var head = ByteWriter()
    head.count(strings.count)
    strings.forEach { head.text($0) }
    head.append(body)
    return Data(head.bytes)
  }
}

private struct CheckpointReader {
  private var body: ByteReader
  private var strings: [String] = []
  private var ids: [Int: ObjectID] = [:]

  init?(_ data: Data) {
    body = ByteReader(data)
    let count = body.count()
    strings.reserveCapacity(count)
    for _ in 0..<count { strings.append(body.text()) }
    if body.failed { return nil }
  }

  var isAtEnd: Bool { body.isAtEnd }
  var failed: Bool { body.failed }

  /// How many items follow (bounded by the bytes left).
  mutating func count() -> Int { body.count() }
  /// A number or an index.
  mutating func number() -> Int { body.number() }
  mutating func time() -> Int64 { body.time() }
  mutating func optionalTime() -> Int64? { number() == 0 ? nil : time() }

  mutating func string() -> String? { strings[safe: number()] }

  mutating func optionalString() -> String?? {
    let index = number()
    guard index > 0 else { return .some(nil) }
    return strings[safe: index - 1].map { .some($0) }
  }

  mutating func stringList() -> [String]? {
    var values: [String] = []
    for _ in 0..<count() {
      guard let value = string() else { return nil }
      values.append(value)
    }
    return values
  }

  mutating func identity() -> Identity? {
    guard let name = string(), let email = string() else { return nil }
    return Identity(name: name, email: email)
  }

  /// Ids repeat (a merge's branch is its authored commits): each string parsed once.
  mutating func id() -> ObjectID? {
    let index = number()
    if let known = ids[index] { return known }
    guard let id = strings[safe: index].flatMap({ ObjectID(hex: $0) }) else { return nil }
    ids[index] = id
    return id
  }

  mutating func change(kind: Change.Kind) -> Change? {
    guard case .some(let reviewNumber) = optionalString(), case .some(let forgeName) = optionalString(),
      let title = string(), let author = identity(), let coAuthors = stringList(), let reviewers = stringList(),
      case .some(let reviewSourceName) = optionalString(), case .some(let merger) = optionalString()
    else { return nil }
    let mergedByAuthor = number() == 1
    guard let rule = string(), let unreadTrailers = stringList() else { return nil }
    let landedBy = number() == 1 ? identity() : nil
    let mergedForOther = number() == 1
    let isImport = number() == 1
    guard let cohort = string().flatMap(Change.Cohort.init(rawValue:)), let mergeCommit = id() else { return nil }
    let commits = number()
    let mergedAt = time()
    let first = optionalTime()
    let last = optionalTime()
    guard let timing = string().flatMap(Change.TimingSource.init(rawValue:)) else { return nil }
    var landed: [ObjectID] = []
    for _ in 0..<count() {
      guard let id = id() else { return nil }
      landed.append(id)
    }
    let diffBase = number() == 1 ? id() : nil
    guard let diffTip = id() else { return nil }
    let skews = number()
    var authored: [AuthoredCommit] = []
    for _ in 0..<count() {
      guard let author = identity() else { return nil }
      authored.append(AuthoredCommit(author: author, at: time()))
    }
    guard let shas = stringList(), !failed else { return nil }
    var change = Change(
      changeID: "", kind: kind, number: reviewNumber, forge: forgeName.flatMap(Forge.init(rawValue:)), title: title,
      author: author, coAuthors: coAuthors, reviewers: reviewers,
      reviewSource: reviewSourceName.flatMap(Change.ReviewSource.init(rawValue:)), merger: merger,
      isImport: isImport, cohort: cohort, mergeCommit: mergeCommit, commits: commits, mergedAt: mergedAt,
      firstCommitAt: first, lastCommitAt: last, timingSource: timing, landedCommits: landed, diffBase: diffBase,
      diffTip: diffTip, clockSkews: skews)
    change.authoredCommits = authored
    change.mergedByAuthor = mergedByAuthor
    change.rule = rule
    change.unreadTrailers = unreadTrailers
    change.landedBy = landedBy
    change.mergedForOther = mergedForOther
    change.revertedShas = shas
    return change
  }
}

extension Array {
  subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
