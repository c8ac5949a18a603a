import DeliveryMetrics
import FixtureSupport
import GitHistory
import Testing

@Suite("Sizes: each kind's diff, counted as git counts it (docs/figures.md section 9)")
struct SizeTests {
  /// The diff docs/figures.md gives each change, as git revisions.
  func expectedRange(_ change: Change, _ fixture: RecognizedFixture) throws -> (String, String) {
    let merge = try fixture.repository.commit(change.mergeCommit)
    switch change.kind {
    case .merge where merge.parents.count > 2:
      // One PR of a bors-ng batch: merge-base(C^1, Ck) -> Ck.
      let tip = change.diffTip.hex
      let base = try fixture.fixture.git("merge-base", merge.parents[0].hex, tip).trimmingCharacters(in: .whitespacesAndNewlines)
      return (base, tip)
    case .merge where merge.subject.hasPrefix("Merge changes "):
      // One change of a Gerrit batch submit: its own commits, first^1 -> last.
      let first = try fixture.repository.commit(change.landedCommits[0])
      return (first.parents.first?.hex ?? emptyTree, change.diffTip.hex)
    case .group, .rebase:
      let first = try fixture.repository.commit(change.landedCommits[0])
      return (first.parents.first?.hex ?? emptyTree, change.mergeCommit.hex)
    default:
      return (merge.parents.first?.hex ?? emptyTree, change.mergeCommit.hex)
    }
  }

  let emptyTree = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"

  @Test("every change of every fixture", arguments: AnswerKey.fixturesWithChanges())
  func sizes(fixture name: String) throws {
    let (fixture, report) = try analyse(name, asOf: "2026-12-31T00:00:00Z", since: "2000-01-01T00:00:00Z")
    #expect(!report.changes.isEmpty)
    for change in report.changes {
      let (base, tip) = try expectedRange(change, fixture)
      var additions = 0, deletions = 0, files = 0
      for row in try fixture.fixture.git("diff", "--numstat", "--no-renames", base, tip).split(separator: "\n") {
        let fields = row.split(separator: "\t")
        let path = String(fields[2])
        guard !["package-lock.json", "go.sum", "Package.resolved"].contains(path), !path.hasSuffix(".lock") else { continue }
        additions += Int(fields[0]) ?? 0
        deletions += Int(fields[1]) ?? 0
        files += 1
      }
      #expect(change.sizeStatus == .ok, "\(name) \(change.title)")
      #expect(change.diff == DiffStats(additions: additions, deletions: deletions, files: files), "\(name) \(change.title)")
      #expect(change.size == additions + deletions)
    }
  }
}
