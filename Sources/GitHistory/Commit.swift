/// One commit, as a plain value: nothing in it points back into libgit2.
public struct Commit: Hashable, Sendable {
  public var id: ObjectID
  /// First parent first, as git stores them. Empty for a root commit and at a shallow boundary.
  public var parents: [ObjectID]
  public var author: Signature
  public var committer: Signature
  /// The whole message, decoded (see `decodeGitText`).
  public var message: String
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
  }

  /// The first line of the message.
  public var subject: String {
    let firstLine = message.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
      .first ?? ""
    return firstLine.trimmingTrailingWhitespace()
  }

  /// The message after the subject line and the blank lines that follow it.
  public var body: String {
    guard let newline = message.firstIndex(of: "\n") else { return "" }
    return String(message[message.index(after: newline)...]).trimmingLeadingNewlines()
  }

  /// The `Key: value` trailers of the message's closing paragraphs (METRICS.md section 1).
  public var trailers: [Trailer] { Trailer.parse(message) }

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
