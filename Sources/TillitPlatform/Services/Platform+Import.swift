import Foundation
import SQLKit
import TillitStorage

/// What a unit import changed.
public struct UnitImportReport: Sendable, Equatable {
    public var created = 0
    public var renamed = 0
    public var moved = 0
    public var kindChanged = 0
    public var closed = 0
    public var reopened = 0

    public var isEmpty: Bool { created + renamed + moved + kindChanged + closed + reopened == 0 }
}

extension Platform {
    /// Imports an organisation's unit tree from an HR system's CSV (`id,parent_id,name,kind`).
    ///
    /// All or nothing: if any line is bad, every problem is reported with its line number
    /// (``ImportFailure``) and nothing is written. A re-import of a changed file renames, moves,
    /// re-kinds, reopens and closes units to match it, keeping each unit's history.
    public func importUnits(actor: Actor, organisationID: Int64, csv data: Data) async throws -> UnitImportReport {
        guard Policy.canAdministerOrganisation(actor, organisationID) else { throw AppError.forbidden }
        let rows: [UnitCSVRow]
        switch UnitCSV.parse(data) {
        case .success(let parsed): rows = parsed
        case .failure(let failure): throw failure
        }
        let now = self.now
        return try await database.transaction { db in
            let tree = try await Self.loadTree(db, organisationID: organisationID)
            let fileIDs = Set(rows.map(\.externalID))
            // Units made by hand have no external id; an exported file names them "tillit-<id>", so an
            // edited export can be imported back without duplicating them.
            let existing = tree.units.values.map { unit in
                ExistingUnit(id: unit.id, externalID: unit.externalID ?? (fileIDs.contains(Self.syntheticID(unit.id)) ? Self.syntheticID(unit.id) : nil),
                             parentID: unit.parentID, name: unit.name, kind: unit.kind, isClosed: unit.isClosed)
            }
            var idByExternal: [String: Int64] = [:]
            for unit in existing { if let ext = unit.externalID { idByExternal[ext] = unit.id } }
            var report = UnitImportReport()
            for change in UnitImportPlanner.plan(existing: existing, rows: rows) {
                switch change {
                case .create(let externalID, let parentExternalID, let name, let kind):
                    let parentID = parentExternalID.flatMap { idByExternal[$0] }
                    let id = try await db.raw("""
                        INSERT INTO units (organisation_id, parent_id, external_id, name, kind, created_at)
                        VALUES (\(bind: organisationID), \(bind: parentID), \(bind: externalID), \(bind: name), \(bind: kind.rawValue), \(bind: now.epochSeconds))
                        RETURNING id
                        """).first()!.int64("id")
                    idByExternal[externalID] = id
                    try await Self.recordUnitEvent(db, unitID: id, at: now, kind: .created, from: nil, to: name)
                    report.created += 1
                case .rename(let id, let from, let to):
                    try await db.raw("UPDATE units SET name = \(bind: to) WHERE id = \(bind: id)").run()
                    try await Self.recordUnitEvent(db, unitID: id, at: now, kind: .renamed, from: from, to: to)
                    report.renamed += 1
                case .changeKind(let id, let from, let to):
                    try await db.raw("UPDATE units SET kind = \(bind: to.rawValue) WHERE id = \(bind: id)").run()
                    try await Self.recordUnitEvent(db, unitID: id, at: now, kind: .kindChanged, from: from.rawValue, to: to.rawValue)
                    report.kindChanged += 1
                case .move(let id, let fromParentID, let toParentExternalID):
                    let toParentID = toParentExternalID.flatMap { idByExternal[$0] }
                    try await db.raw("UPDATE units SET parent_id = \(bind: toParentID) WHERE id = \(bind: id)").run()
                    try await Self.recordUnitEvent(db, unitID: id, at: now, kind: .moved,
                                                   from: fromParentID.flatMap { tree[$0]?.name } ?? "", to: toParentExternalID ?? "")
                    report.moved += 1
                case .reopen(let id):
                    try await db.raw("UPDATE units SET closed_at = NULL WHERE id = \(bind: id)").run()
                    try await Self.recordUnitEvent(db, unitID: id, at: now, kind: .reopened, from: nil, to: nil)
                    report.reopened += 1
                case .close(let id):
                    try await db.raw("UPDATE units SET closed_at = \(bind: now.epochSeconds) WHERE id = \(bind: id)").run()
                    try await Self.recordUnitEvent(db, unitID: id, at: now, kind: .closed, from: nil, to: nil)
                    report.closed += 1
                }
            }
            try await AuditLog.record(db, at: now, actor: actor, action: "unit.import", objectType: "organisation", objectID: String(organisationID),
                                      organisationID: organisationID, details: [
                                        "rows": String(rows.count), "created": String(report.created), "renamed": String(report.renamed),
                                        "moved": String(report.moved), "kind_changed": String(report.kindChanged),
                                        "closed": String(report.closed), "reopened": String(report.reopened),
                                      ])
            return report
        }
    }

    /// The organisation's open units in the import format, parents first.
    public func exportUnits(actor: Actor, organisationID: Int64) async throws -> String {
        guard Policy.canAdministerOrganisation(actor, organisationID) else { throw AppError.forbidden }
        let tree = try await unitTree(organisationID: organisationID)
        let rows = tree.flattened(includeClosed: false).map { entry in
            ExportRow(externalID: entry.unit.externalID ?? Self.syntheticID(entry.unit.id),
                      parentExternalID: entry.unit.parentID.flatMap { tree[$0] }.map { $0.externalID ?? Self.syntheticID($0.id) },
                      name: entry.unit.name, kind: entry.unit.kind)
        }
        return UnitCSV.export(rows)
    }

    static func syntheticID(_ id: Int64) -> String { "tillit-\(id)" }
}
