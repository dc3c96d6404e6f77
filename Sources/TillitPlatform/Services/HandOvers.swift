import Crypto
import Foundation
import SQLKit
import TillitStorage

/// Secrets shown once on the page that follows the form that made them (post/redirect/get): a
/// receipt code after an anonymous signal or a participant's message, a new API token.
///
/// The secret waits here, server-side, sealed (AES-GCM) with a key derived from a random handle
/// that only the browser has, in a short-lived cookie; the table keeps a hash of the handle, never
/// the handle. The page that shows the secret takes it, which deletes it: a reload, another tab or
/// the next person at a shared computer finds nothing. Nothing dates the row finer than its day
/// (it may follow an anonymous signal), and the table has no row order; a row whose page was never
/// loaded cannot be opened once the cookie has expired, and the daily pass removes it.
extension Platform {
    /// Keeps `value` until ``takeHandOver(_:)``; the handle to give the browser.
    public func putHandOver(_ value: String) async throws -> String {
        let handle = Secrets.newToken()
        let sealed = try AES.GCM.seal(Data(value.utf8), using: Self.handOverKey(handle)).combined!.base64EncodedString()
        let day = Self.handOverDay(now)
        try await database.transaction { db in
            try await db.raw("INSERT INTO hand_overs (id, sealed, day) VALUES (\(bind: Self.handOverID(handle)), \(bind: sealed), \(bind: day))").run()
        }
        return handle
    }

    /// The value kept under `handle`, removed as it is read; nil when there is none (taken already,
    /// never made, or swept away).
    public func takeHandOver(_ handle: String) async throws -> String? {
        guard handle.utf8.count == 43, handle.utf8.allSatisfy({ Secrets.isURLSafe($0) }) else { return nil }
        let id = Self.handOverID(handle)
        let sealed: String? = try await database.transaction { db in
            let row = try await db.raw("SELECT sealed FROM hand_overs WHERE id = \(bind: id)").first()
            guard let row else { return nil }
            try await db.raw("DELETE FROM hand_overs WHERE id = \(bind: id)").run()
            return try row.decode(column: "sealed", as: String.self)
        }
        guard let sealed, let data = Data(base64Encoded: sealed),
              let box = try? AES.GCM.SealedBox(combined: data),
              let plain = try? AES.GCM.open(box, using: Self.handOverKey(handle)) else { return nil }
        return String(decoding: plain, as: UTF8.self)
    }

    /// Removes hand-overs made before yesterday: their cookies expired long ago. Run by the daily
    /// pass; the number removed.
    @discardableResult
    public func sweepHandOvers() async throws -> Int {
        let yesterday = Self.handOverDay(now) - 86_400
        return try await database.transaction { db in
            let count = try await db.raw("SELECT COUNT(*) AS n FROM hand_overs WHERE day < \(bind: yesterday)").first()!.decode(column: "n", as: Int.self)
            try await db.raw("DELETE FROM hand_overs WHERE day < \(bind: yesterday)").run()
            return count
        }
    }

    /// The start of the (UTC) day of `date`, in seconds.
    static func handOverDay(_ date: Date) -> Int64 {
        let seconds = Int64(date.timeIntervalSince1970)
        return seconds - ((seconds % 86_400) + 86_400) % 86_400
    }

    static func handOverID(_ handle: String) -> String { Secrets.hash("tillit.hand-over.id|" + handle) }

    static func handOverKey(_ handle: String) -> SymmetricKey {
        SymmetricKey(data: SHA256.hash(data: Data(("tillit.hand-over.key|" + handle).utf8)))
    }
}
