import Foundation
import SQLKit
import TillitPlatform
import TillitStorage

extension Requirements {
    /// The most lines one import takes.
    public static let maxImportLines = 5000

    /// Imports a requirement list into an organisation's inventory (its administrators only). Every
    /// line is checked first; if any is wrong, nothing is written and every problem is reported
    /// with its line. Returns how many requirements were added.
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
            var valid: [Validated] = []
            var problems: [RequirementImportProblem] = []
            for line in lines {
                do {
                    valid.append(try Self.validate(line.input, tree: tree, organisationID: organisationID))
                } catch let error as AppError {
                    problems += error.fieldErrors.map { .init(line: line.line, message: PruneImportText.field($0.field, $0.message)) }
                }
            }
            if !problems.isEmpty { throw Self.importError(RequirementImportFailure(problems: problems)) }
            for requirement in valid {
                _ = try await insert(db, organisationID: organisationID, requirement, status: .active, proposedBy: nil, at: now)
            }
            try await AuditLog.record(db, at: now, actor: actor, action: "requirement.import", objectType: "organisation", objectID: String(organisationID),
                                      organisationID: organisationID, details: ["count": String(valid.count)])
            return valid.count
        }
    }

    /// An import's problems as one validation error, one entry per problem under the field `file`.
    static func importError(_ failure: RequirementImportFailure) -> AppError {
        AppError(.unprocessable, code: "import-failed", message: PlatformText.validationFailed,
                 fieldErrors: failure.problems.prefix(200).map { FieldError("file", $0) })
    }
}
