import FixtureSupport
import Foundation
import Testing

@Suite(".baton.toml: settings the three jobs share")
struct ConfigurationTests {
  /// A work-tree clone of github-merges with `config` at its root.
  func clone(with config: String) throws -> (FixtureRepository, String) {
    let fixture = try FixtureRepository("github-merges")
    let clone = try fixture.clone()
    try config.write(toFile: clone + "/.baton.toml", atomically: true, encoding: .utf8)
    return (fixture, clone)
  }

  @Test("thresholds come from the file; a flag overrides them")
  func thresholds() throws {
    let (fixture, clone) = try clone(with: "[thresholds]\nmax_change_failure_rate = \"10%\"\n")
    let window = ["--as-of", "2026-03-01", "--since", "2026-01-01"]
    let fromFile = try runBaton(["check", clone] + window)
    #expect(fromFile.status == 1)
    #expect(fromFile.stdout.contains("FAIL  change failure rate  33% (limit 10%) n=3"))
    let overridden = try runBaton(["check", clone, "--max-change-failure-rate", "50%"] + window)
    #expect(overridden.status == 0)
    withExtendedLifetime(fixture) {}
  }

  @Test("teams map author emails to a team, first match wins; --by team splits by them")
  func teams() throws {
    let (fixture, clone) = try clone(with: "[teams]\ncore = [\"alice@example.com\", \"bob@*\"]\nrest = [\"*\"]\n")
    let run = try runBaton(["report", clone, "--as-of", "2026-03-01", "--since", "2026-01-01", "--by", "team"])
    #expect(run.status == 0)
    #expect(run.stdout.contains("  rest  7 changes"))
    #expect(run.stdout.contains("  core  6 changes"))
    withExtendedLifetime(fixture) {}
  }

  @Test("a bare repository (the nightly mirror) uses the .baton.toml committed at the target's tip, without a config file too")
  func committedConfigInBareRepository() throws {
    let (fixture, clone) = try clone(with: "[thresholds]\nmax_change_failure_rate = \"10%\"\n")
    try FixtureRepository.runGit(["-C", clone, "add", ".baton.toml"])
    try FixtureRepository.runGit(["-C", clone, "commit", "--quiet", "-m", "baton settings"])
    try FixtureRepository.runGit(["-C", clone, "push", "--quiet", "origin", "HEAD:main"])
    let window = ["--as-of", "2026-03-01", "--since", "2026-01-01"]
    let run = try runBaton(["check", fixture.path] + window)
    #expect(run.status == 1)
    #expect(run.stdout.contains("FAIL  change failure rate  33% (limit 10%) n=3"))
    try FileManager.default.removeItem(atPath: fixture.path + "/config")
    #expect(try runBaton(["check", fixture.path] + window).stdout.contains("FAIL  change failure rate  33% (limit 10%)"))
  }

  @Test("a .baton.toml that is there but cannot be read is an error, never skipped: a folder, a Latin-1 byte")
  func unreadableConfig() throws {
    let (fixture, clone) = try clone(with: "")
    try FileManager.default.removeItem(atPath: clone + "/.baton.toml")
    try FileManager.default.createDirectory(atPath: clone + "/.baton.toml", withIntermediateDirectories: false)
    let folder = try runBaton(["check", clone, "--max-review-queue", "1"])
    #expect(folder.status == 2)
    #expect(folder.stderr == "baton: error: \(clone)/.baton.toml: is a directory, not a config file\n")
    try FileManager.default.removeItem(atPath: clone + "/.baton.toml")
    // `branch="é"` with é as the one Latin-1 byte 0xE9.
    try Data([0x23, 0x0A] + Array("branch=\"".utf8) + [0xE9, 0x22, 0x0A]).write(to: URL(fileURLWithPath: clone + "/.baton.toml"))
    let latin1 = try runBaton(["check", clone, "--max-review-queue", "1"])
    #expect(latin1.status == 2)
    #expect(latin1.stderr == "baton: error: \(clone)/.baton.toml:2: not UTF-8 (TOML files are UTF-8 text)\n")
    withExtendedLifetime(fixture) {}
  }

  @Test(
    "a bad key or value names the file, the line and the key; exit 2",
    arguments: [
      ("tz = \"UTC\"\n\n[thresholds]\nmax_queue = 3\n", ".baton.toml:4: unknown key 'max_queue' (expected max_review_queue)"),
      ("[thresholds]\nmax_review_wait_p85 = \"two days\"\n", ".baton.toml:2: max_review_wait_p85: expected a span such as \"48h\", \"14d\" or \"2w\""),
      ("deploy_tags = \"^v\"\ndeploy_branch = \"prod\"\n", ".baton.toml:1: deploy_tags: set one of deploy_tags, deploy_branch, deploy_log"),
      ("branch = main\n", ".baton.toml:1:"),
    ])
  func badConfig(config: String, message: String) throws {
    let (fixture, clone) = try clone(with: config)
    let run = try runBaton(["report", clone])
    #expect(run.status == 2)
    #expect(run.stderr.hasPrefix("baton: error: \(clone)/\(message)"))
    #expect(run.stderr.split(separator: "\n").count == 1)
    withExtendedLifetime(fixture) {}
  }
}
