import Foundation
import SQLKit
import TillitPlatform
import TillitStorage

/// What an import did.
public struct ExampleImportReport: Sendable, Equatable {
    public var created = 0
    public var updated = 0
    /// Organisations that did not exist and were created, by name.
    public var newOrganisations: [String] = []
}

/// An example as JSON: one line of an import (JSON Lines), or the body of `POST /api/v1/examples`.
/// Keys are snake_case. An import names the `organisation`; the API gives an `organisation_id`.
public struct ExampleRecord: Decodable, Sendable {
    public let organisationId: Int64?
    let extId: String?
    let title: String?
    let summary: String?
    let body: String?
    let sectors: [String]?
    let principles: [String]?
    let organisation: String?
    let orgKind: String?
    let unit: String?
    let yearStart: Int?
    let yearEnd: Int?
    let tags: [String]?
    let results: String?
    let lessons: String?
    let contactName: String?
    let contactRole: String?
    let contactEmail: String?
    let links: [ExampleLink]?
}

extension Knowledge {
    /// Imports published examples from JSON Lines, all or nothing: every bad line is reported with
    /// its number and nothing is written. An `ext_id` seen before updates that example. An
    /// organisation named that does not exist yet is created (of `org_kind`, else annan).
    public func importExamples(actor: Actor, jsonl data: Data) async throws -> ExampleImportReport {
        guard Policy.isSystemAdministrator(actor) || Policy.isEditor(actor) else { throw AppError.forbidden }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        var problems: [FieldError] = []
        var parsed: [(line: Int, item: ExampleRecord)] = []
        var seen: [String: Int] = [:]
        for (index, bytes) in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
            guard let raw = String(data: Data(bytes), encoding: .utf8) else {
                problems.append(FieldError("line \(index + 1)", KnowledgeText.lineNotUTF8))
                continue
            }
            let line = raw.trimmingCharacters(in: .whitespacesAndNewlines).replacingOccurrences(of: "\u{FEFF}", with: "")
            if line.isEmpty { continue }
            let number = index + 1
            do {
                let item = try decoder.decode(ExampleRecord.self, from: Data(line.utf8))
                guard let ext = item.extId, !ext.trimmingCharacters(in: .whitespaces).isEmpty else {
                    problems.append(FieldError("line \(number)", KnowledgeText.extIDMissing)); continue
                }
                guard let organisation = item.organisation, !TextInput.normalise(organisation).isEmpty else {
                    problems.append(FieldError("line \(number)", KnowledgeText.organisationMissing)); continue
                }
                if let kind = item.orgKind, OrganisationKind(lenient: kind) == nil {
                    problems.append(FieldError("line \(number)", KnowledgeText.unknownOrganisationKind(kind))); continue
                }
                if let earlier = seen[ext] {
                    problems.append(FieldError("line \(number)", KnowledgeText.extIDRepeated(ext, line: earlier)))
                    continue
                }
                seen[ext] = number
                // Field checks as for any contribution, with a placeholder organisation.
                do {
                    _ = try check(input(item, organisationID: 1), organisations: nil)
                } catch let error as AppError {
                    for field in error.fieldErrors {
                        problems.append(FieldError("line \(number)", KnowledgeText.fieldProblem(field.field, BothLanguages(sv: field.message.text(.sv), en: field.message.text(.en)))))
                    }
                    continue
                }
                parsed.append((number, item))
            } catch {
                problems.append(FieldError("line \(number)", KnowledgeText.lineNotJSON))
            }
        }
        if !problems.isEmpty { throw AppError.invalid(problems) }
        let now = self.now
        let lines = parsed
        return try await database.transaction { db in
            var report = ExampleImportReport()
            var organisations: [String: Int64] = [:]
            for organisation in try await Directory.organisations(db).values {
                organisations[organisation.name.lowercased()] = organisation.id
            }
            for (_, item) in lines {
                let name = TextInput.normalise(item.organisation!)
                var organisationID = organisations[name.lowercased()]
                if organisationID == nil {
                    let kind = item.orgKind.flatMap(OrganisationKind.init(lenient:)) ?? .annan
                    organisationID = try await Directory.createOrganisation(db, name: name, kind: kind, at: now)
                    organisations[name.lowercased()] = organisationID
                    report.newOrganisations.append(name)
                }
                let checked = try check(input(item, organisationID: organisationID!), organisations: nil)
                if let existing = try await db.raw("SELECT id, revision FROM examples WHERE ext_id = \(bind: checked.extID!)").first() {
                    let id = try existing.int64("id")
                    let revision = Int(try existing.int64("revision")) + 1
                    try await Self.write(db, id: id, checked, revision: revision, at: now)
                    try await db.raw("""
                        UPDATE examples SET status = 'published', published_at = COALESCE(published_at, \(bind: now.epochSeconds)),
                            published_revision = COALESCE(published_revision, revision) WHERE id = \(bind: id)
                        """).run()
                    try await Self.snapshot(db, id: id, revision: revision, by: actor.userID, at: now)
                    try await SearchIndex.index(db, id: id)
                    report.updated += 1
                } else {
                    _ = try await Self.insert(db, checked, status: .published, createdBy: actor.userID, sourceSignalID: nil, at: now)
                    report.created += 1
                }
            }
            try await AuditLog.record(db, at: now, actor: actor, action: "example.import", objectType: "example", objectID: nil, organisationID: nil,
                                      details: ["created": String(report.created), "updated": String(report.updated)])
            return report
        }
    }

    /// The service's input for a record, for the given organisation.
    public func input(_ item: ExampleRecord, organisationID: Int64) -> ExampleInput {
        ExampleInput(extID: item.extId, organisationID: String(organisationID), unitName: item.unit, title: item.title, summary: item.summary,
                     body: item.body, sectors: item.sectors, principles: item.principles, yearStart: item.yearStart.map(String.init),
                     yearEnd: item.yearEnd.map(String.init), results: item.results, lessons: item.lessons, contactName: item.contactName,
                     contactRole: item.contactRole, contactEmail: item.contactEmail, links: item.links, tags: item.tags)
    }

}
