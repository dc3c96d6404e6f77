import Foundation
import SQLKit
import TillitFormats
import TillitPlatform
import TillitStorage

/// A file attached to an example or a report.
public struct Attachment: Sendable, Equatable, Identifiable {
    public enum Owner: String, Sendable { case example, report }
    public let id: Int64
    public let owner: Owner
    public let ownerID: Int64
    public let fileName: String
    public let kind: AttachmentKind
    public let size: Int
    public let sha256: String
    public let createdAt: Date
}

/// Where attachment bytes are kept: in the database (the default), or in a directory that every
/// instance mounts, named by their SHA-256 so that equal files are stored once.
public struct AttachmentStore: Sendable {
    public static let maxSize = 20 * 1024 * 1024
    public static let maxPerOwner = 10

    public let directory: URL?

    public init(directory: URL?) {
        self.directory = directory
    }

    func path(_ sha: String) -> URL? {
        directory?.appendingPathComponent(String(sha.prefix(2)), isDirectory: true).appendingPathComponent(sha)
    }

    /// Checks a file and stores it for `owner`, inside the caller's transaction.
    func add(_ db: any SQLDatabase, owner: Attachment.Owner, ownerID: Int64, fileName: String, data: Data, only: Set<AttachmentKind>? = nil,
             by userID: Int64?, at now: Date) async throws -> Attachment {
        guard !data.isEmpty else { throw AppError.invalid([FieldError("file", LearnText.fileMissing)]) }
        guard data.count <= Self.maxSize else {
            throw AppError(.contentTooLarge, code: "file-too-large", message: LearnText.fileTooLarge, fieldErrors: [FieldError("file", LearnText.fileTooLarge)])
        }
        guard let kind = AttachmentKind.detect(data), only?.contains(kind) ?? true else {
            let allowed = (only.map { Array($0) } ?? AttachmentKind.allCases).map { $0.fileExtension.uppercased() }.sorted()
            throw AppError(.unsupportedMediaType, code: "file-type", message: LearnText.fileType(allowed),
                           fieldErrors: [FieldError("file", LearnText.fileType(allowed))])
        }
        let count = try await db.raw("SELECT COUNT(*) AS n FROM attachments WHERE owner_type = \(bind: owner.rawValue) AND owner_id = \(bind: ownerID)")
            .first()!.decode(column: "n", as: Int.self)
        guard count < Self.maxPerOwner else { throw AppError.invalid([FieldError("file", KnowledgeText.tooMany(Self.maxPerOwner))]) }
        let sha = Secrets.hash(data: data)
        let name = AttachmentKind.safeFileName(fileName, kind: kind)
        let row = try await db.raw("""
            INSERT INTO attachments (owner_type, owner_id, file_name, kind, size, sha256, stored_in, created_by, created_at)
            VALUES (\(bind: owner.rawValue), \(bind: ownerID), \(bind: name), \(bind: kind.rawValue), \(bind: data.count), \(bind: sha),
                    \(bind: directory == nil ? "database" : "directory"), \(bind: userID), \(bind: now.epochSeconds))
            RETURNING id
            """).first()!
        let id = try row.int64("id")
        if let file = path(sha) {
            // Written before the row commits; a file left by a rolled-back row is harmless, as the
            // same bytes would be written to the same name again.
            if !FileManager.default.fileExists(atPath: file.path) {
                try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
                let temporary = file.appendingPathExtension("part-\(UUID().uuidString)")
                try data.write(to: temporary)
                // A rename, so no instance ever reads half a file; if another instance got there
                // first, its file has the same bytes.
                if rename(temporary.path, file.path) != 0 { try? FileManager.default.removeItem(at: temporary) }
            }
        } else {
            try await db.raw("INSERT INTO attachment_blobs (attachment_id, content) VALUES (\(bind: id), \(bind: data))").run()
        }
        return Attachment(id: id, owner: owner, ownerID: ownerID, fileName: name, kind: kind, size: data.count, sha256: sha, createdAt: now)
    }

    static func list(_ db: any SQLDatabase, owner: Attachment.Owner, ownerID: Int64) async throws -> [Attachment] {
        try await db.raw("""
            SELECT id, owner_type, owner_id, file_name, kind, size, sha256, created_at FROM attachments
            WHERE owner_type = \(bind: owner.rawValue) AND owner_id = \(bind: ownerID) ORDER BY id
            """).all().map(attachment(row:))
    }

    static func load(_ db: any SQLDatabase, id: Int64) async throws -> Attachment? {
        try await db.raw("SELECT id, owner_type, owner_id, file_name, kind, size, sha256, created_at FROM attachments WHERE id = \(bind: id)")
            .first().map(attachment(row:))
    }

    static func attachment(row: any SQLRow) throws -> Attachment {
        Attachment(id: try row.int64("id"), owner: Attachment.Owner(rawValue: try row.string("owner_type")) ?? .example, ownerID: try row.int64("owner_id"),
                   fileName: try row.string("file_name"), kind: AttachmentKind(rawValue: try row.string("kind")) ?? .pdf,
                   size: Int(try row.int64("size")), sha256: try row.string("sha256"), createdAt: try row.date("created_at"))
    }

    /// The bytes of an attachment, wherever they were stored.
    func content(_ db: any SQLDatabase, _ attachment: Attachment) async throws -> Data {
        if let row = try await db.raw("SELECT content FROM attachment_blobs WHERE attachment_id = \(bind: attachment.id)").first() {
            return try row.decode(column: "content", as: Data.self)
        }
        guard let file = path(attachment.sha256), let data = FileManager.default.contents(atPath: file.path) else { throw AppError.notFound }
        return data
    }

    /// Removes an attachment's row inside the caller's transaction. Its file, if it has one, is not
    /// touched here: the transaction may still roll back. Pass what this returns to
    /// ``deleteFileIfUnused(_:database:)`` after the commit.
    func remove(_ db: any SQLDatabase, _ attachment: Attachment) async throws -> String? {
        try await db.raw("DELETE FROM attachment_blobs WHERE attachment_id = \(bind: attachment.id)").run()
        try await db.raw("DELETE FROM attachments WHERE id = \(bind: attachment.id)").run()
        return directory == nil ? nil : attachment.sha256
    }

    /// After a removal has committed: deletes the file with these bytes when no attachment uses them.
    func deleteFileIfUnused(_ sha256: String?, database: any Database) async throws {
        guard let sha256, let file = path(sha256) else { return }
        let others = try await database.read { db in
            try await db.raw("SELECT COUNT(*) AS n FROM attachments WHERE sha256 = \(bind: sha256)").first()!.decode(column: "n", as: Int.self)
        }
        if others == 0 { try? FileManager.default.removeItem(at: file) }
    }
}

extension Knowledge {
    /// The attachments of an example the actor may see.
    public func attachments(actor: Actor?, exampleID: Int64) async throws -> [Attachment] {
        _ = try await example(actor: actor, id: exampleID)
        return try await database.read { db in try await AttachmentStore.list(db, owner: .example, ownerID: exampleID) }
    }

    /// Attaches a file to an example: whoever may edit the example may.
    public func addAttachment(actor: Actor, exampleID: Int64, fileName: String, data: Data) async throws -> Attachment {
        let now = self.now
        return try await database.transaction { db in
            let example = try await editable(db, actor: actor, id: exampleID)
            let attachment = try await attachmentStore.add(db, owner: .example, ownerID: exampleID, fileName: fileName, data: data, by: actor.userID, at: now)
            try await AuditLog.record(db, at: now, actor: actor, action: "example.attach", objectType: "example", objectID: String(exampleID),
                                      organisationID: example.organisationID, details: ["attachment": String(attachment.id), "kind": attachment.kind.rawValue])
            return attachment
        }
    }

    public func removeAttachment(actor: Actor, exampleID: Int64, attachmentID: Int64) async throws {
        let now = self.now
        let unused = try await database.transaction { db in
            let example = try await editable(db, actor: actor, id: exampleID)
            guard let attachment = try await AttachmentStore.load(db, id: attachmentID), attachment.owner == .example, attachment.ownerID == exampleID else {
                throw AppError.notFound
            }
            let unused = try await attachmentStore.remove(db, attachment)
            try await AuditLog.record(db, at: now, actor: actor, action: "example.detach", objectType: "example", objectID: String(exampleID),
                                      organisationID: example.organisationID, details: ["attachment": String(attachmentID)])
            return unused
        }
        try await attachmentStore.deleteFileIfUnused(unused, database: database)
    }

    /// An attachment and its bytes, if the actor may see what it belongs to.
    public func attachment(actor: Actor?, id: Int64) async throws -> (Attachment, Data) {
        guard let attachment = try await database.read({ db in try await AttachmentStore.load(db, id: id) }) else { throw AppError.notFound }
        switch attachment.owner {
        case .example: _ = try await example(actor: actor, id: attachment.ownerID)
        case .report: _ = try await Reports(platform: platform, attachmentStore: attachmentStore).report(actor: actor, id: attachment.ownerID)
        }
        let data = try await database.read { db in try await attachmentStore.content(db, attachment) }
        return (attachment, data)
    }
}
