import DeliveryMetrics
import GitHistory

// The git layer already has the shape the delivery model reads.
extension Repository: HistorySource {}
