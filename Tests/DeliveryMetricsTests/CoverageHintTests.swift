import DeliveryMetrics
import FixtureSupport
import GitHistory
import Testing

@Suite("Coverage hints: what baton saw and did not use, with a fix (docs/figures.md section 9)")
struct CoverageHintTests {
  func analyse(
    _ name: String, since: String, asOf: String, _ adjust: (inout AnalysisSettings) -> Void = { _ in }
  ) throws -> DeliveryReport {
    let fixture = try RecognizedFixture(name)
    var settings = AnalysisSettings(asOf: utc(asOf), since: utc(since))
    adjust(&settings)
    return try DeliveryAnalyzer(settings: settings).analyze(fixture.repository, target: fixture.repository.targetBranch())
  }

  @Test("coverage-hints, June: an unread trailer, a numbered subject shape, direct though review heads exist")
  func june() throws {
    let report = try analyse("coverage-hints", since: "2026-06-01T00:00:00Z", asOf: "2026-06-30T00:00:00Z")
    #expect(report.hints.map(\.kind) == [.unreadTrailer, .numberedSubject, .directDespiteReview])
    #expect(report.hints[0].finding == "trailer `Review-Url:` on 3 of 4 direct or rebase changes is read by no rule")
    #expect(report.hints[1].suggestion.contains("subject = '^PR (?<number>[0-9]+): ?(?<title>.*)$'"))
    #expect(report.hints[2].finding == "4 of 4 changes read as direct, where review is the norm (4 review heads)")
    // The suggested convention, pasted, claims the three changes and quiets the subject hint.
    let fixed = try analyse("coverage-hints", since: "2026-06-01T00:00:00Z", asOf: "2026-06-30T00:00:00Z") {
      $0.recognition.conventions = [
        DeclaredConvention(
          name: "subject-number", kind: .squash, source: .subject(pattern: "^PR (?<number>[0-9]+): ?(?<title>.*)$"),
          forge: .github)
      ]
    }
    #expect(fixed.changes.map(\.kind) == [.direct, .squash, .squash, .squash])
    #expect(fixed.changes.map(\.title) == ["Initial import", "Fix login", "Add a cache", "Tidy the config"])
    #expect(fixed.hints.isEmpty)
  }

  @Test("coverage-hints, July: an unknown review server landing for others; its bot_patterns line quiets it")
  func july() throws {
    let report = try analyse("coverage-hints", since: "2026-07-01T00:00:00Z", asOf: "2026-07-31T00:00:00Z")
    #expect(report.hints.map(\.kind) == [.unknownLander])
    #expect(report.hints.first?.suggestion == "bot_patterns = [\"review@corp.example\"]")
    let fixed = try analyse("coverage-hints", since: "2026-07-01T00:00:00Z", asOf: "2026-07-31T00:00:00Z") {
      $0.recognition.identityRules.botPatterns = ["review@corp.example"]
    }
    #expect(fixed.hints.isEmpty)
    #expect(fixed.changes.filter { $0.kind == .merge }.allSatisfy { $0.merger == nil && $0.reviewers.isEmpty })
  }

  @Test(
    "the round-1 fixtures, whole history: no hint",
    arguments: [
      "basics", "bors", "branches", "diffstats", "footers", "gerrit-phab", "github-merges", "github-squash",
      "gitlab-marge", "identities", "patches", "subtree-import", "tags", "topic-merges",
    ])
  func silent(fixture: String) throws {
    let report = try analyse(fixture, since: "2000-01-01T00:00:00Z", asOf: "2026-12-31T00:00:00Z")
    #expect(report.hints.map(\.finding) == [])
  }
}
