import FixtureSupport
import Foundation
import Testing

/// numpy's default percentile: linear interpolation between closest ranks.
func linearPercentile(_ values: [Double], _ p: Double) -> Double? {
  let sorted = values.sorted()
  guard !sorted.isEmpty else { return nil }
  let rank = p * Double(sorted.count - 1)
  let low = Int(rank.rounded(.down))
  let high = min(low + 1, sorted.count - 1)
  return sorted[low] + (rank - Double(low)) * (sorted[high] - sorted[low])
}

@Suite("Several repositories in one run: report, export, check (docs/figures.md section 12)")
struct SeveralRepositoriesTests {
  let window = ["--as-of", "2026-03-01T00:00:00Z", "--since", "2026-01-01"]

  /// Cycle times in hours of the timed changes the answer keys give, every fixture together.
  func keyCycleHours(_ names: [String]) throws -> [Double] {
    let iso = ISO8601DateFormatter()
    return try names.flatMap { name in
      try AnswerKey(fixture: name).changes.compactMap { change -> Double? in
        guard change["timing"] != "none", change["import"] != "true", let first = change["first"].flatMap(iso.date),
          let merged = change["merged"].flatMap(iso.date)
        else { return nil }
        return max(0, merged.timeIntervalSince(first)) / 3600
      }
    }
  }

  @Test("report: the union's percentiles are over both keys' changes; a line per repository; a missing one is skipped, exit 2")
  func report() throws {
    let github = try FixtureRepository("github-merges")
    let gitlab = try FixtureRepository("gitlab-marge")
    let missing = github.scratchPath("no-such-repository")
    let run = try runBaton(["report", github.path, gitlab.path, missing, "--format", "json"] + window)
    #expect(run.status == 2)
    #expect(run.stderr.contains("baton: error: no-such-repository: "))
    let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
    let union = try #require(object["union"] as? [String: Any])
    let githubKey = try AnswerKey(fixture: "github-merges").changes.count
    let gitlabKey = try AnswerKey(fixture: "gitlab-marge").changes.count
    #expect(union["changesMerged"] as? Int == githubKey + gitlabKey)
    let cycle = try #require(union["cycleHours"] as? [String: Any])
    let hours = try keyCycleHours(["github-merges", "gitlab-marge"])
    #expect(cycle["n"] as? Int == hours.count)
    let p50 = try #require(cycle["p50"] as? Double)
    let p85 = try #require(cycle["p85"] as? Double)
    #expect(abs(p50 - linearPercentile(hours, 0.5)!) < 1e-6)
    #expect(abs(p85 - linearPercentile(hours, 0.85)!) < 1e-6)
    let lines = try #require(object["repositories"] as? [[String: Any]])
    #expect(lines.map { $0["repo"] as? String } == ["github-merges", "gitlab-marge"])
    #expect(lines.map { $0["changesMerged"] as? Int } == [githubKey, gitlabKey])
    let skipped = try #require(object["skipped"] as? [[String: Any]])
    #expect(skipped.map { $0["repo"] as? String } == ["no-such-repository"])

    // One repository's line is its own report's figures.
    let alone = try runBaton(["report", gitlab.path, "--format", "json"] + window)
    let own = try #require(try JSONSerialization.jsonObject(with: Data(alone.stdout.utf8)) as? [String: Any])
    let ownCycle = try #require(own["cycleHours"] as? [String: Any])
    let lineCycle = try #require(lines[1]["cycleHours"] as? [String: Any])
    #expect(ownCycle["p50"] as? Double == lineCycle["p50"] as? Double)
    #expect(own["repository"] != nil && own["union"] == nil)
  }

  @Test("--repos FILE: a path a line, # comments, relative to the file; names without .git, a duplicate takes its parent's")
  func reposFile() throws {
    let github = try FixtureRepository("github-merges")
    let folder = github.scratchPath("org")
    try FileManager.default.createDirectory(atPath: folder + "/team-a", withIntermediateDirectories: true)
    try FileManager.default.createDirectory(atPath: folder + "/team-b", withIntermediateDirectories: true)
    try FileManager.default.createSymbolicLink(atPath: folder + "/team-a/shop.git", withDestinationPath: github.path)
    let gitlab = try FixtureRepository("gitlab-marge")
    try FileManager.default.createSymbolicLink(atPath: folder + "/team-b/shop", withDestinationPath: gitlab.path)
    try "# the organisation\nteam-a/shop.git   # payments\n\n  team-b/shop\n".write(
      toFile: folder + "/repos.txt", atomically: true, encoding: .utf8)
    let run = try runBaton(["export", "--repos", folder + "/repos.txt", "--table", "changes"] + window)
    #expect(run.status == 0, "\(run.stderr)")
    let rows = run.stdout.split(separator: "\r\n").map(String.init)
    #expect(rows[0].hasPrefix("change_id,number,kind,") && rows[0].hasSuffix(",merge_commit,opened_at,first_review_at,pickup_hours,review_hours,repo"))
    #expect(rows.filter { $0.hasPrefix("change_id") }.count == 1)
    let teamA = rows.dropFirst().filter { $0.hasPrefix("team-a/") }
    let teamB = rows.dropFirst().filter { $0.hasPrefix("team-b/") }
    #expect(teamA.count == (try AnswerKey(fixture: "github-merges").changes.count))
    #expect(teamB.count == (try AnswerKey(fixture: "gitlab-marge").changes.count))
    #expect(teamA.allSatisfy { $0.hasSuffix(",team-a") } && teamB.allSatisfy { $0.hasSuffix(",team-b") })
    #expect(rows.count == 1 + teamA.count + teamB.count)
  }

  @Test("export --all over several: DIR/TABLE/repo=NAME/TABLE.csv with repo last, _SUCCESS last; jsonl one object a line")
  func partitions() throws {
    let github = try FixtureRepository("github-merges")
    let gitlab = try FixtureRepository("gitlab-marge")
    let folder = github.scratchPath("warehouse")
    let run = try runBaton(["export", github.path, gitlab.path, "--all", "--output-dir", folder] + window)
    #expect(run.status == 0, "\(run.stderr)")
    for table in ["changes", "weekly", "authors", "deployments", "queue"] {
      for repo in ["github-merges", "gitlab-marge"] {
        let text = try String(contentsOfFile: "\(folder)/\(table)/repo=\(repo)/\(table).csv", encoding: .utf8)
        let lines = text.split(separator: "\r\n")
        #expect(lines[0].hasSuffix(",repo"))
        #expect(lines.dropFirst().allSatisfy { $0.hasSuffix("," + repo) })
      }
    }
    // A partition is the repository's own table with REPO/ in its ids and the repo column.
    let alone = github.scratchPath("alone")
    try FileManager.default.createDirectory(atPath: alone, withIntermediateDirectories: true)
    #expect(try runBaton(["export", github.path, "--all", "--output-dir", alone] + window).status == 0)
    for table in ["changes", "weekly", "authors", "deployments", "queue"] {
      let own = try String(contentsOfFile: "\(alone)/\(table).csv", encoding: .utf8).split(separator: "\r\n").map(String.init)
      let part = try String(contentsOfFile: "\(folder)/\(table)/repo=github-merges/\(table).csv", encoding: .utf8)
        .split(separator: "\r\n").map(String.init)
      #expect(part.first == own.first! + ",repo")
      let unprefixed = part.dropFirst().map {
        String($0.dropLast(",github-merges".count)).replacingOccurrences(of: "github-merges/", with: "")
      }
      #expect(unprefixed == Array(own.dropFirst()), "\(table)")
    }
    let success = try String(contentsOfFile: folder + "/_SUCCESS", encoding: .utf8)
    #expect(success.contains("repo github-merges ") && success.contains("repo gitlab-marge "))
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder).sorted() == ["_SUCCESS", "authors", "changes", "deployments", "queue", "weekly"])

    let jsonl = try runBaton(["export", github.path, gitlab.path, "--table", "queue", "--format", "jsonl"] + window)
    #expect(jsonl.status == 0)
    let objects = try jsonl.stdout.split(separator: "\n").map {
      try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
    }
    // Each repository's days of the window, 2026-01-01 to 2026-03-01.
    #expect(objects.count == 2 * 60)
    #expect(objects.first?["repo"] as? String == "github-merges" && objects.last?["repo"] as? String == "gitlab-marge")
    #expect(objects.first?["date"] as? String == "2026-01-01")
  }

  @Test("check over several says which repository breached what; the union is checked too")
  func check() throws {
    let github = try FixtureRepository("github-merges")
    let gitlab = try FixtureRepository("gitlab-marge")
    let run = try runBaton(["check", github.path, gitlab.path, "--max-review-queue", "1000", "--max-pr-size-p85", "5"] + window)
    #expect(run.status == 1)
    #expect(run.stdout.hasPrefix("baton check: 2 repositories, the union of their changes, "))
    #expect(run.stdout.contains("baton check: github-merges, main"))
    #expect(run.stdout.contains("baton check: gitlab-marge, main"))
    #expect(run.stdout.hasSuffix("breached: the union (PR size p85); github-merges (PR size p85); gitlab-marge (PR size p85)\n"))
    let holds = try runBaton(["check", github.path, gitlab.path, "--max-review-queue", "1000"] + window)
    #expect(holds.status == 0)
    #expect(holds.stdout.hasSuffix("no limit breached, by the union or any repository\n"))
  }
}
