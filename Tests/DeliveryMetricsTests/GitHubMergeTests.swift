import DeliveryMetrics
import Testing

@Suite("GitHub merges, the merge queue and rebase-and-merge (Fixtures/github-merges.fi)")
struct GitHubMergeTests {
  @Test("every commit of main's first-parent line is recognised as its answer key says")
  func answerKey() throws {
    let fixture = try RecognizedFixture("github-merges")
    let alice = "alice@example.com", bob = "bob@example.com", carol = "carol@example.com"
    let expectations: [(Int, Expected)] = [
      (1, Expected(kind: .direct, title: "Initial commit", author: alice, commits: 1, timing: .none,
                   merged: "2026-01-05T09:00:00Z")),
      (4, Expected(kind: .merge, number: "1", forge: .github, title: "Add a config file parser", author: bob,
                   commits: 2, timing: .branch, first: "2026-01-06T10:00:00Z", last: "2026-01-07T07:12:00Z",
                   merged: "2026-01-07T15:30:00Z", reviewers: [alice], reviewSource: .merger)),
      (6, Expected(kind: .merge, number: "2", forge: .github, title: "Fix crash on empty input", author: carol,
                   commits: 1, timing: .branch, first: "2026-01-08T18:00:00Z", last: "2026-01-08T18:45:00Z",
                   merged: "2026-01-09T09:00:00Z", reviewers: [bob], reviewSource: .merger)),
      (10, Expected(kind: .merge, number: "3", forge: .github, title: "Add YAML config support",
                    author: "dan@example.com", commits: 3, timing: .branch, first: "2026-01-11T20:00:00Z",
                    last: "2026-01-12T09:15:00Z", merged: "2026-01-13T10:00:00Z", reviewers: [alice],
                    reviewSource: .merger)),
      (12, Expected(kind: .merge, number: "4", forge: .github, title: "Add retry logic", author: carol, commits: 1,
                    timing: .branch, first: "2026-01-14T13:00:00Z", last: "2026-01-14T17:40:00Z",
                    merged: "2026-01-15T11:02:17Z", reviewers: [bob], reviewSource: .merger)),
      (15, Expected(kind: .merge, number: "6", forge: .github, title: "Validate configuration on load",
                    author: "frank@example.com", commits: 2, timing: .branch, first: "2026-01-16T09:00:00Z",
                    last: "2026-01-17T10:00:00Z", merged: "2026-01-19T09:30:00Z", reviewers: [alice],
                    reviewSource: .merger)),
      (19, Expected(kind: .rebase, title: "Add plugin docs", author: carol, commits: 3, timing: .landed,
                    first: "2026-01-20T09:00:00Z", last: "2026-01-20T22:40:00Z", merged: "2026-01-21T16:00:00Z")),
      (21, Expected(kind: .rebase, title: "Print timings in verbose mode", author: "erin@example.com", commits: 2,
                    timing: .landed, first: "2026-01-19T11:00:00Z", last: "2026-01-19T11:30:00Z",
                    merged: "2026-01-21T16:00:20Z")),
      (22, Expected(kind: .direct, title: "Bump version to 0.2.0.dev0", author: alice, commits: 1, timing: .none,
                    merged: "2026-01-22T12:00:00Z")),
      (24, Expected(kind: .merge, number: "9", forge: .github, title: "Revert \"Add retry logic (#4)\"",
                    author: alice, commits: 1, timing: .branch, first: "2026-01-23T09:00:00Z",
                    last: "2026-01-23T09:00:00Z", merged: "2026-01-23T10:30:00Z", reviewers: [bob],
                    reviewSource: .merger)),
      (27, Expected(kind: .merge, number: "10", forge: .github, title: "Cache parsed configuration files",
                    author: alice, commits: 2, timing: .branch, first: "2026-01-26T10:00:00Z",
                    last: "2026-01-27T08:00:00Z", merged: "2026-01-27T09:00:00Z", cohort: .ai)),
      (29, Expected(kind: .merge, number: "11", forge: .github, title: "Test on Python 3.13", author: bob,
                    commits: 1, timing: .branch, first: "2026-02-02T08:00:00Z", last: "2026-02-02T08:30:00Z",
                    merged: "2026-02-04T14:00:00Z", reviewers: [carol], reviewSource: .merger)),
      (33, Expected(kind: .merge, number: "13", forge: .github, title: "Bump requests from 2.32.3 to 2.32.4",
                    author: "49699333+dependabot[bot]@users.noreply.github.com", commits: 1, timing: .branch,
                    first: "2026-02-23T06:12:00Z", last: "2026-02-23T06:12:00Z", merged: "2026-02-24T10:00:00Z",
                    reviewers: [alice], reviewSource: .merger, cohort: .bot)),
    ]
    #expect(fixture.changes.map(\.mergeCommit) == expectations.map { fixture.oid($0.0) })
    for (mark, expected) in expectations {
      expected.check(try fixture.change(mark))
    }
  }

  @Test("a numbered merge whose branch is already on main is no change")
  func emptyMerge() throws {
    let fixture = try RecognizedFixture("github-merges")
    #expect(fixture.changes.allSatisfy { $0.mergeCommit != fixture.oid(16) })
  }

  @Test("change ids are the numbers, else 12 hex digits of the merge commit")
  func changeIDs() throws {
    let fixture = try RecognizedFixture("github-merges")
    #expect(try fixture.change(4).changeID == "1")
    #expect(try fixture.change(19).changeID == fixture.fixture.id(19).prefix(12).description)
  }
}
