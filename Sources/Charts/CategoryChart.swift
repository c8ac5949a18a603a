/// One named row of values over a chart's categories, drawn in one colour.
public struct Series: Sendable {
  public var name: String
  public var colour: String
  /// One value per category; nil where there is none (a gap, not a zero).
  public var values: [Double?]
  /// What a pointer over each value shows (a `<title>`, also read by screen readers).
  public var notes: [String]

  public init(name: String, colour: String, values: [Double?], notes: [String]) {
    self.name = name
    self.colour = colour
    self.values = values
    self.notes = notes
  }
}

/// Bars (stacked: positive values upwards, negative downwards) and lines over categories
/// along the x axis, such as weeks or days.
public struct CategoryChart: Sendable {
  public var id: String
  public var title: String
  /// What the chart shows and stands on, for a screen reader (`<desc>`).
  public var summary: String
  public var categories: [String]
  public var bars: [Series] = []
  public var lines: [Series] = []
  public var xTitle: String
  public var yTitle: String
  /// A tick label for a value on the y axis.
  public var yFormat: @Sendable (Double) -> String
  /// A dashed line across at this value, with its label.
  public var reference: (value: Double, label: String)?
  /// Small text above each category's stack (the week's n); empty strings for none.
  public var topLabels: [String] = []
  /// Values are counts: ticks at whole numbers only.
  public var wholeNumbers = false
  /// Label every so many categories (a week of days); widened in multiples of it when labels would overlap.
  public var labelEvery = 1
  public var width: Double = 1120
  public var height: Double = 280

  public init(
    id: String, title: String, summary: String, categories: [String], xTitle: String, yTitle: String,
    yFormat: @escaping @Sendable (Double) -> String
  ) {
    self.id = id
    self.title = title
    self.summary = summary
    self.categories = categories
    self.xTitle = xTitle
    self.yTitle = yTitle
    self.yFormat = yFormat
  }

  /// Heights of the stacks: for each category, the top of the positive stack and the bottom of the negative one.
  func stackExtents() -> [Double] {
    categories.indices.flatMap { index -> [Double] in
      let values = bars.compactMap { index < $0.values.count ? $0.values[index] : nil }
      return [values.filter { $0 > 0 }.reduce(0, +), values.filter { $0 < 0 }.reduce(0, +)]
    }
  }

  public func svg() -> String {
    let left = 58.0
    let right = 16.0
    let top = 30.0
    let bottom = 46.0
    let plotBottom = height - bottom
    let plotWidth = width - left - right
    let lineValues = lines.flatMap { $0.values.compactMap { $0 } }
    let y = LinearScale(
      covering: stackExtents() + lineValues + (reference.map { [$0.value] } ?? []), wholeNumbers: wholeNumbers,
      range: top...plotBottom, flipped: true)
    let band = plotWidth / Double(max(categories.count, 1))
    var out = SVG.open(id: id, width: width, height: height, title: title, summary: summary)
    // Grid and y axis.
    out += "<g class=\"axis y\">"
    for tick in y.ticks {
      let at = y.position(tick)
      out += SVG.line(left, at, width - right, at, stroke: tick == 0 ? "#999" : "#e4e4e4")
      out += SVG.text(yFormat(tick), x: left - 6, y: at + 4, anchor: "end")
    }
    out += SVG.text(yTitle, x: 12, y: (top + plotBottom) / 2, anchor: "middle", extra: " transform=\"rotate(-90 12 \(SVG.number((top + plotBottom) / 2)))\"")
    out += "</g>"
    // X labels, thinned so they do not overlap.
    let widest = categories.map(SVG.textWidth).max() ?? 0
    let needed = max(1, Int(((widest + 8) / band).rounded(.up)))
    let step = max(labelEvery, 1)
    let every = (needed + step - 1) / step * step
    out += "<g class=\"axis x\">"
    for (index, category) in categories.enumerated() where index % every == 0 {
      out += SVG.text(category, x: left + band * (Double(index) + 0.5), y: plotBottom + 16, anchor: "middle")
    }
    out += SVG.text(xTitle, x: left + plotWidth / 2, y: height - 8, anchor: "middle")
    out += "</g>"
    // Bars, stacked from zero.
    let barWidth = max(1, band * 0.72)
    for index in categories.indices {
      var above = 0.0
      var below = 0.0
      for series in bars {
        guard index < series.values.count, let value = series.values[index], value != 0 else { continue }
        let start = value > 0 ? above : below
        let end = start + value
        if value > 0 { above = end } else { below = end }
        let top = y.position(max(start, end))
        let height = abs(y.position(start) - y.position(end))
        out += SVG.rect(
          x: left + band * Double(index) + (band - barWidth) / 2, y: top, width: barWidth, height: max(height, 0.5),
          fill: series.colour, tooltip: index < series.notes.count ? series.notes[index] : nil)
      }
    }
    for (index, label) in topLabels.enumerated() where index < categories.count && !label.isEmpty {
      let extents = bars.compactMap { index < $0.values.count ? $0.values[index] : nil }
      let top = extents.filter { $0 > 0 }.reduce(0, +)
      out += SVG.text(label, x: left + band * (Double(index) + 0.5), y: y.position(top) - 4, anchor: "middle", extra: " class=\"value\"")
    }
    if let reference {
      let at = y.position(reference.value)
      out += SVG.line(left, at, width - right, at, stroke: Palette.ink, extra: " stroke-dasharray=\"4 3\"")
      out += SVG.text(reference.label, x: left + 4, y: at - 4)
    }
    // Lines: a path through the values, broken where one is missing, with a dot per value.
    for series in lines {
      var path = ""
      var pen = false
      var dots = ""
      for (index, value) in series.values.enumerated() {
        guard let value else {
          pen = false
          continue
        }
        let x = left + band * (Double(index) + 0.5)
        let yAt = y.position(value)
        path += (pen ? "L" : "M") + SVG.number(x) + " " + SVG.number(yAt)
        pen = true
        let note = index < series.notes.count ? series.notes[index] : ""
        dots += "<circle cx=\"\(SVG.number(x))\" cy=\"\(SVG.number(yAt))\" r=\"2.5\" fill=\"\(series.colour)\">\(SVG.tooltip(note))</circle>"
      }
      if !path.isEmpty {
        out += "<path d=\"\(path)\" fill=\"none\" stroke=\"\(series.colour)\" stroke-width=\"2\"/>"
      }
      out += dots
    }
    let entries = bars.map { ($0.name, $0.colour, false) } + lines.map { ($0.name, $0.colour, true) }
    out += SVG.legend(entries, x: left, y: 16)
    return out + "</svg>"
  }
}
