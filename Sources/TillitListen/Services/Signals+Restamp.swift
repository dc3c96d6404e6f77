import Foundation
import SQLKit
import TillitPlatform
import TillitStorage

extension Signals {
    /// Once a day, in one instance: rewrites every row that an anonymous signal or reply left on the
    /// previous day, one by one in random order, in one transaction.
    ///
    /// PostgreSQL keeps the writing transaction's id (`xmin`) and the row's physical place (`ctid`)
    /// in system columns, which a copy of the database with its system columns shows; both follow
    /// the order of writing, and would place an anonymous row between timed named ones. After this
    /// pass, the day's anonymous rows share one transaction id and sit in an order of their own
    /// (the row versions they replace are reclaimed by VACUUM). SQLite keeps neither (the tables
    /// have no rowid); there, the write-ahead log is emptied instead, whose frames follow the order
    /// of commits. Returns whether this instance did the day's pass.
    @discardableResult
    public func restampAnonymousRows() async throws -> Bool {
        let today = Anonymity.coarsen(now)
        let day = today.addingTimeInterval(-86_400).epochSeconds
        let done = try await database.transaction { db -> Bool in
            guard try await Notifications.claimRun(db, key: "restamp:\(day)", at: today) else { return false }
            guard database.kind == .postgres else { return true }
            let signalIDs = try await db.raw("SELECT id FROM signals WHERE anonymous = 1 AND created_at = \(bind: day)").all().map { try $0.int64("id") }
            var rows: [(table: String, id: Int64)] = signalIDs.map { ("signals", $0) }
            if !signalIDs.isEmpty {
                rows += try await db.raw("SELECT id FROM signal_hops WHERE signal_id IN \(SQLQueryString.list(signalIDs)) AND at = \(bind: day)")
                    .all().map { ("signal_hops", try $0.int64("id")) }
            }
            rows += try await db.raw("SELECT id FROM signal_comments WHERE author_id IS NULL AND created_at = \(bind: day)")
                .all().map { ("signal_comments", try $0.int64("id")) }
            rows += try await db.raw("SELECT id FROM notifications WHERE created_at = \(bind: day)")
                .all().map { ("notifications", try $0.int64("id")) }
            for row in rows.shuffled() {
                try await db.raw("UPDATE \(unsafeRaw: row.table) SET id = id WHERE id = \(bind: row.id)").run()
            }
            // Each organisation's figures counter was last written with its last change, perhaps
            // an anonymous signal's: rewritten here too, it dates nothing.
            if !signalIDs.isEmpty {
                try await db.raw("UPDATE signal_figure_versions SET version = version + 1").run()
            }
            return true
        }
        if done { try await database.truncateJournal() }
        return done
    }
}
