import FixtureSupport
import Foundation
import Testing

@Suite("The diff cache across runs")
struct CommandCacheTests {
  let arguments = ["--as-of", "2026-03-01", "--since", "2026-01-01", "--table", "changes"]
  let stats = ["BATON_CACHE_STATS": "1"]

  @Test("a second run reads every size it measured before; --no-cache neither reads nor writes")
  func rerun() throws {
    let fixture = try FixtureRepository("github-merges")
    let first = try runBaton(["export", fixture.path] + arguments, environment: stats)
    #expect(first.stderr == "baton: cache: 0 diffs read, 13 computed (\(fixture.path)/baton/cache.sqlite)\n")
    let second = try runBaton(["export", fixture.path] + arguments, environment: stats)
    #expect(second.stderr == "baton: cache: 13 diffs read, 0 computed (\(fixture.path)/baton/cache.sqlite)\n")
    #expect(second.stdout == first.stdout)
    let bypass = try runBaton(["export", fixture.path, "--no-cache"] + arguments, environment: stats)
    #expect(bypass.stderr == "baton: cache: 0 diffs read, 13 computed (no cache)\n")
    #expect(bypass.stdout == first.stdout)
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
