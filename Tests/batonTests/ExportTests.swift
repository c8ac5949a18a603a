import FixtureSupport
import Foundation
import Testing

@Suite("baton export: tables for a nightly job")
struct ExportTests {
  let window = ["--as-of", "2026-03-01T00:00:00Z", "--since", "2026-01-01"]

  @Test("the changes table of github-merges matches its golden file byte for byte, and again on a rerun")
  func goldenChanges() throws {
    let fixture = try FixtureRepository("github-merges")
    let output = fixture.scratchPath("changes.csv")
    let first = try runBaton(["export", fixture.path] + window + ["--table", "changes", "--output", output])
    #expect(first.status == 0)
    #expect(first.stdout == "")
    let written = try Data(contentsOf: URL(fileURLWithPath: output))
    let golden = try Data(contentsOf: FixtureRepository.fixturesDirectory.appendingPathComponent("golden/github-merges-changes.csv"))
    #expect(written == golden)
    let second = try runBaton(["export", fixture.path] + window + ["--table", "changes", "--output", output])
    #expect(second.status == 0)
    #expect(try Data(contentsOf: URL(fileURLWithPath: output)) == written)
  }

  @Test("--all writes every table, each with its header in docs/figures.md's order")
  func allTables() throws {
    let fixture = try FixtureRepository("github-merges")
    let folder = fixture.scratchPath("out")
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let run = try runBaton(["export", fixture.path] + window + ["--all", "--output-dir", folder])
    #expect(run.status == 0)
    let files = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
    #expect(files == ["_SUCCESS", "authors.csv", "changes.csv", "deployments.csv", "queue.csv", "weekly.csv"])
    let weekly = try String(contentsOfFile: folder + "/weekly.csv", encoding: .utf8)
    #expect(weekly.hasPrefix("week_start,changes_merged,deployments,active_authors,commits_authored,changes_authored,lines_changed,commits_per_author,lines_per_author,cycle_hours_p50,review_wait_hours_p50,lead_hours_p50,size_p50,review_queue_end,wip_end,entered_review,days_in_window\r\n"))
    let deployments = try String(contentsOfFile: folder + "/deployments.csv", encoding: .utf8)
    #expect(deployments.split(separator: "\r\n").count == 4)
    let queue = try String(contentsOfFile: folder + "/queue.csv", encoding: .utf8)
    #expect(queue.split(separator: "\r\n").count == 1 + 60)
  }

  @Test("usage errors: exit 2, one line, nothing written")
  func usage() throws {
    let fixture = try FixtureRepository("github-merges")
    let unknown = try runBaton(["export", fixture.path, "--table", "change"])
    #expect(unknown.status == 2)
    #expect(unknown.stderr == "baton: error: unknown table 'change' (expected one of changes, weekly, authors, deployments, queue)\n")
    let output = fixture.scratchPath("nowhere/changes.csv")
    let missingFolder = try runBaton(["export", fixture.path, "--table", "changes", "--output", output])
    #expect(missingFolder.status == 2)
    #expect(missingFolder.stderr.hasPrefix("baton: error: no such directory: "))
  }
}

@Suite("Deployment sources from the command line")
struct DeploySourceTests {
  @Test("--deploy-log reads deployed_at and commit; a bad row names its line")
  func deployLog() throws {
    let fixture = try FixtureRepository("github-merges")
    let log = fixture.scratchPath("deploys.csv")
    try "commit,deployed_at\n\(fixture.id(12)),2026-01-20T00:00:00Z\n\(fixture.id(27)),2026-02-01T00:00:00Z\n"
      .write(toFile: log, atomically: true, encoding: .utf8)
    let run = try runBaton(
      ["export", fixture.path, "--as-of", "2026-03-01", "--since", "2026-01-01", "--deploy-log", log, "--table", "deployments"])
    #expect(run.status == 0)
    // The second ships the rebase runs :19 and :21, :22, #9 and #10; #6 (merged 01-19) came before the
    // log's first deployment and is linked to none (the baseline rule), though only :27 contains it.
    #expect(
      run.stdout == """
        deployed_at,deployment,commit,changes,failed,restored_at,restore_hours,interval_hours\r
        2026-01-20T00:00:00Z,\(fixture.id(12)),\(fixture.id(12)),0,false,,,\r
        2026-02-01T00:00:00Z,\(fixture.id(27)),\(fixture.id(27)),5,false,,,288.00\r

        """)
    try "deployed_at,commit\nyesterday,\(fixture.id(12))\n".write(toFile: log, atomically: true, encoding: .utf8)
    let bad = try runBaton(["report", fixture.path, "--deploy-log", log])
    #expect(bad.status == 2)
    #expect(bad.stderr == "baton: error: \(log):2: deployed_at 'yesterday' is not an ISO-8601 moment such as 2026-01-31T12:00:00Z\n")
  }

  @Test("--deploy-branch: every first-parent commit of the branch is a deployment")
  func deployBranch() throws {
    let fixture = try FixtureRepository("github-merges")
    let run = try runBaton(
      ["export", fixture.path, "--as-of", "2026-01-10", "--since", "2026-01-01", "--deploy-branch", "main", "--table", "deployments"])
    #expect(run.status == 0)
    // :1, :4 and :6 are main's first-parent commits by then.
    let commits = run.stdout.split(separator: "\r\n").dropFirst().map { String($0.split(separator: ",")[2]) }
    #expect(commits == [1, 4, 6].map(fixture.id))
    let both = try runBaton(["report", fixture.path, "--deploy-branch", "main", "--deploy-tags", "v.*"])
    #expect(both.status == 2)
    #expect(both.stderr == "baton: error: give one of --deploy-tags, --deploy-branch, --deploy-log\n")
  }
}

@Suite("baton export --format json")
struct ExportJSONTests {
  @Test("the same fields as the CSV, typed: numbers, truth values, null for empty cells")
  func json() throws {
    let fixture = try FixtureRepository("github-merges")
    let run = try runBaton(
      ["export", fixture.path, "--as-of", "2026-03-01", "--since", "2026-01-01", "--table", "changes", "--format", "json"])
    #expect(run.status == 0)
    let rows = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [[String: Any]])
    #expect(rows.count == 13)
    let revert = rows[9]
    #expect(revert["title"] as? String == "Revert \"Add retry logic (#4)\"")
    #expect(revert["is_revert"] as? Bool == true)
    #expect(revert["reverts"] as? String == "4")
    #expect(revert["cycle_hours"] as? Double == 1.5)
    #expect(revert["co_authors"] is NSNull)
    #expect(rows[0]["number"] is NSNull)
    // Fields keep the CSV's column order.
    let line = String(run.stdout.split(separator: "\n")[1])
    let positions = ["\"change_id\":", "\"number\":", "\"kind\":", "\"forge\":", "\"title\":", "\"merge_commit\":"]
      .map { line.range(of: $0)!.lowerBound }
    #expect(positions == positions.sorted())
  }
}

@Suite("Partial clones: sizes missing, not failing")
struct PartialCloneTests {
  @Test("a blob-less clone exports every change with size_status missing-objects and one warning")
  func blobless() throws {
    let fixture = try FixtureRepository("github-merges")
    try fixture.git("config", "uploadpack.allowFilter", "true")
    let partial = fixture.scratchPath("partial.git")
    try FixtureRepository.runGit(["clone", "--quiet", "--bare", "--filter=blob:none", "file://\(fixture.path)", partial])
    try FixtureRepository.runGit(["-C", partial, "remote", "set-url", "origin", "file:///nonexistent"])
    let run = try runBaton(["export", partial, "--as-of", "2026-03-01", "--since", "2026-01-01", "--table", "changes"])
    #expect(run.status == 0)
    #expect(run.stderr == "baton: warning: 13 changes have no size: their blobs are missing (a partial clone)\n")
    let rows = run.stdout.split(separator: "\r\n").dropFirst()
    #expect(rows.count == 13)
    #expect(rows.allSatisfy { $0.contains(",,,,missing-objects,") })
  }
}

@Suite("Shallow clones: what is there, with a warning")
struct ShallowCloneTests {
  @Test("a clone cut at depth 3 reports the changes it holds and says history is cut")
  func shallow() throws {
    let fixture = try FixtureRepository("github-merges")
    let shallow = fixture.scratchPath("shallow.git")
    try FixtureRepository.runGit(["clone", "--quiet", "--bare", "--depth", "3", "--branch", "main", "file://\(fixture.path)", shallow])
    let run = try runBaton(["export", shallow, "--as-of", "2026-03-01", "--since", "2026-01-01", "--table", "changes"])
    #expect(run.status == 0)
    #expect(run.stderr == "baton: warning: shallow clone: history is cut, so changes before its boundary are not seen\n")
    // main's last three first-parent commits are #10, #11 and #13; #10's merge is the boundary,
    // its parents cut, so what it landed is unknown: no change.
    let titles = run.stdout.split(separator: "\r\n").dropFirst().map { $0.split(separator: ",")[4] }
    #expect(titles == ["Test on Python 3.13", "Bump requests from 2.32.3 to 2.32.4"])
  }
}

@Suite("--tz: day and week buckets in the team's zone")
struct TimeZoneTests {
  @Test("queue days in Asia/Tokyo (UTC+9): #1, merged 2026-01-07T15:30Z, leaves on the 8th there")
  func tokyoDays() throws {
    let fixture = try FixtureRepository("github-merges")
    let run = try runBaton(
      ["export", fixture.path, "--as-of", "2026-01-10T00:00:00Z", "--since", "2026-01-05T00:00:00Z", "--table", "queue", "--tz", "Asia/Tokyo"])
    #expect(run.status == 0)
    #expect(
      run.stdout == """
        date,review_queue,wip,open_items,entered_review,merged\r
        2026-01-05,0,0,0,0,1\r
        2026-01-06,0,1,0,0,0\r
        2026-01-07,1,1,0,1,0\r
        2026-01-08,0,0,0,0,1\r
        2026-01-09,0,0,0,1,1\r
        2026-01-10,0,0,0,0,0\r

        """)
    let bad = try runBaton(["report", fixture.path, "--tz", "Mars/Olympus"])
    #expect(bad.status == 2)
    #expect(bad.stderr == "baton: error: unknown time zone 'Mars/Olympus' (for example UTC, Europe/Berlin)\n")
  }
}
