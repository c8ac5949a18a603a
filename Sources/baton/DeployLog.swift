import ArgumentParser
import DeliveryMetrics
import Foundation
import GitHistory

/// A deployment log: a CSV file with `deployed_at` (ISO-8601) and `commit` columns, in any order.
enum DeployLog {
  static func read(_ path: String, _ repository: Repository) throws -> [Deployment] {
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
      throw ValidationError("no such deploy log: \(path)")
    }
    let lines = text.split(whereSeparator: \.isNewline).filter { !$0.allSatisfy(\.isWhitespace) }
    guard let header = lines.first else { return [] }
    let columns = header.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
    guard let timeColumn = columns.firstIndex(of: "deployed_at"), let commitColumn = columns.firstIndex(of: "commit") else {
      throw ValidationError("\(path):1: expected the columns deployed_at and commit")
    }
    let formatter = ISO8601DateFormatter()
    var deployments: [Deployment] = []
    for (offset, line) in lines.enumerated().dropFirst() {
      let cells = line.split(separator: ",", omittingEmptySubsequences: false).map {
        $0.trimmingCharacters(in: CharacterSet(charactersIn: " \""))
      }
      guard cells.count > max(timeColumn, commitColumn), let date = formatter.date(from: cells[timeColumn]) else {
        throw ValidationError("\(path):\(offset + 1): expected an ISO-8601 deployed_at such as 2026-01-31T12:00:00Z")
      }
      let commit: ObjectID
      do {
        commit = try repository.resolveCommit(cells[commitColumn])
      } catch {
        throw ValidationError("\(path):\(offset + 1): unknown commit '\(cells[commitColumn])'")
      }
      deployments.append(Deployment(name: commit.hex, commit: commit, at: Int64(date.timeIntervalSince1970)))
    }
    return deployments
  }
}
