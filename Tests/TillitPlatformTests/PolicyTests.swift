import Foundation
import PropertyBased
import Testing
@testable import TillitPlatform

@Suite("Policy")
struct PolicyTests {
    let tree = UnitTree([
        OrgUnit(id: 1, organisationID: 10, parentID: nil, externalID: nil, name: "Förvaltning", kind: .forvaltning, createdAt: .distantPast, closedAt: nil),
        OrgUnit(id: 2, organisationID: 10, parentID: 1, externalID: nil, name: "Avdelning", kind: .avdelning, createdAt: .distantPast, closedAt: nil),
        OrgUnit(id: 3, organisationID: 10, parentID: 2, externalID: nil, name: "Enhet", kind: .enhet, createdAt: .distantPast, closedAt: nil),
        OrgUnit(id: 4, organisationID: 10, parentID: nil, externalID: nil, name: "Annan", kind: .forvaltning, createdAt: .distantPast, closedAt: nil),
    ])

    func actor(_ grants: RoleGrant...) -> Actor { Actor(userID: 1, label: "t", grants: grants, via: "test") }

    @Test("a chef manages their unit's whole subtree and nothing beside it")
    func chefScope() {
        let chef = actor(RoleGrant(role: .chef, organisationID: 10, unitID: 2))
        #expect(Policy.manages(chef, unit: 2, in: tree))
        #expect(Policy.manages(chef, unit: 3, in: tree))
        #expect(!Policy.manages(chef, unit: 1, in: tree))
        #expect(!Policy.manages(chef, unit: 4, in: tree))
        let staff = actor(RoleGrant(role: .medarbetare, organisationID: 10, unitID: 2))
        #expect(!Policy.manages(staff, unit: 3, in: tree))
    }

    @Test("roles see their own organisation only")
    func organisationScope() {
        let admin = actor(RoleGrant(role: .administrator, organisationID: 10, unitID: nil))
        #expect(Policy.canAdministerOrganisation(admin, 10))
        #expect(!Policy.canAdministerOrganisation(admin, 11))
        #expect(!Policy.canViewOrganisation(admin, 11))
        let board = actor(RoleGrant(role: .styrelse, organisationID: 10, unitID: nil))
        #expect(Policy.canReadGovernance(board, 10))
        #expect(!Policy.canAdministerOrganisation(board, 10))
        let sys = actor(RoleGrant(role: .systemadministrator, organisationID: nil, unitID: nil))
        #expect(Policy.canAdministerOrganisation(sys, 11))
        #expect(Policy.canGrant(sys, RoleGrant(role: .systemadministrator, organisationID: nil, unitID: nil)))
        #expect(!Policy.canGrant(admin, RoleGrant(role: .systemadministrator, organisationID: nil, unitID: nil)))
        #expect(!Policy.canViewOrganisation(actor(), 10))
    }

    @Test("moves that would make a cycle are detected")
    func cycles() {
        #expect(tree.moveWouldCycle(1, under: 3))
        #expect(tree.moveWouldCycle(2, under: 2))
        #expect(!tree.moveWouldCycle(3, under: 4))
        #expect(!tree.moveWouldCycle(1, under: nil))
        #expect(tree.ancestors(of: 3).map(\.id) == [1, 2])
    }

    @Test("Accept-Language picks Swedish or English by quality")
    func language() {
        #expect(Language.negotiate(acceptLanguage: nil) == .sv)
        #expect(Language.negotiate(acceptLanguage: "en-GB,en;q=0.9") == .en)
        #expect(Language.negotiate(acceptLanguage: "de-DE, en;q=0.5, sv;q=0.8") == .sv)
        #expect(Language.negotiate(acceptLanguage: "fr") == .sv)
    }

    @Test("text input is trimmed, normalised to NFC and checked")
    func validation() {
        var v = Validator()
        #expect(v.text("name", "  A\u{030A}sa  ", maxLength: 10) == "Åsa")
        #expect(v.text("name", "bad\u{0007}", maxLength: 10) == nil)
        #expect(v.email("email", "Ada@Example.SE") == "ada@example.se")
        #expect(v.email("email", "not-an-email") == nil)
        #expect(v.newPassword("password", "short") == nil)
        #expect(v.choice("kind", "kommun", as: OrganisationKind.self) == .kommun)
        #expect(v.choice("kind", "stad", as: OrganisationKind.self) == nil)
        #expect(v.errors.map(\.field) == ["name", "email", "password", "kind"])
    }
}

@Suite("Swedish collation")
struct SwedishCollationTests {
    @Test("å, ä and ö come after z; case and accents do not split words")
    func order() {
        let names = ["Östra skolan", "Ängen", "zoo", "Åkern", "Björkgården", "bergsskolan", "Dalen", "2:a gruppen"]
        let sorted = names.sorted(by: SwedishCollation.precedes)
        #expect(sorted == ["2:a gruppen", "bergsskolan", "Björkgården", "Dalen", "zoo", "Åkern", "Ängen", "Östra skolan"])
        #expect(SwedishCollation.key("Café") == SwedishCollation.key("cafe"))
        #expect(SwedishCollation.precedes("Müller", "Mz"))  // ü as y
        #expect(!SwedishCollation.precedes("Müller", "Mx"))
    }

    @Test("a key is the weights of the lower-cased text, whatever the text")
    func keyOfLowercased() async {
        // The weights of `lowercased()`'s scalars: what the key was first made from.
        func reference(_ text: String) -> [UInt32] {
            text.lowercased().unicodeScalars.map(SwedishCollation.weight)
        }
        #expect(SwedishCollation.key("ÅÄÖ Åsa İstanbul ΣΟΦΟΣ Straße") == reference("ÅÄÖ Åsa İstanbul ΣΟΦΟΣ Straße"))
        for range in ["\u{0}"..."\u{7F}", "\u{80}"..."\u{24F}", "\u{370}"..."\u{52F}"] as [ClosedRange<Unicode.Scalar>] {
            await propertyCheck(count: 300, input: Gen.unicodeScalar(in: range).array(of: 0...20)) { scalars in
                var text = ""
                text.unicodeScalars.append(contentsOf: scalars)
                #expect(SwedishCollation.key(text) == reference(text))
            }
        }
    }
}

@Suite("Secrets")
struct SecretsTests {
    @Test("hashes are lower-case hex SHA-256")
    func sha256() {
        // the SHA-256 of "abc" (FIPS 180-2, appendix B.1)
        #expect(Secrets.hash("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(Secrets.newToken(prefix: "tlt_").hasPrefix("tlt_"))
        #expect(Secrets.newToken() != Secrets.newToken())
    }

    @Test("a token is 256 random bits in base64url without padding")
    func tokenEncoding() throws {
        for _ in 0..<200 {
            let token = Secrets.newToken()
            #expect(token.utf8.count == 43)
            #expect(token.utf8.allSatisfy(Secrets.isURLSafe))
            // Foundation decodes it back to 32 bytes and encodes those to the same text.
            let standard = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/") + "="
            let bytes = try #require(Data(base64Encoded: standard))
            #expect(bytes.count == 32)
            #expect(bytes.base64EncodedString() == standard)
        }
    }
}
