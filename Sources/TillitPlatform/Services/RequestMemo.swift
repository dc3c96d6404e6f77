import Synchronization

/// What one request that changes nothing has already read of the platform — an organisation, its
/// settings, its unit tree — so that a page whose parts each ask for them reads them once.
///
/// It lives as long as the request (a task-local value the web layer sets around each GET and
/// HEAD), never longer, so nothing in it can be older than the request. A request that writes gets
/// none: a form that saves settings and then shows the page again must see what it saved.
public final class RequestMemo: Sendable {
    @TaskLocal public static var current: RequestMemo?

    enum Key: Hashable {
        case settings(Int64)
        case tree(Int64)
        case organisation(Int64)
        case organisationSlug(String)
    }

    private let values = Mutex<[Key: any Sendable]>([:])

    public init() {}

    /// The value for `key` read earlier in this request, or `read()`'s, kept for the rest of it.
    /// Without a memo (outside a request, or in one that writes) it always reads.
    static func remembered<T: Sendable>(_ key: Key, _ read: () async throws -> T) async throws -> T {
        guard let memo = current else { return try await read() }
        if let known = memo.values.withLock({ $0[key] }) as? T { return known }
        let value = try await read()
        memo.values.withLock { $0[key] = value }
        return value
    }

    static func remember<T: Sendable>(_ value: T, as key: Key) {
        current?.values.withLock { $0[key] = value }
    }
}
