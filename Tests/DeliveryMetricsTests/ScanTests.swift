@testable import DeliveryMetrics
import Foundation
import Testing

@Suite("Searching message text on its bytes")
struct ScanTests {
  @Test("contains agrees with a plain search, with and without case, inside and outside slices")
  func contains() {
    let pieces = ["generated with", "Generated With", "enerated", "g", "G", " ", "with", "é", "#", "ab", "AB", ""]
    let needles = ["generated with", "enerated with", "ab", "g", "é", "", "with é"]
    var generator = SystemRandomNumberGenerator()
    for _ in 0..<3_000 {
      let text = (0..<Int.random(in: 0...6, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
      // A slice that does not start at the string's start, as message lines are.
      let line = ("x" + text).dropFirst()
      for needle in needles {
        #expect(Scan.contains(line, needle) == line.utf8.contains(subsequence: needle.utf8), "\(text) / \(needle)")
        let folded = String(decoding: line.utf8.map { (0x41...0x5A).contains($0) ? $0 | 0x20 : $0 }, as: UTF8.self)
        let foldedNeedle = String(decoding: needle.utf8.map { (0x41...0x5A).contains($0) ? $0 | 0x20 : $0 }, as: UTF8.self)
        #expect(
          Scan.contains(line, needle, ignoringCase: true) == folded.utf8.contains(subsequence: foldedNeedle.utf8),
          "\(text) / \(needle)")
      }
    }
  }

  @Test("trimmed agrees with Foundation's whitespace trimming, Unicode spaces and line ends included")
  func trimmed() {
    let pieces = [" ", "\t", "\u{00A0}", "\u{3000}", "\u{2009}", "\r", "\u{200B}", "closes", "#12", "é", "e\u{301}", ""]
    var generator = SystemRandomNumberGenerator()
    for _ in 0..<3_000 {
      let text = (0..<Int.random(in: 0...6, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
      let line = ("x" + text).dropFirst()
      #expect(String(Scan.trimmed(line)) == line.trimmingCharacters(in: .whitespaces), "\(text.unicodeScalars.map(\.value))")
    }
  }
}

extension Sequence where Element: Equatable {
  /// Whether `subsequence` occurs in order and adjacent: the slow, obvious reading.
  fileprivate func contains(subsequence: some Collection<Element>) -> Bool {
    let items = Array(self)
    let pattern = Array(subsequence)
    guard !pattern.isEmpty else { return true }
    guard items.count >= pattern.count else { return false }
    return (0...(items.count - pattern.count)).contains { Array(items[$0..<($0 + pattern.count)]) == pattern }
  }
}
