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

  @Test("report on a fixture: the summary a lead reads, every figure derived by hand from the fixture")
  func report() throws {
    let fixture = try FixtureRepository("basics")
    let run = try runBaton(["report", fixture.path, "--as-of", "2026-01-10"])
    #expect(run.status == 0)
    #expect(run.stderr == "")
    // Timed: :1 (30m), D42 (15m), #11 (21h). Deployments v1.0.0 (01-07 11:00) and v1.1.0 (01-09 10:00).
    // Review wait: D42 15m and #11 19h 50m; :1 is direct, so it waited for no review:
    // p50 10h 2m 30s (shown 10h 3m), p85 16h 54m 45s, p95 18h 51m 15s.
    // Open: :8 under refs/pull/12/head and refs/merge-requests/5/head, committed 9 h before as-of,
    // its only own commit.
    // Review load: only #7 names reviewers by trailer (carol, dan: a tie, the first by name); only #11
    // was merged by someone other than its author (ada); :1, :5 and :6 by their own authors with no
    // trailer reviewer (#7 was reviewed by trailer, so not self-merged): 3 of 5.
    // The window's first week has one day in it (Sunday 12 October), its
    // last six (Monday 5 to Saturday 10 January, whose first instant is as-of).
    // Diagnosis (docs/figures.md section 11), lead times :1 51 h, D42 19 h, #11 70 h (140 h):
    // coding 70m = 1%, review wait (D42 15m + #11 19h 50m; :1 is direct) 14%, deploy 50.5 + 18.75 + 49 h = 84%.
    // Lead p50 51, p85 51 + 0.7 * 19 = 64.3; deploy halved: [9.625, 25.75, 45.5] p50 -50%, p85 39.575 (-38%).
    // Flow over 90 days: in D42, #11 and two open heads (4), out D42 and #11 (2); queue samples: 01-06 (#11),
    // 01-09 and 01-10 (2 heads each) = 5 / 91 days; L / mu = 0.0549 / 0.0222 = 2.47 d; the 2 waiting double
    // in 2 / (2/90) days = 12.9 weeks. Deployments 2 in 90 days (low); lead p50 51 h (high).
    #expect(
      run.stdout == """
        baton report: \(fixture.path), main (HEAD of a bare repository)
        window 2025-10-12 .. 2026-01-10, as of 2026-01-10T00:00:00Z

        Diagnosis
          constraint         deploy wait: 84% of lead time (p50 2d 1h); coding 1%, review wait 14%; n=3 (few values)
          what if            coding twice as fast: lead time p50 0% (p85 -1%); review wait halved: lead time p50 0% (p85 -11%); deploy wait halved: lead time p50 -50% (p85 -38%)
          review flow        0.04 in/day, 0.02 out/day, mean queue 0.05; Little's law wait 2d 11h vs measured mean 10h 3m
                             arrivals outrun departures by 0.02 a day: the queue doubles in 12.9 weeks
          warning signs      1 of 6: review queue grows
          DORA (2024 bands)  deployment frequency 0.02/day (low), lead time for changes 2d 3h (high), change failure rate 0% (elite), failed deployment recovery time -

        Throughput
          changes merged  5 (0.4/week)
          direct share    60% (changes with no review evidence, bots left out)
          deployments     2 (0.2/week, 0.02/day), median interval 1d 23h

        Time (p50 / p85 / p95)
          cycle time       30m / 14h 51m / 18h 57m  n=3 (few values)
            coding         0m / 49m / 1h 3m  n=3 (few values)
            review wait    10h 3m / 16h 54m / 18h 51m  n=2 (few values)
            deploy         1d / 2d 1h / 2d 2h  n=5 (few values)
          lead time        2d 3h / 2d 16h / 2d 20h  n=3 (few values)
          PR size (lines)  1 / 1 / 2  n=5 (few values)

        Stability
          change failure rate  0% (0 of 2 deployments)
          time to restore      -

        Review queue
          now           2 waiting (2 open review heads, 0 remote branches)
          growth        +200% over 14 days (from 0), slope +0.4/week
          oldest open   9h since its first commit
          idle cut-off  an open review stops counting 30 days after its last push (stale_after)

        Output vs throughput
          commits per author  - (nothing to compare with) vs the period before
          changes merged      - (nothing to compare with)
          median review wait  - (nothing to compare with)

        Review load
          top reviewer  carol@example.com: 100% of 1 changes reviewed by trailer
          top merger    ada@example.com: 100% of 1 changes merged by someone other than their author
          self-merged   60% (merged by their author with no trailer reviewer)

        Coverage
          cohorts            human 5 (100%)
          kinds              direct 3 (60%), merge 1 (20%), squash 1 (20%)
          timing from        commit 2 (40%), none 2 (40%), branch 1 (20%)
          sizes missing      0
          review heads seen  4

        Warning signs
          output outgrows throughput  ok    - (nothing to compare with) (limit 20%)
          review queue grows          FLAG  +200% (limit 25%); arrivals outrun departures
          deployments decline         ok    - (nothing to compare with) (limit -20%); 0 deployments before, 2 now
          reviewers overwhelmed       ok    top reviewer 100% (limit 50%); 1 reviewed changes
          knowledge silos             ok    lowest bus factor - (flag at 1); 0 areas with 10+ changes
          quality degrades            ok    - (nothing to compare with) (limit +5 points); revert rate not comparable, change failure rate not comparable

        Weekly
          week of     days  merged  deploys  authors  commits/author  cycle p50  review wait p50  queue
          2025-10-06    1*       0        0        0               -          -                -      0
          2025-10-13     7       0        0        0               -          -                -      0
          2025-10-20     7       0        0        0               -          -                -      0
          2025-10-27     7       0        0        0               -          -                -      0
          2025-11-03     7       0        0        0               -          -                -      0
          2025-11-10     7       0        0        0               -          -                -      0
          2025-11-17     7       0        0        0               -          -                -      0
          2025-11-24     7       0        0        0               -          -                -      0
          2025-12-01     7       0        0        0               -          -                -      0
          2025-12-08     7       0        0        0               -          -                -      0
          2025-12-15     7       0        0        0               -          -                -      0
          2025-12-22     7       0        0        0               -          -                -      0
          2025-12-29     7       0        0        0               -          -                -      0
          2026-01-05    6*       5        2        3             2.0        30m           10h 3m      2
          * a week only partly inside the window: its figures count only its days inside

        """)
  }

  @Test("--by author: people by name and email, most changes first, bots left out unless asked, the rest as one row")
  func byAuthor() throws {
    // github-merges' 13 changes: Alice 4, Carol 3, Bob 2, Dan, Erin and Frank 1 each, dependabot 1.
    let fixture = try FixtureRepository("github-merges")
    let window = ["--as-of", "2026-03-01", "--since", "2026-01-01", "--by", "author"]
    let run = try runBaton(["report", fixture.path] + window + ["--top", "2"])
    #expect(run.status == 0)
    let rows = run.stdout.components(separatedBy: "By group")[1].split(separator: "\n", omittingEmptySubsequences: false).dropFirst().prefix { !$0.isEmpty }
    #expect(rows.map { $0.split(separator: " ").prefix(4).joined(separator: " ") } == [
      "Alice Example <alice@example.com> 4", "Carol Coder <carol@example.com> 3", "4 other authors 5",
    ])
    let withBots = try runBaton(["report", fixture.path] + window + ["--bots"])
    #expect(withBots.stdout.contains("dependabot[bot] <49699333+dependabot[bot]@users.noreply.github.com>"))
    #expect(!run.stdout.contains("dependabot"))
  }

  @Test("--progress prints plain progress lines on stderr for logs, ending with the run's time; stdout is untouched")
  func progressLines() throws {
    let fixture = try FixtureRepository("github-merges")
    let plain = try runBaton(["export", fixture.path, "--table", "changes", "--as-of", "2026-03-01"])
    let run = try runBaton(["export", fixture.path, "--table", "changes", "--as-of", "2026-03-01", "--progress"])
    #expect(run.status == 0)
    #expect(run.stdout == plain.stdout)
    #expect(plain.stderr == "")
    let lines = run.stderr.split(separator: "\n")
    #expect(lines.allSatisfy { $0.hasPrefix("baton: github-merges.git main: ") })
    #expect(lines.last?.hasPrefix("baton: github-merges.git main: done in ") == true)
  }

  @Test("report --format json carries the same figures for scripts")
  func reportJSON() throws {
    let fixture = try FixtureRepository("basics")
    let run = try runBaton(["report", fixture.path, "--as-of", "2026-01-10", "--format", "json"])
    #expect(run.status == 0)
    let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
    #expect(object["changesMerged"] as? Int == 5)
    #expect(object["reviewQueue"] as? Int == 2)
    #expect(object["branch"] as? String == "main (HEAD of a bare repository)")
    let cycle = try #require(object["cycleHours"] as? [String: Any])
    #expect(cycle["p50"] as? Double == 0.5)
    #expect(cycle["n"] as? Int == 3)
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

@Suite("What a report says when git cannot time most changes")
struct UntimedReportTests {
  @Test("identities: 5 of 21 changes are timed, and the report says so")
  func untimed() throws {
    let fixture = try FixtureRepository("identities")
    let run = try runBaton(["report", fixture.path, "--as-of", "2026-02-22T23:59:59Z", "--since", "2026-02-01"])
    #expect(run.status == 0)
    #expect(run.stdout.contains(
      "  note             only 5 of 21 changes can be timed from git: the others' author times were written when they landed\n"))
    // Cycle times 45m, 0 (clamped: author time after commit), 20m, 40m, 90m: p50 40m, p85 63m, p95 81m.
    #expect(run.stdout.contains("  cycle time       40m / 1h 3m / 1h 21m  n=5 (few values)\n"))
  }
}
