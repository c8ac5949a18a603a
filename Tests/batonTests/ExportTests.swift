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

  @Test("--all writes every table, each with its header in METRICS.md's order")
  func allTables() throws {
    let fixture = try FixtureRepository("github-merges")
    let folder = fixture.scratchPath("out")
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let run = try runBaton(["export", fixture.path] + window + ["--all", "--output-dir", folder])
    #expect(run.status == 0)
    let files = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
    #expect(files == ["authors.csv", "changes.csv", "deployments.csv", "queue.csv", "weekly.csv"])
    let weekly = try String(contentsOfFile: folder + "/weekly.csv", encoding: .utf8)
    #expect(weekly.hasPrefix("week_start,changes_merged,deployments,active_authors,commits_authored,changes_authored,lines_changed,commits_per_author,lines_per_author,cycle_hours_p50,review_wait_hours_p50,lead_hours_p50,size_p50,review_queue_end,wip_end,entered_review\r\n"))
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
