// Issue 20, screening item 2: inflected, compound, re-spelt and slang forms of offensive words are found, and the
// place names and ordinary words that contain them are not.

import StewardCore
import Testing

@Suite("Screening: disguised, inflected and slang offensive words")
struct DisguisedWordsTests {
    static let screener = Screener(context: ScreeningContext())

    static func offensive(_ text: String) -> [Finding] {
        screener.screen(text).filter { $0.category == .offensiveLanguage && $0.severity >= .warn }
    }

    @Test(
        "Inflections, compounds, re-spellings and slang are found, the whole word marked",
        arguments: [
            // Inflected: -ing, -er, -s, with the last letter doubled.
            "fucking", "wankers", "twatting", "shitting", "shagged", "bollocking", "slagging", "spazzing",
            // Compounds that start or end with a listed word.
            "cockwomble", "wankstain", "dickwad", "pissflaps", "shitgibbon", "fucktard", "twatwaffle", "nobhead",
            "dumbass", "horseshit", "dipshit", "jackasses", "muthafucker", "arsewipe", "libtard",
            // Letters swapped, spelt as they sound, or with look-alike letters.
            "fcuk", "fcuking", "phuck", "phucking", "fvck", "cvnt", "bitchez", "azz", "biatch", "sluts",
            // Slang of slurs and sexual insults.
            "twunt", "clunge", "slapper", "bint", "kys",
        ])
    func found(word: String) {
        let text = "Honestly, \(word) again."
        let found = Self.offensive(text)
        #expect(found.count == 1, "\(word): \(found)")
        #expect(found.first?.text == word)
        #expect(found.first?.clause == "4.5")
    }

    @Test(
        "Letters spaced, dotted, stretched, masked or swapped for digits and symbols are found",
        arguments: [
            "f u c k", "f.u.c.k", "s-h-i-t", "fuuuuck", "sh1t", "f*ck", "$hit", "b!tch", "w4nker", "c0ck", "f***",
            "ffuucckk", "a$$", "prick",
        ])
    func disguised(word: String) {
        #expect(Self.offensive("What a \(word) day").count == 1, "\(word)")
    }

    @Test(
        "Place names, names and ordinary words that contain a listed word stay quiet",
        arguments: [
            "Scunthorpe", "Penistone", "Essex", "Middlesex", "cocktail", "cockpit", "peacock", "shuttlecock",
            "Hitchcock", "Cockermouth", "assess", "assassin", "classic", "passage", "bass", "Pakistan", "snigger",
            "therapist", "Montenegro", "raccoon", "cocoon", "tycoon", "mongoose", "Clitheroe", "King Cnut", "shiitake",
            "Dickens", "Dickinson", "Arsenal", "arsenic", "parse", "sparse", "swanky", "prickly", "pussycat",
            "buttercup", "cumulus", "Cumbria", "document", "scrap", "scrapbook", "analysis", "Titchfield", "horseshoe",
            "bullseye", "dumbbell", "Jack Russell", "batsman", "motherboard", "pigtail", "cowslip", "dipstick",
            "chickenpox", "superhero", "snapshot", "slingshot", "upshot", "Babcock", "Woodcock", "fuchsia", "cunning",
            "Phuket", "Assam", "Sheffield", "the shaggy dog story", "Dick Whittington at the panto",
            "the blue tit in the bird box", "the pussy willow", "our cocker spaniel", "the old slag heaps",
            "the coffee", "Mississippi", "balloon", "a 5* review", "the footnote*",
        ])
    func quiet(text: String) {
        #expect(Self.offensive("We loved \(text) this week.").isEmpty, "\(text)")
    }
}
