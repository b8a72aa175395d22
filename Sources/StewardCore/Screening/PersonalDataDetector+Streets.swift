// A street named without a house number (policy 4.7, issue 20): "the bus stops on Wartnaby Road".

extension PersonalDataDetector {
    /// Street types that name a street without a number ("the bus stops on Wartnaby Road"): not "Park", "Green",
    /// "Hill" or "Way", which name places and things as often.
    static let plainStreetTypes: Set<String> = [
        "road", "rd", "street", "avenue", "ave", "lane", "close", "drive", "crescent", "grove", "terrace", "mews",
    ]
    /// Streets known from history, songs, books and television, which say where nobody lives ("a bakery on Pudding
    /// Lane", "Here Comes the Sun from Abbey Road", "a trip down Memory Lane").
    static let famousStreets: Set<String> = [
        "abbey road", "pudding lane", "downing street", "baker street", "penny lane", "coronation street",
        "sesame street", "wall street", "oxford street", "carnaby street", "fleet street", "bond street",
        "regent street", "electric avenue", "drury lane", "harley street", "lombard street", "threadneedle street",
        "privet drive", "elm street", "ramsay street", "brookside close", "cherry tree lane", "memory lane",
        "quality street", "diagon alley", "tin pan alley", "park lane", "old kent road", "whitechapel road",
        "pall mall", "the mall", "bow street", "vine street", "great portland street", "euston road",
        "pentonville road",
        "northumberland avenue", "piccadilly", "mayfair", "strand", "madison avenue", "fifth avenue", "broadway",
        "route 66", "ermine street", "watling street", "fosse way",
    ]

    /// Words before a street that place someone or something on it.
    static let streetCues: Set<String> = [
        "on", "in", "along", "at", "down", "up", "near", "off", "from", "via", "of", "onto", "into", "opposite",
        "outside",
    ]

    /// A street named without a house number, after a word that places something on it: a warning, since it can say
    /// where a child lives or waits.
    func streetNames(_ text: ScreeningText, _ found: inout [Finding]) {
        let tokens = text.tokens
        for j in tokens.indices
        where tokens[j].capitalised
            && (text.flags.isEmpty ? Self.plainStreetTypes.contains(tokens[j].folded) : text.has(j, .streetType))
        {
            var i = j
            while i > 0, j - i < 3, tokens[i - 1].capitalised, tokens[i].gapBefore == " ", !tokens[i - 1].isNumber,
                !Self.streetCues.contains(tokens[i - 1].folded)
            {
                i -= 1
            }
            // "14 Acacia Avenue" is a home address, found with its number; "Abbey Road" needs a word before it.
            // "on Wartnaby Road", "on the High Street".
            let cue = i > 1 && tokens[i - 1].folded == "the" ? i - 2 : i - 1
            guard i < j, cue >= 0, tokens[i].gapBefore == " ", !tokens[i - 1].isNumber,
                Self.streetCues.contains(tokens[cue].folded)
            else { continue }
            let words = tokens[i...j].map(\.folded).joined(separator: " ")
            if Self.famousStreets.contains(words) { continue }
            add(
                &found, text, "street-name", .warn, tokens[i].start, tokens[j].end,
                "This names a street. Check it does not say where a pupil lives, waits or walks.")
        }
    }
}
