import Foundation
import GitHistory

/// The shape of the history: parents and committer times as integer indices, read
/// once per commit without messages. Walks (what the line reached, what a deployment
/// contains, what a review head holds) run here; only commits whose message matters
/// become `Commit` values.
final class CommitGraph {
  typealias Node = Int32

  private let source: HistorySource
  fileprivate var nodeByID: [ObjectID: Node] = [:]
  fileprivate(set) var ids: [ObjectID] = []
  fileprivate var times: [Int64] = []
  fileprivate var authorTimes: [Int64] = []
  /// Authors as recorded (before the mailmap), each kept once.
  fileprivate(set) var authors: [Identity] = []
  /// By bytes: two spellings of one name (NFC, NFD) are kept apart, as written.
  fileprivate var authorIndex: [[ExactText]: Int32] = [:]
  fileprivate var authorOf: [Int32] = []
  /// Where a node's parents sit in `parentList`; nil until the node is read.
  fileprivate var parentRanges: [Range<Int32>?] = []
  fileprivate var parentList: [Node] = []

  init(_ source: HistorySource) {
    self.source = source
  }

  var count: Int { ids.count }

  /// The node of a commit, known or not yet read.
  func node(_ id: ObjectID) -> Node {
    if let node = nodeByID[id] { return node }
    let node = Node(ids.count)
    nodeByID[id] = node
    ids.append(id)
    times.append(0)
    authorTimes.append(0)
    authorOf.append(-1)
    parentRanges.append(nil)
    return node
  }

  func id(_ node: Node) -> ObjectID { ids[Int(node)] }

  /// The node, when the commit has been met.
  func existingNode(_ id: ObjectID) -> Node? { nodeByID[id] }

  func parents(_ node: Node) throws -> ArraySlice<Node> {
    let range = try read(node)
    return parentList[Int(range.lowerBound)..<Int(range.upperBound)]
  }

  func firstParent(_ node: Node) throws -> Node? {
    let range = try read(node)
    return range.isEmpty ? nil : parentList[Int(range.lowerBound)]
  }

  func time(_ node: Node) throws -> Int64 {
    try read(node)
    return times[Int(node)]
  }

  func authorTime(_ node: Node) throws -> Int64 {
    try read(node)
    return authorTimes[Int(node)]
  }

  /// The recorded author of a commit: an index into `authors`.
  func author(_ node: Node) throws -> Int32 {
    try read(node)
    return authorOf[Int(node)]
  }

  @discardableResult
  private func read(_ node: Node) throws -> Range<Int32> {
    if let range = parentRanges[Int(node)] { return range }
    let links = try source.links(of: ids[Int(node)])
    let time = links.committedAt
    let identity = Identity(name: links.author.name, email: links.author.email)
    if let known = authorIndex[identity.exact] {
      authorOf[Int(node)] = known
    } else {
      authorOf[Int(node)] = Int32(authors.count)
      authorIndex[identity.exact] = Int32(authors.count)
      authors.append(identity)
    }
    let parentNodes = links.parents.map(self.node)
    let start = Int32(parentList.count)
    parentList.append(contentsOf: parentNodes)
    let range = start..<Int32(parentList.count)
    parentRanges[Int(node)] = range
    times[Int(node)] = time
    authorTimes[Int(node)] = links.author.time.seconds
    return range
  }

  /// Marks every commit reachable from `tips` and not yet marked; returns the newly
  /// marked nodes in the order met.
  ///
  /// - Complexity: the commits newly marked, and their parents.
  @discardableResult
  func mark(from tips: [Node], in marks: inout NodeSet) throws -> [Node] {
    var found: [Node] = []
    var stack = tips
    while let node = stack.popLast() {
      guard marks.insert(node) else { continue }
      found.append(node)
      for parent in try parents(node) where !marks.contains(parent) {
        stack.append(parent)
      }
    }
    return found
  }
}

/// The graph as bytes, kept between runs: parents, times and authors never change for a
/// commit, and reading them again is most of what a rerun on a large history costs.
extension CommitGraph {
  // "bgr2": graphs before it kept one spelling for authors whose names differ only in
  // Unicode normalisation (NFC, NFD), whichever was read first.
  private static let magic: UInt32 = 0x6267_7232

  /// Nodes read, by how many there are: what `encoded()` would add to a kept graph.
  var readCount: Int { parentRanges.lazy.filter { $0 != nil }.count }

  func encoded() -> Data {
    var writer = ByteWriter()
    writer.fixed(Self.magic)
    writer.count(authors.count)
    for author in authors {
      writer.text(author.name)
      writer.text(author.email)
    }
    writer.count(ids.count)
    for node in ids.indices {
      let (high, middle, low) = ids[node].words
      writer.fixed(high)
      writer.fixed(middle)
      writer.fixed(low)
      // 0: met but not read; else the number of parents plus one.
      guard let range = parentRanges[node] else {
        writer.count(0)
        continue
      }
      writer.count(range.count + 1)
      for parent in parentList[Int(range.lowerBound)..<Int(range.upperBound)] { writer.count(Int(parent)) }
      writer.time(times[node])
      writer.time(authorTimes[node])
      writer.count(Int(authorOf[node]))
    }
    return Data(writer.bytes)
  }

  /// Takes in the nodes of a kept graph. Only into an empty graph; false, and nothing
  /// taken, when the bytes are not a graph this version wrote.
  @discardableResult
  func preload(_ data: Data) -> Bool {
    guard ids.isEmpty else { return false }
    var reader = ByteReader(data)
    guard reader.fixed(UInt32.self) == Self.magic else { return false }
    var keptAuthors: [Identity] = []
    for _ in 0..<reader.count() {
      keptAuthors.append(Identity(name: reader.text(), email: reader.text()))
    }
    let count = reader.count()
    var keptIDs: [ObjectID] = []
    var keptRanges: [Range<Int32>?] = []
    var keptParents: [Node] = []
    var keptTimes: [Int64] = []
    var keptAuthorTimes: [Int64] = []
    var keptAuthorOf: [Int32] = []
    keptIDs.reserveCapacity(count)
    for _ in 0..<count {
      keptIDs.append(
        ObjectID(words: (reader.fixed(UInt64.self), reader.fixed(UInt64.self), reader.fixed(UInt32.self))))
      let parents = reader.count()
      guard parents > 0 else {
        keptRanges.append(nil)
        keptTimes.append(0)
        keptAuthorTimes.append(0)
        keptAuthorOf.append(-1)
        continue
      }
      let start = Int32(keptParents.count)
      for _ in 0..<(parents - 1) {
        let parent = reader.number()
        guard (0..<count).contains(parent) else { return false }
        keptParents.append(Node(parent))
      }
      keptRanges.append(start..<Int32(keptParents.count))
      keptTimes.append(reader.time())
      keptAuthorTimes.append(reader.time())
      let author = reader.number()
      guard keptAuthors.indices.contains(author), !reader.failed else { return false }
      keptAuthorOf.append(Int32(author))
    }
    guard reader.isAtEnd else { return false }
    var keptNodes: [ObjectID: Node] = [:]
    keptNodes.reserveCapacity(count)
    for (node, id) in keptIDs.enumerated() { keptNodes[id] = Node(node) }
    guard keptNodes.count == keptIDs.count else { return false }
    ids = keptIDs
    nodeByID = keptNodes
    parentRanges = keptRanges
    parentList = keptParents
    times = keptTimes
    authorTimes = keptAuthorTimes
    authorOf = keptAuthorOf
    authors = keptAuthors
    authorIndex = Dictionary(keptAuthors.enumerated().map { ($1.exact, Int32($0)) }, uniquingKeysWith: { first, _ in first })
    return true
  }
}

/// A set of graph nodes as one bit each.
struct NodeSet {
  private var words: [UInt64] = []

  func contains(_ node: CommitGraph.Node) -> Bool {
    let word = Int(node) >> 6
    return word < words.count && words[word] & (1 << UInt64(node & 63)) != 0
  }

  /// Adds the node; false when it was there already.
  mutating func insert(_ node: CommitGraph.Node) -> Bool {
    let word = Int(node) >> 6
    if word >= words.count { words.append(contentsOf: repeatElement(0, count: word - words.count + 1)) }
    let bit: UInt64 = 1 << UInt64(node & 63)
    guard words[word] & bit == 0 else { return false }
    words[word] |= bit
    return true
  }
}

/// Every commit the target reached as of then: what open review heads are compared with.
public struct ReachedCommits {
  let graph: CommitGraph
  let nodes: NodeSet

  public func contains(_ id: ObjectID) -> Bool {
    graph.existingNode(id).map(nodes.contains) ?? false
  }
}
