import Foundation
import ZIPFoundation

/// ZIP archives made in memory, for downloads that hold several files.
public enum ZipFile {
    /// An archive of `files` (deflated), each dated `modified`.
    public static func make(_ files: [(name: String, content: Data)], modified: Date) throws -> Data {
        let archive = try Archive(data: Data(), accessMode: .create)
        for file in files {
            let content = file.content
            try archive.addEntry(with: file.name, type: .file, uncompressedSize: Int64(content.count), modificationDate: modified,
                                 compressionMethod: .deflate) { position, size in
                let start = Int(position)
                return content.subdata(in: start..<min(start + size, content.count))
            }
        }
        guard let data = archive.data else { throw CocoaError(.fileWriteUnknown) }
        return data
    }

    /// The names and contents of an archive's files, in order.
    public static func read(_ data: Data) throws -> [(name: String, content: Data)] {
        let archive = try Archive(data: data, accessMode: .read)
        return try archive.map { entry in
            var content = Data()
            _ = try archive.extract(entry) { content.append($0) }
            return (entry.path, content)
        }
    }
}
