import Foundation
import TillitFormats
import TillitPlatform

/// A link an example points to.
public struct ExampleLink: Sendable, Equatable, Codable {
    public let title: String
    public let url: String
    public init(title: String, url: String) {
        self.title = title
        self.url = url
    }
}

/// A development example in the knowledge bank.
public struct Example: Sendable, Equatable, Identifiable {
    public let id: Int64
    public let extID: String?
    public let organisationID: Int64
    public let organisationName: String
    public let organisationKind: OrganisationKind
    public let unitName: String
    public let status: ExampleStatus
    public let title: String
    public let summary: String
    /// Markdown.
    public let body: String
    public let sectors: [Sector]
    public let principles: [Principle]
    public let yearStart: Int?
    public let yearEnd: Int?
    public let results: String
    public let lessons: String
    public let contactName: String
    public let contactRole: String
    /// Shown to signed-in readers only.
    public let contactEmail: String
    public let links: [ExampleLink]
    public let tags: [String]
    public let editorComment: String?
    public let withdrawnReason: String?
    public let sourceSignalID: Int64?
    public let createdBy: Int64?
    public let createdAt: Date
    public let updatedAt: Date
    public let publishedAt: Date?
    public let revision: Int
}

/// What a contributor fills in. Lists come as arrays (API, import) or as form text.
public struct ExampleInput: Sendable, Codable {
    public var extID: String?
    public var organisationID: String?
    public var unitName: String?
    public var title: String?
    public var summary: String?
    public var body: String?
    public var sectors: [String]?
    public var principles: [String]?
    public var yearStart: String?
    public var yearEnd: String?
    public var results: String?
    public var lessons: String?
    public var contactName: String?
    public var contactRole: String?
    public var contactEmail: String?
    public var links: [ExampleLink]?
    public var tags: [String]?

    public init(extID: String? = nil, organisationID: String? = nil, unitName: String? = nil, title: String? = nil, summary: String? = nil,
                body: String? = nil, sectors: [String]? = nil, principles: [String]? = nil, yearStart: String? = nil, yearEnd: String? = nil,
                results: String? = nil, lessons: String? = nil, contactName: String? = nil, contactRole: String? = nil,
                contactEmail: String? = nil, links: [ExampleLink]? = nil, tags: [String]? = nil) {
        self.extID = extID
        self.organisationID = organisationID
        self.unitName = unitName
        self.title = title
        self.summary = summary
        self.body = body
        self.sectors = sectors
        self.principles = principles
        self.yearStart = yearStart
        self.yearEnd = yearEnd
        self.results = results
        self.lessons = lessons
        self.contactName = contactName
        self.contactRole = contactRole
        self.contactEmail = contactEmail
        self.links = links
        self.tags = tags
    }
}
