import CLibGit2

/// Inflates pack entries whole with libdeflate, which does it in about half zlib's time:
/// a pack entry's inflated size is in its header and its compressed bytes are mapped, the
/// one case where a streaming inflater's bookkeeping buys nothing. zlib was a quarter of a
/// cold history diff's CPU.
final class Inflater {
  private let decompressor: OpaquePointer?
  /// Compressed bytes read by the streams inflated so far.
  var inputRead = 0

  init() {
    decompressor = libdeflate_alloc_decompressor()
  }

  deinit {
    if let decompressor { libdeflate_free_decompressor(decompressor) }
  }

  /// Inflates the zlib stream at the start of `input` into `destination`, which has room
  /// for `count` bytes; true when the stream is whole, its checksum right, and it ends
  /// after exactly `count` bytes (longer or shorter is a damaged entry).
  func inflate(_ input: UnsafeRawBufferPointer, into destination: UnsafeMutableRawPointer, count: Int) -> Bool {
    guard let decompressor, let inputStart = input.baseAddress else { return false }
    var consumed = 0
    let result = libdeflate_zlib_decompress_ex(
      decompressor, inputStart, input.count, destination, count, &consumed, nil)
    guard result == LIBDEFLATE_SUCCESS else { return false }
    inputRead += consumed
    return true
  }
}
