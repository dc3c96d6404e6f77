import TillitPlatform

/// A choice with a label in both languages, read leniently from what people write: its stored
/// value or its label in either language, in any case (`"Hälso- och sjukvård"`, `"LSS"`,
/// `"Öppenhet"`, `"halso-och-sjukvard"`).
public protocol LabelledChoice: RawRepresentable, CaseIterable where RawValue == String {
    var label: BothLanguages { get }
}

extension LabelledChoice {
    public init?(lenient text: String) {
        let wanted = text.trimmingCharacters(in: .whitespacesAndNewlines).precomposedStringWithCanonicalMapping.lowercased()
        guard let found = Self.allCases.first(where: { choice in
            [choice.rawValue, choice.label.sv, choice.label.en].contains { $0.precomposedStringWithCanonicalMapping.lowercased() == wanted }
        }) else { return nil }
        self = found
    }
}

/// The sectors of public service an example can belong to (verksamhetsområden).
public enum Sector: String, Sendable, CaseIterable, Codable, LabelledChoice {
    case forskola, grundskola, gymnasieskola, socialtjanst, aldreomsorg, hemtjanst, lss, psykiatri
    case halsoOchSjukvard = "halso-och-sjukvard"
    case arbetsmarknad, myndighetsutovning
    case kulturOchFritid = "kultur-och-fritid"
    case samhallsbyggnad, ovrigt

    public var label: BothLanguages {
        switch self {
        case .forskola: BothLanguages(sv: "Förskola", en: "Preschool")
        case .grundskola: BothLanguages(sv: "Grundskola", en: "Compulsory school")
        case .gymnasieskola: BothLanguages(sv: "Gymnasieskola", en: "Upper secondary school")
        case .socialtjanst: BothLanguages(sv: "Socialtjänst (individ- och familjeomsorg)", en: "Social services")
        case .aldreomsorg: BothLanguages(sv: "Äldreomsorg", en: "Elderly care")
        case .hemtjanst: BothLanguages(sv: "Hemtjänst", en: "Home care")
        case .lss: BothLanguages(sv: "LSS (stöd och service till vissa funktionshindrade)", en: "Disability support (LSS)")
        case .psykiatri: BothLanguages(sv: "Psykiatri", en: "Psychiatry")
        case .halsoOchSjukvard: BothLanguages(sv: "Hälso- och sjukvård", en: "Health care")
        case .arbetsmarknad: BothLanguages(sv: "Arbetsmarknad och rehabilitering", en: "Employment and rehabilitation")
        case .myndighetsutovning: BothLanguages(sv: "Myndighetsutövning och tillsyn", en: "Public authority and supervision")
        case .kulturOchFritid: BothLanguages(sv: "Kultur och fritid", en: "Culture and leisure")
        case .samhallsbyggnad: BothLanguages(sv: "Samhällsbyggnad", en: "Planning and building")
        case .ovrigt: BothLanguages(sv: "Övrigt", en: "Other")
        }
    }
}

/// The eight principles of trust-based governance (Tillitsdelegationen).
public enum Principle: String, Sendable, CaseIterable, Codable, LabelledChoice {
    case tillit, medborgarfokus, helhetssyn, handlingsutrymme, stod, kunskap, oppenhet, langsiktighet

    public var label: BothLanguages {
        switch self {
        case .tillit: BothLanguages(sv: "Tillit", en: "Trust")
        case .medborgarfokus: BothLanguages(sv: "Medborgarfokus", en: "Citizen focus")
        case .helhetssyn: BothLanguages(sv: "Helhetssyn", en: "Holistic view")
        case .handlingsutrymme: BothLanguages(sv: "Handlingsutrymme", en: "Room to act")
        case .stod: BothLanguages(sv: "Stöd", en: "Support")
        case .kunskap: BothLanguages(sv: "Kunskap", en: "Knowledge")
        case .oppenhet: BothLanguages(sv: "Öppenhet", en: "Openness")
        case .langsiktighet: BothLanguages(sv: "Långsiktighet", en: "Long-term view")
        }
    }
}

/// Where an example is in its life.
public enum ExampleStatus: String, Sendable, CaseIterable, Codable {
    case draft, submitted, returned, published, withdrawn

    public var label: BothLanguages {
        switch self {
        case .draft: BothLanguages(sv: "Utkast", en: "Draft")
        case .submitted: BothLanguages(sv: "Inskickat", en: "Submitted")
        case .returned: BothLanguages(sv: "Återsänt", en: "Returned")
        case .published: BothLanguages(sv: "Publicerat", en: "Published")
        case .withdrawn: BothLanguages(sv: "Tillbakadraget", en: "Withdrawn")
        }
    }
}
