import Foundation
import PropertyBased
import Testing
@testable import TillitListen
import TillitPlatform
import TillitTestSupport

/// The proximity principle and the anonymity rules, over generated organisations.
@Suite("Listen: routing and anonymity properties")
struct RoutingPropertyTests {
    static func tree(_ parents: [Int]) -> UnitTree { UnitTree.generated(parents) }

    static let organisations = Gen.int(in: 0...1000).array(of: 0...30)
    static let managers = Gen.int(in: 1...31).array(of: 0...8)

    @Test("a signal lands at or above its unit, with a manager when any unit on the way has one, and never above the lowest such unit")
    func landing() async {
        await propertyCheck(count: 400, input: Self.organisations, Self.managers, Gen.int(in: 1...31)) { parents, chefs, pick in
            let tree = Self.tree(parents)
            let unit = Int64((pick - 1) % (parents.count + 1) + 1)
            let managed = Set(chefs.map { Int64(($0 - 1) % (parents.count + 1) + 1) })
            let landing = Routing.landingUnit(for: unit, in: tree, managed: managed)
            let chain = [unit] + tree.ancestors(of: unit).map(\.id).reversed()
            #expect(chain.contains(landing))
            if let lowest = chain.first(where: managed.contains) {
                #expect(landing == lowest)
            } else {
                #expect(landing == chain.last)
            }
        }
    }

    @Test("an unanswered signal rises only to managed units above it, one level per period, never past the top")
    func escalation() async {
        await propertyCheck(count: 300, input: Self.organisations, Self.managers, Gen.int(in: 1...31), Gen.int(in: 0...200)) { parents, chefs, pick, days in
            let tree = Self.tree(parents)
            let unit = Int64((pick - 1) % (parents.count + 1) + 1)
            let managed = Set(chefs.map { Int64(($0 - 1) % (parents.count + 1) + 1) })
            let arrived = Date(timeIntervalSince1970: 1_767_000_000)
            let signal = TillitListen.Signal(id: 1, organisationID: 1, unitID: unit, currentUnitID: unit, kind: .hinder, text: "x", affects: nil, suggestion: nil,
                                             anonymous: false, raisedBy: 1, createdAt: arrived, arrivedAt: arrived, firstAnsweredAt: nil,
                                             status: .open, decision: nil, decisionText: nil, implementedNote: nil)
            let levels = Routing.escalation(of: signal, now: arrived.addingTimeInterval(TimeInterval(days) * 86_400), responseDays: 14, in: tree, managed: managed)
            let above = tree.ancestors(of: unit).map(\.id).reversed().filter(managed.contains)
            #expect(levels == Array(above.prefix(days / 14)))
        }
    }

    @Test("an anonymous time keeps its day and nothing finer")
    func coarsening() async {
        await propertyCheck(count: 500, input: Gen.int64(in: 0...4_000_000_000)) { seconds in
            let kept = Anonymity.coarsen(Date(epochSeconds: seconds))
            #expect(kept.epochSeconds % 86_400 == 0)
            #expect(kept.epochSeconds / 86_400 == seconds / 86_400)
        }
    }

    @Test("a receipt code reads back from any spacing and case")
    func receipts() async {
        await propertyCheck(count: 200, input: Gen.int(in: 0...3)) { style in
            let code = Anonymity.newReceiptCode()
            let typed = [code, code.lowercased(), code.replacingOccurrences(of: "-", with: " "), " " + code.replacingOccurrences(of: "-", with: "") + " "][style]
            #expect(Anonymity.normalise(receipt: typed) == Anonymity.normalise(receipt: code))
            #expect(Anonymity.normalise(receipt: code).count == 12)
        }
    }
}
