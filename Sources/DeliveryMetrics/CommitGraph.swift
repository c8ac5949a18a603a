import GitHistory

/// The shape of the history: parents and committer times as integer indices, read
/// once per commit without messages. Walks (what the line reached, what a deployment
/// contains, what a review head holds) run here; only commits whose message matters
/// become `Commit` values.
final class CommitGraph {
  typealias Node = Int32

  private let source: HistorySource
  private var nodeByID: [ObjectID: Node] = [:]
  private(set) var ids: [ObjectID] = []
  private var times: [Int64] = []
  private var authorTimes: [Int64] = []
  /// Authors as recorded (before the mailmap), each kept once.
  private(set) var authors: [Identity] = []
  private var authorIndex: [Identity: Int32] = [:]
  private var authorOf: [Int32] = []
  /// Where a node's parents sit in `parentList`; nil until the node is read.
  private var parentRanges: [Range<Int32>?] = []
  private var parentList: [Node] = []

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
    if let known = authorIndex[identity] {
      authorOf[Int(node)] = known
    } else {
      authorOf[Int(node)] = Int32(authors.count)
      authorIndex[identity] = Int32(authors.count)
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
