import Foundation

/// How far an analysis has got, for a progress display: the analysis writes counts, a
/// display reads them from another thread whenever it likes.
public final class AnalysisProgress: @unchecked Sendable {
  public enum Phase: String, Sendable {
    case recognising = "recognising changes"
    case sizing = "sizing changes"
    case queue = "reading review heads"
  }

  public struct Snapshot: Sendable {
    public var phase = Phase.recognising
    /// First-parent commits recognised, of those recognition walks.
    public var recognised = 0
    public var lineCommits = 0
    /// Commit pairs diffed (or read from the cache), of those the window needs.
    public var sized = 0
    public var toSize = 0
  }

  private let lock = NSLock()
  private var state = Snapshot()
  /// Reads how many pairs the diffing threads have finished.
  private var sizedSoFar: (@Sendable () -> Int)?

  public init() {}

  public var snapshot: Snapshot {
    lock.lock()
    var copy = state
    let sized = sizedSoFar
    lock.unlock()
    if let sized { copy.sized = max(copy.sized, min(sized(), copy.toSize)) }
    return copy
  }

  func update(_ change: (inout Snapshot) -> Void) {
    lock.lock()
    change(&state)
    lock.unlock()
  }

  func countSized(toSize: Int, _ sized: @escaping @Sendable () -> Int) {
    lock.lock()
    state.toSize = toSize
    sizedSoFar = sized
    lock.unlock()
  }
}
