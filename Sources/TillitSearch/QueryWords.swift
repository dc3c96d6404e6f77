extension SwedishAnalyzer {
    /// Words that a question is made of but that say nothing of what it asks about: "vad har
    /// **andra gjort** åt sjukfrånvaron", "hur **får** vi **mer** tid med brukarna". Snowball's
    /// stop-word list leaves them in; in the texts of a knowledge bank they are common enough to
    /// match many examples and rare enough in a small one to outweigh the words that matter.
    /// Queries leave them out (as tokens, so every form of them), unless nothing else is left.
    public static let queryFillerWords: [String] = [
        "andra", "annat", "annan", "gjort", "göra", "gör", "gjorde", "får", "få", "fått", "fick", "mer", "mera", "fler", "flera",
        "bra", "bättre", "sätt", "ska", "skall", "också", "finns", "fanns", "provat", "prova", "pröva", "prövat", "testat",
        "kommer", "komma", "tips", "exempel", "lite", "olika", "kunna", "vill", "går", "gick", "just", "många", "egentligen",
    ]

    private static let queryFillerTokens: Set<String> = Set(queryFillerWords.flatMap { SwedishAnalyzer.shared.tokens($0) })

    /// The tokens of a query: ``tokens(_:)`` without the words of ``queryFillerWords``, unless
    /// the query has no other words.
    public func queryTokens(_ text: String) -> [String] {
        let all = tokens(text)
        let kept = all.filter { !Self.queryFillerTokens.contains($0) }
        return kept.isEmpty ? all : kept
    }
}
