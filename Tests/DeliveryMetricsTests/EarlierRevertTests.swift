@testable import DeliveryMetrics
import GitHistory
import Testing

@Suite("A revert of a change landed before recognition's start names it (docs/figures.md section 5)")
struct EarlierRevertTests {
  @Test("the reverted sha's landing commit on the target gives the change: its number, else 12 hex digits")
  func earlierLanding() throws {
    let history = MemoryHistory()
    let root = history.add("Start")
    let fix = history.add("Add a fast path", parents: [root], author: "Bo <bo@example.com>", authored: 100)
    let merge = history.add(
      "Merge tag 'net-20260813' of https://git.example.org/custodians/net", parents: [root, fix],
      author: "Tom <tom@example.com>", authored: 200)
    let squashed = history.add("Speed up the parser", parents: [root], authored: 250)
    let pull = history.add(
      "Merge pull request #77 from bo/parser", parents: [merge, squashed], author: "Tom <tom@example.com>", authored: 300)
    let later = history.add("Unrelated", parents: [pull], authored: 100 * 86_400)
    let revert = history.add(
      "Revert \"Add a fast path\"\n\nThis reverts commit \(fix.hex).", parents: [later], authored: 101 * 86_400)
    let revertPull = history.add(
      "Undo the parser change\n\nThis reverts commit \(squashed.hex).", parents: [revert], authored: 102 * 86_400)
    history.branch("refs/heads/main", at: revertPull)
    let start = utc("2026-01-05T00:00:00Z") + 50 * 86_400
    let recognition = try ChangeRecognizer().recognise(in: CommitStore(history), target: history.target(), from: start)
    var changes = recognition.changes
    #expect(changes.map(\.mergeCommit) == [later, revert, revertPull])
    try RevertReader.link(
      &changes, commits: history.commit, earlierCommits: recognition.earlierCommits,
      earlierLandings: recognition.earlierLandings)
    #expect(changes[1].isRevert)
    #expect(changes[1].reverts == String(merge.hex.prefix(12)))
    #expect(changes[2].isRevert)
    #expect(changes[2].reverts == "77")
  }
}
