import DeliveryMetrics
import GitHistory
import Testing

@Suite("Several repositories: the union of their changes (docs/figures.md section 12)")
struct UnionTests {
  let day: Int64 = 86_400
  let start: Int64 = 1_767_571_200  // Monday 2026-01-05

  /// A repository whose changes are merges of one branch commit each, merged `hours` after
  /// it was written, one a day from day 1 of the window.
  func report(_ changes: [(author: String, hours: Int64)]) throws -> DeliveryReport {
    let history = MemoryHistory()
    // MemoryHistory's times are seconds after `start`.
    var tip = history.add("Start", authored: -day)
    for (index, change) in changes.enumerated() {
      let written = Int64(index + 1) * day
      let branch = history.add("Work \(index)", parents: [tip], author: change.author, authored: written)
      tip = history.add(
        "Merge branch 'topic-\(index)'", parents: [tip, branch], author: "Mae <mae@example.com>",
        authored: written + change.hours * 3600)
    }
    history.branch("refs/heads/main", at: tip)
    let settings = AnalysisSettings(asOf: start + 14 * day - 1, since: start, until: start + 14 * day - 1)
    return try DeliveryAnalyzer(settings: settings).analyze(history, target: history.target())
  }

  func parts() throws -> (a: DeliveryReport, b: DeliveryReport, union: DeliveryReport) {
    // Ada writes in both repositories, from two addresses under one name: one person.
    let a = try report([("Ada Lovelace <ada@a.example>", 1), ("Ada Lovelace <ada@a.example>", 2), ("Ada Lovelace <ada@a.example>", 3)])
    let b = try report([("Ada Lovelace <ada@b.example>", 10), ("Ada Lovelace <ada@b.example>", 20), ("Bo <bo@example.com>", 30)])
    let union = try #require(DeliveryReport.union([a.reduced(named: "a"), b.reduced(named: "b")]))
    return (a, b, union)
  }

  @Test("percentiles are over every change of every repository, not an average of theirs")
  func percentiles() throws {
    let (a, b, union) = try parts()
    #expect(Distribution(a.timedChanges.compactMap(\.cycleTime).map { Double($0) / 3600 }).p50 == 2)
    #expect(Distribution(b.timedChanges.compactMap(\.cycleTime).map { Double($0) / 3600 }).p50 == 20)
    let cycle = Distribution(union.timedChanges.compactMap(\.cycleTime).map { Double($0) / 3600 })
    // 1, 2, 3, 10, 20, 30 hours: p50 between the 3rd and 4th = 6.5 (the mean of the two medians is 11);
    // p85 at rank 0.85 * 5 = 4.25: 20 + 0.25 * 10 = 22.5.
    #expect(cycle.count == 6)
    #expect(cycle.p50 == 6.5)
    #expect(cycle.p85 == 22.5)
  }

  @Test("change ids become REPO/ID, in merge order across the repositories")
  func changeIDs() throws {
    let (a, _, union) = try parts()
    #expect(union.changes.count == 6)
    #expect(union.changes.map(\.changeID).filter { $0.hasPrefix("a/") }.count == 3)
    #expect(union.changes.map(\.changeID).filter { $0.hasPrefix("b/") }.count == 3)
    #expect(union.changes.first?.changeID == "a/" + a.changes[0].changeID)
    #expect(union.changes.map(\.mergedAt) == union.changes.map(\.mergedAt).sorted())
  }

  @Test("queues are summed per day; people are one person across repositories")
  func queuesAndPeople() throws {
    let (a, b, union) = try parts()
    #expect(union.queue.count == 14)
    for (index, day) in union.queue.enumerated() {
      #expect(day.merged == a.queue[index].merged + b.queue[index].merged)
      #expect(day.reviewQueue == a.queue[index].reviewQueue + b.queue[index].reviewQueue)
    }
    #expect(union.queue.map(\.merged).reduce(0, +) == 6)
    // Ada (two addresses, one name) and Bo wrote in the first week: two people, not three.
    let week = try #require(union.weeks().first)
    #expect(week.activeAuthors == 2)
    #expect(union.authors().count == 2)
    #expect(union.changesByAuthor().first?.changes.count == 5)
  }

  @Test("no parts, no union")
  func empty() {
    #expect(DeliveryReport.union([]) == nil)
  }
}
