// When a pupil's forename in a draft is a word, a month, a place, a brand or a class instead: the words around it
// that tell the uses apart (issue 20: "Great to see Poppy reading" names a child; "the poppy appeal", "22 Jan",
// "Don't forget", "a trip to Chelsea" and "Willow class" do not).

enum NameUse {
    /// The ends of contractions a name can be mistaken in ("Don't", "Will've").
    static let contractionEnds: Set<String> = ["t", "ll", "ve", "re", "d", "m"]

    /// Books of the Bible that are also forenames, cited with a chapter ("Mark 10:14").
    static let bibleBooks: Set<String> = [
        "mark", "john", "luke", "matthew", "james", "ruth", "esther", "daniel", "samuel", "joshua", "isaiah", "job",
        "jude", "timothy", "titus", "peter", "amos", "jonah", "micah", "joel", "hosea", "nahum", "ezra",
    ]

    /// Places that are also forenames, and the words before a place ("a trip to Chelsea", "born in Sydney").
    static let places: Set<String> = [
        "chelsea", "lincoln", "sydney", "paris", "florence", "austin", "jordan", "georgia", "adelaide", "victoria",
        "brooklyn", "dakota", "devon", "kendal", "orlando", "phoenix", "savannah", "sienna", "siena", "verona",
        "vienna", "dallas", "denver", "houston", "preston", "hamilton", "milan", "india", "kenya", "china", "asia",
        "africa", "israel", "chad", "jersey", "camden", "kingston", "chester", "clifton", "darwin", "hudson", "sutton",
        "ripley", "skye", "iona", "cairo", "santiago", "montana", "nevada", "arizona", "indiana", "virginia",
        "carolina", "harlow", "morley", "shelby", "lorne", "ely", "bude", "troy", "sofia", "valencia", "alexandria",
        "charlotte", "lourdes", "brighton", "richmond", "ashton", "lyon", "rio", "york", "bristol", "wells", "derby",
        "jackson", "madison", "regan", "salem", "beverley", "morecambe", "seaton", "lyndhurst", "catalina", "havana",
        "peru", "tyrone", "kerry", "clare", "cork", "down", "shannon",
    ]
    /// Words after a place that make it the place's ("Chelsea buns", "Lincoln Cathedral", "Sydney Opera House").
    static let placeFollowers: Set<String> = [
        "fc", "flower", "bun", "buns", "football", "harbour", "harbor", "opera", "zoo", "cathedral", "castle",
        "university", "city", "bridge", "airport", "station", "museum", "physic", "pensioners", "cathedral's",
    ]
    static let placeCues: Set<String> = [
        "to", "in", "at", "from", "near", "visit", "visited", "visiting", "visits", "around", "via", "into", "towards",
        "toward", "through", "explore", "explored", "exploring", "across", "outside", "beyond",
    ]
    /// Words before "to" that make it praise of a person, not a journey ("well done to Chelsea").
    static let praise: Set<String> = [
        "done", "congratulations", "congrats", "thanks", "thank", "you", "goes", "go", "awarded", "award", "out",
        "welcome", "said", "say", "talk", "talked", "spoke", "wrote", "letter", "card", "certificate", "sent", "give",
        "gave", "given", "belongs", "went", "presented",
    ]

    /// Brands and shops that are also forenames, and the words around a brand ("a Mercedes", "Zara vouchers").
    static let brands: Set<String> = [
        "mercedes", "chanel", "tesla", "dior", "alexa", "siri", "nike", "zara", "kia", "lexus", "cartier", "tiffany",
        "morgan", "oasis", "monsoon", "hermes", "gucci", "prada", "versace", "fendi", "armani", "boden", "clarks",
        "disney", "pixar", "lego", "toyota", "porsche", "ferrari", "skoda", "audi", "rolex", "dell", "asus", "ikea",
        "aldi", "lidl", "boots", "next", "matalan", "jaguar",
    ]
    static let brandFollowers: Set<String> = [
        "store", "stores", "shop", "shops", "car", "cars", "voucher", "vouchers", "card", "cards", "gift", "advert",
        "app", "speaker", "device", "outlet", "uk", "ltd", "plc", "dress", "shoes", "trainers", "perfume", "bag",
        "watch", "phone", "laptop", "set", "sets", "bricks", "film", "films", "movie", "princess", "princesses",
        "character", "characters", "club", "kit", "retail", "recruitment", "careers", "team", "staff",
    ]
    static let determiners: Set<String> = ["a", "an", "the"]

    /// What a month is said of ("May half term", "Jan sale", "May Day").
    static let monthFollowers: Set<String> = [
        "half", "term", "holiday", "holidays", "bank", "fair", "fete", "fayre", "day", "break", "exams", "sats",
        "mocks",
        "deadline", "newsletter", "sale", "sales", "disco", "festival", "ball", "inset", "intake", "blues",
    ]

    /// Seasons that are also forenames, and what a season is said of ("the summer fair", "over Summer").
    static let seasons: Set<String> = ["summer", "autumn", "winter", "spring"]
    static let seasonFollowers: Set<String> = [
        "term", "terms", "fair", "fete", "fayre", "holiday", "holidays", "concert", "show", "half", "break", "camp",
        "school", "club", "festival", "ball", "disco", "sale", "menu", "uniform", "time", "production", "play", "trip",
        "sports", "reading", "garden", "harvest", "newsletter", "timetable", "event", "events", "activities",
        "programme", "party", "sun", "weather", "leaves", "colours", "walk", "days", "day", "season", "is", "has",
    ]
    static let seasonCues: Set<String> = [
        "this", "last", "next", "in", "during", "over", "the", "our", "a", "happy", "lovely", "enjoy", "until", "since",
        "before", "after", "by", "all", "through", "early", "late", "into", "spring", "winter", "autumn", "summer",
    ]

    /// A church school's values, written with capitals ("This week's value is Hope", "Faith, Hope and Love"), and
    /// the words that introduce them.
    static let values: Set<String> = [
        "hope", "faith", "grace", "joy", "peace", "love", "charity", "patience", "justice", "honour", "honor", "truth",
        "trust", "courage", "respect", "kindness", "compassion", "forgiveness", "wisdom", "friendship", "service",
        "humility", "generosity", "perseverance", "thankfulness", "koinonia", "responsibility", "creativity",
    ]
    static let praiseBeforeValues: Set<String> = [
        "done", "congratulations", "congrats", "thank", "thanks", "proud", "welcome", "star", "award", "awards",
        "certificate", "certificates", "winners", "winner", "goes",
    ]
    static let valueCues: Set<String> = [
        "value", "values", "virtue", "virtues", "theme", "themes", "worship", "collective", "reflection",
    ]

    /// Words after a capitalised word that make it a verb ("Mark your calendars", "Will you join us", "Hope you").
    static let verbFollowers: Set<String> = [
        "your", "you", "this", "our", "it", "these", "those", "that", "them", "us", "me", "him", "everyone", "all",
    ]

    /// Words after a class's name ("Willow class", "Rowan team").
    static let classFollowers: Set<String> = [
        "class", "classes", "classroom", "room", "group", "groups", "house", "team", "base", "table", "tables",
    ]

    /// Whether the name at token `i` (ending at `end`) is a month, a contraction, a place, a brand or a class here,
    /// and so not a pupil.
    static func isNotAPerson(_ text: ScreeningText, at i: Int, end: Int) -> Bool {
        let tokens = text.tokens
        let next = end + 1 < tokens.count ? tokens[end + 1] : nil
        let nextWord = next.flatMap { $0.gap.contains(.space) && text.sameSentence(end, end + 1) ? $0.folded : nil }
        let previousWord = i > 0 && text.sameSentence(i - 1, i) ? tokens[i - 1].folded : nil
        // "Don your waterproofs", "Mark your books": a verb opening a sentence.
        if text.startsSentence(i), end == i, nextWord == "your" { return true }
        // "Don't", "Will've": the end of a contraction, joined by an apostrophe.
        if let next, next.gap.contains(.apostrophe), contractionEnds.contains(next.folded) { return true }
        // "Mark 10:14", "John 3:16": a book of the Bible and its chapter.
        if let next, next.isNumber, next.gap.contains(.space), bibleBooks.contains(tokens[i].folded) { return true }
        // "22 Jan", "Jan 22", "in May", "Jan–Mar": a month.
        if text.has(i, .month) {
            if end + 1 < tokens.count, text.has(end + 1, .month), tokens[end + 1].gapBefore.count == 1 { return true }
            // "22 Jan", "Jan 6th", "6th Jan": a number or an ordinal beside it.
            func numeric(_ t: Token) -> Bool { t.isNumber || (t.hasDigit && t.folded.first?.isNumber == true) }
            let numberBefore = i > 0 && numeric(tokens[i - 1]) && tokens[i].gap.contains(.whiteSpaceJoin)
            let numberAfter = next.map { numeric($0) && $0.gap.contains(.whiteSpaceJoin) } ?? false
            if numberBefore || numberAfter || previousWord.map(PupilNameDetector.monthCues.contains) == true
                || nextWord.map(monthFollowers.contains) == true
            {
                return true
            }
        }
        if end == i, text.has(i, .placeName),
            placeUse(text, at: i) || nextWord.map(placeFollowers.contains) == true
        {
            return true
        }
        if end == i, text.has(i, .brandName) {
            // "Zara's retail team": past the possessive.
            let afterPossessive =
                next?.folded == "s" && next?.gap.contains(.apostrophe) == true && end + 2 < tokens.count
                ? tokens[end + 2].folded : nil
            if previousWord.map(determiners.contains) == true || nextWord.map(brandFollowers.contains) == true
                || afterPossessive.map(brandFollowers.contains) == true
            {
                return true
            }
            // "from Zara or Next", "Boden, Next and Zara": listed with another brand.
            let besideBrand = [i - 2, i - 1, i + 1, i + 2].contains { k in
                guard k >= 0, k < tokens.count, text.sameSentence(k, i), text.has(k, .brandName),
                    tokens[k].capitalised
                else { return false }
                if abs(k - i) == 1 { return tokens[max(k, i)].gap.contains(.clauseBreak) }
                let between = tokens[(k + i) / 2].folded
                return between == "or" || between == "and"
            }
            if besideBrand { return true }
        }
        if end == i, text.has(i, .className), nextWord.map(classFollowers.contains) == true { return true }
        return false
    }

    /// Whether a place-name forename at `i` follows a word that leads to a place ("a trip to Chelsea, Lincoln or
    /// Sydney"), looking back past other places, "and", "or" and "the", and not after praise ("well done to").
    static func placeUse(_ text: ScreeningText, at i: Int) -> Bool {
        let tokens = text.tokens
        var j = i - 1
        while j >= 0, i - j <= 8, text.sameSentence(j, i) {
            let word = tokens[j].folded
            if text.has(j, .placeName) || word == "and" || word == "or" || word == "the" {
                j -= 1
                continue
            }
            guard placeCues.contains(word) else { return false }
            if word == "to", j > 0, text.sameSentence(j - 1, j), praise.contains(tokens[j - 1].folded) { return false }
            return true
        }
        return false
    }

    /// Whether an ordinary-word forename at `i`, capitalised in the middle of a sentence, is used as a word there:
    /// after "a", "an" or "the", as a season, a verb or a class.
    static func ordinaryUse(_ text: ScreeningText, at i: Int) -> Bool {
        let tokens = text.tokens
        let word = tokens[i].folded
        let previousWord = i > 0 && text.sameSentence(i - 1, i) ? tokens[i - 1].folded : nil
        let next = i + 1 < tokens.count && text.sameSentence(i, i + 1) ? tokens[i + 1] : nil
        let nextWord = next.flatMap { $0.gap.contains(.space) ? $0.folded : nil }
        if previousWord.map(determiners.contains) == true { return true }
        // A month is written with a capital wherever it stands ("We hope May brings sunshine").
        if text.has(i, .month) { return true }
        if seasons.contains(word),
            previousWord.map(seasonCues.contains) == true || nextWord.map(seasonFollowers.contains) == true
        {
            return true
        }
        if nextWord.map(verbFollowers.contains) == true { return true }

        if text.has(i, .className), nextWord.map(classFollowers.contains) == true { return true }
        return false
    }

    /// Whether a value word at `i` is a school value here: another value beside it ("Faith, Hope and Love"), or a word
    /// about values earlier in the sentence ("This week our Christian value is Hope").
    static func valueUse(_ text: ScreeningText, at i: Int) -> Bool {
        let tokens = text.tokens
        guard values.contains(tokens[i].folded) else { return false }
        let beside = [i - 2, i - 1, i + 1, i + 2].contains { k in
            k >= 0 && k < tokens.count && k != i && text.sameSentence(k, i) && tokens[k].capitalised
                && values.contains(tokens[k].folded)
        }
        var k = i
        while k > 0, text.sameSentence(k - 1, i), i - k < 12 { k -= 1 }
        // "Well done Hope, Faith and Will": praise before the list makes them children.
        if (k..<i).contains(where: { praiseBeforeValues.contains(tokens[$0].folded) }) { return false }
        if beside { return true }
        k = i
        while k > 0, text.sameSentence(k - 1, i), i - k < 12 { k -= 1 }
        return (k..<i).contains { valueCues.contains(tokens[$0].folded) }
    }
}
