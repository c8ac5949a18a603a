import Foundation

/// Points on two logarithmic axes, coloured by group: for values spread over several
/// powers of ten, such as sizes and waits.
public struct ScatterChart: Sendable {
  public struct Point: Sendable {
    public var x: Double
    public var y: Double
    /// What a pointer over the point shows.
    public var note: String

    public init(x: Double, y: Double, note: String) {
      self.x = x
      self.y = y
      self.note = note
    }
  }

  public struct Group: Sendable {
    public var name: String
    public var colour: String
    public var points: [Point]

    public init(name: String, colour: String, points: [Point]) {
      self.name = name
      self.colour = colour
      self.points = points
    }
  }

  public var id: String
  public var title: String
  public var summary: String
  public var groups: [Group]
  public var xTitle: String
  public var yTitle: String
  /// The least value each axis shows; smaller ones (zero included) sit on that edge.
  public var xMinimum: Double
  public var yMinimum: Double
  public var xFormat: @Sendable (Double) -> String
  public var yFormat: @Sendable (Double) -> String
  /// Tick values for the y axis instead of powers of ten (durations: a minute, an hour, a day); those outside the domain are dropped.
  public var yTicks: [Double]?
  public var width: Double = 1120
  public var height: Double = 360

  public init(
    id: String, title: String, summary: String, groups: [Group], xTitle: String, yTitle: String, xMinimum: Double,
    yMinimum: Double, xFormat: @escaping @Sendable (Double) -> String, yFormat: @escaping @Sendable (Double) -> String
  ) {
    self.id = id
    self.title = title
    self.summary = summary
    self.groups = groups
    self.xTitle = xTitle
    self.yTitle = yTitle
    self.xMinimum = xMinimum
    self.yMinimum = yMinimum
    self.xFormat = xFormat
    self.yFormat = yFormat
  }

  public func svg() -> String {
    let left = 58.0
    let right = 24.0
    let top = 30.0
    let bottom = 46.0
    let points = groups.flatMap(\.points)
    let x = LogScale(covering: points.map(\.x), minimum: xMinimum, range: left...(width - right))
    let y = LogScale(covering: points.map(\.y), minimum: yMinimum, range: top...(height - bottom), flipped: true)
    var out = SVG.open(id: id, width: width, height: height, title: title, summary: summary)
    out += "<g class=\"axis\">"
    let lowest = y.floor
    let highest = y.floor * pow(10, Double(y.upperPower - y.lowerPower))
    var lastLabel: Double?
    for tick in yTicks.map({ $0.filter { (lowest...highest).contains($0) } }) ?? y.ticks {
      let at = y.position(tick)
      // Given ticks can crowd on a wide domain (3 days and a week): keep labels 18 px apart.
      if let lastLabel, abs(lastLabel - at) < 18 { continue }
      lastLabel = at
      out += SVG.line(left, at, width - right, at, stroke: "#e4e4e4")
      out += SVG.text(yFormat(tick), x: left - 6, y: at + 4, anchor: "end")
    }
    for tick in x.ticks {
      let at = x.position(tick)
      out += SVG.line(at, top, at, height - bottom, stroke: "#e4e4e4")
      out += SVG.text(xFormat(tick), x: at, y: height - bottom + 16, anchor: "middle")
    }
    let middle = (top + height - bottom) / 2
    out += SVG.text(yTitle, x: 12, y: middle, anchor: "middle", extra: " transform=\"rotate(-90 12 \(SVG.number(middle)))\"")
    out += SVG.text(xTitle, x: (left + width - right) / 2, y: height - 8, anchor: "middle")
    out += "</g>"
    for group in groups {
      out += "<g class=\"points\" fill=\"\(group.colour)\" fill-opacity=\"0.65\">"
      for point in group.points {
        out += "<circle cx=\"\(SVG.number(x.position(point.x)))\" cy=\"\(SVG.number(y.position(point.y)))\" r=\"3\">\(SVG.tooltip(point.note))</circle>"
      }
      out += "</g>"
    }
    out += SVG.legend(groups.map { ("\($0.name) (\($0.points.count))", $0.colour, false) }, x: left, y: 16)
    return out + "</svg>"
  }
}

/// Horizontal bars, one row per label, the series of a row side by side: for rankings
/// such as the people who review most.
public struct RankChart: Sendable {
  public var id: String
  public var title: String
  public var summary: String
  public var labels: [String]
  public var series: [Series]
  public var xTitle: String
  /// Said in the plot when there are no rows.
  public var emptyText = "nothing to show"
  public var width: Double = 1120

  public init(id: String, title: String, summary: String, labels: [String], series: [Series], xTitle: String) {
    self.id = id
    self.title = title
    self.summary = summary
    self.labels = labels
    self.series = series
    self.xTitle = xTitle
  }

  public func svg() -> String {
    let left = 210.0
    let right = 40.0
    let top = 30.0
    let row = 8.0 + 9.0 * Double(max(series.count, 1))
    let height = top + row * Double(max(labels.count, 1)) + 40
    let plotBottom = height - 40
    let x = LinearScale(
      covering: series.flatMap { $0.values.compactMap { $0 } }, tickCount: 6, wholeNumbers: true, range: left...(width - right))
    var out = SVG.open(id: id, width: width, height: height, title: title, summary: summary)
    guard !labels.isEmpty else {
      return out + SVG.text(emptyText, x: width / 2, y: height / 2, anchor: "middle") + "</svg>"
    }
    out += "<g class=\"axis\">"
    for tick in x.ticks {
      let at = x.position(tick)
      out += SVG.line(at, top, at, plotBottom, stroke: tick == 0 ? "#999" : "#e4e4e4")
      out += SVG.text(SVG.number(tick), x: at, y: plotBottom + 16, anchor: "middle")
    }
    out += SVG.text(xTitle, x: (left + width - right) / 2, y: height - 6, anchor: "middle")
    out += "</g>"
    for (index, label) in labels.enumerated() {
      let rowTop = top + row * Double(index)
      let shown = label.count > 32 ? String(label.prefix(31)) + "…" : label
      out += "<text x=\"\(SVG.number(left - 6))\" y=\"\(SVG.number(rowTop + row / 2 + 4))\" text-anchor=\"end\">\(SVG.tooltip(label))\(SVG.escape(shown))</text>"
      for (position, series) in series.enumerated() {
        guard index < series.values.count, let value = series.values[index], value != 0 else { continue }
        let barTop = rowTop + 4 + 9 * Double(position)
        out += SVG.rect(
          x: left, y: barTop, width: max(x.position(value) - left, 0.5), height: 8, fill: series.colour,
          tooltip: index < series.notes.count ? series.notes[index] : nil)
        out += SVG.text(SVG.number(value), x: x.position(value) + 4, y: barTop + 8, extra: " class=\"value\"")
      }
    }
    out += SVG.legend(series.map { ($0.name, $0.colour, false) }, x: left, y: 16)
    return out + "</svg>"
  }
}
