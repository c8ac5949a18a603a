/// Areas of the tree for knowledge silos (docs/figures.md section 11): configured names with
/// path globs (`*` also crosses `/`), the first that matches a path winning; or, with none
/// configured, each top-level directory (files at the root are the area `/`).
public struct AreaRules: Sendable {
  public var areas: [(name: String, patterns: [String])]

  public init(_ areas: [(name: String, patterns: [String])] = []) {
    self.areas = areas
  }

  /// The area of a path; nil when areas are configured and none matches it.
  public func area(of path: String) -> String? {
    guard !areas.isEmpty else {
      guard let slash = path.firstIndex(of: "/") else { return "/" }
      return String(path[..<slash])
    }
    return areas.first { area in area.patterns.contains { Glob.matches($0, path) } }?.name
  }

  /// Lines per area of a change's files.
  public func lines(_ linesByPath: [String: Int]) -> [String: Int] {
    var lines: [String: Int] = [:]
    for (path, count) in linesByPath {
      guard let area = area(of: path) else { continue }
      lines[area, default: 0] += count
    }
    return lines
  }
}

extension DeliveryReport {
  /// Each change's lines per area; nil when sizes were measured without their paths.
  public func areaLines(_ rules: AreaRules) -> [[String: Int]]? {
    guard settings.measuresAreas else { return nil }
    return changes.map { rules.lines($0.diff?.linesByPath ?? [:]) }
  }
}
