import Foundation

/// An object read from a pack.
struct PackedObject {
  var type: ObjectType
  var bytes: ObjectBuffer
}

/// The most recently used delta bases, by where they sit in which pack, up to a byte budget.
///
/// A whole-history diff reads neighbouring versions of the same files, whose deltas
/// share bases; keeping the inflated bases saves inflating a chain again per version.
/// Least recently used entries go first, one at a time, as room is needed.
///
/// One cache serves every handle of the process, behind a lock: the diff workers read
/// the same root trees and neighbouring file versions, so one cache of twice the size
/// keeps more than two of half the size, which would hold much the same bases twice.
final class DeltaBaseCache: @unchecked Sendable {
  struct Key: Hashable {
    var pack: Int
    var offset: Int
  }

  /// libgit2 keeps 16 MiB per handle, never a base over 1 MiB, and empties itself when
  /// full, so a whole-history diff inflated 2-3x the bytes git does; git keeps 96 MiB
  /// (core.deltaBaseCacheLimit) for its one thread. Past 80 MiB, more bought little
  /// time for much memory (git/git: 160 MiB took 5% off and added 130 MiB).
  static let shared = DeltaBaseCache(budget: 80 << 20)

  private let lock = NSLock()
  private var bases: LeastRecentlyUsed

  init(budget: Int) {
    bases = LeastRecentlyUsed(budget: budget)
  }

  /// The base at `key`, now the most recently used; nil when not cached.
  func object(at key: Key) -> PackedObject? {
    lock.lock()
    defer { lock.unlock() }
    return bases.object(at: key)
  }

  /// Keeps `object` as the base at `key` (see `LeastRecentlyUsed.insert`).
  func insert(_ object: PackedObject, at key: Key) {
    lock.lock()
    defer { lock.unlock() }
    bases.insert(object, at: key)
  }
}

/// The bookkeeping of `DeltaBaseCache`: entries in a doubly linked list of slots, newest first.
private struct LeastRecentlyUsed {
  typealias Key = DeltaBaseCache.Key

  private struct Slot {
    var key: Key
    var object: PackedObject?
    var newer = -1
    var older = -1
  }

  /// The budget counts each entry's bookkeeping (dictionary entry, slot, buffer header)
  /// as well as its bytes, so that many tiny trees cannot overrun it.
  private static let entryOverhead = 128

  let budget: Int
  private(set) var usedBytes = 0
  private var slots: [Slot] = []
  private var slotByKey: [Key: Int] = [:]
  private var freeSlots: [Int] = []
  private var newest = -1
  private var oldest = -1

  init(budget: Int) {
    self.budget = budget
  }

  /// The base at `key`, now the most recently used; nil when not cached.
  mutating func object(at key: Key) -> PackedObject? {
    guard let slot = slotByKey[key] else { return nil }
    unlink(slot)
    linkAsNewest(slot)
    return slots[slot].object
  }

  /// Keeps `object` as the base at `key`, evicting the least recently used bases to make
  /// room; an object larger than the whole budget is not kept.
  mutating func insert(_ object: PackedObject, at key: Key) {
    let cost = object.bytes.count + Self.entryOverhead
    guard cost <= budget, slotByKey[key] == nil else { return }
    while usedBytes + cost > budget { evictOldest() }
    let slot: Int
    if let reused = freeSlots.popLast() {
      slot = reused
      slots[slot] = Slot(key: key, object: object)
    } else {
      slot = slots.count
      slots.append(Slot(key: key, object: object))
    }
    linkAsNewest(slot)
    slotByKey[key] = slot
    usedBytes += cost
  }

  private mutating func evictOldest() {
    let slot = oldest
    unlink(slot)
    slotByKey[slots[slot].key] = nil
    usedBytes -= slots[slot].object!.bytes.count + Self.entryOverhead
    slots[slot].object = nil
    freeSlots.append(slot)
  }

  private mutating func unlink(_ slot: Int) {
    let (newer, older) = (slots[slot].newer, slots[slot].older)
    if newer >= 0 { slots[newer].older = older } else { newest = older }
    if older >= 0 { slots[older].newer = newer } else { oldest = newer }
    slots[slot].newer = -1
    slots[slot].older = -1
  }

  private mutating func linkAsNewest(_ slot: Int) {
    slots[slot].older = newest
    if newest >= 0 { slots[newest].newer = slot } else { oldest = slot }
    newest = slot
  }
}
