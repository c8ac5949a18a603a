import FixtureSupport
import Foundation
import GitHistory

/// Seconds since the epoch of an ISO-8601 UTC time, so expectations read as dates.
func utc(_ iso: String) -> Int64 {
  let formatter = ISO8601DateFormatter()
  guard let date = formatter.date(from: iso) else { fatalError("bad date \(iso)") }
  return Int64(date.timeIntervalSince1970)
}

extension FixtureRepository {
  func oid(_ mark: Int) -> ObjectID {
    ObjectID(hex: id(mark))!
  }

  func open() throws -> Repository {
    try Repository(discoveringFrom: path)
  }
}
