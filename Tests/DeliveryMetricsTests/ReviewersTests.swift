import DeliveryMetrics
import GitHistory
import Testing

@Suite("Reviewers and mergers compared as people (docs/figures.md sections 1 and 7)")
struct ReviewersTests {
  @Test("a reviewer named under two addresses in one change is one reviewer, by the first spelling")
  func reviewerUnderTwoAddresses() throws {
    let history = MemoryHistory()
    let root = history.add("Start")
    let patch = history.add(
      "Fix the parser\n\nReviewed-by: Rob Pike <r@golang.example>\nReviewed-by: Rob Pike <rob@work.example>\nAcked-by: Ann <ann@example.com>",
      parents: [root], author: "Bo <bo@example.com>", authored: 100, committed: 200)
    history.branch("refs/heads/main", at: patch)
    let changes = try ChangeRecognizer().changes(in: history, target: history.target())
    #expect(changes[1].reviewers == ["r@golang.example", "ann@example.com"])
  }

  @Test("bors-ng `r=A a=A` is the author approving their own PR: no reviewer; `r=A,B a=A` keeps B")
  func borsNGOwnApproval() throws {
    let history = MemoryHistory()
    let root = history.add("Start")
    let own = history.add("fix: NixOS path", parents: [root], author: "Laurentiu <lnicola@dend.example>", authored: 100)
    let other = history.add("feat: hover", parents: [root], author: "Lukas <lukas@example.com>", authored: 110)
    let batch = history.add(
      "Merge #11144 #11145\n\n11144: fix: NixOS path r=lnicola a=lnicola\n\n11145: feat: hover r=Veykril,matklad a=Veykril\n",
      parents: [root, own, other], author: "bors[bot] <bors[bot]@users.noreply.github.com>",
      committer: "GitHub <noreply@github.com>", authored: 200)
    history.branch("refs/heads/main", at: batch)
    let changes = try ChangeRecognizer().changes(in: history, target: history.target())
    #expect(changes.map(\.number) == [nil, "11144", "11145"])
    #expect(changes[1].reviewers == [])
    #expect(changes[1].reviewSource == nil)
    #expect(changes[2].reviewers == ["matklad"])
  }

  @Test("gerrit-submits: top reviewer over trailer reviews only, top merger apart, self-merges without a trailer reviewer")
  func gerritLoad() throws {
    let (_, report) = try analyse("gerrit-submits", asOf: "2026-04-30T00:00:00Z", since: "2026-03-01T00:00:00Z")
    let load = report.reviewLoad()
    #expect(load.reviewedChanges == 1)
    #expect(load.topReviewer == "finn@chromium.example")
    #expect(load.topReviewerShare == 1)
    #expect(load.mergedByOthers == 3)
    #expect(load.topMerger == "manish@arm.example")
    #expect(load.topMergerShare == 1)
    // Mergers known: :1 (Alan, own), :3 and :7's two (Manish), :11 (Gina, own but reviewed by Finn).
    #expect(load.selfMergedShare == 1.0 / 5.0)
  }

  @Test("forge-squashes: a Codeberg merger and author with one name under two addresses self-merge")
  func codebergSelfMerge() throws {
    let (_, report) = try analyse("forge-squashes", asOf: "2026-05-31T00:00:00Z", since: "2026-04-01T00:00:00Z")
    let kim = try #require(report.changes.first { $0.number == "4468" })
    #expect(kim.mergedByAuthor)
    #expect(kim.reviewers.isEmpty)
    let load = report.reviewLoad()
    // Mergers known: :1 Olga, :2 Ann, :4 kim, :10 Julia (their own); :3 #42 and the groups' Lucas by others.
    #expect(load.mergedByOthers == 3)
    #expect(load.topMerger == "lucas@kernel.example")
    #expect(load.selfMergedShare == 4.0 / 7.0)
  }

  @Test(
    "forge accounts are bots that land others' work; people are not",
    arguments: [
      ("Gerrit Code Review", "review@openstack.org", true), ("TrustedFirmware Code Review", "review@review.trustedfirmware.org", true),
      ("Gerrit", "noreply-gerritcodereview@google.com", true), ("Zuul", "zuul@openstack.org", true),
      ("Chromium LUCI CQ", "chromium-scoped@luci-project-accounts.iam.gserviceaccount.com", true),
      ("Gitea", "gitea@fake.local", true), ("Forgejo", "forgejo@example.org", true), ("GitHub", "noreply@github.com", true),
      ("kim", "gruf@noreply.codeberg.org", false), ("Zuul Smith", "zsmith@example.com", false), ("Code Reviewer", "cr@example.com", false),
    ])
  func forgeAccounts(name: String, email: String, forge: Bool) {
    let identity = Identity(name: name, email: email)
    #expect(IdentityRules.isForgeAccount(identity) == forge)
    #expect(IdentityRules().isBot(identity) == forge)
  }
}
