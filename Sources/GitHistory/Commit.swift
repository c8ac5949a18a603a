/// One commit, as a plain value: nothing in it points back into libgit2.
public struct Commit: Hashable, Sendable {
  public var id: ObjectID
  /// First parent first, as git stores them. Empty for a root commit and at a shallow boundary.
  public var parents: [ObjectID]
  public var author: Signature
  public var committer: Signature
  /// The whole message, decoded (see `decodeGitText`).
  public let message: String
  /// The first line of the message.
  public let subject: String
  /// The `Key: value` trailers of the message's closing paragraphs (docs/figures.md section 1),
  /// parsed once: recognition asks for them many times.
  public let trailers: [Trailer]
  /// The message's lines without their line ends (`messageLines`), split once: recognition
  /// reads them for every convention.
  public let lines: [Substring]
  /// A shallow clone's boundary: the commit has parents, but the clone does not.
  public var parentsCut: Bool

  public init(
    id: ObjectID, parents: [ObjectID], author: Signature, committer: Signature, message: String,
    parentsCut: Bool = false
  ) {
    self.id = id
    self.parents = parents
    self.author = author
    self.committer = committer
    self.message = message
    self.parentsCut = parentsCut
    subject = (message.firstIndex(of: "\n").map { message[..<$0] } ?? message[...]).trimmingTrailingWhitespace()
    lines = messageLines(message)
    trailers = Trailer.parse(lines: lines)
  }

  /// The message after the subject line and the blank lines that follow it.
  public var body: String {
    guard let newline = message.firstIndex(of: "\n") else { return "" }
    return String(message[message.index(after: newline)...]).trimmingLeadingNewlines()
  }

  public var isMerge: Bool { parents.count > 1 }
}

extension StringProtocol {
  func trimmingTrailingWhitespace() -> String {
    var end = endIndex
    while end > startIndex, let last = self[index(before: end)...].first, last.isWhitespace {
      end = index(before: end)
    }
    return String(self[startIndex..<end])
  }

  func trimmingLeadingNewlines() -> String {
    String(drop(while: { $0 == "\n" || $0 == "\r" }))
  }
}
