import Foundation
import SQLKit
import TillitPlatform
import TillitStorage

extension Knowledge {
    /// Published examples in id order after `id`, a page at a time, for exports that stream
    /// without holding the whole bank in memory.
    public func published(after id: Int64, limit: Int) async throws -> [Example] {
        try await database.read { db in
            try await Self.loadMany(db, "WHERE e.status = 'published' AND e.id > \(bind: id) ORDER BY e.id LIMIT \(bind: limit)")
        }
    }

    /// The most recently published examples, for feeds.
    public func recentlyPublished(limit: Int) async throws -> [Example] {
        try await database.read { db in
            try await Self.loadMany(db, "WHERE e.status = 'published' ORDER BY e.published_at DESC, e.id DESC LIMIT \(bind: limit)")
        }
    }

    /// Every published example's id and last change, for the sitemap.
    public func publishedIndex(limit: Int) async throws -> [(id: Int64, updatedAt: Date)] {
        try await database.read { db in
            try await db.raw("SELECT id, updated_at FROM examples WHERE status = 'published' ORDER BY id LIMIT \(bind: limit)").all().map {
                (try $0.int64("id"), try $0.date("updated_at"))
            }
        }
    }
}
