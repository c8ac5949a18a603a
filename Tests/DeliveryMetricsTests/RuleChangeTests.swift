import DeliveryMetrics
import GitHistory
import Testing

@Suite("Where baton's rules differ from docs/figures.md's text, found on real histories")
struct RuleChangeTests {
  @Test("rule 4: a committer who reviews a contributor's patch (a Skara sponsor) makes it a patch")
  func sponsorReview() throws {
    let history = MemoryHistory()
    let root = history.add("Start")
    let patch = history.add(
      "8341234: Fix xctrace samples handling\n\nReviewed-by: shade", parents: [root],
      author: "Filipp Zhinkin <fzhinkin@openjdk.org>", committer: "Aleksey Shipilev <shade@openjdk.org>",
      authored: 600, committed: 600)
    let selfReviewed = history.add(
      "Tidy up\n\nReviewed-by: shade", parents: [patch], author: "Aleksey Shipilev <shade@openjdk.org>", authored: 900)
    history.branch("refs/heads/main", at: selfReviewed)
    let changes = try ChangeRecognizer().changes(in: history, target: history.target())
    #expect(changes.map(\.kind) == [.direct, .patch, .direct])
    #expect(changes[1].author.email == "fzhinkin@openjdk.org")
    #expect(changes[1].reviewers == ["shade"])
  }

  @Test("rule 5: a bot committing a person's work seconds later lands no rebase run; GitHub's button still does")
  func botCommitter() throws {
    let history = MemoryHistory()
    let root = history.add("Start")
    let translation = history.add(
      "Update Basque translation", parents: [root], author: "Asier <asier@example.com>",
      committer: "GNOME Translation Robot <gnome-sysadmin@gnome.org>", authored: 600, committed: 620)
    let rebased = history.add(
      "Add a flag", parents: [translation], author: "Bo <bo@example.com>", committer: "GitHub <noreply@github.com>",
      authored: 700, committed: 900)
    history.branch("refs/heads/main", at: rebased)
    let changes = try ChangeRecognizer().changes(in: history, target: history.target())
    #expect(changes.map(\.kind) == [.direct, .direct, .rebase])
  }
}
