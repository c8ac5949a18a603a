import DeliveryMetrics
import TOMLKit

/// `[warning_signs]` thresholds and `[areas]` path globs (docs/figures.md section 11).
extension Configuration {
  static let warningSignKeys = [
    "divergence", "review_queue_growth", "arrival_excess", "deployment_decline", "top_reviewer_share",
    "min_reviewed_changes", "top_reviewer_growth", "bus_factor", "min_area_changes", "quality_points",
  ]

  mutating func readDiagnosis(_ table: TOMLTable, _ reader: Reader) throws {
    if let value = table["warning_signs"] {
      guard let signs = value.table else { throw reader.error("warning_signs", "expected a table ([warning_signs])") }
      let reader = reader.inSection("warning_signs")
      for key in signs.keys where !Self.warningSignKeys.contains(key) {
        throw reader.unknown(key, expected: Self.warningSignKeys)
      }
      var limits = WarningThresholds()
      if let share = try reader.fraction(signs, "divergence", ratio: true) { limits.divergence = share }
      if let share = try reader.fraction(signs, "review_queue_growth", ratio: true) { limits.reviewQueueGrowth = share }
      if let share = try reader.fraction(signs, "arrival_excess", ratio: true) { limits.arrivalExcess = share }
      if let share = try reader.fraction(signs, "deployment_decline", ratio: true) { limits.deploymentDecline = share }
      if let share = try reader.fraction(signs, "top_reviewer_share") { limits.topReviewerShare = share }
      if let count = try reader.int(signs, "min_reviewed_changes") { limits.minReviewedChanges = count }
      if let share = try reader.fraction(signs, "top_reviewer_growth", ratio: true) { limits.topReviewerGrowth = share }
      if let count = try reader.int(signs, "bus_factor") { limits.busFactor = count }
      if let count = try reader.int(signs, "min_area_changes") { limits.minAreaChanges = count }
      if let share = try reader.fraction(signs, "quality_points", ratio: true) { limits.qualityPoints = share }
      warningThresholds = limits
    }
    if let value = table["areas"] {
      guard let areas = value.table else { throw reader.error("areas", "expected a table ([areas])") }
      let reader = reader.inSection("areas")
      // Areas keep the file's order: a path belongs to the first whose globs match it.
      for name in reader.keysInFileOrder(areas.keys) {
        guard let patterns = try reader.strings(areas, name) else { continue }
        self.areas.append((name, patterns))
      }
    }
  }
}
