import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import TillitPlatform
import TillitTestSupport
@testable import TillitWeb

@Suite("Web: write-only settings")
struct SecretSettingsWebTests {
    @Test("the API shows whether a secret is set as a boolean; a string sets it, true keeps it, false clears it")
    func api() async throws {
        try await Harness.with { harness, app in
            try await app.test(.router) { client in
                let admin = harness.callers["administrator"]!
                let path = "/api/v1/organisations/\(harness.organisation.id)/settings"
                let before = try await client.api(.get, path, as: admin)
                #expect(before.json?["smtp_password"] as? Bool == false)
                // a string sets it; the answer does not repeat it
                let set = try await client.api(.patch, path, as: admin, json: #"{"smtp_password":"relälösen 1"}"#)
                #expect(set.status == .ok)
                #expect(set.json?["smtp_password"] as? Bool == true)
                #expect(!set.text.contains("relälösen"))
                #expect(!(try await client.api(.get, path, as: admin)).text.contains("relälösen"))
                // what a read gave can be sent back: true keeps it
                let kept = try await client.api(.patch, path, as: admin, json: #"{"smtp_password":true,"hourly_cost_sek":"500"}"#)
                #expect(kept.json?["smtp_password"] as? Bool == true)
                #expect(try await harness.platform.settingValuesWithSecrets(organisationID: harness.organisation.id)["smtp_password"] == "relälösen 1")
                // a boolean for an ordinary setting is refused by name
                let wrong = try await client.api(.patch, path, as: admin, json: #"{"hourly_cost_sek":true}"#)
                #expect(wrong.status == .unprocessableContent)
                // false clears it
                let cleared = try await client.api(.patch, path, as: admin, json: #"{"smtp_password":false}"#)
                #expect(cleared.json?["smtp_password"] as? Bool == false)
                #expect(try await harness.platform.settingValuesWithSecrets(organisationID: harness.organisation.id)["smtp_password"] == "")
            }
        }
    }

    @Test("the settings page never shows a secret: an empty field keeps it, the checkbox clears it")
    func page() async throws {
        try await Harness.with { harness, app in
            try await app.test(.router) { client in
                let admin = harness.callers["administrator"]!
                let path = "/o/\(harness.organisation.slug)/admin/installningar"
                let values = try await harness.platform.settings(actor: .commandLine("test"), organisationID: harness.organisation.id)
                var form = values.filter { key, _ in key != "smtp_password" }.map { ($0.key, $0.value) }
                // when the password is typed in
                let saved = try await client.post(path, as: admin, form: form + [("smtp_password", "sidans lösen")])
                #expect(saved.status == .seeOther)
                let page = try await client.get(path, as: admin)
                #expect(!page.text.contains("sidans lösen"))
                #expect(page.text.contains("name=\"smtp_password\" type=\"password\" value=\"\""))
                #expect(page.text.contains("smtp_password_clear"))
                // an empty field keeps it
                _ = try await client.post(path, as: admin, form: form + [("smtp_password", "")])
                #expect(try await harness.platform.settingValuesWithSecrets(organisationID: harness.organisation.id)["smtp_password"] == "sidans lösen")
                // a form shown again with errors does not carry it either
                form.removeAll { $0.0 == "hourly_cost_sek" }
                let again = try await client.post(path, as: admin, form: form + [("hourly_cost_sek", "1"), ("smtp_password", "nytt lösen")])
                #expect(again.status == .unprocessableContent)
                #expect(!again.text.contains("nytt lösen"))
                // the checkbox clears it
                _ = try await client.post(path, as: admin, form: form + [("hourly_cost_sek", "450"), ("smtp_password", ""), ("smtp_password_clear", "1")])
                #expect(try await harness.platform.settingValuesWithSecrets(organisationID: harness.organisation.id)["smtp_password"] == "")
            }
        }
    }
}
