import TillitFormats
import TillitPlatform

/// The words of the knowledge bank's pages.
enum KnowledgeUIText: LocalizedText {
    case bank
    case narrowSearch
    case bankLead
    case searchLabel
    case searchButton
    case results(Int)
    case noResults
    case tryBroader
    case removeFilters
    case onlyStopWords
    case unknownWords([String])
    case didYouMean
    case sector, principle, orgKind, year, sort
    case sortRelevance, sortDate
    case clearFilter
    case moreValues(Int)
    case contribute
    case workbench
    case mine
    case waiting
    case nothing
    case newTitle
    case newLead
    case editTitle
    case title, summary, summaryHint, body, bodyHint, organisation, unitName, sectors, principles, yearStart, yearEnd
    case results2, lessons, contactName, contactRole, contactEmail, contactEmailHint, tags, tagsHint, links, linksHint
    case save
    case submit
    case publish
    case returnTitle
    case returnComment
    case returnButton
    case withdrawTitle
    case withdrawReason
    case withdrawButton
    case status
    case editorComment
    case withdrawnNote(String)
    case period
    case contact
    case contactSignIn
    case edit
    case revisions
    case revision(Int)
    case compare
    case from, to
    case published(String)
    case shareSolution
    case shareSolutionLead
    case fromSignal
    case ongoing

    var texts: (sv: String, en: String) {
        switch self {
        case .bank: ("Kunskapsbank", "Knowledge bank")
        case .narrowSearch: ("Avgränsa sökningen", "Narrow the search")
        case .bankLead: ("Utvecklingsexempel från hela offentlig sektor: vad som prövats, vad det gav och vad man lärde sig.",
                         "Development examples from the whole public sector: what was tried, what came of it and what was learned.")
        case .searchLabel: ("Sök bland exemplen", "Search the examples")
        case .searchButton: ("Sök", "Search")
        case .results(let n): ("\(NumberText.format(n, swedish: true)) exempel", n == 1 ? "1 example" : "\(NumberText.format(n, swedish: false)) examples")
        case .noResults: ("Inga exempel matchar sökningen.", "No examples match the search.")
        case .tryBroader: ("Pröva en bredare sökning:", "Try a broader search:")
        case .removeFilters: ("Sök utan filter", "Search without filters")
        case .onlyStopWords: ("Sökningen innehöll bara vanliga småord (som ”och”, ”att”, ”för”), som inte går att söka på. Skriv ett mer bärande ord.",
                              "The search held only common small words, which cannot be searched for. Enter a more meaningful word.")
        case .unknownWords(let words):
            words.count == 1
                ? ("Ordet ”\(words[0])” finns inte i något exempel.", "The word “\(words[0])” is not in any example.")
                : ("Orden \(words.map { "”\($0)”" }.joined(separator: ", ")) finns inte i något exempel.",
                   "The words \(words.map { "“\($0)”" }.joined(separator: ", ")) are not in any example.")
        case .didYouMean: ("Menade du:", "Did you mean:")
        case .sector: ("Verksamhetsområde", "Sector")
        case .principle: ("Princip", "Principle")
        case .orgKind: ("Typ av organisation", "Kind of organisation")
        case .year: ("År", "Year")
        case .sort: ("Sortera", "Sort")
        case .sortRelevance: ("Bäst träff först", "Best match first")
        case .sortDate: ("Senast publicerade först", "Newest first")
        case .clearFilter: ("Alla", "All")
        case .moreValues(let n): ("och \(NumberText.format(n, swedish: true)) till", "and \(NumberText.format(n, swedish: false)) more")
        case .contribute: ("Bidra med ett exempel", "Contribute an example")
        case .workbench: ("Mina exempel och granskning", "My examples and review")
        case .mine: ("Mina exempel", "My examples")
        case .waiting: ("Väntar på granskning", "Waiting for review")
        case .nothing: ("Inget här just nu.", "Nothing here right now.")
        case .newTitle: ("Nytt exempel", "New example")
        case .newLead: ("Berätta om något ni har prövat. Det sparas som utkast; när du skickar in det granskar en redaktör det innan det publiceras.",
                        "Tell others about something you tried. It is saved as a draft; when you submit it, an editor reviews it before it is published.")
        case .editTitle: ("Redigera exempel", "Edit example")
        case .title: ("Rubrik", "Title")
        case .summary: ("Sammanfattning", "Summary")
        case .summaryHint: ("Högst 500 tecken. Visas i sökträffarna.", "At most 500 characters. Shown in search results.")
        case .body: ("Beskrivning", "Description")
        case .bodyHint: ("Markdown går bra: ## rubrik, - punktlista, **fetstil**, [länktext](https://…).",
                         "Markdown works: ## heading, - list, **bold**, [link text](https://…).")
        case .organisation: ("Organisation", "Organisation")
        case .unitName: ("Enhet eller verksamhet", "Unit or service")
        case .sectors: ("Verksamhetsområden", "Sectors")
        case .principles: ("Principer för tillitsbaserad styrning", "Principles of trust-based governance")
        case .yearStart: ("Startår", "Start year")
        case .yearEnd: ("Slutår (tomt om det pågår)", "End year (empty if ongoing)")
        case .results2: ("Resultat", "Results")
        case .lessons: ("Lärdomar", "Lessons learned")
        case .contactName: ("Kontaktperson", "Contact person")
        case .contactRole: ("Kontaktpersonens roll", "Contact's role")
        case .contactEmail: ("Kontaktpersonens e-post", "Contact's email")
        case .contactEmailHint: ("Visas bara för inloggade.", "Shown to signed-in readers only.")
        case .tags: ("Taggar", "Tags")
        case .tagsHint: ("Skilj med kommatecken, till exempel: schemaläggning, dokumentation", "Separate with commas, for example: scheduling, documentation")
        case .links: ("Länkar", "Links")
        case .linksHint: ("En per rad: rubrik | https://adress", "One per line: title | https://address")
        case .save: ("Spara", "Save")
        case .submit: ("Skicka in för granskning", "Submit for review")
        case .publish: ("Publicera", "Publish")
        case .returnTitle: ("Skicka tillbaka till den som bidrog", "Return to the contributor")
        case .returnComment: ("Kommentar", "Comment")
        case .returnButton: ("Skicka tillbaka", "Return")
        case .withdrawTitle: ("Dra tillbaka exemplet", "Withdraw the example")
        case .withdrawReason: ("Varför?", "Why?")
        case .withdrawButton: ("Dra tillbaka", "Withdraw")
        case .status: ("Status", "Status")
        case .editorComment: ("Redaktörens kommentar", "The editor's comment")
        case .withdrawnNote(let reason): ("Exemplet är tillbakadraget: \(reason)", "The example has been withdrawn: \(reason)")
        case .period: ("Period", "Period")
        case .contact: ("Kontakt", "Contact")
        case .contactSignIn: ("Logga in för att se e-postadressen.", "Sign in to see the email address.")
        case .edit: ("Redigera", "Edit")
        case .revisions: ("Versioner", "Revisions")
        case .revision(let n): ("Version \(n)", "Revision \(n)")
        case .compare: ("Jämför", "Compare")
        case .from: ("Från", "From")
        case .to: ("Till", "To")
        case .published(let date): ("Publicerat \(date)", "Published \(date)")
        case .shareSolution: ("Dela lösningen", "Share the solution")
        case .shareSolutionLead: ("Gör ett utkast till kunskapsbanken av signalen och beslutet, så att andra kan lära av det.",
                                  "Turn the signal and its decision into a draft for the knowledge bank, so others can learn from it.")
        case .fromSignal: ("Utkastet bygger på en signal. Läs igenom, ta bort det som inte ska delas och fyll i det som saknas.",
                           "This draft comes from a signal. Read it through, remove what should not be shared and fill in what is missing.")
        case .ongoing: ("pågår", "ongoing")
        }
    }
}
