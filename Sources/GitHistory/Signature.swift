import CLibGit2
import Foundation

/// A moment as git records it: seconds since the epoch and the writer's UTC offset.
public struct GitTime: Hashable, Comparable, Sendable, CustomStringConvertible {
  public var seconds: Int64
  /// Minutes east of UTC (`+0200` is 120).
  public var offsetMinutes: Int

  public init(seconds: Int64, offsetMinutes: Int = 0) {
    self.seconds = seconds
    self.offsetMinutes = offsetMinutes
  }

  init(_ time: git_time) {
    self.init(seconds: Self.clamped(time.time), offsetMinutes: Int(time.offset))
  }

  /// The earliest and latest moments baton keeps: 0000-01-01 and 9999-12-31T23:59:59Z.
  public static let representable: ClosedRange<Int64> = -62_167_219_200...253_402_300_799

  /// A recorded time moved into the years 0000-9999: a commit may claim any 64-bit time
  /// (`Int64.min`), and every age or interval is a difference of two such times.
  public static func clamped(_ seconds: Int64) -> Int64 {
    min(max(seconds, representable.lowerBound), representable.upperBound)
  }

  /// Moments compare by instant; the offset only says where it was written.
  public static func < (lhs: GitTime, rhs: GitTime) -> Bool { lhs.seconds < rhs.seconds }

  /// `1767607200 +0200`, as git's raw date format writes it.
  public var description: String {
    let sign = offsetMinutes < 0 ? "-" : "+"
    let minutes = abs(offsetMinutes)
    let hours = minutes / 60
    let rest = minutes % 60
    return "\(seconds) \(sign)\(hours < 10 ? "0" : "")\(hours)\(rest < 10 ? "0" : "")\(rest)"
  }
}

/// Who wrote or committed something, and when.
public struct Signature: Hashable, Sendable {
  public var name: String
  public var email: String
  public var time: GitTime

  public init(name: String, email: String, time: GitTime) {
    self.name = name
    self.email = email
    self.time = time
  }

  init(_ signature: UnsafePointer<git_signature>) {
    self.init(
      name: decodeGitText(signature.pointee.name),
      email: decodeGitText(signature.pointee.email),
      time: GitTime(signature.pointee.when)
    )
  }
}

/// Decodes text from git objects: UTF-8 when it is valid, else ISO-8859-1, the
/// most common legacy encoding in old histories, which maps every byte to a character.
func decodeGitText(_ pointer: UnsafePointer<CChar>?) -> String {
  guard let pointer else { return "" }
  if let text = String(validatingCString: pointer) { return text }
  let bytes = UnsafeRawBufferPointer(start: pointer, count: strlen(pointer))
  return String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) }))
}
