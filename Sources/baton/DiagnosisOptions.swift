import ArgumentParser
import DeliveryMetrics
import Reports

extension WarningSign.Sign: ExpressibleByArgument {}

/// What the diagnosis is asked (docs/figures.md section 11).
struct DiagnosisOptions: ParsableArguments {
  @Option(help: ArgumentHelp("What-ifs divide one stage by this factor (default 2: twice as fast).", valueName: "k"))
  var speedup: Double = 2

  func validate() throws {
    guard speedup.isFinite, speedup >= 1, speedup <= 1000 else {
      throw ValidationError("--speedup must be a number from 1 to 1000")
    }
  }

  func diagnosis(of analysis: Analysis) throws -> Diagnosis {
    let report = analysis.report
    return report.diagnosis(
      speedup: speedup, thresholds: analysis.configuration.warningThresholds,
      areaLines: report.areaLines(AreaRules(analysis.configuration.areas)))
  }

  func summary(of analysis: Analysis) throws -> DiagnosisSummary {
    DiagnosisSummary(try diagnosis(of: analysis))
  }
}
