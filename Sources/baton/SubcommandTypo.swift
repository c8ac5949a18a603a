import ArgumentParser
import Foundation
import GitHistory

extension Baton {
  /// `baton repot` would otherwise be `baton report repot` (report is the default
  /// subcommand) and fail on a path that does not exist. A first word that is no
  /// subcommand, no option and no existing path, but near a subcommand's name, is a typo.
  static func mistypedSubcommand(in arguments: [String]) -> ValidationError? {
    guard let word = arguments.first, !word.hasPrefix("-"), !FileManager.default.fileExists(atPath: word) else {
      return nil
    }
    let names = configuration.subcommands.map { $0._commandName } + ["help"]
    guard !names.contains(word), let suggestion = closest(to: word, among: names) else { return nil }
    return ValidationError("unknown command '\(word)' (did you mean 'baton \(suggestion)'?)")
  }
}
