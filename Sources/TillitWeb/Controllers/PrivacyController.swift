import Foundation
import Hummingbird
import TillitFormats
import TillitPlatform

/// The people's rights: the data download, removing one's own account, an administrator removing
/// a person, and the same through the API.
struct PrivacyController: Sendable {
    let site: Site

    func register(on router: RouteRegistry) {
        router.get(Route.myData, use: page)
        router.get(Route.myDataDownload, use: download)
        router.post(Route.myDataRemove, use: removeSelf)
        router.post(Route.adminPersonRemove, use: removeByAdministrator)
        router.get(Route.apiMeExport, use: download)
        router.delete(Route.apiUser, use: removeThroughAPI)
    }

    /// The parts of every module, in order.
    var parts: [PersonalDataPart] { Tillit.personalDataParts }

    @Sendable func page(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await myDataPage(request, context, errors: [], status: .ok)
    }

    private func myDataPage(_ request: Request, _ context: AppRequestContext, errors: [FieldError], status: HTTPResponse.Status) async throws -> Response {
        let actor = try context.actor()
        let (_, files) = try await site.platform.exportPersonalData(actor: actor, parts: parts)
        let allowed = try await site.platform.canRemoveSelf(actor)
        var rules: [NamedContentRule] = []
        for organisation in Policy.organisationIDs(actor).sorted() {
            let value = try await site.platform.settingValues(organisationID: organisation)[PrivacySettings.removedContentKey] ?? ""
            if let rule = NamedContentRule(rawValue: value), !rules.contains(rule) { rules.append(rule) }
        }
        let view = MyDataPage(files: files, selfRemoval: allowed, rules: rules.isEmpty ? [.deidentify] : rules, errors: errors)
        var response = site.render(view.render(site.pageContext(request, context)), request, context, status: status)
        response.headers[.cacheControl] = "no-store"
        return response
    }

    /// The whole download: every part's JSON files and a readable summary, as one ZIP.
    @Sendable func download(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.actor()
        let now = site.platform.clock.now()
        let (person, files) = try await site.platform.exportPersonalData(actor: actor, parts: parts)
        let zip = try ZipFile.make([(name: "sammanfattning.txt", content: Data(Self.summary(files, person: person, at: now).utf8))]
                                   + files.map { (name: $0.name, content: $0.content) }, modified: now)
        var headers = HTTPFields()
        headers[.contentType] = "application/zip"
        headers[.contentDisposition] = "attachment; filename=\"tillit-mina-uppgifter-\(LocalTime(now).dateOnly).zip\""
        headers[.cacheControl] = "no-store"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: zip)))
    }

    /// The summary in the download, in Swedish and English.
    static func summary(_ files: [PersonalFile], person: PersonRecord, at now: Date) -> String {
        let date = LocalTime(now).dateOnly
        var lines: [String] = []
        for language in [Language.sv, .en] {
            lines.append(PrivacyUIText.summaryTitle(date).text(language))
            lines.append(String(repeating: "=", count: 40))
            lines.append("\(person.name) <\(person.email)>")
            lines.append("")
            lines.append(PrivacyUIText.summaryIntro.text(language))
            lines.append("")
            for file in files {
                lines.append("- \(file.name): \(file.title.text(language)) (\(file.count))")
            }
            lines.append("")
            lines.append(PrivacyUIText.anonymousNotIncluded.text(language))
            lines.append("")
        }
        return lines.joined(separator: "\n")
    }

    @Sendable func removeSelf(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.actor()
        guard try await site.platform.canRemoveSelf(actor) else { throw AppError.forbidden }
        return try await site.submit(request, context, save: { form in
            guard form["confirm"] == "1" else { throw AppError.invalid([FieldError("confirm", PrivacyUIText.confirmRemovalRequired)]) }
            try await site.platform.removePerson(actor: actor, userID: actor.userID!, parts: parts)
            var response = HTMLResponse.seeOther(SiteURL.home.path)
            response.headers[.cacheControl] = "no-store"
            return response
        }, again: { request, _, errors, status in
            try await myDataPage(request, context, errors: errors, status: status)
        })
    }

    @Sendable func removeByAdministrator(_ request: Request, context: AppRequestContext) async throws -> Response {
        let organisation = try await site.administeredOrganisation(context)
        let userID = try site.id(context)
        let actor = try context.actor()
        let grants = try await site.platform.grants(userID: userID)
        guard grants.contains(where: { $0.organisationID == organisation.id }) else { throw AppError.notFound }
        guard Policy.canRemovePerson(actor, grants: grants) else { throw AppError.forbidden }
        return try await site.submit(request, context, save: { form in
            guard form["confirm"] == "1" else { throw AppError.invalid([FieldError("confirm", PrivacyUIText.confirmRemovalRequired)]) }
            try await site.platform.removePerson(actor: actor, userID: userID, parts: parts)
            return HTMLResponse.seeOther(SiteURL.adminPeople(slug: organisation.slug).with(query: [("removed", "1")]))
        }, again: { request, _, errors, status in
            try await AdminController(site: site).personPage(request, context, removalErrors: errors, status: status)
        })
    }

    @Sendable func removeThroughAPI(_ request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.actor()
        try await site.platform.removePerson(actor: actor, userID: try site.id(context), parts: parts)
        return Response(status: .noContent)
    }
}
