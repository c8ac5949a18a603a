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
  fileprivate var authorIndex: [Identity: Int32] = [:]
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

/// The graph as bytes, kept between runs: parents, times and authors never change for a
/// commit, and reading them again is most of what a rerun on a large history costs.
extension CommitGraph {
  private static let magic: UInt32 = 0x6267_7231  // "bgr1"

  /// Nodes read, by how many there are: what `encoded()` would add to a kept graph.
  var readCount: Int { parentRanges.lazy.filter { $0 != nil }.count }

  func encoded() -> Data {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(ids.count * 32)
    func varint(_ value: UInt64) {
      var value = value
      while value >= 0x80 {
        bytes.append(UInt8(value & 0x7f) | 0x80)
        value >>= 7
      }
      bytes.append(UInt8(value))
    }
    func fixed<T: FixedWidthInteger>(_ value: T) {
      withUnsafeBytes(of: value.littleEndian) { bytes += $0 }
    }
    func time(_ value: Int64) { varint(UInt64(bitPattern: (value << 1) ^ (value >> 63))) }
    fixed(Self.magic)
    varint(UInt64(authors.count))
    for author in authors {
      for text in [author.name, author.email] {
        varint(UInt64(text.utf8.count))
        bytes += text.utf8
      }
    }
    varint(UInt64(ids.count))
    for node in ids.indices {
      let (high, middle, low) = ids[node].words
      fixed(high)
      fixed(middle)
      fixed(low)
      guard let range = parentRanges[node] else {
        varint(0)
        continue
      }
      varint(UInt64(range.count) + 1)
      for parent in parentList[Int(range.lowerBound)..<Int(range.upperBound)] { varint(UInt64(parent)) }
      time(times[node])
      time(authorTimes[node])
      varint(UInt64(authorOf[node]))
    }
    return Data(bytes)
  }

  /// Takes in the nodes of a kept graph. Only into an empty graph; false, and nothing
  /// taken, when the bytes are not a graph this version wrote.
  @discardableResult
  func preload(_ data: Data) -> Bool {
    guard ids.isEmpty else { return false }
    let bytes = [UInt8](data)
    var position = 0
    var failed = false
    func varint() -> UInt64 {
      var value: UInt64 = 0
      var shift: UInt64 = 0
      while position < bytes.count, shift < 64 {
        let byte = bytes[position]
        position += 1
        value |= UInt64(byte & 0x7f) << shift
        if byte < 0x80 { return value }
        shift += 7
      }
      failed = true
      return 0
    }
    func fixed<T: FixedWidthInteger>(_: T.Type) -> T {
      let size = MemoryLayout<T>.size
      guard position + size <= bytes.count else {
        failed = true
        return 0
      }
      var value: T = 0
      for index in 0..<size { value |= T(bytes[position + index]) << (8 * index) }
      position += size
      return value
    }
    func time() -> Int64 {
      let raw = varint()
      return Int64(bitPattern: raw >> 1) ^ -Int64(bitPattern: raw & 1)
    }
    func text() -> String {
      let length = Int(truncatingIfNeeded: varint())
      guard !failed, length >= 0, position + length <= bytes.count else {
        failed = true
        return ""
      }
      defer { position += length }
      return String(decoding: bytes[position..<position + length], as: UTF8.self)
    }
    guard fixed(UInt32.self) == Self.magic else { return false }
    var keptAuthors: [Identity] = []
    for _ in 0..<min(Int(truncatingIfNeeded: varint()), bytes.count) {
      keptAuthors.append(Identity(name: text(), email: text()))
    }
    let count = min(Int(truncatingIfNeeded: varint()), bytes.count)
    var keptIDs: [ObjectID] = []
    var keptRanges: [Range<Int32>?] = []
    var keptParents: [Node] = []
    var keptTimes: [Int64] = []
    var keptAuthorTimes: [Int64] = []
    var keptAuthorOf: [Int32] = []
    keptIDs.reserveCapacity(count)
    for _ in 0..<count {
      keptIDs.append(ObjectID(words: (fixed(UInt64.self), fixed(UInt64.self), fixed(UInt32.self))))
      let parents = Int(truncatingIfNeeded: varint())
      guard parents > 0 else {
        keptRanges.append(nil)
        keptTimes.append(0)
        keptAuthorTimes.append(0)
        keptAuthorOf.append(-1)
        continue
      }
      let start = Int32(keptParents.count)
      for _ in 0..<min(parents - 1, bytes.count) {
        let parent = varint()
        if parent >= UInt64(count) { failed = true }
        keptParents.append(Node(truncatingIfNeeded: parent))
      }
      keptRanges.append(start..<Int32(keptParents.count))
      keptTimes.append(time())
      keptAuthorTimes.append(time())
      let author = varint()
      if author >= UInt64(keptAuthors.count) { failed = true }
      keptAuthorOf.append(Int32(truncatingIfNeeded: author))
      if failed { return false }
    }
    guard !failed, position == bytes.count else { return false }
    ids = keptIDs
    parentRanges = keptRanges
    parentList = keptParents
    times = keptTimes
    authorTimes = keptAuthorTimes
    authorOf = keptAuthorOf
    authors = keptAuthors
    nodeByID.reserveCapacity(count)
    for (node, id) in ids.enumerated() { nodeByID[id] = Node(node) }
    authorIndex = Dictionary(keptAuthors.enumerated().map { ($1, Int32($0)) }, uniquingKeysWith: { first, _ in first })
    return nodeByID.count == ids.count
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
