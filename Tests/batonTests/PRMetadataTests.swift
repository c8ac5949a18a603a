import FixtureSupport
import Foundation
import Testing

/// The forge's records beside git (docs/figures.md section 8), on the pr-metadata fixture
/// and its hand-written Fixtures/pr-metadata.json.
@Suite("--pr-metadata: opening and review times from the forge's records")
struct PRMetadataTests {
  static let window = ["--as-of", "2026-03-31T00:00:00Z", "--since", "2026-03-01"]
  static var recordsPath: String { FixtureRepository.fixturesDirectory.appendingPathComponent("pr-metadata.json").path }

  /// The changes table as rows of column name to cell (the fixture's cells hold no commas or quotes).
  func changes(_ fixture: FixtureRepository, _ extra: [String]) throws -> [[String: String]] {
    let run = try runBaton(["export", fixture.path, "--table", "changes"] + Self.window + extra)
    #expect(run.status == 0, "\(run.stderr)")
    let lines = run.stdout.split(separator: "\r\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    guard let header = lines.first else { return [] }
    return lines.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
  }

  func summary(_ fixture: FixtureRepository, _ extra: [String]) throws -> (json: [String: Any], stderr: String) {
    let run = try runBaton(["report", fixture.path, "--format", "json"] + Self.window + extra)
    #expect(run.status == 0, "\(run.stderr)")
    let json = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
    return (json ?? [:], run.stderr)
  }

  @Test("each change's opened_at, first_review_at, coding, pickup, review, reviewers and timing are the answer key's")
  func changesFromRecords() throws {
    let fixture = try FixtureRepository("pr-metadata")
    let key = try AnswerKey(fixture: "pr-metadata")
    let rows = try changes(fixture, ["--pr-metadata", Self.recordsPath])
    let expected = key.entries.filter { $0.kind == "pr" }
    #expect(rows.count == expected.count)
    for entry in expected {
      let id = fixture.id(entry.mark!)
      let label = Comment(rawValue: "pr-metadata :\(entry.mark!)")
      guard let row = rows.first(where: { $0["merge_commit"] == id }) else {
        Issue.record("no row for :\(entry.mark!)")
        continue
      }
      #expect(row["timing_source"] == entry["timing"], label)
      #expect(row["opened_at"] == (entry["opened"] ?? ""), label)
      #expect(row["first_review_at"] == (entry["first_review"] ?? ""), label)
      #expect(row["coding_hours"] == (entry["coding"] ?? ""), label)
      #expect(row["pickup_hours"] == (entry["pickup"] ?? ""), label)
      #expect(row["review_hours"] == (entry["review"] ?? ""), label)
      #expect(row["cycle_hours"] == (entry["cycle"] ?? ""), label)
      #expect(row["reviewers"] == (entry["reviewers"] ?? ""), label)
      #expect(row["review_source"] == (entry["review_source"] ?? ""), label)
    }
  }

  @Test("the four new columns come last, and are empty without records")
  func columns() throws {
    let fixture = try FixtureRepository("pr-metadata")
    let run = try runBaton(["export", fixture.path, "--table", "changes"] + Self.window)
    let header = run.stdout.split(separator: "\r\n").first ?? ""
    #expect(header.hasSuffix(",timing_source,merge_commit,opened_at,first_review_at,pickup_hours,review_hours"))
    for row in try changes(fixture, []) {
      #expect([row["opened_at"], row["first_review_at"], row["pickup_hours"], row["review_hours"]] == ["", "", "", ""])
      #expect(row["timing_source"] != "pr-metadata")
    }
  }

  @Test("the report splits cycle time, covers 3 of 5 changes, and the queue follows real open and close times")
  func report() throws {
    let fixture = try FixtureRepository("pr-metadata")
    let key = try AnswerKey(fixture: "pr-metadata")
    let facts = key.entries.first { $0.kind == "fact" && $0["with"] == "records" }!
    let (json, stderr) = try summary(fixture, ["--pr-metadata", Self.recordsPath])
    func number(_ value: Any?) -> Double? { (value as? NSNumber)?.doubleValue }
    func hours(_ name: String, _ value: Any?) -> Bool {
      guard let expected = facts[name].flatMap(Double.init), let got = number(value) else { return false }
      return abs(expected - got) < 0.005
    }
    #expect(hours("review_queue", json["reviewQueue"]))
    #expect(hours("review_queue_before", json["reviewQueueBefore"]))
    #expect(hours("oldest_open_hours", json["oldestOpenHours"]))
    #expect(hours("open_review_heads", json["openReviewHeads"]))
    let records = json["pullRequests"] as? [String: Any] ?? [:]
    #expect(hours("covered", records["changesCovered"]))
    #expect(hours("records_open", records["openAtAsOf"]))
    #expect(number(records["unmatchedMerged"]) == 1)
    #expect(number(records["share"]) == 0.6)
    #expect(number(json["changesMerged"]).map { String(Int($0)) } == facts["changes"])
    let pickup = json["pickupHours"] as? [String: Any] ?? [:]
    let review = json["reviewHours"] as? [String: Any] ?? [:]
    #expect(hours("pickup_p50", pickup["p50"]) && hours("pickup_p85", pickup["p85"]) && hours("pickup_p95", pickup["p95"]))
    #expect(hours("review_p50", review["p50"]) && hours("review_p85", review["p85"]) && hours("review_p95", review["p95"]))
    // The duplicate #2 and the #9 merged elsewhere are said once each, on stderr.
    #expect(stderr.contains("1 item listed twice with the same values"))
    #expect(stderr.contains("1 pull request merged in the window matches no change on main (#\(facts["unmatched"]!))"))

    let git = key.entries.first { $0.kind == "fact" && $0["with"] == "git" }!
    let (plain, _) = try summary(fixture, [])
    #expect(number(plain["reviewQueue"]).map { String(Int($0)) } == git["review_queue"])
    #expect(number(plain["reviewQueueBefore"]).map { String(Int($0)) } == git["review_queue_before"])
    #expect(number(plain["oldestOpenHours"]) == git["oldest_open_hours"].flatMap(Double.init))
    #expect(plain["pickupHours"] == nil && plain["pullRequests"] == nil)
  }

  @Test("the terminal report shows pickup and review under cycle time, with what the records cover")
  func reportText() throws {
    let fixture = try FixtureRepository("pr-metadata")
    let run = try runBaton(["report", fixture.path, "--pr-metadata", Self.recordsPath] + Self.window)
    #expect(run.status == 0)
    #expect(run.stdout.contains("  pickup "))
    #expect(run.stdout.contains("  review "))
    #expect(run.stdout.contains("cover 3 of 5 changes (60%)"))
    let plain = try runBaton(["report", fixture.path] + Self.window)
    #expect(!plain.stdout.contains("  pickup "))
  }

  @Test("check --max-pickup-time-p85: 38.4h breaches 36h, passes 40h; without records it is a usage error")
  func check() throws {
    let fixture = try FixtureRepository("pr-metadata")
    let breach = try runBaton(["check", fixture.path, "--pr-metadata", Self.recordsPath, "--max-pickup-time-p85", "36h"] + Self.window)
    #expect(breach.status == 1)
    #expect(breach.stdout.contains("FAIL  pickup time p85  1d 14h (limit 1d 12h) n=2"), "\(breach.stdout)")
    let pass = try runBaton(["check", fixture.path, "--pr-metadata", Self.recordsPath, "--max-pickup-time-p85", "40h", "--format", "json"] + Self.window)
    #expect(pass.status == 0)
    #expect(pass.stdout.contains("pickup_time_p85"))
    let none = try runBaton(["check", fixture.path, "--max-pickup-time-p85", "40h"] + Self.window)
    #expect(none.status == 2)
    #expect(none.stderr.contains("--max-pickup-time-p85 needs the forge's records"))
  }

  @Test("pr_metadata in a .baton.toml committed in a bare repository is read beside the repository")
  func committedConfig() throws {
    let fixture = try FixtureRepository("pr-metadata")
    let clone = try fixture.clone()
    try "pr_metadata = \"records/prs.json\"\n".write(toFile: clone + "/.baton.toml", atomically: true, encoding: .utf8)
    try FixtureRepository.runGit(["-C", clone, "add", ".baton.toml"])
    try FixtureRepository.runGit(["-C", clone, "commit", "--quiet", "-m", "baton settings"])
    try FixtureRepository.runGit(["-C", clone, "push", "--quiet", "origin", "HEAD:main"])
    let missing = try runBaton(["report", fixture.path] + Self.window)
    #expect(missing.status == 2)
    #expect(missing.stderr == "baton: error: no such PR metadata file: \(fixture.path)/records/prs.json\n")
    try FileManager.default.createDirectory(atPath: fixture.path + "/records", withIntermediateDirectories: false)
    try FileManager.default.copyItem(atPath: Self.recordsPath, toPath: fixture.path + "/records/prs.json")
    let rows = try changes(fixture, [])
    #expect(rows.filter { $0["timing_source"] == "pr-metadata" }.count == 3)
  }

  @Test(
    "a bad file is an error naming the item and field; exit 2",
    arguments: [
      ("[{\"number\": 1,", "not JSON"),
      ("{\"number\": 1}", "expected a JSON array of pull requests"),
      ("[3]", "item 1: expected an object, found the number 3"),
      ("[{\"createdAt\": \"2026-03-02T16:00:00Z\", \"author\": null}]", "item 1: no number (gh's number, or GitLab's iid)"),
      ("[{\"number\": \"1\", \"createdAt\": \"2026-03-02T16:00:00Z\", \"author\": null}]", "item 1: number: expected a positive whole number, found \"1\""),
      ("[{\"number\": true}]", "item 1: number: expected a positive whole number, found true"),
      ("[{\"number\": 1, \"author\": null}]", "item 1 (#1): createdAt: missing"),
      ("[{\"number\": 1, \"createdAt\": \"yesterday\", \"author\": null}]", "item 1 (#1): createdAt: expected an ISO-8601 time such as 2026-01-31T12:00:00Z, found \"yesterday\""),
      ("[{\"number\": 1, \"createdAt\": \"2026-03-02T16:00:00Z\"}]", "item 1 (#1): author: missing"),
      ("[{\"number\": 1, \"createdAt\": \"2026-03-02T16:00:00Z\", \"author\": null, \"isDraft\": \"no\"}]", "item 1 (#1): isDraft: expected true or false, found \"no\""),
      ("[{\"number\": 1, \"createdAt\": \"2026-03-02T16:00:00Z\", \"author\": null, \"reviews\": {}}]", "item 1 (#1): reviews: expected a list, found an object"),
      ("[{\"number\": 1, \"createdAt\": \"2026-03-02T16:00:00Z\", \"author\": null, \"reviews\": [{\"author\": {\"login\": \"x\"}, \"submittedAt\": 5}]}]", "item 1 (#1): reviews[0].submittedAt: expected an ISO-8601 time"),
      ("[{\"iid\": 4, \"created_at\": \"2026-03-02T16:00:00Z\", \"author\": {\"username\": \"a\"}, \"merged_at\": 12}]", "item 1 (#4): merged_at: expected an ISO-8601 time"),
      ("[{\"number\": 1, \"createdAt\": \"2026-03-02T16:00:00Z\", \"author\": null}, {\"number\": 1, \"createdAt\": \"2026-03-03T16:00:00Z\", \"author\": null}]", "item 2 (#1): number: also item 1's, with other values"),
    ])
  func badFile(text: String, message: String) throws {
    let fixture = try FixtureRepository("pr-metadata")
    let path = fixture.scratchPath("prs.json")
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    let run = try runBaton(["report", fixture.path, "--pr-metadata", path] + Self.window)
    #expect(run.status == 2)
    #expect(run.stderr.hasPrefix("baton: error: \(path): \(message)"), "\(run.stderr)")
    #expect(run.stderr.split(separator: "\n").count == 1)
    #expect(run.stdout.isEmpty)
  }

  @Test("GitLab's merge requests: iid, created_at, draft, an author object, and reviews of {author, submitted_at}")
  func gitLab() throws {
    let fixture = try FixtureRepository("pr-metadata")
    let path = fixture.scratchPath("mrs.json")
    // The pr-metadata fixture's numbers are GitHub's: a GitLab file matches none of its changes.
    try """
      [{"iid": 1, "id": 9001, "created_at": "2026-03-02T16:00:00.000Z", "merged_at": "2026-03-05T12:00:00.000+00:00",
        "closed_at": null, "draft": false, "author": {"username": "bob", "bot": false},
        "reviews": [{"author": "carol", "submitted_at": "2026-03-03T10:00:00Z", "state": "approved"}]},
       {"iid": 12, "created_at": "2026-03-30T10:00:00Z", "merged_at": null, "closed_at": null, "draft": false,
        "author": {"username": "lee"}}]
      """.write(toFile: path, atomically: true, encoding: .utf8)
    let (json, stderr) = try summary(fixture, ["--pr-metadata", path])
    let records = json["pullRequests"] as? [String: Any] ?? [:]
    #expect((records["items"] as? NSNumber) == 2)
    #expect((records["changesCovered"] as? NSNumber) == 0)
    // !12 was open at as-of; !1 merged in the window on no change of this GitHub history.
    #expect((records["openAtAsOf"] as? NSNumber) == 1)
    #expect(stderr.contains("(#1)"))
  }

  @Test("a GitLab merge request matches its GitLab change: the author's own approval is no review, another's is")
  func gitLabMatch() throws {
    let fixture = try FixtureRepository("gitlab-marge")
    let path = fixture.scratchPath("mrs.json")
    // !2 (mark :6): first commit 2026-01-09T14:00, merged 2026-01-12T09:15 by Lena; git names alice@example.com
    // as reviewer. Opened 01-10T09:00; ivan (the author) approves 01-10T10:00, which is no review; alice
    // approves 01-11T09:15: pickup 24.25h, review 24h, coding 19h; reviewers alice, then git's
    // alice@example.com is alice by login.
    try """
      [{"iid": 2, "created_at": "2026-01-10T09:00:00.000Z", "merged_at": "2026-01-12T09:15:00.000Z", "closed_at": null,
        "draft": false, "author": {"username": "ivan", "name": "Ivan"},
        "reviews": [{"author": {"username": "ivan"}, "submitted_at": "2026-01-10T10:00:00Z", "state": "approved"},
                    {"author": "alice", "submitted_at": "2026-01-11T09:15:00.000+00:00", "state": "approved"}]}]
      """.write(toFile: path, atomically: true, encoding: .utf8)
    let run = try runBaton(
      ["export", fixture.path, "--table", "changes", "--as-of", "2026-03-01", "--since", "2026-01-01", "--pr-metadata", path])
    #expect(run.status == 0, "\(run.stderr)")
    let lines = run.stdout.split(separator: "\r\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    let header = lines.first ?? []
    let rows = lines.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
    let row = rows.first { $0["merge_commit"] == fixture.id(6) } ?? [:]
    #expect(row["opened_at"] == "2026-01-10T09:00:00Z")
    #expect(row["first_review_at"] == "2026-01-11T09:15:00Z")
    #expect(row["pickup_hours"] == "24.25")
    #expect(row["review_hours"] == "24.00")
    #expect(row["coding_hours"] == "19.00")
    #expect(row["reviewers"] == "alice")
    #expect(row["review_source"] == "pr-metadata")
    #expect(rows.filter { $0["timing_source"] == "pr-metadata" }.count == 1)
  }

  @Test("the diagnosis's stages split review wait into pickup and review where records cover a change")
  func diagnosisStages() throws {
    let fixture = try FixtureRepository("pr-metadata")
    let (json, _) = try summary(fixture, ["--pr-metadata", Self.recordsPath])
    let diagnosis = json["diagnosis"] as? [String: Any] ?? [:]
    let stages = (diagnosis["stages"] as? [[String: Any]] ?? []).reduce(into: [String: (Double, Double?)]()) {
      $0[$1["stage"] as? String ?? ""] = (($1["share"] as? NSNumber)?.doubleValue ?? -1, ($1["p50Hours"] as? NSNumber)?.doubleValue)
    }
    // Timed changes #1 #2 #3 (records) and #4 (none); nothing deployed, so shares are of cycle
    // times: 75 + 48 + 4 + 24 = 151h. Coding 7 + 5 + 1 + 0 = 13h; pickup 18 + 42 = 60h; review
    // 50 + 1 = 51h; review wait only #4's 24h; #3's 3h from opening to merge had no reviewer.
    #expect(Set(stages.keys) == ["coding", "reviewWait", "pickup", "review"])
    #expect(abs((stages["coding"]?.0 ?? 0) - 13.0 / 151) < 1e-9)
    #expect(abs((stages["pickup"]?.0 ?? 0) - 60.0 / 151) < 1e-9)
    #expect(abs((stages["review"]?.0 ?? 0) - 51.0 / 151) < 1e-9)
    #expect(abs((stages["reviewWait"]?.0 ?? 0) - 24.0 / 151) < 1e-9)
    #expect(stages["pickup"]?.1 == 30 && stages["review"]?.1 == 25.5 && stages["coding"]?.1 == 3)
    #expect(diagnosis["constraint"] as? String == "pickup")
    let (plain, _) = try summary(fixture, [])
    let plainStages = ((plain["diagnosis"] as? [String: Any])?["stages"] as? [[String: Any]] ?? []).compactMap { $0["stage"] as? String }
    #expect(plainStages == ["coding", "reviewWait"])
  }

  @Test("--pr-metadata with several repositories is a usage error: numbers belong to one repository")
  func severalRepositories() throws {
    let fixture = try FixtureRepository("pr-metadata")
    let other = try FixtureRepository("github-merges")
    let run = try runBaton(["report", fixture.path, other.path, "--pr-metadata", Self.recordsPath] + Self.window)
    #expect(run.status == 2)
    #expect(run.stderr.contains("--pr-metadata holds one repository's records"))
  }
}
