import FixtureSupport
import Foundation
import Testing

@Suite("baton check: a CI gate")
struct CheckTests {
  /// github-merges as of 2026-02-24 12:00: the open PR #12 waits; 14 days before, nothing did.
  let asOf = ["--as-of", "2026-02-24T12:00:00Z"]

  @Test("exit 1 when the review queue grew past the limit, with each rule's verdict")
  func breach() throws {
    let fixture = try FixtureRepository("github-merges")
    let run = try runBaton(["check", fixture.path] + asOf + ["--max-review-queue-growth", "25%", "--max-review-queue", "5"])
    #expect(run.status == 1)
    #expect(
      run.stdout == """
        baton check: \(fixture.path), main (HEAD of a bare repository), as of 2026-02-24T12:00:00Z
          pass  review queue         1 item (limit 5 items)
          FAIL  review queue growth  +100% (limit +25%) over 14 days
        1 of 2 checks failed
        note: open reviews count as waiting until 30 days after their last push (stale_after)

        """)
  }

  @Test("exit 0 when every limit holds")
  func holds() throws {
    let fixture = try FixtureRepository("github-merges")
    let run = try runBaton(["check", fixture.path] + asOf + ["--max-review-queue-growth", "150%", "--max-oldest-open", "7d"])
    #expect(run.status == 0)
    #expect(run.stdout.contains("all 2 checks hold\n"))
  }

  @Test("JSON names the repository, branch and as-of; durations in hours and shares rounded as the text shows them")
  func json() throws {
    let fixture = try FixtureRepository("open-reviews")
    let run = try runBaton([
      "check", fixture.path, "--as-of", "2026-03-31", "--max-oldest-open", "30d", "--max-review-queue-growth", "25%",
      "--format", "json",
    ])
    #expect(run.status == 1)
    let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
    #expect(object["repository"] as? String == fixture.path)
    #expect(object["branch"] as? String == "main (HEAD of a bare repository)")
    #expect(object["asOf"] as? String == "2026-03-31T00:00:00Z")
    let findings = try #require(object["findings"] as? [[String: Any]])
    // Oldest open: 69 days 15 hours = 1,671 h, against 30 days = 720 h.
    #expect(findings[1]["rule"] as? String == "oldest_open")
    #expect(findings[1]["measured"] as? Double == 1671)
    #expect(findings[1]["limit"] as? Double == 720)
    #expect(findings[1]["unit"] as? String == "hours")
    // Growth: 2 open at as-of, none 14 days before (#20 and #30 were last pushed after 03-17): +200%.
    #expect(findings[0]["measured"] as? Double == 2)
    #expect(findings[0]["limit"] as? Double == 0.25)
  }

  @Test("exit 2 for a bad flag value, with one line on stderr")
  func badFlag() throws {
    let fixture = try FixtureRepository("github-merges")
    let run = try runBaton(["check", fixture.path, "--max-review-queue-growth", "lots"])
    #expect(run.status == 2)
    #expect(run.stderr == "baton: error: The value 'lots' is invalid for '--max-review-queue-growth <share>'\n")
  }

  @Test("JUnit to a file; under GitHub Actions, annotations and a step summary")
  func ciOutputs() throws {
    let fixture = try FixtureRepository("github-merges")
    let junit = fixture.scratchPath("baton.xml")
    let summary = fixture.scratchPath("summary.md")
    let run = try runBaton(
      ["check", fixture.path] + asOf + ["--max-review-queue", "0", "--format", "junit", "--output", junit],
      environment: ["GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": summary])
    #expect(run.status == 1)
    #expect(run.stdout == "::error title=baton check \(fixture.path)::review queue 1 item (limit 0 items) is over its limit\n")
    let xml = try String(contentsOfFile: junit, encoding: .utf8)
    #expect(xml.contains(#"<testsuites name="baton check" tests="1" failures="1">"#))
    #expect(xml.contains(#"<failure message="1 item (limit 0 items)"/>"#))
    let markdown = try String(contentsOfFile: summary, encoding: .utf8)
    #expect(markdown.contains("| review queue | 1 item | 0 items | **fail** |"))
    #expect(markdown.hasPrefix("### baton check: \(fixture.path), main (HEAD of a bare repository), as of 2026-02-24T12:00:00Z\n"))
    #expect(xml.contains(#"<property name="repository" value="\#(fixture.path)"/>"#))
    #expect(xml.contains(#"<property name="as_of" value="2026-02-24T12:00:00Z"/>"#))
  }

  @Test("a clone not fetched since before the window: report says so instead of zeros, check exits 2, export warns")
  func staleClone() throws {
    let fixture = try FixtureRepository("github-merges")
    // The newest commit on main is :33 (#13), committed 2026-02-24T10:00:00Z; a window from 2026-09-02 holds nothing.
    let window = ["--as-of", "2026-12-01"]
    let report = try runBaton(["report", fixture.path] + window)
    #expect(report.status == 0)
    #expect(report.stdout.contains("No history in this window"))
    #expect(report.stdout.contains("main's newest commit is from 2026-02-24, 189 days before the window starts (2026-09-02)"))
    #expect(!report.stdout.contains("changes merged"))
    let check = try runBaton(["check", fixture.path, "--max-review-queue", "5"] + window)
    #expect(check.status == 2)
    #expect(check.stdout == "")
    #expect(check.stderr.hasPrefix("baton: error: main's newest commit is from 2026-02-24"))
    #expect(check.stderr.contains("--as-of 2026-02-24"))
    let export = try runBaton(["export", fixture.path, "--table", "changes"] + window)
    #expect(export.status == 0)
    #expect(export.stderr.hasPrefix("baton: warning: main's newest commit is from 2026-02-24"))
  }

  @Test("--max-oldest-open can fail: an open review is aged from its first own commit (Fixtures/open-reviews.fi)")
  func oldestOpenCanFail() throws {
    let fixture = try FixtureRepository("open-reviews")
    let run = try runBaton(["check", fixture.path, "--as-of", "2026-03-31", "--max-oldest-open", "30d"])
    #expect(run.status == 1)
    #expect(run.stdout.contains("FAIL  oldest open item  69d 15h (limit 30d)"))
  }

  @Test("a path that is not a repository: exit 2 and no output file left behind")
  func noPartialOutput() throws {
    let fixture = try FixtureRepository("github-merges")
    let junit = fixture.scratchPath("baton.xml")
    let run = try runBaton(["check", "/", "--max-review-queue", "1", "--format", "junit", "--output", junit])
    #expect(run.status == 2)
    #expect(run.stderr == "baton: error: not a git repository: /\n")
    #expect(!FileManager.default.fileExists(atPath: junit))
  }
}
