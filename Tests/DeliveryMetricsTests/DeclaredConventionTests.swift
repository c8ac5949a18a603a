import DeliveryMetrics
import GitHistory
import Testing

@Suite("Declared conventions: tried before the built-in ones of their kind, in file order, in bounded time")
struct DeclaredConventionTests {
  @Test("a declared group glues commits by a trailer's number; a declared squash wins over `(#N)`")
  func declaredBeforeBuiltIn() throws {
    let history = MemoryHistory()
    let root = history.add("Start")
    let one = history.add(
      "Part one\n\nReviewed-on: https://review.example/r/77", parents: [root], author: "Bo <bo@example.com>",
      committer: "Cy <cy@example.com>", authored: 100, committed: 500)
    let two = history.add(
      "Part two\n\nReviewed-on: https://review.example/r/77", parents: [one], author: "Bo <bo@example.com>",
      committer: "Cy <cy@example.com>", authored: 200, committed: 501)
    let squash = history.add("[PR 9] Tidy up (#12)", parents: [two], authored: 600, committed: 700)
    history.branch("refs/heads/main", at: squash)
    let settings = RecognitionSettings(conventions: [
      DeclaredConvention(
        name: "review-group", kind: .group, source: .trailer(key: "Reviewed-on", pattern: "/r/(?<number>[0-9]+)$"),
        forge: .gerrit),
      DeclaredConvention(
        name: "bracket-pr", kind: .squash, source: .subject(pattern: "^\\[PR (?<number>[0-9]+)\\] (?<title>.+)$"),
        forge: .gitea),
    ])
    let changes = try ChangeRecognizer(settings: settings).changes(in: history, target: history.target())
    #expect(changes.map(\.kind) == [.direct, .group, .squash])
    #expect(changes[1].number == "77")
    #expect(changes[1].commits == 2)
    #expect(changes[1].rule == "declared: review-group")
    #expect(changes[2].number == "9")
    #expect(changes[2].forge == .gitea)
    #expect(changes[2].title == "Tidy up (#12)")
    #expect(changes[2].rule == "declared: bracket-pr")
    // Without them, the built-in rules read the same history another way.
    let builtIn = try ChangeRecognizer().changes(in: history, target: history.target())
    #expect(builtIn.map(\.kind) == [.direct, .squash, .squash, .squash])
    #expect(builtIn[3].rule == "SquashSubjectNumber")
  }

  @Test(
    "patterns that could take exponential time are refused; bounded ones pass",
    arguments: [
      ("^(a+)+$", false), ("(a|aa)*b", false), ("^(?:x*y){2,}$", false), ("^(?<number>[0-9]+)(?: r=.*)?$", true),
      ("^Merged PR (?<number>[0-9]+): (?<title>.+)$", true), ("[(]+(?<number>[0-9]+)[)]+", true),
    ])
  func bounded(pattern: String, accepted: Bool) {
    #expect((DeclaredConvention.problem(with: pattern, kind: .merge) == nil) == accepted)
  }
}
