import FixtureSupport
import Foundation
import Testing

@Suite("[[convention]] in .baton.toml: a team declares how it lands (docs/figures.md section 2)")
struct ConventionTests {
  func clone(with config: String?) throws -> (FixtureRepository, String) {
    let fixture = try FixtureRepository("mozilla-next")
    let clone = try fixture.clone()
    if let config { try config.write(toFile: clone + "/.baton.toml", atomically: true, encoding: .utf8) }
    return (fixture, clone)
  }

  static let bugSquash = """
    [[convention]]
    name = "bug-squash"
    subject = '^Bug (?<number>[0-9]+) - (?<title>.+?)(?: r=.*)?$'
    kind = "squash"
    forge = "github"

    """

  @Test("a declared squash claims what the built-in rules left direct or patch; the checkpoint sees the change")
  func declaredSquash() throws {
    let (fixture, clone) = try clone(with: nil)
    let arguments = ["export", clone, "--table", "changes", "--as-of", "2026-06-30", "--since", "2026-05-01"]
    let before = try runBaton(arguments)
    #expect(before.status == 0)
    #expect(before.stdout.contains(",patch,,\"Bug 2029803 - add defensive info->len check. r=nss-reviewers,rrelyea\","))
    // The same clone, now with a convention: the earlier run's checkpoint must not be reused.
    try Self.bugSquash.write(toFile: clone + "/.baton.toml", atomically: true, encoding: .utf8)
    let after = try runBaton(arguments)
    #expect(after.status == 0)
    #expect(after.stdout.contains("2029803,2029803,squash,github,add defensive info->len check.,"))
    #expect(after.stdout.contains("2030798,2030798,squash,github,clang format.,"))
    // `Bug 1432144 - Backout …` is claimed too, and stays a revert by its title.
    #expect(after.stdout.contains("1432144,1432144,squash,github,\"Backout revision b33b017eede5,\","))
    withExtendedLifetime(fixture) {}
  }

  @Test(
    "a bad convention names the file, the line and the key; exit 2",
    arguments: [
      (
        "tz = \"UTC\"\n\n[[convention]]\nname = \"x\"\nsubject = '^(a+)+$'\nkind = \"merge\"\n",
        ".baton.toml:5: subject: a repeated group that repeats or alternates inside"
      ),
      (
        "[[convention]]\nname = \"x\"\nsubject = '(?<title>.+)'\nkind = \"squash\"\nforge = \"azure\"\n",
        ".baton.toml:3: subject: a squash convention needs a named group (?<number>...)"
      ),
      (
        "[[convention]]\nname = \"x\"\nsubject = '^(?<number>[0-9]+'\nkind = \"squash\"\nforge = \"azure\"\n",
        ".baton.toml:3: subject: not a regular expression"
      ),
      (
        "[[convention]]\nname = \"a\"\nsubject = '^PR (?<number>[0-9]+)'\nkind = \"squash\"\nforge = \"azure\"\n\n[[convention]]\nname = \"b\"\nsubject = '^x'\nkind = \"octopus\"\n",
        ".baton.toml:10: kind: unknown kind 'octopus' (expected merge, group or squash)"
      ),
      (
        "[[convention]]\nname = \"x\"\ntrailer = \"Reviewed-on\"\nvalue = '(?<number>[0-9]+)$'\nkind = \"group\"\nforge = \"sourcehut\"\n",
        ".baton.toml:6: forge: unknown forge 'sourcehut'"
      ),
      (
        "[[convention]]\nname = \"x\"\ntrailer = \"Reviewed-on\"\nkind = \"group\"\nforge = \"gitea\"\n",
        ".baton.toml:3: trailer: a trailer convention needs value = a pattern on the trailer's value"
      ),
    ])
  func badConvention(config: String, message: String) throws {
    let (fixture, clone) = try clone(with: config)
    let run = try runBaton(["report", clone])
    #expect(run.status == 2)
    #expect(run.stderr.hasPrefix("baton: error: \(clone)/\(message)"), "\(run.stderr)")
    withExtendedLifetime(fixture) {}
  }
}

@Suite("baton explain: the rule that claimed a commit or change, and its evidence")
struct ExplainTests {
  @Test("a batch submit's branch commit: the Gerrit merge rule, its number, times and merger with their sources")
  func gerritBatch() throws {
    let fixture = try FixtureRepository("gerrit-submits")
    let run = try runBaton(["explain", fixture.path, fixture.id(4), "--as-of", "2026-05-01"])
    #expect(run.status == 0)
    #expect(run.stdout.hasPrefix("change Ib2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2\n"))
    for line in [
      "  rule          GerritMerge (built-in)\n", "  kind          merge\n",
      "  evidence      subject: Merge changes Ib2b2b2b2,Ic3c3c3c3 into integration\n",
      "  commits       2 (2 landed in its messages)\n", "  reviewers     manish@arm.example (from the merger)\n",
      "  first commit  2026-04-04T08:00:00Z\n", "  times from    branch (the merge's branch commits)\n",
    ] {
      #expect(run.stdout.contains(line), "\(line)")
    }
  }

  @Test("#NUMBER finds a change by its number; a declared convention is named as declared")
  func byNumberAndDeclared() throws {
    let fixture = try FixtureRepository("mozilla-next")
    let clone = try fixture.clone()
    try ConventionTests.bugSquash.write(toFile: clone + "/.baton.toml", atomically: true, encoding: .utf8)
    let run = try runBaton(["explain", clone, "#2029803", "--as-of", "2026-06-30"])
    #expect(run.status == 0)
    #expect(run.stdout.contains("  rule          bug-squash (declared in .baton.toml)\n"))
    #expect(run.stdout.contains("  number        2029803 (forge github)\n"))
    let merge = try runBaton(["explain", clone, fixture.id(12), "--as-of", "2026-06-30"])
    #expect(merge.status == 0)
    #expect(merge.stdout.contains(": no change of origin/main (origin/HEAD) claims it.\n"))
    #expect(merge.stdout.contains("(a sync merge)"))
  }
}
