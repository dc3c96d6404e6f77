import Foundation
import TillitFormats
import TillitPlatform
import TillitStorage

/// What the administration pages share: their sub-navigation, breadcrumbs and choices.
enum AdminView {
    static func nav(_ organisation: Organisation, _ ctx: PageContext) -> HTML {
        let items: [(UIText, String)] = [
            (.adminUnits, SiteURL.adminUnits(slug: organisation.slug).path),
            (.adminPeople, SiteURL.adminPeople(slug: organisation.slug).path),
            (.adminSettings, SiteURL.adminSettings(slug: organisation.slug).path),
            (.auditLog, SiteURL.auditLog(slug: organisation.slug).path),
        ]
        return """
            <nav class="subnav" aria-label="\(ctx.t(UIText.administration))"><ul>\
            \(items.map { "<li><a href=\"\($0.1)\"\(ctx.path == $0.1 ? " aria-current=\"page\"" as HTML : .empty)>\(ctx.t($0.0))</a></li>" as HTML })\
            </ul></nav>
            """
    }

    static func crumbs(_ organisation: Organisation, _ ctx: PageContext) -> [(label: String, path: String)] {
        [(ctx.t(UIText.organisations), SiteURL.organisations.path), (organisation.name, SiteURL.organisation(slug: organisation.slug).path)]
    }

    static func unitOptions(_ tree: UnitTree, excluding: Int64?, _ ctx: PageContext) -> [(value: String, label: String)] {
        let excluded = excluding.map { tree.subtree(of: $0) } ?? []
        return [("", ctx.t(UIText.topLevel))] + tree.flattened(includeClosed: false).filter { !excluded.contains($0.unit.id) }.map {
            (String($0.unit.id), String(repeating: "– ", count: $0.depth) + $0.unit.name)
        }
    }

    static func kindOptions(_ ctx: PageContext) -> [(value: String, label: String)] {
        UnitKind.allCases.map { ($0.rawValue, ctx.t($0.label)) }
    }

    static func roleOptions(_ actor: Actor, _ ctx: PageContext) -> [(value: String, label: String)] {
        Policy.grantableRoles(actor).map { ($0.rawValue, ctx.t($0.label)) }
    }

    static func roleUnitOptions(_ tree: UnitTree, _ ctx: PageContext) -> [(value: String, label: String)] {
        [("", "–")] + tree.flattened(includeClosed: false).map { (String($0.unit.id), String(repeating: "– ", count: $0.depth) + $0.unit.name) }
    }
}

/// An organisation's unit tree for its administrators, with the import and export.
struct AdminUnitsPage {
    let organisation: Organisation
    let tree: UnitTree
    let saved: Bool

    func render(_ ctx: PageContext) -> PageView {
        let content: HTML = """
            <h1>\(ctx.t(UIText.adminUnits)): \(organisation.name)</h1>
            \(AdminView.nav(organisation, ctx))
            \(Form.notice(saved ? ctx.t(UIText.saved) : nil))
            <p class="actions"><a class="button-link" href="\(SiteURL.adminUnitNew(slug: organisation.slug).path)">\(ctx.t(UIText.newUnit))</a>
            <a href="\(SiteURL.adminUnitsExport(slug: organisation.slug).path)">\(ctx.t(UIText.exportCSV))</a></p>
            <p class="hint">\(ctx.t(UIText.importHint)) <code>tillit import units FIL.csv --org \(organisation.slug)</code></p>
            \(UnitTreeView.render(tree, slug: organisation.slug, ctx, includeClosed: true, link: { SiteURL.adminUnit(slug: organisation.slug, id: $0).path }))
            """
        return PageView(title: "\(ctx.t(UIText.adminUnits)): \(organisation.name)", breadcrumbs: AdminView.crumbs(organisation, ctx), content: content)
    }
}

/// The form for a new unit or a unit's changes, with closing and reopening and its history.
struct AdminUnitFormPage {
    let organisation: Organisation
    let tree: UnitTree
    let unit: OrgUnit?
    let input: Platform.UnitInput
    let errors: [FieldError]
    let events: [UnitEvent]

    func render(_ ctx: PageContext) -> PageView {
        let title = unit == nil ? ctx.t(UIText.newUnit) : "\(ctx.t(UIText.editUnit)): \(unit!.name)"
        let action = unit.map { SiteURL.adminUnit(slug: organisation.slug, id: $0.id).path } ?? SiteURL.adminUnitNew(slug: organisation.slug).path
        let closeForm: HTML = unit.map { unit in
            unit.isClosed ? """
                <form method="post" action="\(SiteURL.adminUnitReopen(slug: organisation.slug, id: unit.id).path)" class="danger-zone">\(Form.csrf(ctx))
                <h2>\(ctx.t(UIText.reopenUnit))</h2>
                <button type="submit" class="secondary">\(ctx.t(UIText.reopenUnit))</button></form>
                """ : """
                <form method="post" action="\(SiteURL.adminUnitClose(slug: organisation.slug, id: unit.id).path)" class="danger-zone">\(Form.csrf(ctx))
                <h2>\(ctx.t(UIText.closeUnit))</h2>
                <p>\(ctx.t(UIText.closeUnitWarning))</p>
                <button type="submit" class="danger">\(ctx.t(UIText.closeUnit))</button></form>
                """
        } ?? .empty
        let content: HTML = """
            <h1>\(title)</h1>
            \(Form.errorSummary(errors, ctx, labels: ["name": ctx.t(UIText.name), "kind": ctx.t(UIText.unitKind), "parent_id": ctx.t(UIText.parentUnit), "external_id": ctx.t(UIText.externalID)]))
            <form method="post" action="\(action)" novalidate>
            \(Form.csrf(ctx))
            \(Form.text("name", label: ctx.t(UIText.name), value: input.name, errors: errors, ctx))
            \(Form.select("kind", label: ctx.t(UIText.unitKind), options: AdminView.kindOptions(ctx), selected: input.kind, errors: errors, ctx))
            \(Form.select("parent_id", label: ctx.t(UIText.parentUnit), options: AdminView.unitOptions(tree, excluding: unit?.id, ctx), selected: input.parentID ?? "", errors: errors, ctx))
            \(unit == nil ? Form.text("external_id", label: ctx.t(UIText.externalID), value: input.externalID, errors: errors, ctx, hint: ctx.t(UIText.externalIDHint), required: false) : .empty)
            <button type="submit">\(unit == nil ? ctx.t(UIText.create) : ctx.t(UIText.save))</button>
            <a href="\(SiteURL.adminUnits(slug: organisation.slug).path)" class="cancel">\(ctx.t(UIText.cancel))</a>
            </form>
            \(closeForm)
            \(unit == nil ? .empty : UnitHistoryView.render(events, ctx))
            """
        return PageView(title: title, breadcrumbs: AdminView.crumbs(organisation, ctx) + [(ctx.t(UIText.adminUnits), SiteURL.adminUnits(slug: organisation.slug).path)], content: content)
    }
}

/// The people of an organisation, with their roles there and whether their account is in use.
struct AdminPeoplePage {
    let organisation: Organisation
    let page: Page<Person>
    let tree: UnitTree
    /// The directory's count the people were read at (nil: not known, and the page is not kept).
    var directoryVersion: Int64? = nil

    func render(_ ctx: PageContext) -> PageView {
        let rows: [HTML] = page.items.map { person in
            let roles = person.grants.filter { $0.organisationID == organisation.id }.map { grant -> String in
                let label: String = ctx.t(grant.role.label)
                guard let unitID = grant.unitID, let unitName = tree[unitID]?.name else { return label }
                return "\(label) (\(unitName))"
            }.joined(separator: ", ")
            let status = person.user.disabledAt != nil ? UIText.disabled : person.user.hasPassword ? UIText.active : UIText.invited
            return """
                <tr><td><a href="\(SiteURL.adminPerson(slug: organisation.slug, id: person.user.id).path)">\(person.user.name)</a></td>\
                <td>\(person.user.email)</td><td>\(roles)</td><td>\(ctx.t(status))</td></tr>
                """
        }
        let content: HTML = """
            <h1>\(ctx.t(UIText.adminPeople)): \(organisation.name)</h1>
            \(AdminView.nav(organisation, ctx))
            <p class="actions"><a class="button-link" href="\(SiteURL.adminPersonNew(slug: organisation.slug).path)">\(ctx.t(UIText.newPerson))</a></p>
            <p>\(ctx.t(UIText.peopleCount(page.total)))</p>
            \(Form.table(label: ctx.t(UIText.adminPeople), """
            <table>
            <caption class="visually-hidden">\(ctx.t(UIText.adminPeople))</caption>
            <thead><tr><th scope="col">\(ctx.t(UIText.name))</th><th scope="col">\(ctx.t(UIText.email))</th><th scope="col">\(ctx.t(UIText.roles))</th><th scope="col">\(ctx.t(UIText.status))</th></tr></thead>
            <tbody>\(rows)</tbody>
            </table>
            """))
            \(Form.pager(page, path: SiteURL.adminPeople(slug: organisation.slug).path, ctx))
            """
        return PageView(title: "\(ctx.t(UIText.adminPeople)): \(organisation.name)", breadcrumbs: AdminView.crumbs(organisation, ctx), content: content)
    }
}

/// The people page's content as rendered, kept by all it shows: the organisation, the page asked
/// for, the directory's count the people were read at (``DirectoryChanges``), the units as read
/// (their names), the path and the language.
final class KeptPeoplePages: Sendable {
    struct Key: Hashable, Sendable {
        let organisationID: Int64
        let organisationName: String
        let slug: String
        let page: PageRequest
        let directoryVersion: Int64
        let unitsVersion: Int64
        let path: String
        let language: Language
    }

    private let kept = KeptValues<Key, PageView>(capacity: 256)

    static func key(_ organisation: Organisation, page: PageRequest, directoryVersion: Int64?, tree: UnitTree, _ ctx: PageContext) -> Key? {
        guard let directoryVersion, let unitsVersion = tree.version else { return nil }
        return Key(organisationID: organisation.id, organisationName: organisation.name, slug: organisation.slug, page: page,
                   directoryVersion: directoryVersion, unitsVersion: unitsVersion, path: ctx.path, language: ctx.language)
    }

    /// The page kept for `key`, if any.
    func page(_ key: Key) -> PageView? { kept.value(key) }

    /// The page `view` renders, kept under its people's count when there is one.
    func page(_ view: AdminPeoplePage, _ ctx: PageContext) -> PageView {
        guard let key = Self.key(view.organisation, page: view.page.request, directoryVersion: view.directoryVersion, tree: view.tree, ctx) else {
            return view.render(ctx)
        }
        return kept.value(key) { Layout.hyphenated(view.render(ctx)) }
    }
}

extension Platform {
    var keptPeoplePages: KeptPeoplePages { caches.cache(KeptPeoplePages.self) { KeptPeoplePages() } }
}

/// The form for inviting a new person with a first role.
struct AdminPersonFormPage {
    let organisation: Organisation
    let tree: UnitTree
    /// Who is inviting: which roles they may give.
    let actor: Actor
    let form: FormData
    let errors: [FieldError]

    func render(_ ctx: PageContext) -> PageView {
        let content: HTML = """
            <h1>\(ctx.t(UIText.newPerson))</h1>
            \(Form.errorSummary(errors, ctx, labels: ["name": ctx.t(UIText.name), "email": ctx.t(UIText.email), "role": ctx.t(UIText.role), "unit_id": ctx.t(UIText.unit)]))
            <form method="post" action="\(SiteURL.adminPersonNew(slug: organisation.slug).path)" novalidate>
            \(Form.csrf(ctx))
            \(Form.text("name", label: ctx.t(UIText.name), value: form["name"], errors: errors, ctx, autocomplete: "off"))
            \(Form.text("email", label: ctx.t(UIText.email), value: form["email"], errors: errors, ctx, type: "email", autocomplete: "off"))
            \(Form.select("role", label: ctx.t(UIText.role), options: AdminView.roleOptions(actor, ctx), selected: form["role"], errors: errors, ctx))
            \(Form.select("unit_id", label: ctx.t(UIText.unit), options: AdminView.roleUnitOptions(tree, ctx), selected: form["unit_id"], errors: errors, ctx))
            <button type="submit">\(ctx.t(UIText.invitePerson))</button>
            <a href="\(SiteURL.adminPeople(slug: organisation.slug).path)" class="cancel">\(ctx.t(UIText.cancel))</a>
            </form>
            """
        return PageView(title: ctx.t(UIText.newPerson), breadcrumbs: AdminView.crumbs(organisation, ctx) + [(ctx.t(UIText.adminPeople), SiteURL.adminPeople(slug: organisation.slug).path)], content: content)
    }
}

/// A person's page for an organisation's administrators: their roles there, adding and removing
/// one, a new invitation link and disabling the account.
struct AdminPersonPage {
    let organisation: Organisation
    let user: User
    let grants: [RoleGrant]
    let tree: UnitTree
    let actor: Actor
    let invited: Bool
    var removalErrors: [FieldError] = []

    func render(_ ctx: PageContext) -> PageView {
        let userID = user.id
        let removal: HTML = Policy.canRemovePerson(actor, grants: grants) && actor.userID != userID ? """
            <section aria-labelledby="remove-title"><h2 id="remove-title">\(ctx.t(PrivacyUIText.removePerson))</h2>
            <form method="post" action="\(Route.adminPersonRemove.path(organisation.slug, userID))" novalidate>
            \(Form.csrf(ctx))
            \(Form.errorSummary(removalErrors, ctx))
            <p>\(ctx.t(PrivacyUIText.removePersonLead))</p>
            \(Form.checkboxes("confirm", legend: ctx.t(PrivacyUIText.removePerson), options: [("1", ctx.t(PrivacyUIText.confirmRemoval))], selected: [], errors: removalErrors, ctx))
            <button type="submit" class="danger">\(ctx.t(PrivacyUIText.removePersonButton))</button>
            </form>
            </section>
            """ : .empty
        let roleRows: [HTML] = grants.filter { $0.organisationID == organisation.id }.map { grant in
            """
            <li>\(ctx.t(grant.role.label))\(grant.unitID.flatMap { tree[$0]?.name }.map { " – \($0)" } ?? "")
            <form method="post" action="\(SiteURL.adminPersonRevoke(slug: organisation.slug, id: userID).path)" class="inline-form">\(Form.csrf(ctx))
            <input type="hidden" name="role" value="\(grant.role.rawValue)"><input type="hidden" name="unit_id" value="\(grant.unitID.map(String.init) ?? "")">
            <button type="submit" class="link-button">\(ctx.t(UIText.removeRole))<span class="visually-hidden">: \(ctx.t(grant.role.label))</span></button></form></li>
            """
        }
        let status = user.disabledAt != nil ? UIText.disabled : user.hasPassword ? UIText.active : UIText.invited
        let content: HTML = """
            <h1>\(user.name)</h1>
            \(Form.notice(invited ? ctx.t(UIText.saved) : nil))
            <p class="lead">\(user.email) · \(ctx.t(status))</p>
            <section aria-labelledby="roles-title"><h2 id="roles-title">\(ctx.t(UIText.roles))</h2>
            <ul class="plain-list">\(roleRows)</ul>
            <form method="post" action="\(SiteURL.adminPersonGrant(slug: organisation.slug, id: userID).path)" novalidate>
            \(Form.csrf(ctx))
            <h3>\(ctx.t(UIText.addRole))</h3>
            \(Form.select("role", label: ctx.t(UIText.role), options: AdminView.roleOptions(actor, ctx), selected: nil, errors: [], ctx))
            \(Form.select("unit_id", label: ctx.t(UIText.unit), options: AdminView.roleUnitOptions(tree, ctx), selected: nil, errors: [], ctx))
            <button type="submit" class="secondary">\(ctx.t(UIText.addRole))</button>
            </form>
            </section>
            \(user.disabledAt == nil ? """
                <section aria-labelledby="account-title"><h2 id="account-title">\(ctx.t(UIText.status))</h2>
                \(user.hasPassword ? .empty : "<form method=\"post\" action=\"\(SiteURL.adminPersonInvite(slug: organisation.slug, id: userID).path)\" class=\"inline-form\">\(Form.csrf(ctx))<button type=\"submit\" class=\"secondary\">\(ctx.t(UIText.newInvitationLink))</button></form>" as HTML)
                <form method="post" action="\(SiteURL.adminPersonDisable(slug: organisation.slug, id: userID).path)" class="inline-form">\(Form.csrf(ctx))<button type="submit" class="danger">\(ctx.t(UIText.disablePerson))</button></form>
                </section>
                """ as HTML : .empty)
            \(removal)
            """
        return PageView(title: user.name, breadcrumbs: AdminView.crumbs(organisation, ctx) + [(ctx.t(UIText.adminPeople), SiteURL.adminPeople(slug: organisation.slug).path)], content: content)
    }
}

/// An organisation's settings, each with its explanation.
struct AdminSettingsPage {
    /// The checkbox beside a write-only setting that clears it is named after it with this suffix.
    static let clearSuffix = "_clear"

    let organisation: Organisation
    let settings: [SettingDefinition]
    let values: [String: String]
    let errors: [FieldError]
    let notice: Bool
    /// The address the organisation's identity provider answers at, to register there.
    var signOnRedirect: String? = nil

    func render(_ ctx: PageContext) -> PageView {
        let fields: [HTML] = settings.map { definition in
            switch definition.kind {
            case .integer, .text, .checkedText:
                return Form.text(definition.key, label: ctx.t(definition.label), value: values[definition.key], errors: errors, ctx, type: "text", hint: ctx.t(definition.help))
            case .choice(let options):
                return Form.select(definition.key, label: ctx.t(definition.label), options: options.map { ($0, $0) }, selected: values[definition.key], errors: errors, ctx, hint: ctx.t(definition.help))
            case .secret:
                // Never shown again: the field is empty, its hint says whether a value is kept.
                let set = !(values[definition.key] ?? "").isEmpty
                let hint = ctx.t(definition.help) + " " + ctx.t(set ? UIText.secretIsSet : UIText.secretIsNotSet)
                let field = Form.text(definition.key, label: ctx.t(definition.label), value: nil, errors: errors, ctx, type: "password", hint: hint,
                                      autocomplete: "new-password", required: false)
                guard set else { return field }
                return "\(field)\(Form.checkbox(definition.key + Self.clearSuffix, label: ctx.t(UIText.secretClear(ctx.t(definition.label))), checked: false, hint: nil))"
            }
        }
        let content: HTML = """
            <h1>\(ctx.t(UIText.adminSettings)): \(organisation.name)</h1>
            \(AdminView.nav(organisation, ctx))
            \(Form.notice(notice ? ctx.t(UIText.settingsSaved) : nil))
            \(Form.errorSummary(errors, ctx, labels: Dictionary(uniqueKeysWithValues: settings.map { ($0.key, ctx.t($0.label)) })))
            <p>\(ctx.t(UIText.settingsIntro))</p>
            \(signOnRedirect.map { "<p>\(ctx.t(UIText.signOnRedirect($0)))</p>" as HTML })
            <form method="post" action="\(SiteURL.adminSettings(slug: organisation.slug).path)" novalidate>
            \(Form.csrf(ctx))
            \(fields)
            <button type="submit">\(ctx.t(UIText.save))</button>
            </form>
            """
        return PageView(title: "\(ctx.t(UIText.adminSettings)): \(organisation.name)", breadcrumbs: AdminView.crumbs(organisation, ctx), content: content)
    }
}
