/// Text from a history shown to a person (docs/figures.md section 9): a control character
/// in a name, an email or a trailer would reach the terminal raw (and retitle it, or clear
/// the screen), or break a Markdown table. Text and Markdown show it escaped (`\x1b`);
/// CSV and JSON keep the bytes as written.
public enum Escaping {
  public static func display(_ text: String) -> String {
    guard text.unicodeScalars.contains(where: isControl) else { return text }
    var shown = ""
    for scalar in text.unicodeScalars {
      if isControl(scalar) {
        let hex = String(scalar.value, radix: 16)
        shown += scalar.value < 0x100 ? "\\x" + (hex.count < 2 ? "0" + hex : hex) : "\\u{\(hex)}"
      } else {
        shown.unicodeScalars.append(scalar)
      }
    }
    return shown
  }

  /// A whole rendered text for a terminal or Markdown, escaped as `display` does, keeping
  /// line breaks and tabs, and, when `keepingStyles`, the three style codes baton itself
  /// writes (bold, yellow, reset). A last pass over everything shown, so a history's text
  /// in any line (a hint quoting a subject, a silo's email) cannot reach the terminal raw.
  public static func terminalSafe(_ text: String, keepingStyles: Bool) -> String {
    guard text.unicodeScalars.contains(where: { isControl($0) && $0 != "\n" && $0 != "\t" }) else { return text }
    let styles = keepingStyles ? ["\u{1B}[1m", "\u{1B}[33m", "\u{1B}[0m"] : []
    var shown = ""
    var rest = Substring(text)
    while let scalar = rest.unicodeScalars.first {
      if let style = styles.first(where: { rest.hasPrefix($0) }) {
        shown += style
        rest = rest.dropFirst(style.count)
        continue
      }
      if isControl(scalar), scalar != "\n", scalar != "\t" {
        shown += display(String(scalar))
      } else {
        shown.unicodeScalars.append(scalar)
      }
      rest = Substring(rest.unicodeScalars.dropFirst())
    }
    return shown
  }

  /// C0 and C1 controls and DEL (Unicode category Cc).
  static func isControl(_ scalar: Unicode.Scalar) -> Bool {
    scalar.value < 0x20 || (0x7f...0x9f).contains(scalar.value)
  }
}
