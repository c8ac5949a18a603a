import FixtureSupport
import Foundation
import Testing

@Suite("The baton command line")
struct CommandLineTests {
  @Test("--version prints the version")
  func version() throws {
    let run = try runBaton(["--version"])
    #expect(run.status == 0)
    #expect(run.stdout == "0.1.0\n")
  }

  @Test("report on a fixture names the branch and why, and the span of its history")
  func report() throws {
    let fixture = try FixtureRepository("basics")
    let run = try runBaton(["report", fixture.path, "--as-of", "2026-01-10"])
    #expect(run.status == 0)
    #expect(run.stderr == "")
    #expect(
      run.stdout == """
        repository  \(fixture.path)
        branch      main (HEAD of a bare repository)
        commits     5 on the first-parent line
        first       2026-01-05T08:30:00Z
        last        2026-01-09T10:00:00Z
        window      2025-10-12T00:00:00Z .. 2026-01-10T00:00:00Z
        changes     5 merged in the window: merge 1 (20%), squash 1 (20%), direct 3 (60%)

        """)
  }

  @Test("not a repository: one line on stderr and exit 2")
  func notARepository() throws {
    let run = try runBaton(["report", "/"])
    #expect(run.status == 2)
    #expect(run.stdout == "")
    #expect(run.stderr == "baton: error: not a git repository: /\n")
  }

  @Test("an unknown branch and an unknown flag are usage errors: exit 2")
  func usageErrors() throws {
    let fixture = try FixtureRepository("basics")
    let branch = try runBaton(["report", fixture.path, "--branch", "mian"])
    #expect(branch.status == 2)
    #expect(branch.stderr == "baton: error: unknown branch 'mian' (did you mean 'main'?)\n")
    let flag = try runBaton(["report", "--no-such-flag"])
    #expect(flag.status == 2)
    #expect(flag.stderr.hasPrefix("baton: error: Unknown option '--no-such-flag'"))
  }

  @Test("an empty repository is an error naming it")
  func emptyRepository() throws {
    let fixture = try FixtureRepository(empty: ())
    let run = try runBaton(["report", fixture.path])
    #expect(run.status == 2)
    #expect(run.stderr == "baton: error: repository has no commits: \(fixture.path)\n")
  }
}
