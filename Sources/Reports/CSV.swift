/// RFC 4180 CSV with formula protection (METRICS.md section 9).
public enum CSV {
  /// A text cell: quoted when needed, and prefixed with `'` when a spreadsheet would run it.
  public static func text(_ value: String) -> String {
    var value = value
    if let first = value.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) {
      value = "'" + value
    }
    return quoted(value)
  }

  /// A number or other cell that cannot be a formula: quoted only when needed.
  public static func plain(_ value: String) -> String { quoted(value) }

  private static func quoted(_ value: String) -> String {
    // Bytes, not Characters: "\r\n" is one Character, equal to neither "\r" nor "\n".
    guard value.utf8.contains(where: { $0 == 0x2c || $0 == 0x22 || $0 == 0x0a || $0 == 0x0d }) else { return value }
    return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }

  /// Rows joined with CRLF, as RFC 4180 writes them, ending in one.
  public static func document(header: [String], rows: [[String]]) -> String {
    ([header] + rows).map { $0.joined(separator: ",") + "\r\n" }.joined()
  }
}

extension String {
  fileprivate func replacingOccurrences(of target: String, with replacement: String) -> String {
    split(separator: Character(target), omittingEmptySubsequences: false).joined(separator: replacement)
  }
}
