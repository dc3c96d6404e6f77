/// Word lists for the generated corpus, beside the words of the demo examples.
enum BenchVocabulary {
    /// Content words that are very common in a knowledge bank of public services, with extra
    /// weight so they rank among the most frequent words.
    static let coreWords: [(String, Double)] = [
        ("kommun", 60), ("kommunen", 25), ("kommunens", 12), ("medarbetare", 45), ("medarbetarna", 40), ("medarbetarnas", 10),
        ("hemtjänst", 35), ("hemtjänsten", 30), ("brukare", 35), ("brukarna", 30), ("brukaren", 15), ("verksamheten", 30),
        ("verksamhet", 20), ("chefer", 25), ("chefen", 12), ("tillit", 25), ("tilliten", 8), ("styrning", 20), ("uppföljning", 20),
        ("region", 20), ("regionen", 12), ("förvaltningen", 18), ("personal", 15), ("personalen", 18), ("elever", 15), ("eleverna", 15),
        ("patienter", 12), ("patienterna", 12), ("handläggare", 15), ("ledning", 10), ("samverkan", 14), ("dokumentation", 12),
        ("äldreomsorgen", 14), ("socialtjänsten", 14), ("omsorg", 10), ("insatser", 14), ("beslut", 10), ("ansvar", 12), ("arbetssätt", 14),
    ]

    /// Public-sector words that the demo examples lack or use rarely.
    static let extraWords: [String] = """
        ansökan ansökningar arbetsplats arbetsplatsträffar arbetsmiljö arbetsmiljön avvikelser avvikelse bemanning bemanningen \
        biståndshandläggare biståndsbeslut boendestöd daglig verksamhet delaktighet digitalisering digitala ekonomiskt bistånd \
        enhetschef enhetschefer förbättringsarbete förebyggande förtroende förtroendet genomförandeplan genomförandeplaner \
        handlingsplan handledning hälsa hälsocentral hembesök hjälpmedel individ individens inflytande introduktion kontinuitet \
        kvalitet kvaliteten kvalitetsledning ledarskap ledarskapet lärande lärare läraren mätning mätningar målgrupp målgruppen \
        nämnd nämnderna omvärld omställning patientsäkerhet planering planeringen politiker politikerna processer resurser \
        rutiner rättssäkerhet samordning samordnare sjuksköterska sjuksköterskor sjukfrånvaro sjukfrånvaron skolan skolor \
        socialsekreterare socialsekreterarna styrdokument styrmodell styrmodellen tillsyn tjänstemän tjänstepersoner uppdrag \
        uppdraget utbildning utveckling utvecklingsarbete utvärdering utvärderingen vårdcentral vårdcentralen vårdnadshavare \
        värdegrund välfärd välfärden återkoppling överenskommelse arbetsterapeut fysioterapeut undersköterskor undersköterska \
        stödboende korttidsboende särskilt boende vård vården invånare invånarna medborgare medborgarna tillgänglighet bemötande \
        rekrytering kompetens kompetensutveckling mandat förtroendevalda budgeten ekonomi verksamhetsutveckling indikatorer \
        nyckeltal resultatet resultaten effekter effekten förändring förändringen kultur arbetskultur organisationen organisation
        """.split(separator: " ").map { String($0).trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }

    /// First parts of Swedish compounds, joined to ``compoundTails``.
    static let compoundHeads = [
        "hemtjänst", "äldreomsorgs", "skol", "kommun", "regions", "vård", "social", "arbets", "barn", "elev", "personal",
        "verksamhets", "lednings", "medarbetar", "bistånds", "brukar", "tillits", "kvalitets", "utvecklings", "förvaltnings",
        "sjuk", "hälso", "kultur", "fritids", "bygg", "ungdoms", "familje", "budget", "uppföljnings", "styr", "team",
        "samverkans", "kunskaps", "rehabiliterings", "psykiatri", "omsorgs", "förskole", "gymnasie", "myndighets", "tillsyns",
        "digitaliserings", "dokumentations", "schema", "kontakt", "nämnd", "patient", "chefs", "lärar", "invånar", "ekonomi",
    ]

    static let compoundTails = [
        "personal", "chef", "chefer", "ledare", "arbete", "arbetet", "förvaltning", "förvaltningen", "plan", "planen", "grupp",
        "gruppen", "team", "möte", "möten", "process", "stöd", "stödet", "insats", "insatser", "beslut", "uppdrag", "tid",
        "ansvar", "samtal", "enhet", "enheten", "område", "modell", "modellen", "rutin", "rutiner", "system", "utveckling",
        "kostnader", "mål", "uppföljning", "dialog", "handläggare", "kontor", "styrelse", "nämnd", "verksamhet", "frågor",
        "besök", "tjänst", "kompetens", "ekonomi", "miljö", "kultur",
    ]

    static let municipalities = [
        "Stockholms", "Göteborgs", "Malmö", "Uppsala", "Linköpings", "Örebro", "Västerås", "Helsingborgs", "Norrköpings",
        "Jönköpings", "Umeå", "Lunds", "Borås", "Huddinge", "Eskilstuna", "Nacka", "Halmstads", "Sundsvalls", "Södertälje",
        "Gävle", "Botkyrka", "Växjö", "Haninge", "Kristianstads", "Kungsbacka", "Luleå", "Järfälla", "Skellefteå", "Solna",
        "Karlstads", "Täby", "Sollentuna", "Falu", "Östersunds", "Trollhättans", "Borlänge", "Kalmar", "Varbergs", "Norrtälje",
        "Upplands Väsby", "Tyresö", "Lidingö", "Skövde", "Uddevalla", "Hässleholms", "Motala", "Piteå", "Ängelholms", "Lerums",
        "Örnsköldsviks", "Alingsås", "Värmdö", "Sigtuna", "Landskrona", "Trelleborgs", "Enköpings", "Karlskrona", "Nyköpings",
        "Vallentuna", "Mölndals", "Partille", "Ystads", "Kiruna", "Gällivare", "Bodens", "Härnösands", "Kramfors", "Sollefteå",
        "Ljusdals", "Hudiksvalls", "Bollnäs", "Söderhamns", "Sandvikens", "Mora", "Rättviks", "Leksands", "Avesta", "Hedemora",
        "Ludvika", "Köpings", "Arboga", "Sala", "Fagersta", "Kumla", "Hallsbergs", "Lindesbergs", "Karlskoga", "Kristinehamns",
        "Arvika", "Säffle", "Åmåls", "Vänersborgs", "Lidköpings", "Mariestads", "Falköpings", "Ulricehamns", "Tranemo",
        "Värnamo", "Gislaveds", "Vetlanda", "Nässjö", "Eksjö", "Tranås", "Västerviks", "Oskarshamns", "Vimmerby", "Ljungby",
        "Älmhults", "Olofströms", "Karlshamns", "Sölvesborgs", "Ronneby", "Simrishamns", "Eslövs", "Höörs", "Hörby", "Gotlands",
        "Visby", "Strömstads", "Tanums", "Orusts", "Tjörns", "Kungälvs", "Stenungsunds", "Falkenbergs", "Laholms", "Hylte",
        "Åre", "Bergs", "Krokoms", "Strömsunds", "Storumans", "Vilhelmina", "Lycksele", "Arjeplogs", "Jokkmokks", "Överkalix",
        "Haparanda", "Kalix", "Älvsbyns", "Arvidsjaurs", "Sorsele", "Dorotea", "Åsele", "Bjurholms", "Vindelns", "Robertsfors",
    ]

    static let regions = [
        "Stockholm", "Uppsala", "Sörmland", "Östergötland", "Jönköpings län", "Kronoberg", "Kalmar län", "Gotland", "Blekinge",
        "Skåne", "Halland", "Västra Götaland", "Värmland", "Örebro län", "Västmanland", "Dalarna", "Gävleborg", "Västernorrland",
        "Jämtland Härjedalen", "Västerbotten", "Norrbotten",
    ]

    static let agencies = [
        "Försäkringskassan", "Arbetsförmedlingen", "Skatteverket", "Socialstyrelsen", "Skolverket", "Inspektionen för vård och omsorg",
        "Migrationsverket", "Kriminalvården", "Statens institutionsstyrelse", "Folkhälsomyndigheten", "Pensionsmyndigheten",
        "Trafikverket", "Boverket", "Lantmäteriet", "Transportstyrelsen", "Skolinspektionen", "Myndigheten för delaktighet",
        "Kronofogden", "Länsstyrelsen i Västra Götalands län", "Länsstyrelsen i Skåne län",
    ]

    static let coordinationAssociations = [
        "Södra Norrland", "Göteborg Centrum", "Skåne Nordost", "Sörmland", "Östra Södertörn", "Välfärd i Söderhamn", "Uppsala län",
        "Finsam Dalarna", "Västerbotten", "Malmö",
    ]

    static let otherOrganisations = [
        "Sveriges Kommuner och Regioner", "Famna", "Stiftelsen Tillitsforum", "Vårdförbundet", "Kommunal", "Vision",
    ]

    static let units = [
        "Hemtjänst Norr", "Hemtjänst Söder", "Hemtjänsten Centrum", "Socialtjänsten", "Individ- och familjeomsorgen", "Äldreförvaltningen",
        "Barn- och utbildningsförvaltningen", "Grundskola Väst", "Förskoleområde Öst", "Gymnasieskolan", "Vårdcentralen Torget",
        "Psykiatriska kliniken", "Akutmottagningen", "Arbetsmarknadsenheten", "Kulturförvaltningen", "Samhällsbyggnadsförvaltningen",
        "Kommunledningskontoret", "LSS-boendet Björken", "Daglig verksamhet", "Myndighetsavdelningen", "Ekonomiskt bistånd",
        "Kundtjänst", "Kontaktcenter", "Handläggningsenheten", "Ledningsstaben", "Regionkansliet", "Habiliteringen", "",
    ]

    static let tags = [
        "tillit", "styrning", "hemtjänst", "ledarskap", "uppföljning", "dokumentation", "schemaläggning", "dialog", "samverkan",
        "medarbetardrivet", "brukarinflytande", "kontinuitet", "handlingsutrymme", "ramtid", "teamarbete", "arbetsmiljö",
        "kvalitetsarbete", "förenkling", "regelförenkling", "digitalisering", "elevhälsa", "mätning", "nyckeltal", "budget",
        "tillitsbaserad styrning", "äldreomsorg", "socialtjänst", "skola", "förskola", "psykiatri", "LSS", "vårdcentral",
        "hälso- och sjukvård", "arbetsmarknad", "tillsyn", "myndighetsutövning", "kultur", "fritid", "samhällsbyggnad",
        "bygglov", "ekonomiskt bistånd", "barn och unga", "peer support", "lärande", "kompetensutveckling", "introduktion",
        "sjukfrånvaro", "rekrytering", "politik", "medborgardialog", "delaktighet", "förtroende", "innovation", "försök",
    ]
}
