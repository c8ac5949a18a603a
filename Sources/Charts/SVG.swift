import Foundation

/// Pieces of SVG text: escaped, with numbers written one way only, so a chart of the same
/// values is the same bytes.
public enum SVG {
  /// Text for an element or an attribute: `&`, `<`, `>` and `"` escaped, control characters dropped.
  public static func escape(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for scalar in text.unicodeScalars {
      switch scalar {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      // XML 1.0 has no place for other control characters; a history can hold them.
      case _ where scalar.value < 0x20 && scalar != "\n" && scalar != "\t": continue
      case _ where (0x7F...0x9F).contains(scalar.value): continue
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out
  }

  /// A coordinate with at most one decimal, without a trailing `.0` or a negative zero.
  public static func number(_ value: Double) -> String {
    guard value.isFinite else { return "0" }
    // Pixels: anything past a billion is off every page, and Int() of it could trap.
    let tenths = (min(max(value, -1e9), 1e9) * 10).rounded()
    if tenths == 0 { return "0" }
    let whole = Int(tenths) / 10
    let rest = abs(Int(tenths) % 10)
    let sign = tenths < 0 && whole == 0 ? "-" : ""
    return rest == 0 ? "\(sign)\(whole)" : "\(sign)\(whole).\(rest)"
  }

  /// `<title>` for a mark: what a pointer over it shows, and what a screen reader reads.
  static func tooltip(_ text: String) -> String { "<title>\(escape(text))</title>" }

  /// The opening of a chart: its id, size, and the title and description a screen reader announces.
  static func open(id: String, width: Double, height: Double, title: String, summary: String) -> String {
    let id = escape(id)
    return """
      <svg id="\(id)" class="chart" role="img" viewBox="0 0 \(number(width)) \(number(height))" \
      width="\(number(width))" height="\(number(height))" aria-labelledby="\(id)-title \(id)-desc">\
      <title id="\(id)-title">\(escape(title))</title><desc id="\(id)-desc">\(escape(summary))</desc>
      """
  }

  static func text(_ content: String, x: Double, y: Double, anchor: String = "start", extra: String = "") -> String {
    "<text x=\"\(number(x))\" y=\"\(number(y))\" text-anchor=\"\(anchor)\"\(extra)>\(escape(content))</text>"
  }

  static func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, stroke: String, extra: String = "") -> String {
    "<line x1=\"\(number(x1))\" y1=\"\(number(y1))\" x2=\"\(number(x2))\" y2=\"\(number(y2))\" stroke=\"\(stroke)\"\(extra)/>"
  }

  static func rect(x: Double, y: Double, width: Double, height: Double, fill: String, tooltip: String?) -> String {
    let body = "x=\"\(number(x))\" y=\"\(number(y))\" width=\"\(number(width))\" height=\"\(number(height))\" fill=\"\(fill)\""
    guard let tooltip else { return "<rect \(body)/>" }
    return "<rect \(body)>\(SVG.tooltip(tooltip))</rect>"
  }

  /// A row of colour swatches with names, from the left at `y`.
  static func legend(_ entries: [(name: String, colour: String, isLine: Bool)], x: Double, y: Double) -> String {
    var out = "<g class=\"legend\">"
    var left = x
    for entry in entries {
      if entry.isLine {
        out += line(left, y - 4, left + 14, y - 4, stroke: entry.colour, extra: " stroke-width=\"2.5\"")
      } else {
        out += rect(x: left, y: y - 10, width: 12, height: 12, fill: entry.colour, tooltip: nil)
      }
      out += text(entry.name, x: left + 18, y: y)
      left += 18 + textWidth(entry.name) + 16
    }
    return out + "</g>"
  }

  /// A guess at a label's width in pixels at the charts' 11 px font: enough to space labels.
  static func textWidth(_ text: String) -> Double { Double(text.count) * 6.2 }
}

/// Colours that stay apart for readers with colour-blindness (Okabe and Ito), and in print.
public enum Palette {
  public static let blue = "#0072B2"
  public static let orange = "#E69F00"
  public static let green = "#009E73"
  public static let sky = "#56B4E9"
  public static let vermillion = "#D55E00"
  public static let purple = "#CC79A7"
  public static let grey = "#888888"
  public static let ink = "#222222"
}
