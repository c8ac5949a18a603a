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

  /// C0 and C1 controls and DEL (Unicode category Cc).
  static func isControl(_ scalar: Unicode.Scalar) -> Bool {
    scalar.value < 0x20 || (0x7f...0x9f).contains(scalar.value)
  }
}

extension Summary {
  /// The summary with every text that came from the repository escaped for display.
  func forDisplay() -> Summary {
    var shown = self
    shown.repository = Escaping.display(repository)
    shown.branch = Escaping.display(branch)
    shown.topReviewer = topReviewer.map(Escaping.display)
    shown.groups = groups.map { group in
      var group = group
      group.name = Escaping.display(group.name)
      return group
    }
    for keyPath in [\Summary.cohorts, \Summary.kinds, \Summary.timingSources] {
      shown[keyPath: keyPath] = self[keyPath: keyPath].map { share in
        var share = share
        share.name = Escaping.display(share.name)
        return share
      }
    }
    return shown
  }
}
