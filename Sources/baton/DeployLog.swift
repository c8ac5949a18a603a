import ArgumentParser
import DeliveryMetrics
import Foundation
import GitHistory

/// A deployment log: a CSV file (RFC 4180) with `deployed_at` (ISO-8601) and `commit`
/// columns, in any order (docs/figures.md section 4). Errors name the file and the line a
/// record starts on.
enum DeployLog {
  static func read(_ path: String, _ repository: Repository) throws -> [Deployment] {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
      let data = FileManager.default.contents(atPath: path)
    else {
      throw ValidationError("no such deploy log: \(path)")
    }
    let records = try CSVRecords.parse(data, path: path)
    guard let header = records.first(where: { !$0.isBlank }) else { return [] }
    let columns = header.cells.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
    guard let timeColumn = columns.firstIndex(of: "deployed_at"), let commitColumn = columns.firstIndex(of: "commit") else {
      throw ValidationError("\(path):\(header.line): expected the columns deployed_at and commit (found \(columns.joined(separator: ", ")))")
    }
    var deployments: [Deployment] = []
    for record in records where record.line > header.line && !record.isBlank {
      func cell(_ column: Int) -> String {
        column < record.cells.count ? record.cells[column].trimmingCharacters(in: .whitespaces) : ""
      }
      let time = cell(timeColumn)
      guard !time.isEmpty else { throw ValidationError("\(path):\(record.line): the deployed_at cell is empty") }
      guard let at = (try? CivilTime.parse(time)) ?? nil, time.count > 10 else {
        throw ValidationError(
          "\(path):\(record.line): deployed_at '\(time)' is not an ISO-8601 moment such as 2026-01-31T12:00:00Z")
      }
      let revision = cell(commitColumn)
      guard !revision.isEmpty else { throw ValidationError("\(path):\(record.line): the commit cell is empty") }
      let commit: ObjectID
      do {
        commit = try repository.resolveCommit(revision)
      } catch {
        throw ValidationError("\(path):\(record.line): unknown commit '\(revision)'")
      }
      deployments.append(Deployment(name: commit.hex, commit: commit, at: at))
    }
    return deployments
  }
}

/// RFC 4180 records: cells split on commas, quoted cells may hold commas, quotes (doubled)
/// and line breaks; lines end in CRLF or LF.
struct CSVRecords {
  struct Record {
    /// The line (from 1) the record starts on.
    var line: Int
    var cells: [String]

    var isBlank: Bool { cells.allSatisfy { $0.allSatisfy(\.isWhitespace) } }
  }

  /// The records of a file, or an error naming the line of a byte that is not UTF-8 or of
  /// a quote left open.
  static func parse(_ data: Data, path: String) throws -> [Record] {
    let bytes = [UInt8](data)
    guard let text = String(validating: bytes, as: UTF8.self) else {
      let line = firstInvalidLine(bytes)
      throw ValidationError("\(path):\(line): not UTF-8 text (save the deploy log as UTF-8)")
    }
    var records: [Record] = []
    var cells: [String] = []
    var cell = ""
    var line = 1
    var recordLine = 1
    var quoted = false
    var quoteLine = 1
    var scalars = Array(text.unicodeScalars)[...]
    // A byte-order mark is no part of the first cell.
    if scalars.first == "\u{FEFF}" { scalars = scalars.dropFirst() }
    var index = scalars.startIndex
    func endRecord() {
      cells.append(cell)
      records.append(Record(line: recordLine, cells: cells))
      cells = []
      cell = ""
    }
    while index < scalars.endIndex {
      let scalar = scalars[index]
      index += 1
      if quoted {
        if scalar == "\"" {
          if index < scalars.endIndex, scalars[index] == "\"" {
            cell.unicodeScalars.append("\"")
            index += 1
          } else {
            quoted = false
          }
        } else {
          if scalar == "\n" { line += 1 }
          cell.unicodeScalars.append(scalar)
        }
        continue
      }
      switch scalar {
      case "\"" where cell.allSatisfy({ $0 == " " }):
        cell = ""
        quoted = true
        quoteLine = line
      case ",":
        cells.append(cell)
        cell = ""
      case "\r" where index < scalars.endIndex && scalars[index] == "\n":
        continue
      case "\n", "\r":
        endRecord()
        line += 1
        recordLine = line
      default:
        cell.unicodeScalars.append(scalar)
      }
    }
    if quoted { throw ValidationError("\(path):\(quoteLine): a quoted cell is never closed") }
    if !cell.isEmpty || !cells.isEmpty { endRecord() }
    return records
  }

  private static func firstInvalidLine(_ bytes: [UInt8]) -> Int {
    var line = 1
    var start = 0
    for index in bytes.indices where bytes[index] == 0x0a {
      if String(validating: bytes[start..<index], as: UTF8.self) == nil { return line }
      line += 1
      start = index + 1
    }
    return line
  }
}
