import Foundation
import PropertyBased
import Testing
@testable import TillitPlatform
import TillitTestSupport

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

    @Test("units with their ancestors are exactly the units and every unit on their way to the top")
    func withAncestors() async {
        await propertyCheck(count: 300, input: Gen.int(in: 0...1000).array(of: 1...25), Gen.int(in: 1...26).array(of: 0...4)) { parents, picks in
            let tree = UnitTree.generated(parents)
            let count = parents.count + 1
            let chosen = Set(picks.map { Int64(($0 - 1) % count + 1) })
            let expected = chosen.reduce(into: Set<Int64>()) { $0.insert($1); $0.formUnion(tree.ancestors(of: $1).map(\.id)) }
            #expect(tree.withAncestors(chosen) == expected)
        }
    }

    @Test("at or below some units is the same as finding one of them in the unit's chain, with cycles and missing parents too")
    func atOrBelow() async {
        // Any parent for any unit: a cycle, a parent outside the tree (ids up to 30), or none.
        let parent = Gen.int(in: 0...30).map { $0 == 0 ? nil : Int64($0) }
        await propertyCheck(count: 500, input: parent.array(of: 1...25), Gen.int(in: 1...30).array(of: 1...4), Gen.int(in: 1...30)) { parents, picks, pick in
            let units = parents.enumerated().map { index, parentID in
                OrgUnit(id: Int64(index + 1), organisationID: 1, parentID: parentID, externalID: nil, name: "\(index + 1)", kind: .enhet,
                        createdAt: .distantPast, closedAt: nil)
            }
            let tree = UnitTree(units)
            let chosen = picks.map(Int64.init)
            let unit = Int64(pick)
            let chain = tree.ancestors(of: unit).map(\.id) + [unit]
            #expect(tree.isAtOrBelow(unit, anyOf: chosen) == chain.contains(where: chosen.contains))
        }
    }

    @Test("a manager manages every unit below their own and nothing outside it")
    func managesSubtree() async {
        await propertyCheck(count: 300, input: Gen.int(in: 0...1000).array(of: 1...25), Gen.int(in: 1...26)) { parents, pick in
            let tree = UnitTree.generated(parents)
            let count = parents.count + 1
            let chefUnit = Int64((pick - 1) % count + 1)
            let chef = Actor(userID: 1, label: "chef", grants: [RoleGrant(role: .chef, organisationID: 1, unitID: chefUnit)], via: "test")
            for unit in 1...Int64(count) {
                #expect(Policy.manages(chef, unit: unit, in: tree) == tree.subtree(of: chefUnit).contains(unit), "unit \(unit)")
            }
        }
    }
}
