import FixtureSupport
import Foundation
import Testing

@Suite("Corruption is not a partial clone (docs/figures.md section 9)")
struct CorruptionTests {
  let window = ["--as-of", "2026-01-10", "--no-cache"]

  func trimmed(_ text: String) -> String { text.trimmingCharacters(in: .whitespacesAndNewlines) }

  @Test("a missing tree in a repository with no promisor remote: exit 2 naming it; with one, a missing size")
  func missingTree() throws {
    let fixture = try FixtureRepository("basics")
    let tree = trimmed(try fixture.git("rev-parse", "main^{tree}"))
    try FileManager.default.removeItem(atPath: "\(fixture.path)/objects/\(tree.prefix(2))/\(tree.dropFirst(2))")
    let corrupt = try runBaton(["report", fixture.path] + window)
    #expect(corrupt.status == 2)
    #expect(corrupt.stderr.hasPrefix("baton: error: corrupt repository \(fixture.path): diff "))
    #expect(corrupt.stderr.contains("read tree \(tree.prefix(12)): object not found - no match for id (\(tree))"))
    #expect(corrupt.stderr.contains("(not a partial clone, so no tree or commit may be missing: `git fsck` shows what is damaged)"))
    // The same repository as a partial clone would have it: the change gets no size.
    try fixture.git("config", "remote.origin.url", "https://example.com/shop.git")
    try fixture.git("config", "remote.origin.promisor", "true")
    let partial = try runBaton(["report", fixture.path] + window)
    #expect(partial.status == 0)
    #expect(partial.stderr == "baton: warning: 1 changes have no size: their blobs are missing (a partial clone)\n")
  }

  /// basics repacked into one pack (no loose objects), its pack and index paths.
  func packed() throws -> (FixtureRepository, pack: String, index: String) {
    let fixture = try FixtureRepository("basics")
    try fixture.git("repack", "-q", "-a", "-d")
    let folder = fixture.path + "/objects/pack"
    let names = try FileManager.default.contentsOfDirectory(atPath: folder)
    for name in names where name.hasSuffix(".bitmap") || name.hasSuffix(".rev") {
      try FileManager.default.removeItem(atPath: folder + "/" + name)
    }
    let stem = folder + "/" + (try #require(names.first { $0.hasSuffix(".pack") })).dropLast(5)
    return (fixture, stem + ".pack", stem + ".idx")
  }

  @Test("a flipped bit in a pack index: exit 2 naming the object, not 'blobs are missing'")
  func flippedIndexBit() throws {
    let (fixture, _, index) = try packed()
    let blob = trimmed(try fixture.git("diff-tree", "-r", "main^", "main")).split(separator: " ")[3]
    let sorted = trimmed(try fixture.git("cat-file", "--batch-all-objects", "--batch-check=%(objectname)")).split(separator: "\n")
    let position = try #require(sorted.firstIndex { $0 == blob })
    var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: index)))
    // Version 2 index: 8 bytes of header, 256 fan-out words, then 20-byte names in order.
    bytes[8 + 1024 + position * 20 + 19] ^= 0x01
    try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: index)
    try Data(bytes).write(to: URL(fileURLWithPath: index))
    let run = try runBaton(["report", fixture.path] + window)
    #expect(run.status == 2)
    #expect(run.stderr.contains("read blob \(blob.prefix(12)): object not found - no match for id (\(blob))"))
    #expect(!run.stderr.contains("partial clone)"))
    #expect(run.stderr.contains("(damaged pack index: \((index as NSString).lastPathComponent) does not match its checksum"))
  }

  @Test("a blob a snapshot left out (no partial clone, sound indexes): a missing size and a warning, not an error")
  func snapshotWithoutABlob() throws {
    let fixture = try FixtureRepository("basics")
    let blob = trimmed(try fixture.git("diff-tree", "-r", "main^", "main")).split(separator: " ")[3]
    try FileManager.default.removeItem(atPath: "\(fixture.path)/objects/\(blob.prefix(2))/\(blob.dropFirst(2))")
    let run = try runBaton(["report", fixture.path] + window)
    #expect(run.status == 0)
    #expect(run.stderr == "baton: warning: 1 changes have no size: their blobs are missing (not a partial clone: a snapshot that left out some blobs?)\n")
  }

  @Test("a truncated pack is reported as one, not as 'object not found' alone")
  func truncatedPack() throws {
    let (fixture, pack, _) = try packed()
    let size = try #require(try FileManager.default.attributesOfItem(atPath: pack)[.size] as? Int)
    try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: pack)
    let handle = try #require(FileHandle(forWritingAtPath: pack))
    try handle.truncate(atOffset: UInt64(size / 2))
    try handle.close()
    let run = try runBaton(["report", fixture.path] + window)
    #expect(run.status == 2)
    #expect(run.stderr.contains("; damaged pack: \((pack as NSString).lastPathComponent) is truncated or damaged: it does not end in the checksum its index records (\(size / 2) bytes)\n"))
  }
}

@Suite("Smaller inputs, each with a message a user can act on")
struct SmallInputTests {
  @Test("--branch HEAD and --branch refs/heads/HEAD print different labels")
  func branchCalledHead() throws {
    let fixture = try FixtureRepository("basics")
    try fixture.git("update-ref", "refs/heads/HEAD", "main~1")
    let symbolic = try runBaton(["report", fixture.path, "--branch", "HEAD", "--as-of", "2026-01-10"])
    let branch = try runBaton(["report", fixture.path, "--branch", "refs/heads/HEAD", "--as-of", "2026-01-10"])
    #expect(symbolic.stdout.hasPrefix("baton report: \(fixture.path), HEAD (--branch)\n"))
    #expect(branch.stdout.hasPrefix("baton report: \(fixture.path), refs/heads/HEAD (--branch)\n"))
  }

  @Test("one dangling refs/pull/N/head is skipped with a warning naming it")
  func danglingReviewHead() throws {
    let fixture = try FixtureRepository("basics")
    let missing = "1234567890123456789012345678901234567890"
    try FileManager.default.createDirectory(atPath: fixture.path + "/refs/pull/99", withIntermediateDirectories: true)
    try "\(missing)\n".write(toFile: fixture.path + "/refs/pull/99/head", atomically: true, encoding: .utf8)
    let run = try runBaton(["report", fixture.path, "--as-of", "2026-01-10"])
    #expect(run.status == 0)
    #expect(
      run.stderr
        == "baton: warning: skipped refs/pull/99/head: the commit it names is not in the repository (object not found - no match for id (\(missing)))\n")
  }

  @Test("a tag on a tree is named as such, not 'unknown branch'")
  func tagOnTree() throws {
    let fixture = try FixtureRepository("basics")
    let tree = try fixture.git("rev-parse", "main^{tree}").trimmingCharacters(in: .whitespacesAndNewlines)
    try fixture.git("tag", "snapshot", tree)
    let run = try runBaton(["report", fixture.path, "--branch", "snapshot"])
    #expect(run.status == 2)
    #expect(run.stderr == "baton: error: 'snapshot' (refs/tags/snapshot) names a tree, not a commit: give a branch or a commit\n")
  }

  @Test("a mistyped subcommand is suggested, not taken as a path")
  func mistypedSubcommand() throws {
    let run = try runBaton(["repot", "--as-of", "2026-01-10"])
    #expect(run.status == 2)
    #expect(run.stderr == "baton: error: unknown command 'repot' (did you mean 'baton report'?)\n")
    let check = try runBaton(["chek"])
    #expect(check.stderr == "baton: error: unknown command 'chek' (did you mean 'baton check'?)\n")
  }

  @Test("config tz and deploy_tags errors name the file and the line")
  func configLines() throws {
    let fixture = try FixtureRepository("github-merges")
    let clone = try fixture.clone()
    try "branch = \"main\"\ntz = \"Mars/Olympus\"\n".write(toFile: clone + "/.baton.toml", atomically: true, encoding: .utf8)
    let zone = try runBaton(["report", clone])
    #expect(zone.status == 2)
    #expect(zone.stderr == "baton: error: \(clone)/.baton.toml:2: tz: unknown time zone 'Mars/Olympus' (for example UTC, Europe/Berlin)\n")
    try "\n\ndeploy_tags = \"v[0-9\"\n".write(toFile: clone + "/.baton.toml", atomically: true, encoding: .utf8)
    let pattern = try runBaton(["report", clone])
    #expect(pattern.status == 2)
    #expect(pattern.stderr.hasPrefix("baton: error: \(clone)/.baton.toml:3: deploy_tags: invalid deploy tag pattern 'v[0-9': "))
    try "deploy_tags = \"^(v+)+$\"\n".write(toFile: clone + "/.baton.toml", atomically: true, encoding: .utf8)
    let nested = try runBaton(["report", clone])
    #expect(nested.stderr.hasPrefix("baton: error: \(clone)/.baton.toml:1: deploy_tags: deploy tag pattern '^(v+)+$' repeats a repetition"))
  }
}

@Suite("The deploy log: RFC 4180, real line numbers (docs/figures.md section 4)")
struct DeployLogFileTests {
  let window = ["--as-of", "2026-03-01", "--since", "2026-01-01", "--table", "deployments"]

  @Test("quoted cells with commas, quotes and line breaks; errors name the line a record starts on")
  func quoted() throws {
    let fixture = try FixtureRepository("github-merges")
    let log = fixture.scratchPath("deploys.csv")
    try """
      service,deployed_at,commit,note\r
      "api, web",2026-01-20T00:00:00Z,\(fixture.id(12)),"first ""green"" deploy"\r
      web,2026-02-01T00:00:00Z,\(fixture.id(27)),"two
      lines"\r

      """.write(toFile: log, atomically: true, encoding: .utf8)
    let run = try runBaton(["export", fixture.path, "--deploy-log", log] + window)
    #expect(run.status == 0)
    #expect(run.stdout.split(separator: "\r\n").count == 3)
    #expect(run.stdout.contains("2026-02-01T00:00:00Z,\(fixture.id(27)),\(fixture.id(27)),5,"))
    // The third record starts on line 3 and ends on line 4; the bad one after it is on line 5.
    try """
      service,deployed_at,commit,note
      web,2026-01-20T00:00:00Z,\(fixture.id(12)),"two
      lines"
      web,2026-02-30T00:00:00Z,\(fixture.id(27)),
      """.write(toFile: log, atomically: true, encoding: .utf8)
    let bad = try runBaton(["report", fixture.path, "--deploy-log", log])
    #expect(bad.status == 2)
    #expect(bad.stderr == "baton: error: \(log):4: deployed_at '2026-02-30T00:00:00Z' is not an ISO-8601 moment such as 2026-01-31T12:00:00Z\n")
  }

  @Test("a missing commit cell and a byte that is not UTF-8 are named as such")
  func namedProblems() throws {
    let fixture = try FixtureRepository("github-merges")
    let log = fixture.scratchPath("deploys.csv")
    try "deployed_at,commit\n2026-01-20T00:00:00Z,\(fixture.id(12))\n2026-02-01T00:00:00Z\n"
      .write(toFile: log, atomically: true, encoding: .utf8)
    let missing = try runBaton(["report", fixture.path, "--deploy-log", log])
    #expect(missing.status == 2)
    #expect(missing.stderr == "baton: error: \(log):3: the commit cell is empty\n")
    try (Data("deployed_at,commit,note\n2026-01-20T00:00:00Z,\(fixture.id(12)),ok\n2026-02-01T00:00:00Z,\(fixture.id(27)),caf".utf8)
      + Data([0xE9, 0x0A])).write(to: URL(fileURLWithPath: log))
    let latin = try runBaton(["report", fixture.path, "--deploy-log", log])
    #expect(latin.status == 2)
    #expect(latin.stderr == "baton: error: \(log):3: not UTF-8 text (save the deploy log as UTF-8)\n")
  }

  @Test("deploy_log in .baton.toml is relative to the file, wherever baton runs from")
  func relativeToConfig() throws {
    let fixture = try FixtureRepository("github-merges")
    let clone = try fixture.clone()
    try FileManager.default.createDirectory(atPath: clone + "/ops", withIntermediateDirectories: true)
    try "deployed_at,commit\n2026-01-20T00:00:00Z,\(fixture.id(12))\n".write(toFile: clone + "/ops/deploys.csv", atomically: true, encoding: .utf8)
    try "deploy_log = \"ops/deploys.csv\"\n".write(toFile: clone + "/.baton.toml", atomically: true, encoding: .utf8)
    // Run from elsewhere: the log is found beside the config, not in the working directory.
    let run = try runBaton(["export", clone] + window)
    #expect(run.status == 0)
    #expect(run.stdout.contains("2026-01-20T00:00:00Z,\(fixture.id(12)),"))
  }
}
