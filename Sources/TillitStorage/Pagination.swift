import Foundation

/// Which page of a list to show. Built only through ``PageRequest/init(page:perPage:)``, which
/// clamps to sane bounds, so a query never sees an absurd offset.
public struct PageRequest: Sendable, Hashable {
    /// The largest page size the API allows.
    public static let maxPerPage = 100
    /// The default page size.
    public static let defaultPerPage = 20
    /// Pages past this are refused: no real list is that long, and a huge OFFSET is a cheap way to
    /// make the database work hard.
    public static let maxPage = 100_000

    public let page: Int
    public let perPage: Int

    /// A validated page request. Returns nil for values out of range, so callers can answer 400
    /// with a message naming the field.
    public init?(page: Int = 1, perPage: Int = PageRequest.defaultPerPage) {
        guard (1...Self.maxPage).contains(page), (1...Self.maxPerPage).contains(perPage) else { return nil }
        self.page = page
        self.perPage = perPage
    }

    /// The first page with the default size.
    public static let first = PageRequest(page: 1, perPage: defaultPerPage)!

    /// Rows to skip.
    public var offset: Int { (page - 1) * perPage }
}

/// One page of a list and the size of the whole list.
public struct Page<Item: Sendable>: Sendable {
    public let items: [Item]
    public let total: Int
    public let request: PageRequest

    public init(items: [Item], total: Int, request: PageRequest) {
        self.items = items
        self.total = total
        self.request = request
    }

    /// How many pages the whole list has (at least one).
    public var pageCount: Int { max(1, (total + request.perPage - 1) / request.perPage) }

    /// The same page with its items transformed.
    public func map<T: Sendable>(_ transform: (Item) throws -> T) rethrows -> Page<T> {
        Page<T>(items: try items.map(transform), total: total, request: request)
    }
}
