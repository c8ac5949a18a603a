import DeliveryMetrics
import GitHistory
import Testing

@Suite("Sync merges a maintainer names by hand (git.git's `Sync with ...`)")
struct SyncMergeTests {
  /// main: root - fix on a side line - merge with `subject`.
  func recognise(_ subject: String) throws -> [Change] {
    let history = MemoryHistory()
    let root = history.add("Start", authored: 0)
    let side = history.add("Fix a leak", parents: [root], author: "Bo <bo@example.com>", authored: 3600, committed: 3700)
    let merge = history.add(subject, parents: [root, side], author: "Junio <gitster@example.com>", authored: 7200)
    history.branch("refs/heads/main", at: merge)
    return try ChangeRecognizer().changes(in: history, target: history.target())
  }

  @Test(
    "a merge that syncs a long-lived branch or a release is no change",
    arguments: ["Sync with maint", "Sync with 'maint'", "Sync with Git 2.24.1", "Sync with 1.7.7.2", "Sync with v2.1"])
  func sync(subject: String) throws {
    #expect(try recognise(subject).map(\.title) == ["Start"])
  }

  @Test("a `Sync with` naming a topic is a topic change")
  func topic() throws {
    let changes = try recognise("Sync with ab/topic")
    #expect(changes.map(\.kind) == [.direct, .merge])
    #expect(changes.last?.forge == .topic)
  }
}
