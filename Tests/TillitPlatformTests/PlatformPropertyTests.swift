import Foundation
import PropertyBased
import Testing
@testable import TillitPlatform

/// Properties of the platform's pure rules over generated input.
@Suite("Platform: properties")
struct PlatformPropertyTests {
    @Test("a unit export reads back to the same ids, parents and names, whatever the names hold")
    func unitCSVRoundTrip() async {
        let letters = Gen.element(of: Array("aåäöZ =+-@\",;'\t0")).map { $0 ?? "a" }
        let name = letters.array(of: 1...12).map { String($0).trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty && !$0.contains("\t") }
        await propertyCheck(count: 300, input: name.array(of: 1...8)) { names in
            let rows = names.enumerated().map { index, name in
                ExportRow(externalID: index == 0 ? "-1" : "u\(index)", parentExternalID: index == 0 ? nil : (index == 1 ? "-1" : "u\(index - 1)"),
                          name: name, kind: .enhet)
            }
            switch UnitCSV.parse(Data(UnitCSV.export(rows).utf8)) {
            case .success(let parsed):
                #expect(parsed.map(\.externalID) == rows.map(\.externalID))
                #expect(parsed.map(\.parentExternalID) == rows.map(\.parentExternalID))
                #expect(parsed.map(\.name) == rows.map { $0.name.precomposedStringWithCanonicalMapping })
            case .failure(let failure):
                Issue.record("export did not read back: \(failure)")
            }
        }
    }

    @Test("a manager manages every unit below their own and nothing outside it")
    func managesSubtree() async {
        await propertyCheck(count: 300, input: Gen.int(in: 0...1000).array(of: 1...25), Gen.int(in: 1...26)) { parents, pick in
            var units = [OrgUnit(id: 1, organisationID: 1, parentID: nil, externalID: nil, name: "1", kind: .forvaltning, createdAt: .distantPast, closedAt: nil)]
            for (index, choice) in parents.enumerated() {
                units.append(OrgUnit(id: Int64(index + 2), organisationID: 1, parentID: Int64(choice % (index + 1) + 1), externalID: nil, name: "\(index + 2)",
                                     kind: .enhet, createdAt: .distantPast, closedAt: nil))
            }
            let tree = UnitTree(units)
            let chefUnit = Int64((pick - 1) % units.count + 1)
            let chef = Actor(userID: 1, label: "chef", grants: [RoleGrant(role: .chef, organisationID: 1, unitID: chefUnit)], via: "test")
            for unit in units {
                #expect(Policy.manages(chef, unit: unit.id, in: tree) == tree.subtree(of: chefUnit).contains(unit.id), "unit \(unit.id)")
            }
        }
    }
}
