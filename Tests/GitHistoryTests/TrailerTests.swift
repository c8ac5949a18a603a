@testable import GitHistory
import Testing

@Suite("Trailers (docs/figures.md section 1)")
struct TrailerTests {
  @Test(
    "closing paragraphs give these trailers",
    arguments: [
      // The last paragraph counts even among other lines.
      ("Fix it\n\nSome text.\nReviewed-by: A <a@x>\nmore prose\n", [("Reviewed-by", "A <a@x>")]),
      // A subject alone never holds trailers.
      ("Reviewed-by: A <a@x>\n", []),
      // A paragraph before the last counts only when it holds nothing but trailers (Phabricator's arc).
      (
        "Title\n\nSummary: x\n\nReviewed By: alice, #core\n\nReviewers: alice\nDifferential Revision: https://r/D1\n",
        [
          ("Summary", "x"), ("Reviewed By", "alice, #core"), ("Reviewers", "alice"),
          ("Differential Revision", "https://r/D1"),
        ]
      ),
      ("Title\n\nprose here\nKey: v\n\nSigned-off-by: S <s@x>\n", [("Signed-off-by", "S <s@x>")]),
      // A URL is not a key; prose with a colon is not a trailer; a key needs a value.
      ("Title\n\nhttps://example.com/x\nThe reason we do this: speed\nEmpty:\n", []),
      // Keys with spaces, continuation lines, CRLF.
      (
        "Title\r\n\r\nPull Request resolved: https://github.com/o/r/pull/9\r\nCo-authored-by: A\r\n  <a@x>\r\n",
        [("Pull Request resolved", "https://github.com/o/r/pull/9"), ("Co-authored-by", "A <a@x>")]
      ),
      ("Title\n\nAuto merge of #1 - o:b, r=x\n", []),
    ] as [(String, [(String, String)])]
  )
  func parse(message: String, expected: [(String, String)]) {
    #expect(Trailer.parse(message) == expected.map { Trailer(key: $0.0, value: $0.1) })
  }

  @Test("keys match without regard to case")
  func caseInsensitive() {
    #expect(Trailer(key: "Reviewed-By", value: "x").matches("reviewed-by"))
    #expect(!Trailer(key: "Reviewed-By", value: "x").matches("Reviewed By"))
    #expect(!Trailer(key: "Reviewed-By", value: "x").matches("Reviewed-Bz"))
    #expect(!Trailer(key: "Acked-by", value: "x").matches("Acked-by:"))
    #expect(!Trailer(key: "A@", value: "x").matches("A`"), "only letters fold")
    #expect(Trailer(key: "Révisé-par", value: "x").matches("RÉVISÉ-PAR"))
  }

  @Test("message lines split where Character.isNewline splits, read from the bytes")
  func lines() {
    let pieces = [
      "a", "Subject", "", " ", "\n", "\r\n", "\r", "\r\r\n", "\u{0B}", "\u{0C}", "\u{85}", "\u{2028}", "\u{2029}",
      "é", "e\u{301}", "\u{301}", "👩‍💻", "\u{2027}", "\u{2030}", "\u{84}", "Ⓐ", "\t",
    ]
    var generator = SystemRandomNumberGenerator()
    var texts = pieces + ["", "\n\n", "x\r", "\ry"]
    for _ in 0..<2_000 {
      texts.append((0..<Int.random(in: 0...12, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined())
    }
    for text in texts {
      #expect(messageLines(text) == text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline), "\(Array(text.unicodeScalars))")
    }
  }

  @Test("an ASCII line is read on its bytes as the general reading reads it")
  func asciiLines() {
    let pieces = [
      "Signed-off-by", "Reviewed By", "Pull Request resolved", "the reason", "Co-authored-by", "a_b", "X1",
      ":", ": ", ":\t", " ", "\t", "  ", "-", "_", "9", "Ab", "ab", "Zz", "zebra", "Q", "value <x@y>", "#12", "é", "",
    ]
    var generator = SystemRandomNumberGenerator()
    var lines = ["Key: value", "  continued  ", "\t", "Key:value", "Key : value", "key: ", "A b: c", "A B C D: e", " Key: v"]
    for _ in 0..<5_000 {
      lines.append((0..<Int.random(in: 0...6, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined())
    }
    for line in lines {
      #expect(Trailer.parseLine(Substring(line)) == Trailer.parseAnyLine(Substring(line)), "\(line.debugDescription)")
    }
  }
}
