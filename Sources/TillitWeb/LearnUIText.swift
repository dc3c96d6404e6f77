import TillitPlatform

/// The words of the pilot, report and open-data pages.
enum LearnUI: LocalizedText {
    case openDataLead
    case openDataJSONL
    case openDataCSV
    case openDataCSVForm
    case openDataAPI
    case columns
    case column
    case contents
    case columnsNote
    case pilots
    case pilotsLead
    case newPilot
    case editPilot
    case name
    case status
    case aim
    case description
    case hosts
    case hostUnit
    case researchers
    case contacts
    case peopleHint
    case linkedExamples
    case examplesHint
    case reportsTitle
    case timeline
    case researchLog
    case logMembersOnly
    case noEntries
    case addEntry
    case date
    case dateHint
    case kind
    case title
    case text
    case makePublic
    case publicEntry
    case internalEntry
    case makeEntryPublic
    case makeEntryInternal
    case save
    case edit
    case period
    case sectors
    case reportSeries
    case reportsLead
    case newReport
    case editReport
    case drafts
    case kindLabel
    case abstract
    case keywords
    case keywordsHint
    case authors
    case editors
    case authorsHint
    case chapters
    case chaptersHint
    case linkedPilots
    case pdf
    case uploadPDF
    case pdfHint
    case publish
    case publishedOn
    case number
    case cite
    case download
    case permanentURL
    case draft
    case attachments
    case addAttachment
    case file
    case attachmentHint
    case upload
    case remove
    case reportProblem
    case reason
    case describe
    case describeHint
    case send
    case problemThanks
    case problems
    case handled
    case open
    case markHandled
    case handledNote
    case nothing
    case openData
    case feeds
    case examplesFeed
    case reportsFeed
    case chapter
    case pilotsShort
    case reportsShort

    var texts: (sv: String, en: String) {
        switch self {
        case .openDataLead: ("Allt som är publicerat i kunskapsbanken får användas fritt. Här finns det som filer och flöden.",
                             "Everything published in the knowledge bank may be used freely. Here it is as files and feeds.")
        case .openDataJSONL: ("Alla publicerade exempel som JSON Lines", "All published examples as JSON Lines")
        case .openDataCSV: ("Alla publicerade exempel som CSV", "All published examples as CSV")
        case .openDataCSVForm: ("kommaseparerad, med rubrikrad", "comma-separated, with a header row")
        case .openDataAPI: ("API:t (OpenAPI)", "The API (OpenAPI)")
        case .columns: ("Kolumner", "Columns")
        case .column: ("Kolumn", "Column")
        case .contents: ("Innehåll", "Contents")
        case .columnsNote: ("Samma fält finns i JSON Lines, där listor är arrayer. I CSV skiljs listor åt med semikolon, och celler som börjar med = + - @ ' inleds med en apostrof så att kalkylprogram inte kör dem som formler.",
                            "The same fields are in JSON Lines, where lists are arrays. In the CSV, lists are separated by semicolons, and cells starting with = + - @ ' get a leading apostrophe so that spreadsheets do not run them as formulas.")
        case .pilots: ("Försöksverksamheter", "Pilots")
        case .pilotsLead: ("Lokala försök som följs av forskare från svenska lärosäten. Forskarnas offentliga anteckningar visas som en tidslinje.",
                            "Local pilots followed by researchers from Swedish universities. The researchers' public notes are shown as a timeline.")
        case .newPilot: ("Registrera ett försök", "Register a pilot")
        case .editPilot: ("Ändra försöket", "Edit the pilot")
        case .name: ("Namn", "Name")
        case .status: ("Status", "Status")
        case .aim: ("Syfte", "Aim")
        case .description: ("Beskrivning", "Description")
        case .hosts: ("Värdorganisation", "Host organisation")
        case .hostUnit: ("Enhet hos värden", "Unit at the host")
        case .researchers: ("Forskare", "Researchers")
        case .contacts: ("Kontaktpersoner hos värden", "Contacts at the host")
        case .peopleHint: ("En person per rad: namn | lärosäte eller roll | e-post. Den som loggar in med e-postadressen kan läsa hela forskningsloggen; adressen visas aldrig offentligt.",
                            "One person per line: name | university or role | email. Whoever signs in with the address can read the whole research log; the address is never shown publicly.")
        case .linkedExamples: ("Exempel i kunskapsbanken", "Examples in the knowledge bank")
        case .examplesHint: ("Exemplens nummer, åtskilda med kommatecken (numret står i exemplets adress).",
                              "The examples' numbers, separated by commas (the number is in the example's address).")
        case .reportsTitle: ("Rapporter", "Reports")
        case .timeline: ("Tidslinje", "Timeline")
        case .researchLog: ("Forskningslogg", "Research log")
        case .logMembersOnly: ("Du ser hela loggen eftersom du är forskare eller kontaktperson i försöket. Poster som inte är markerade som offentliga syns bara för er.",
                                "You see the whole log because you are a researcher or contact in the pilot. Entries not marked public are visible to you only.")
        case .noEntries: ("Inga offentliga anteckningar ännu.", "No public entries yet.")
        case .addEntry: ("Ny anteckning", "New entry")
        case .date: ("Datum", "Date")
        case .dateHint: ("ÅÅÅÅ-MM-DD", "YYYY-MM-DD")
        case .kind: ("Typ", "Kind")
        case .title: ("Rubrik", "Title")
        case .text: ("Text", "Text")
        case .makePublic: ("Offentlig: visas på försökets sida för alla", "Public: shown on the pilot's page to everyone")
        case .publicEntry: ("Offentlig", "Public")
        case .internalEntry: ("Bara för försöket", "Pilot members only")
        case .makeEntryPublic: ("Gör offentlig", "Make public")
        case .makeEntryInternal: ("Gör intern", "Make internal")
        case .save: ("Spara", "Save")
        case .edit: ("Ändra", "Edit")
        case .period: ("Period", "Period")
        case .sectors: ("Sektorer", "Sectors")
        case .reportSeries: ("Rapportserie", "Report series")
        case .reportsLead: ("Rapporter och antologier från försöksverksamheter och forskning om tillitsbaserad styrning. Varje rapport har ett nummer och en permanent adress.",
                             "Reports and anthologies from pilots and research on trust-based governance. Every report has a number and a permanent address.")
        case .newReport: ("Ny rapport", "New report")
        case .editReport: ("Ändra rapporten", "Edit the report")
        case .drafts: ("Utkast", "Drafts")
        case .kindLabel: ("Slag", "Kind")
        case .abstract: ("Sammanfattning", "Abstract")
        case .keywords: ("Nyckelord", "Keywords")
        case .keywordsHint: ("Åtskilda med kommatecken.", "Separated by commas.")
        case .authors: ("Författare", "Authors")
        case .editors: ("Redaktörer", "Editors")
        case .authorsHint: ("En per rad: namn | lärosäte. För en antologi: redaktörerna.", "One per line: name | university. For an anthology: the editors.")
        case .chapters: ("Kapitel", "Chapters")
        case .chaptersHint: ("Bara för antologier. Varje kapitel: en rad \"# Titel\", en rad \"Författare: Namn (Lärosäte); Namn (Lärosäte)\" och sedan sammanfattningen.",
                              "Anthologies only. Each chapter: a line \"# Title\", a line \"Författare: Name (University); Name (University)\", then the abstract.")
        case .linkedPilots: ("Försök som rapporten bygger på", "Pilots the report draws on")
        case .pdf: ("Rapporten som pdf", "The report as PDF")
        case .uploadPDF: ("Ladda upp pdf", "Upload PDF")
        case .pdfHint: ("Högst 20 MB. En ny fil ersätter den gamla.", "At most 20 MB. A new file replaces the old one.")
        case .publish: ("Publicera och ge nummer", "Publish and number")
        case .publishedOn: ("Publicerad", "Published")
        case .number: ("Nummer", "Number")
        case .cite: ("Citera", "Cite")
        case .download: ("Ladda ner", "Download")
        case .permanentURL: ("Permanent adress", "Permanent address")
        case .draft: ("Utkast", "Draft")
        case .attachments: ("Bilagor", "Attachments")
        case .addAttachment: ("Lägg till bilaga", "Add attachment")
        case .file: ("Fil", "File")
        case .attachmentHint: ("PDF, DOCX, XLSX, ODT, PNG eller JPEG, högst 20 MB.", "PDF, DOCX, XLSX, ODT, PNG or JPEG, at most 20 MB.")
        case .upload: ("Ladda upp", "Upload")
        case .remove: ("Ta bort", "Remove")
        case .reportProblem: ("Anmäl ett problem med exemplet", "Report a problem with the example")
        case .reason: ("Vad är problemet?", "What is the problem?")
        case .describe: ("Beskriv problemet", "Describe the problem")
        case .describeHint: ("Skriv inte personuppgifter här. Ingenting om dig sparas.", "Do not write personal data here. Nothing about you is stored.")
        case .send: ("Skicka", "Send")
        case .problemThanks: ("Tack! Redaktörerna har fått din anmälan.", "Thank you! The editors have received your report.")
        case .problems: ("Anmälda problem", "Reported problems")
        case .handled: ("Hanterade", "Handled")
        case .open: ("Att hantera", "To handle")
        case .markHandled: ("Markera som hanterad", "Mark as handled")
        case .handledNote: ("Vad gjordes? (valfritt)", "What was done? (optional)")
        case .nothing: ("Inget här just nu.", "Nothing here right now.")
        case .openData: ("Öppna data", "Open data")
        case .feeds: ("Flöden", "Feeds")
        case .examplesFeed: ("Nya exempel (Atom)", "New examples (Atom)")
        case .reportsFeed: ("Nya rapporter (Atom)", "New reports (Atom)")
        case .chapter: ("Kapitel", "Chapter")
        case .pilotsShort: ("Försök", "Pilots")
        case .reportsShort: ("Rapporter", "Reports")
        }
    }
}
