import CZlib
import Foundation

/// CRC-32 (the ZIP and PNG polynomial 0xEDB88320, reflected) and raw inflate, from the system zlib.
enum Zlib {
    /// The CRC-32 of `data`.
    static func crc32(_ data: Data) -> UInt32 {
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> UInt32 in
            guard let base = raw.baseAddress?.assumingMemoryBound(to: Bytef.self) else { return 0 }
            var crc = CZlib.crc32(0, nil, 0)
            var offset = 0
            while offset < raw.count {
                let length = min(raw.count - offset, 1 << 30)
                crc = CZlib.crc32(crc, base + offset, uInt(length))
                offset += length
            }
            return UInt32(truncatingIfNeeded: crc)
        }
    }

    /// Why inflating failed.
    enum InflateError: Error {
        /// The deflate data is malformed; zlib's words.
        case corrupt(String)
        /// The data ends before the deflate stream does.
        case truncated
        /// The stream inflates to more bytes than were expected.
        case tooLong
        /// The stream ends after `Int` bytes, fewer than expected.
        case tooShort(Int)
    }

    /// Inflates the raw deflate stream `compressed` into exactly `size` bytes.
    static func inflate(_ compressed: Data, size: Int) throws(InflateError) -> Data {
        var output = Data(count: size)
        let result: Result<Int, InflateError> = compressed.withUnsafeBytes { input in
            output.withUnsafeMutableBytes { destination in
                inflate(input, into: destination)
            }
        }
        let written = try result.get()
        guard written == size else { throw .tooShort(written) }
        return output
    }

    private static func inflate(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer)
        -> Result<Int, InflateError> {
        var stream = z_stream()
        guard cz_inflate_init_raw(&stream) == Z_OK else { return .failure(.corrupt("zlib would not start")) }
        // zlib wants a pointer even where there are no bytes.
        let spare = UnsafeMutablePointer<Bytef>.allocate(capacity: 1)
        defer {
            inflateEnd(&stream)
            spare.deallocate()
        }
        let inputBase = input.baseAddress.map { UnsafeMutablePointer(mutating: $0.assumingMemoryBound(to: Bytef.self)) }
        let outputBase = output.baseAddress?.assumingMemoryBound(to: Bytef.self)
        var (inputOffset, outputOffset) = (0, 0)
        while true {
            let inputLength = min(input.count - inputOffset, 1 << 30)
            let outputLength = min(output.count - outputOffset, 1 << 30)
            stream.next_in = inputBase.map { $0 + inputOffset } ?? spare
            stream.avail_in = uInt(inputLength)
            stream.next_out = outputBase.map { $0 + outputOffset } ?? spare
            stream.avail_out = uInt(outputLength)
            let status = CZlib.inflate(&stream, Z_NO_FLUSH)
            inputOffset += inputLength - Int(stream.avail_in)
            outputOffset += outputLength - Int(stream.avail_out)
            switch status {
            case Z_STREAM_END: return .success(outputOffset)
            case Z_OK: continue
            case Z_BUF_ERROR where outputOffset < output.count: return .failure(.truncated)
            case Z_BUF_ERROR:
                // The output is full and the stream wants more room, or more input: one spare byte of room tells.
                stream.next_out = spare
                stream.avail_out = 1
                let probe = CZlib.inflate(&stream, Z_NO_FLUSH)
                if stream.avail_out == 0 { return .failure(.tooLong) }
                return probe == Z_STREAM_END ? .success(outputOffset) : .failure(.truncated)
            default:
                let reason = stream.msg.map { String(cString: $0) } ?? "zlib error \(status)"
                return .failure(.corrupt(reason))
            }
        }
    }
}
