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
    #expect(run.stderr == "baton: error: The value 'lots' is invalid for '--max-review-queue-growth <share>': not a share: give a percentage (25%) or a fraction (0.25)\n")
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

@Suite("baton compare: before and after")
struct CompareCommandTests {
  @Test("JSON with both windows and every difference; a rerun writes the same bytes")
  func json() throws {
    let fixture = try FixtureRepository("compare")
    let arguments = ["compare", fixture.path, "--before", "2026-02-01..2026-03-01", "--after", "2026-03-01..2026-03-29", "--format", "json"]
    let run = try runBaton(arguments)
    #expect(run.status == 0)
    #expect(try runBaton(arguments).stdout == run.stdout)
    let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
    let before = try #require(object["before"] as? [String: Any])
    #expect(before["since"] as? String == "2026-02-01T00:00:00Z")
    #expect(before["until"] as? String == "2026-03-01T00:00:00Z")
    let rows = try #require(object["differences"] as? [[String: Any]])
    let review = try #require(rows.first { $0["figure"] as? String == "reviewWaitP50Hours" && $0["cohort"] as? String == "all" })
    #expect(Set(review.keys) == ["figure", "cohort", "before", "after", "difference", "ciLow", "ciHigh", "changed"])
    #expect(review["difference"] as? Double == 20)
    #expect(review["changed"] as? Bool == true)
  }

  @Test("--at splits equal periods; text says which differences are no change")
  func at() throws {
    let fixture = try FixtureRepository("compare")
    let run = try runBaton(["compare", fixture.path, "--at", "2026-03-01", "--period", "28d"])
    #expect(run.status == 0)
    #expect(run.stdout.contains("before 2026-02-01 .. 2026-03-01 (6 changes)"))
    let review = try #require(run.stdout.split(separator: "\n").first { $0.contains("review wait p50") && $0.contains("all") })
    #expect(review.hasSuffix("changed"))
    let coding = try #require(run.stdout.split(separator: "\n").first { $0.contains("coding p50") && $0.contains("all") })
    #expect(coding.hasSuffix("no change"))
    let markdown = try runBaton(["compare", fixture.path, "--at", "2026-03-01", "--period", "28d", "--format", "markdown"])
    #expect(markdown.stdout.contains("| figure | cohort | before | after | difference | 95% interval |  |"))
    #expect(markdown.stdout.contains("| review wait p50 | all | 3h 30m | 23h 30m | +20h | "))
  }

  @Test("windows are --before with --after, or --at: anything else is a usage error")
  func usage() throws {
    let fixture = try FixtureRepository("compare")
    #expect(try runBaton(["compare", fixture.path, "--before", "2026-02-01..2026-03-01"]).status == 2)
    #expect(try runBaton(["compare", fixture.path]).status == 2)
    #expect(try runBaton(["compare", fixture.path, "--at", "2026-03-01", "--since", "90d"]).status == 2)
    #expect(try runBaton(["compare", fixture.path, "--before", "2026-02-01", "--after", "2026-03-01..2026-03-29"]).status == 2)
    #expect(try runBaton(["compare", fixture.path, "--before", "1800-01-01..2026-03-01", "--after", "2026-03-01..2026-03-29"]).status == 2)
  }
}

@Suite("Diagnosis on the command line: report's diagnosis object, check's warning-sign gates")
struct DiagnosisCommandTests {
  let march = ["--since", "2026-03-01", "--as-of", "2026-03-31"]

  @Test("check --max-warning-signs and --fail-on: diagnosis-review flags only the review queue")
  func gates() throws {
    let fixture = try FixtureRepository("diagnosis-review")
    let fail = try runBaton(["check", fixture.path] + march + ["--max-warning-signs", "0", "--fail-on", "reviewQueueGrowth", "divergence"])
    #expect(fail.status == 1)
    // Columns aligned to the longest label: compared with single spaces.
    let text = fail.stdout.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
    #expect(text.contains("FAIL warning signs 1 sign (limit 0 signs)"))
    #expect(text.contains("FAIL sign: review queue grows flagged"))
    #expect(text.contains("pass sign: output outgrows throughput not flagged"))
    let pass = try runBaton(["check", fixture.path] + march + ["--max-warning-signs", "1", "--fail-on", "divergence"])
    #expect(pass.status == 0)
    #expect(try runBaton(["check", fixture.path] + march + ["--fail-on", "nonsense"]).status == 2)
    #expect(try runBaton(["check", fixture.path] + march + ["--max-warning-signs", "-1"]).status == 2)
  }

  @Test("[warning_signs] in the config moves a threshold; an unknown key names the file and line")
  func configured() throws {
    let fixture = try FixtureRepository("diagnosis-review")
    let config = fixture.scratchPath("baton.toml")
    try "[warning_signs]\nreview_queue_growth = \"600%\"\narrival_excess = 2.0\n".write(toFile: config, atomically: true, encoding: .utf8)
    let run = try runBaton(["check", fixture.path, "--config", config] + march + ["--max-warning-signs", "0"])
    #expect(run.status == 0)
    try "[warning_signs]\nreview_queue = 1\n".write(toFile: config, atomically: true, encoding: .utf8)
    let bad = try runBaton(["check", fixture.path, "--config", config] + march + ["--max-warning-signs", "0"])
    #expect(bad.status == 2)
    #expect(bad.stderr.contains("baton.toml:2: unknown key 'review_queue'"))
  }

  @Test("areas from the cache: a rerun reads each file's lines back and finds the same one-author area")
  func areasCached() throws {
    let fixture = try FixtureRepository("diagnosis-review")
    let config = fixture.scratchPath("baton.toml")
    try "[warning_signs]\nmin_area_changes = 2\n".write(toFile: config, atomically: true, encoding: .utf8)
    let arguments = ["report", fixture.path, "--config", config] + march
    // An export sizes the changes without their paths: the report diffs them again, once.
    let export = try runBaton(["export", fixture.path, "--table", "changes"] + march, environment: ["BATON_CACHE_STATS": "1"])
    #expect(export.stderr.contains("0 diffs read"))
    let first = try runBaton(arguments, environment: ["BATON_CACHE_STATS": "1"])
    let second = try runBaton(arguments, environment: ["BATON_CACHE_STATS": "1"])
    #expect(first.status == 0)
    #expect(second.stdout == first.stdout)
    #expect(first.stdout.contains("knowledge silos             FLAG  lowest bus factor 1 (flag at 1); docs (2 changes, ann@example.com)"))
    #expect(first.stderr.contains("4 computed"))
    #expect(second.stderr.contains("4 diffs read, 0 computed"))
  }

  @Test("report --format json: the diagnosis object with its keys; --speedup sets the what-ifs")
  func json() throws {
    let fixture = try FixtureRepository("diagnosis-deploy")
    let run = try runBaton(["report", fixture.path] + march + ["--format", "json", "--speedup", "4"])
    #expect(run.status == 0)
    let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
    let diagnosis = try #require(object["diagnosis"] as? [String: Any])
    #expect(diagnosis["constraint"] as? String == "deploy")
    let stages = try #require(diagnosis["stages"] as? [[String: Any]])
    #expect(stages.map { $0["stage"] as? String } == ["coding", "reviewWait", "deploy"])
    #expect(Set(stages[0].keys) == ["stage", "share", "p50Hours"])
    let whatIf = try #require(diagnosis["whatIf"] as? [[String: Any]])
    #expect(Set(whatIf[2].keys) == ["stage", "speedup", "leadTimeP50Hours", "leadTimeP50ChangePercent", "leadTimeP85ChangePercent"])
    #expect(whatIf[2]["speedup"] as? Double == 4)
    #expect(whatIf[2]["leadTimeP50Hours"] as? Double == 39)
    let flow = try #require(diagnosis["queueFlow"] as? [String: Any])
    #expect(Set(flow.keys) == ["arrivalsPerDay", "departuresPerDay", "meanQueue", "littlesLawWaitHours", "measuredMeanReviewWaitHours", "doublingWeeks"])
    #expect(flow["doublingWeeks"] is NSNull)
    let signs = try #require(diagnosis["warningSigns"] as? [[String: Any]])
    #expect(signs.map { $0["sign"] as? String } == ["divergence", "reviewQueueGrowth", "deploymentDecline", "reviewerOverload", "knowledgeSilos", "qualityDegradation"])
    #expect(Set(signs[0].keys).isSuperset(of: ["sign", "value", "threshold", "flagged"]))
    let dora = try #require(diagnosis["dora"] as? [[String: Any]])
    #expect(dora.map { $0["key"] as? String } == ["deploymentFrequency", "leadTimeForChanges", "changeFailureRate", "failedDeploymentRecoveryTime"])
    #expect(dora.map { $0["band"] as? String } == ["medium", "high", "elite", nil])
    #expect(dora.allSatisfy { $0["sourceYear"] as? Int == 2024 })
    #expect(dora[1]["value"] as? Double == 147)
    #expect(try runBaton(["report", fixture.path, "--speedup", "0.5"]).status == 2)
  }
}
