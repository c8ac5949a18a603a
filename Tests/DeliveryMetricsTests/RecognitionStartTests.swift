@testable import DeliveryMetrics
import FixtureSupport
import Foundation
import GitHistory
import Testing

/// Counts which commits were read whole (message and all) rather than as parents and time.
private final class ReadCounter: HistorySource {
  let base: Repository
  private(set) var readWhole: Set<ObjectID> = []
  /// Checkpoints kept in memory, as the cache keeps them between runs.
  var kept: [String: Data] = [:]
  var extraHeads: [ReviewHead] = []

  init(_ base: Repository) { self.base = base }

  func commit(_ id: ObjectID) throws -> Commit {
    readWhole.insert(id)
    return try base.commit(id)
  }
  private(set) var linksRead = 0
  func links(of id: ObjectID) throws -> CommitLinks {
    linksRead += 1
    return try base.links(of: id)
  }
  func firstParentLine(from tip: ObjectID) throws -> [ObjectID] { try base.firstParentLine(from: tip) }
  func commits(reachableFrom included: [ObjectID], excluding excluded: [ObjectID]) throws -> [ObjectID] {
    try base.commits(reachableFrom: included, excluding: excluded)
  }
  func references() throws -> [Reference] { try base.references() }
  func reviewHeads() throws -> [ReviewHead] { try base.reviewHeads() + extraHeads }
  func keptData(named name: String) -> Data? { kept[name] }
  func keepData(_ data: Data, named name: String) { kept[name] = data }
  var keepsData: Bool { true }
  func forgetReads() {
    readWhole = []
    linksRead = 0
  }
  func tags() throws -> [GitHistory.Tag] { try base.tags() }
  func commitID(of reference: Reference) throws -> ObjectID? { try base.commitID(of: reference) }
  func canonical(name: String, email: String) -> (name: String, email: String) {
    base.canonical(name: name, email: email)
  }
  func diffStats(from old: ObjectID?, to new: ObjectID, options: DiffOptions) throws -> DiffStats {
    try base.diffStats(from: old, to: new, options: options)
  }
  func diffStats(
    of pairs: [(from: ObjectID?, to: ObjectID)], options: DiffOptions, jobs: Int, cancellation: DiffCancellation?
  ) throws -> [DiffStats?] {
    try base.diffStats(of: pairs, options: options, jobs: jobs, cancellation: cancellation)
  }
  func remoteURLs() throws -> [String] { try base.remoteURLs() }
}

@Suite("Only what the window and the output need is read (issue 5)")
struct RecognitionStartTests {
  @Test(
    "from any merge on the line: the same changes after it, and no older first-parent message read",
    arguments: AnswerKey.fixturesWithChanges())
  func cutAfterMerges(fixture name: String) throws {
    let fixture = try RecognizedFixture(name)
    let target = try fixture.repository.targetBranch()
    let line = try fixture.repository.firstParentLine(from: target.tip)
    var cuts = 0
    // Between a merge (older) and the commit after it nothing is held open: no group or run.
    for index in line.indices.dropLast() where try fixture.repository.commit(line[index + 1]).parents.count > 1 {
      let start = try fixture.repository.commit(line[index]).committer.time.seconds
      guard let cut = try line.firstIndex(where: { try fixture.repository.commit($0).committer.time.seconds < start }) else {
        continue
      }
      // Only where the line's times are in order, so that "merged from the start on" is the span.
      let times = try line.map { try fixture.repository.commit($0).committer.time.seconds }
      guard times[..<cut].allSatisfy({ $0 >= start }), times[cut...].allSatisfy({ $0 < start }) else { continue }
      let counter = ReadCounter(fixture.repository)
      let windowed = try ChangeRecognizer().recognise(in: CommitStore(counter), target: target, from: start).changes
      let expected = fixture.changes.filter { $0.mergedAt >= start }
      let label = Comment(rawValue: "\(name), from \(line[index].abbreviated(7))")
      #expect(windowed.map(\.mergeCommit) == expected.map(\.mergeCommit), label)
      for (got, want) in zip(windowed, expected) {
        var got = got
        got.changeID = want.changeID  // a number first landed before the start is not suffixed
        #expect(got == want, label)
      }
      #expect(counter.readWhole.isDisjoint(with: line[cut...]), label)
      cuts += 1
    }
    if ["github-merges", "topic-merges", "bors"].contains(name) { #expect(cuts > 0) }
  }

  @Test(
    "a short window reports what recognising the whole history reports",
    arguments: AnswerKey.fixturesWithChanges())
  func shortWindow(fixture name: String) throws {
    let fixture = try RecognizedFixture(name)
    let merges = fixture.changes.map(\.mergedAt).sorted()
    guard let last = merges.last else { return }
    // Two days at the end, with failure, growth and stale windows of a day: recognition
    // starts about two weeks before as-of, inside every fixture's history but the shortest.
    var settings = AnalysisSettings(asOf: last + 3_600, since: last - 2 * 86_400)
    settings.failureWindow = 86_400
    settings.growthWindow = 86_400
    settings.staleAfter = 86_400
    var whole = settings
    whole.recognisesWholeHistory = true
    let target = try fixture.repository.targetBranch()
    let windowed = try DeliveryAnalyzer(settings: settings).analyze(fixture.repository, target: target)
    let reference = try DeliveryAnalyzer(settings: whole).analyze(fixture.repository, target: target)
    #expect(windowed.allChanges.count <= reference.allChanges.count)
    if ["github-squash", "github-merges", "topic-merges"].contains(name) {
      #expect(windowed.allChanges.count < reference.allChanges.count, "the start falls inside the history")
    }
    #expect(windowed.changes == reference.changes)
    #expect(windowed.deployments == reference.deployments)
    #expect(windowed.openItems == reference.openItems)
    #expect(windowed.queue == reference.queue)
    #expect(windowed.weeks() == reference.weeks())
    #expect(windowed.authors() == reference.authors())
    #expect(windowed.divergence() == reference.divergence())
  }

  @Test("a revert of a change from before the start is still a revert, naming it by its landing commit")
  func revertOfAnOldChange() throws {
    let day: Int64 = 86_400
    let history = MemoryHistory()
    let root = history.add("Start")
    let old = history.add("Add a cache", parents: [root], authored: day)
    var tip = old
    for index in 2...20 { tip = history.add("Step \(index)", parents: [tip], authored: Int64(index) * 9 * day) }
    let revert = history.add(
      "Revert \"Add a cache\"\n\nThis reverts commit \(old.hex).", parents: [tip], authored: 201 * day)
    history.branch("refs/heads/main", at: revert)
    let start = try history.commit(root).committer.time.seconds
    var settings = AnalysisSettings(asOf: start + 202 * day, since: start + 195 * day)
    let windowed = try DeliveryAnalyzer(settings: settings).analyze(history, target: history.target())
    settings.recognisesWholeHistory = true
    let whole = try DeliveryAnalyzer(settings: settings).analyze(history, target: history.target())
    #expect(!windowed.allChanges.contains { $0.mergeCommit == old }, "recognition started after the old change")
    #expect(windowed.changes.map(\.mergeCommit) == [revert])
    #expect(windowed.changes.first?.isRevert == true)
    // Named without recognising the old change: its landing commit on the target (no number: 12 hex digits).
    #expect(windowed.changes.first?.reverts == String(old.hex.prefix(12)))
    #expect(whole.changes.first?.isRevert == true)
    #expect(whole.changes.first?.reverts == whole.allChanges.first { $0.mergeCommit == old }?.changeID)
    #expect(whole.changes.first?.reverts != nil)
  }

  @Test("without the queue, changes, deployments and people are the same", arguments: ["github-squash", "tags", "topic-merges"])
  func withoutQueue(fixture name: String) throws {
    let fixture = try RecognizedFixture(name)
    var settings = AnalysisSettings(asOf: utc("2026-12-31T00:00:00Z"), since: utc("2026-01-01T00:00:00Z"))
    let target = try fixture.repository.targetBranch()
    let full = try DeliveryAnalyzer(settings: settings).analyze(fixture.repository, target: target)
    settings.readsQueue = false
    let lean = try DeliveryAnalyzer(settings: settings).analyze(fixture.repository, target: target)
    #expect(lean.changes == full.changes)
    #expect(lean.deployments == full.deployments)
    #expect(lean.authors() == full.authors())
    #expect(lean.openItems.isEmpty && lean.queue.isEmpty)
    #expect(!full.queue.isEmpty)
  }

  @Test(
    "a checkpoint: the rerun reads no first-parent message and says the same; other settings, window or heads do not use it",
    arguments: ["github-merges", "github-squash", "gitlab-marge", "topic-merges"])
  func checkpoint(fixture name: String) throws {
    let fixture = try RecognizedFixture(name)
    let source = ReadCounter(fixture.repository)
    let target = try fixture.repository.targetBranch()
    let line = try fixture.repository.firstParentLine(from: target.tip)
    let settings = AnalysisSettings(asOf: utc("2026-12-31T00:00:00Z"), since: utc("2026-01-01T00:00:00Z"))
    let first = try DeliveryAnalyzer(settings: settings).analyze(source, target: target)
    #expect(first.resumedChanges == 0)
    let checkpointName = "checkpoint " + target.ref
    #expect(source.kept[checkpointName] != nil)

    source.forgetReads()
    let second = try DeliveryAnalyzer(settings: settings).analyze(source, target: target)
    #expect(second.resumedChanges > 0)
    #expect(second.changes == first.changes)
    #expect(second.allChanges == first.allChanges)
    #expect(second.authors() == first.authors())
    // Only what follows the checkpoint's commit, if anything, is read whole.
    #expect(source.readWhole.intersection(line).count < line.count / 2)

    // Bytes that are not a checkpoint are not trusted.
    let kept = try #require(source.kept[checkpointName])
    for damaged in [Data(), Data(kept.dropLast()), Data(kept.prefix(kept.count / 2)), Data(repeating: 0xff, count: 64)] {
      source.kept[checkpointName] = damaged
      let rerun = try DeliveryAnalyzer(settings: settings).analyze(source, target: target)
      #expect(rerun.resumedChanges == 0)
      #expect(rerun.allChanges == first.allChanges)
    }

    var botSettings = settings
    botSettings.recognition.identityRules.botPatterns = ["someone"]
    #expect(try DeliveryAnalyzer(settings: botSettings).analyze(source, target: target).resumedChanges == 0)
    var laterWindow = settings
    laterWindow.since += 86_400
    #expect(try DeliveryAnalyzer(settings: laterWindow).analyze(source, target: target).resumedChanges == 0)
    source.kept = [:]
    _ = try DeliveryAnalyzer(settings: settings).analyze(source, target: target)
    source.extraHeads = [ReviewHead(forge: .github, number: 999, ref: "refs/pull/999/head", tip: target.tip)]
    #expect(try DeliveryAnalyzer(settings: settings).analyze(source, target: target).resumedChanges == 0)
  }

  @Test("a kept graph: the rerun reads no parents again; damaged bytes are not trusted", arguments: ["topic-merges", "tags"])
  func keptGraph(fixture name: String) throws {
    let fixture = try RecognizedFixture(name)
    let source = ReadCounter(fixture.repository)
    let target = try fixture.repository.targetBranch()
    var settings = AnalysisSettings(asOf: utc("2026-12-31T00:00:00Z"), since: utc("2026-01-01T00:00:00Z"))
    let first = try DeliveryAnalyzer(settings: settings).analyze(source, target: target)
    #expect(source.linksRead > 0)
    let graph = try #require(source.kept["graph"])
    source.kept.removeValue(forKey: "checkpoint " + target.ref)
    source.forgetReads()
    // Another window: recognition runs again, over the kept graph.
    settings.since += 1
    let second = try DeliveryAnalyzer(settings: settings).analyze(source, target: target)
    #expect(source.linksRead == 0)
    #expect(second.resumedChanges == 0)
    #expect(second.allChanges == first.allChanges)
    #expect(second.openItems == first.openItems)
    #expect(second.deployments.map(\.changes) == first.deployments.map(\.changes))
    for damaged in [Data(), Data(graph.dropLast()), Data(graph.prefix(graph.count / 2)), Data(repeating: 0x81, count: 64)] {
      source.kept = ["graph": damaged]
      source.forgetReads()
      let rerun = try DeliveryAnalyzer(settings: settings).analyze(source, target: target)
      #expect(source.linksRead > 0)
      #expect(rerun.allChanges == second.allChanges)
    }
  }
}
