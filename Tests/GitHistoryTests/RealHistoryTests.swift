import FixtureSupport
import Foundation
import GitHistory
import Testing

/// Checks against git itself on a real clone named by `BATON_REAL_REPO`; skipped when unset.
@Suite(
  "Agreement with git on a real history",
  .enabled(if: ProcessInfo.processInfo.environment["BATON_REAL_REPO"] != nil))
struct RealHistoryTests {
  let path = ProcessInfo.processInfo.environment["BATON_REAL_REPO"] ?? ""

  @Test("each recent merge's C^1..C^2 walk lists what git rev-list lists")
  func mergeWalks() throws {
    let repository = try Repository(discoveringFrom: path)
    let line = try repository.firstParentLine(from: repository.targetBranch().tip)
    var checked = 0
    for id in line.prefix(3000) {
      let commit = try repository.commit(id)
      guard commit.parents.count > 1 else { continue }
      let ours = try repository.commits(reachableFrom: Array(commit.parents.dropFirst()), excluding: [commit.parents[0]])
      let theirs = try FixtureRepository.runGit(
        ["-C", path, "rev-list"] + commit.parents.dropFirst().map(\.hex) + ["^" + commit.parents[0].hex])
      #expect(Set(ours.map(\.hex)) == Set(theirs.split(separator: "\n").map(String.init)), "\(id)")
      checked += 1
      if checked == 300 { break }
    }
    // A history without merges (squash-only projects) has nothing to compare here.
  }

  @Test("diff stats of recent first-parent commits equal git's numstat")
  func diffStats() throws {
    let repository = try Repository(discoveringFrom: path)
    let line = try repository.firstParentLine(from: repository.targetBranch().tip)
    for id in line.prefix(200) {
      let commit = try repository.commit(id)
      guard let parent = commit.parents.first else { continue }
      var expected = DiffStats()
      let numstat = try FixtureRepository.runGit(["-C", path, "diff", "--numstat", "--no-renames", parent.hex, id.hex])
      for row in numstat.split(separator: "\n") {
        let fields = row.split(separator: "\t")
        expected.additions += Int(fields[0]) ?? 0
        expected.deletions += Int(fields[1]) ?? 0
        expected.files += 1
      }
      #expect(try repository.diffStats(from: parent, to: id) == expected, "\(id)")
    }
  }
}
