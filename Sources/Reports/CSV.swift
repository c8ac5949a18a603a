/// RFC 4180 CSV with formula protection (docs/figures.md section 9).
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

  /// One row, ended with CRLF as RFC 4180 writes it.
  static func append(_ row: some Sequence<String>, to document: inout String) {
    var first = true
    for cell in row {
      if !first { document += "," }
      document += cell
      first = false
    }
    document += "\r\n"
  }

  /// Rows joined with CRLF, as RFC 4180 writes them, ending in one.
  public static func document(header: [String], rows: [[String]]) -> String {
    var document = ""
    // Appended in place: a string per row, then joining them all, was a tenth of a warm export.
    document.reserveCapacity((rows.first.map { $0.reduce(0) { $0 + $1.utf8.count + 1 } } ?? 0) * (rows.count + 1))
    append(header, to: &document)
    for row in rows { append(row, to: &document) }
    return document
  }
}

extension String {
  fileprivate func replacingOccurrences(of target: String, with replacement: String) -> String {
    split(separator: Character(target), omittingEmptySubsequences: false).joined(separator: replacement)
  }
}
