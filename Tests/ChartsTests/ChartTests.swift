import Charts
import Foundation
#if canImport(FoundationXML)
  import FoundationXML
#endif
import Testing

@Suite("Charts as SVG")
struct ChartTests {
  func weeks() -> CategoryChart {
    var chart = CategoryChart(
      id: "c1", title: "Stages & weeks", summary: "three weeks", categories: ["05-18", "05-25", "06-01"],
      xTitle: "week", yTitle: "hours", yFormat: { SVG.number($0) })
    chart.bars = [
      Series(name: "coding", colour: Palette.sky, values: [2, nil, 4], notes: ["a", "b", "c"]),
      Series(name: "review", colour: Palette.orange, values: [3, 1, 0], notes: ["d", "e", "f"]),
    ]
    chart.lines = [Series(name: "p50", colour: Palette.ink, values: [4, nil, 3], notes: ["g", "h", "i"])]
    return chart
  }

  /// Parses as XML, or fails the test.
  func parse(_ svg: String) -> Bool {
    XMLParser(data: Data(svg.utf8)).parse()
  }

  @Test("a category chart is well-formed, titled for screen readers, with one tooltip per drawn value")
  func category() {
    let svg = weeks().svg()
    #expect(parse(svg))
    #expect(svg.hasPrefix("<svg id=\"c1\" class=\"chart\" role=\"img\""))
    #expect(svg.contains("<title id=\"c1-title\">Stages &amp; weeks</title><desc id=\"c1-desc\">three weeks</desc>"))
    // Bars: 2 and 3 in week 1, 1 in week 2, 4 in week 3 (nil and 0 draw nothing), and two legend swatches.
    #expect(svg.components(separatedBy: "<rect ").count - 1 == 4 + 2)
    #expect(svg.contains("<title>a</title>") && svg.contains("<title>e</title>") && !svg.contains("<title>b</title>"))
    // The line breaks at the missing week: two moves, no line between them.
    #expect(svg.contains("<path d=\"M"))
    #expect(svg.components(separatedBy: "M").count - 1 >= 2)
    #expect(!svg.contains("http"))
  }

  @Test("the same values give the same bytes")
  func deterministic() {
    #expect(weeks().svg() == weeks().svg())
  }

  @Test("stacks: positive values upwards from zero, negative ones downwards")
  func stacks() {
    var chart = CategoryChart(
      id: "flow", title: "t", summary: "s", categories: ["a"], xTitle: "x", yTitle: "y", yFormat: { SVG.number($0) })
    chart.bars = [
      Series(name: "in", colour: "#111111", values: [10], notes: ["in"]),
      Series(name: "out", colour: "#222222", values: [-10], notes: ["out"]),
    ]
    // Domain -10 ... 10 over the plot 30 ... 234 (height 280, margins 30 and 46): zero at 132.
    let svg = chart.svg()
    #expect(svg.contains("y=\"30\" width=") && svg.contains("height=\"102\" fill=\"#111111\""))
    #expect(svg.contains("y=\"132\" width=") && svg.contains("height=\"102\" fill=\"#222222\""))
  }

  @Test("a scatter chart is well-formed, its points inside the plot, zero drawn on the axis's edge")
  func scatter() {
    let chart = ScatterChart(
      id: "s", title: "size against wait", summary: "points",
      groups: [
        .init(name: "human", colour: Palette.blue, points: [.init(x: 0, y: 0, note: "none"), .init(x: 1000, y: 100, note: "big")]),
        .init(name: "ai", colour: Palette.vermillion, points: [.init(x: 10, y: 1, note: "ai <1>")]),
      ],
      xTitle: "lines", yTitle: "hours", xMinimum: 1, yMinimum: 1, xFormat: { SVG.number($0) }, yFormat: { SVG.number($0) })
    let svg = chart.svg()
    #expect(parse(svg))
    // x: 1 ... 1000 over 58 ... 1096 (width 1120, right margin 24); y: 1 ... 100 over 314 ... 30.
    #expect(svg.contains("<circle cx=\"58\" cy=\"314\" r=\"3\"><title>none</title></circle>"))
    #expect(svg.contains("<circle cx=\"1096\" cy=\"30\" r=\"3\"><title>big</title></circle>"))
    #expect(svg.contains("<title>ai &lt;1&gt;</title>"))
    #expect(svg.contains(">human (2)</text>") && svg.contains(">ai (1)</text>"))
  }

  @Test("a rank chart has a row per label with the full label as a tooltip")
  func rank() {
    let long = String(repeating: "x", count: 40) + "@example.com"
    let chart = RankChart(
      id: "r", title: "load", summary: "who", labels: ["ada@example.com", long],
      series: [Series(name: "reviewed", colour: Palette.blue, values: [5, 2], notes: ["ada 5", "x 2"])], xTitle: "changes")
    let svg = chart.svg()
    #expect(parse(svg))
    #expect(svg.contains("<title>\(long)</title>\(String(repeating: "x", count: 31))…</text>"))
    #expect(svg.contains("<title>ada 5</title>"))
  }
}
