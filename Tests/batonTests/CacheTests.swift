import FixtureSupport
import Foundation
import Testing

@Suite("The diff cache across runs")
struct CommandCacheTests {
  // One job: with more, the window's first-parent commits are sized ahead (see below).
  let arguments = ["--as-of", "2026-03-01", "--since", "2026-01-01", "--table", "changes", "--jobs", "1"]
  let stats = ["BATON_CACHE_STATS": "1"]

  @Test("with two jobs the window's first-parent commits are sized while recognition runs, with the same output")
  func sizesAhead() throws {
    let fixture = try FixtureRepository("github-merges")
    let window = ["--as-of", "2026-03-01", "--since", "2026-01-01", "--table", "changes", "--no-cache"]
    let one = try runBaton(["export", fixture.path, "--jobs", "1"] + window, environment: stats)
    #expect(one.stderr == "baton: cache: 0 diffs read, 13 computed, 0 passed over, 0 changes resumed, kept nothing (no cache)\n")
    // The window's 17 first-parent commits are sized ahead, each from its parent: the 5
    // rebase-merged commits one by one, and the empty merge that is no change. 11 changes
    // take their size from those; the 2 rebase merges, sized from before their first
    // commit to their last, are diffed after recognition: 19 in all. Those 6 that are no
    // change's own diff are passed over when recognition gets to them before a worker does.
    let two = try runBaton(["export", fixture.path, "--jobs", "2"] + window, environment: stats)
    let counts = two.stderr.split(separator: ",").prefix(3).compactMap { Int($0.split(separator: " ").first { Int($0) != nil } ?? "") }
    #expect(counts.count == 3 && counts[0] == 0 && counts[1] + counts[2] == 19 && counts[2] <= 6, "\(two.stderr)")
    #expect(two.stdout == one.stdout)
  }

  @Test("a second run reads every size it measured before; --no-cache neither reads nor writes")
  func rerun() throws {
    let fixture = try FixtureRepository("github-merges")
    let first = try runBaton(["export", fixture.path] + arguments, environment: stats)
    let place = "\(fixture.path)/baton/cache.sqlite"
    #expect(first.stderr == "baton: cache: 0 diffs read, 13 computed, 0 passed over, 0 changes resumed, kept checkpoint refs/heads/main, graph (\(place))\n")
    let second = try runBaton(["export", fixture.path] + arguments, environment: stats)
    #expect(second.stderr == "baton: cache: 13 diffs read, 0 computed, 0 passed over, 13 changes resumed, kept nothing (\(place))\n")
    #expect(second.stdout == first.stdout)
    let bypass = try runBaton(["export", fixture.path, "--no-cache"] + arguments, environment: stats)
    #expect(bypass.stderr == "baton: cache: 0 diffs read, 13 computed, 0 passed over, 0 changes resumed, kept nothing (no cache)\n")
    #expect(bypass.stdout == first.stdout)
  }

  @Test("after new commits a rerun recognises only them, and says what a fresh run says")
  func resumesAfterNewCommits() throws {
    let fixture = try FixtureRepository("github-merges")
    _ = try runBaton(["export", fixture.path] + arguments, environment: stats)
    // A direct commit on main, three weeks after the fixture's last.
    let tip = try fixture.git("rev-parse", "refs/heads/main").trimmingCharacters(in: .whitespacesAndNewlines)
    let tree = try fixture.git("rev-parse", "refs/heads/main^{tree}").trimmingCharacters(in: .whitespacesAndNewlines)
    let object = fixture.scratchPath("commit.txt")
    try """
      tree \(tree)
      parent \(tip)
      author Dana Dev <dana@example.com> 1771581600 +0000
      committer Dana Dev <dana@example.com> 1771581600 +0000

      Fix the cache warm-up

      """.write(toFile: object, atomically: true, encoding: .utf8)
    let id = try fixture.git("hash-object", "-t", "commit", "-w", object).trimmingCharacters(in: .whitespacesAndNewlines)
    try fixture.git("update-ref", "refs/heads/main", id)

    let rerun = try runBaton(["export", fixture.path] + arguments, environment: stats)
    #expect(rerun.stderr.hasPrefix("baton: cache: 13 diffs read, 1 computed, 0 passed over, 13 changes resumed, kept checkpoint refs/heads/main, graph"))
    let fresh = try runBaton(["export", fixture.path, "--no-cache"] + arguments)
    #expect(rerun.stdout == fresh.stdout)
    #expect(rerun.stdout.contains("Fix the cache warm-up"))
  }

  @Test("two runs at once both succeed with the same output")
  func concurrentRuns() async throws {
    let fixture = try FixtureRepository("github-merges")
    let path = fixture.path
    let arguments = self.arguments
    async let one = Task.detached { try runBaton(["export", path] + arguments) }.value
    async let two = Task.detached { try runBaton(["export", path] + arguments) }.value
    let (a, b) = try await (one, two)
    #expect(a.status == 0)
    #expect(b.status == 0)
    #expect(a.stdout == b.stdout)
    #expect(!a.stdout.isEmpty)
  }
}
