import Foundation
import SQLKit
import TillitPlatform
import TillitStorage

extension Requirements {
    /// The most lines one import takes.
    public static let maxImportLines = 5000

    /// Imports a requirement list into an organisation's inventory (its administrators only). Every
    /// line is checked first; if any is wrong, nothing is written and every problem is reported
    /// with its line. A line with the `id` of one of the organisation's requirements (as the export
    /// writes it) changes that requirement — the same correction as ``update`` — so a file exported,
    /// edited and imported again adds no copies; a requirement already decided away or rejected is
    /// left as it is. Returns how many requirements were added or changed.
    public func importCSV(actor: Actor, organisationID: Int64, data: Data) async throws -> Int {
        guard Policy.canAdministerOrganisation(actor, organisationID) else { throw AppError.forbidden }
        let now = self.now
        return try await database.transaction { db in
            let tree = try await platform.unitTree(db, organisationID: organisationID)
            let lines: [RequirementCSV.Line]
            switch RequirementCSV.parse(data, tree: tree) {
            case .failure(let failure): throw Self.importError(failure)
            case .success(let parsed): lines = parsed
            }
            if lines.count > Self.maxImportLines {
                throw Self.importError(RequirementImportFailure(problems: [.init(line: lines[Self.maxImportLines].line, message: PruneImportText.tooMany(Self.maxImportLines))]))
            }
            var valid: [(id: Int64?, requirement: Validated)] = []
            var problems: [RequirementImportProblem] = []
            var seen: Set<Int64> = []
            for line in lines {
                if let id = line.id {
                    let row = try await db.raw("SELECT organisation_id FROM prune_requirements WHERE id = \(bind: id)").first()
                    if try row?.int64("organisation_id") != organisationID {
                        problems.append(.init(line: line.line, message: PruneImportText.unknownID(String(id))))
                        continue
                    }
                    if !seen.insert(id).inserted {
                        problems.append(.init(line: line.line, message: PruneImportText.repeatedID(String(id))))
                        continue
                    }
                }
                do {
                    valid.append((line.id, try Self.validate(line.input, tree: tree, organisationID: organisationID)))
                } catch let error as AppError {
                    problems += error.fieldErrors.map { .init(line: line.line, message: PruneImportText.field($0.field, $0.message)) }
                }
            }
            if !problems.isEmpty { throw Self.importError(RequirementImportFailure(problems: problems)) }
            var added = 0, changed = 0
            for (id, requirement) in valid {
                if let id {
                    if try await Self.correct(db, id: id, requirement, actor: actor, organisationID: organisationID, at: now) { changed += 1 }
                } else {
                    _ = try await insert(db, organisationID: organisationID, requirement, status: .active, proposedBy: nil, at: now)
                    added += 1
                }
            }
            try await AuditLog.record(db, at: now, actor: actor, action: "requirement.import", objectType: "organisation", objectID: String(organisationID),
                                      organisationID: organisationID, details: ["count": String(added), "changed": String(changed)])
            return added + changed
        }
    }

    /// An import's problems as one validation error, one entry per problem under the field `file`.
    static func importError(_ failure: RequirementImportFailure) -> AppError {
        AppError(.unprocessable, code: "import-failed", message: PlatformText.validationFailed,
                 fieldErrors: failure.problems.prefix(200).map { FieldError("file", $0) })
    }
}
