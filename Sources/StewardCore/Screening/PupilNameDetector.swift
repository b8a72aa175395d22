// Pupils' names in a draft (policy 4.7): full names block unless the pupil has consent; forenames alone warn.

struct PupilNameDetector: Sendable {
    let context: ScreeningContext

    /// Names that are also ordinary words: on their own they need evidence that a person is meant.
    static let ordinaryWords: Set<String> = [
        "hope", "grace", "may", "bill", "will", "mark", "rose", "joy", "faith", "summer", "holly", "ivy", "daisy",
        "ruby",
        "autumn", "sky", "rain", "storm", "river", "art", "drew", "pat", "sunny", "honey", "amber", "jade", "angel",
        "harmony", "melody", "star", "poppy", "lily", "violet", "jasmine", "robin", "hunter", "chase", "reed", "brook",
        "dawn", "eve", "june", "april", "august", "patience", "charity", "chance", "destiny", "miles", "sage", "hazel",
        "bob", "rob", "sue", "nick", "frank", "jack", "max", "sol", "heather", "iris", "willow", "bear", "blue", "king",
        "page", "wade", "cliff", "dean", "glen", "grant", "ray", "gene", "penny", "pearl", "crystal", "misty", "ash",
        "rowan", "ocean", "noble", "royal", "justice", "honor", "honour", "journey", "lucky", "happy", "carol", "peace",
        "teddy",
    ]

    /// Words before a lone name that show a person is meant ("well done Hope").
    static let personCues: Set<String> = [
        "done", "congratulations", "congrats", "thanks", "thank", "to", "and", "with", "from", "by", "for", "welcome",
        "bravo", "hooray", "shout", "proud", "said", "says", "asked", "helped", "star", "winner", "captain",
    ]

    /// Words after a lone name that show a person is meant ("Hope scored").
    static let personFollowers: Set<String> = [
        "scored", "won", "wins", "was", "has", "is", "read", "wrote", "painted", "made", "came", "received", "got",
        "and", "who", "did", "played", "sang", "helped", "showed", "earned", "achieved", "completed", "finished",
    ]

    /// Verbs after a name at the start of a sentence that only a person does ("Rose scored twice").
    static let strongFollowers: Set<String> = [
        "scored", "won", "read", "wrote", "painted", "received", "earned", "achieved", "completed", "finished",
        "helped",
        "played", "sang", "swam", "ran", "drew", "performed", "represented", "did", "showed", "gave", "made",
        "settled", "joined", "brought", "built", "created", "designed", "led", "organised", "organized", "raised",
        "walks", "walked", "cycles", "cycled", "swims", "plays", "reads", "writes", "scores", "shared", "taught",
    ]

    static let titles: Set<String> = [
        "mr", "mrs", "ms", "miss", "mx", "dr", "sir", "madam", "rev", "father", "sister", "prof", "lady", "lord",
        "prince", "princess", "queen", "duke", "duchess", "saint", "st", "pope", "president",
    ]

    /// Whether `form` matches the tokens starting at `i`, joined only by spaces, hyphens or apostrophes.
    private func match(_ form: [String], at i: Int, in tokens: [Token]) -> Int? {
        guard !form.isEmpty, i >= 0, i + form.count <= tokens.count else { return nil }
        for (k, part) in form.enumerated() {
            let token = tokens[i + k]
            guard token.folded == part else { return nil }
            if k > 0 && !token.gapBefore.isEmpty && token.gap.isDisjoint(with: [.hyphen, .space, .apostrophe]) {
                return nil
            }
        }
        return i + form.count - 1
    }

    /// What may stand between an initial and a surname: "J Smith", "J. Smith", a line break.
    static let initialGaps: Set<String> = [" ", ". ", ".", ".\n", " \n", "\n"]

    /// Words before a month that show the month is meant ("in May").
    static let monthCues: Set<String> = [
        "in", "on", "of", "during", "until", "since", "early", "late", "mid", "last", "next", "this", "by", "from",
    ]

    func findings(in text: ScreeningText) -> [Finding] {
        let tokens = text.tokens
        var found: [Finding] = []
        var i = 0
        while i < tokens.count {
            let token = tokens[i]
            // "#jacksmith", "@poppymarsh", "school.uk/freyajones": a full name written as one word.
            if token.hashtag, token.folded.utf8.count >= 5, let pupils = context.joinedFullNames[token.folded] {
                found.append(fullName(text, start: i, end: i, pupils: pupils, kind: "full-name"))
                i += 1
                continue
            }
            let singleLetter = token.folded.utf8.count == 1 && token.capitalised
            // Most words are neither a forename nor an initial: one lookup and move on.
            guard singleLetter || text.has(i, .forename) else {
                i += 1
                continue
            }
            // "aisha.rahman76@gmail.com": part of an email address, which personal data reports whole.
            if text.insideEmailAddress(i) {
                i += 1
                continue
            }
            let precededByTitle = text.has(i - 1, .title)
            // Initial and surname: "J. Smith", "J Smith".
            if token.folded.utf8.count == 1, token.capitalised, !precededByTitle, i + 1 < tokens.count,
                Self.initialGaps.contains(tokens[i + 1].gapBefore),
                text.has(i + 1, .surname), let candidates = context.surnames[tokens[i + 1].folded]
            {
                var matched: (end: Int, pupils: [Int])?
                for form in candidates {
                    guard let end = match(form.tokens, at: i + 1, in: tokens),
                        let pupils = context.initialSurnames[token.folded + "|" + form.key]
                    else { continue }
                    if matched == nil || end > (matched?.end ?? 0) { matched = (end, pupils) }
                }
                if let matched {
                    found.append(
                        fullName(text, start: i, end: matched.end, pupils: matched.pupils, kind: "initial-surname"))
                    i = matched.end + 1
                    continue
                }
            }
            guard !precededByTitle, let forms = context.forenames[token.folded] else {
                i += 1
                continue
            }
            // The longest forename form here, then a surname that makes a pupil's full name.
            var best: (end: Int, pupils: [Int], full: Bool, form: ScreeningContext.NameForm)?
            for form in forms {
                guard let forenameEnd = match(form.tokens, at: i, in: tokens) else { continue }
                // "Jack Smith", or with a middle name between: "Jack Oliver Smith".
                var s = forenameEnd + 1
                if !text.has(s, .surname), s + 1 < tokens.count, tokens[s].capitalised, !tokens[s].allCaps,
                    tokens[s].gap.contains(.whiteSpaceJoin), !text.has(s, .title), text.has(s + 1, .surname),
                    tokens[s + 1].capitalised
                {
                    s += 1
                }
                if text.has(s, .surname), tokens[s].gap.contains(.whiteSpaceJoin),
                    let surnameForms = context.surnames[tokens[s].folded]
                {
                    for surname in surnameForms {
                        guard let end = match(surname.tokens, at: s, in: tokens),
                            let pupils = context.fullNames[form.key + "|" + surname.key]
                        else { continue }
                        if best?.full != true || end > (best?.end ?? 0) { best = (end, pupils, true, form) }
                    }
                }
                if best?.full != true, best == nil || forenameEnd > (best?.end ?? 0) {
                    best = (forenameEnd, form.pupils, false, form)
                }
            }
            guard let match = best, match.end >= i else {
                i += 1
                continue
            }
            let staffName = context.staffFullNames.contains(tokens[i...match.end].map(\.folded))
            if staffName {
                i = match.end + 1
                continue
            }
            if match.full {
                found.append(fullName(text, start: i, end: match.end, pupils: match.pupils, kind: "full-name"))
            } else if let finding = forenameAlone(text, at: i, end: match.end, form: match.form) {
                found.append(finding)
            }
            i = match.end + 1
        }
        return found
    }

    static let herOrHis: Set<String> = ["her", "his", "their"]

    /// Words of praise just before a name ("well done", "happy birthday", "congratulations to", "thank you").
    static let praiseJustBefore: Set<String> = [
        "done", "congratulations", "congrats", "birthday", "thanks", "bravo", "welcome", "hooray", "proud",
    ]

    /// Whether praise stands just before token `i`, in its sentence, with at most "to" between.
    private func praisedJustBefore(_ text: ScreeningText, _ i: Int) -> Bool {
        let tokens = text.tokens
        var k = i - 1
        if k >= 0, tokens[k].folded == "to" { k -= 1 }
        guard k >= 0, text.sameSentence(k, i) else { return false }
        let word = tokens[k].folded
        if word == "you" { return k > 0 && tokens[k - 1].folded == "thank" }
        return Self.praiseJustBefore.contains(word)
    }

    /// Whether an initial follows the name ending at `end`: "Mark D scored", "Will T will", "Hope A. and Summer";
    /// not "May I" nor "Summer A level".
    private func initialFollows(_ text: ScreeningText, _ end: Int) -> Bool {
        let tokens = text.tokens
        guard end + 1 < tokens.count else { return false }
        let next = tokens[end + 1]
        guard next.folded.utf8.count == 1, next.capitalised, !next.hasDigit, next.gap.contains(.space),
            next.folded != "i"
        else { return false }
        let dotted = end + 2 >= tokens.count || tokens[end + 2].gapBefore.hasPrefix(".")
        return next.folded != "a" || dotted
    }

    /// Whether "in" or "from" and a class or year follow the name ending at `end` ("in Rowan class", "from Elm class",
    /// "in Year 5", "in Y5").
    private func inClassOrYear(_ text: ScreeningText, after end: Int, classOnly: Bool) -> Bool {
        let tokens = text.tokens
        guard end + 2 < tokens.count, tokens[end + 1].folded == "in" || tokens[end + 1].folded == "from",
            tokens[end + 1].gap.contains(.space),
            tokens[end + 2].gap.contains(.space), text.sameSentence(end, end + 2)
        else { return false }
        if text.has(end + 2, .className) && tokens[end + 2].capitalised { return true }
        if classOnly { return false }
        let word = tokens[end + 2].folded
        if word == "year" || word == "reception" || word == "nursery" { return tokens[end + 2].capitalised }
        return word.utf8.count <= 3 && word.hasPrefix("y") && tokens[end + 2].hasDigit
    }

    /// Whether token `k` is another pupil's forename listed beside the one at `i`: next to it across a comma, or
    /// one word away across "and" or "&".
    private func isListedBeside(_ text: ScreeningText, _ i: Int, _ k: Int) -> Bool {
        let tokens = text.tokens
        guard k >= 0, k < tokens.count, k != i, tokens[k].capitalised, text.has(k, .forename),
            text.sameSentence(k, i), context.forenames[tokens[k].folded] != nil
        else { return false }
        if abs(k - i) == 2 {
            let between = tokens[(k + i) / 2].folded
            return between == "and" || tokens[max(k, i)].gapBefore.contains("&")
        }
        let gap = tokens[max(k, i)]
        return gap.gap.contains(.clauseBreak) || gap.gapBefore.contains("&")
    }

    private func fullName(_ text: ScreeningText, start: Int, end: Int, pupils: [Int], kind: String) -> Finding {
        let tokens = text.tokens
        let span = text.text(tokens[start].start, tokens[end].end)
        let roster = context.pupils
        let consenting = pupils.allSatisfy { $0 >= 0 && $0 < roster.count && roster[$0].nameOnSocialMedia }
        // Of several pupils with this name, the first in alphabetical order: the message must not depend on the
        // roster's order.
        if consenting, let who = pupils.map({ roster[$0].displayName }).min() {
            return Finding(
                category: .pupilName, kind: kind, severity: .info, start: tokens[start].start, end: tokens[end].end,
                text: span, message: "\(who) has consent for their name on social media.")
        }
        return Finding(
            category: .pupilName, kind: kind, severity: .block, start: tokens[start].start, end: tokens[end].end,
            text: span,
            message:
                "\"\(span)\" names a pupil without consent for their name on social media. Use their first name only, or none."
        )
    }

    private func forenameAlone(
        _ text: ScreeningText, at i: Int, end: Int, form: ScreeningContext.NameForm
    )
        -> Finding?
    {
        let tokens = text.tokens
        let token = tokens[i]
        // In a sentence written in capitals, capitals say nothing: "WELL DONE TO NICOLA FOR HER GOLD MEDAL".
        let shouting = text.shouting(i)
        if NameUse.isNotAPerson(text, at: i, end: end) { return nil }
        if end + 1 < tokens.count {
            let next = tokens[end + 1]
            // "Evie-Mae", "Oscar-winning": joined to another word, so a different name or not a name.
            if next.gap.contains(.hyphen) { return nil }
            // "Harry Beck": a full name, but not one on the roster ("Ruby P" is a pupil and an initial).
            if !shouting, next.gap.contains(.space), next.capitalised, !next.allCaps || token.allCaps,
                next.folded.utf8.count > 1,
                context.forenames[next.folded] == nil, !PupilNameDetector.titles.contains(next.folded)
            {
                return nil
            }
            // "Leo the lion", "Noah's Ark": a character or a named thing; "Jack and the Beanstalk", a story.
            if next.folded == "the", next.gap.contains(.space) { return nil }
            if next.folded == "and", end + 3 < tokens.count, tokens[end + 2].folded == "the",
                tokens[end + 3].capitalised, text.sameSentence(end, end + 3)
            {
                return nil
            }
            if next.folded == "s", next.gap.contains(.apostrophe), end + 2 < tokens.count,
                tokens[end + 2].capitalised, !tokens[end + 2].allCaps, tokens[end + 2].gap.contains(.space)
            {
                return nil
            }
        }
        // "Ruby and Daisy", "Rose, Autumn and Summer": beside another pupil's name in a list.
        let listed = [end + 1, end + 2, i - 1, i - 2].contains { k in isListedBeside(text, i, k) }
        // "Abraham Lincoln", "Ruby P": a capitalised word before the name that is not a cue, a class, a year or
        // another pupil's name makes it someone else's surname; not when it is listed with another pupil's name
        // ("our Faith Ambassadors Aisha and Leo").
        if i > 0, end == i, !shouting, !listed, tokens[i - 1].capitalised, !tokens[i - 1].hashtag,
            !text.startsSentence(i - 1),
            tokens[i].gap.contains(.space), context.forenames[tokens[i - 1].folded] == nil,
            !Self.personCues.contains(tokens[i - 1].folded), !text.has(i - 1, .className), !text.has(i - 1, .title),
            tokens[i - 1].folded != "year", !text.isLookAlike(i)
        {
            return nil
        }
        // A name written in look-alike letters is written so to be missed: no more evidence is asked of one in two
        // alphabets ("Pоppy"); one wholly in a decorative alphabet may be a heading ("𝐅𝐚𝐢𝐭𝐡 • 𝐇𝐨𝐩𝐞 • 𝐋𝐨𝐯𝐞").
        let disguised = text.isLookAlike(i)
        if Self.ordinaryWords.contains(token.folded) && end == i && !text.isMixedScript(i) {
            // "the Summer and the autumn", "a Grace": a word after an article, whatever follows.
            if i > 0, text.sameSentence(i - 1, i), NameUse.determiners.contains(tokens[i - 1].folded) { return nil }
            if NameUse.valueUse(text, at: i) { return nil }
            let midSentence = !text.startsSentence(i)
            let possessive =
                end + 1 < tokens.count && tokens[end + 1].folded == "s"
                && tokens[end + 1].gap.contains(.apostrophe)
            let cueBefore =
                i > 0 && text.sameSentence(i - 1, i)
                && (Self.personCues.contains(tokens[i - 1].folded)
                    || (tokens[i - 1].folded == "you" && i > 1 && tokens[i - 2].folded == "thank")
                    || praisedJustBefore(text, i))
            // "Amazing Grace", "Hope Street": a capitalised word before it makes a title or place, not a person.
            // Not after praise, as in a hashtag written in capitals ("#WellDonePoppy").
            let praised = praisedJustBefore(text, i)
            let titleCase =
                !shouting && !praised && i > 0 && tokens[i - 1].capitalised && !tokens[i - 1].hashtag
                && tokens[i].gap.contains(.space)
                && context.forenames[tokens[i - 1].folded] == nil
            let cueAfter =
                end + 1 < tokens.count && Self.personFollowers.contains(tokens[end + 1].folded)
                && tokens[end + 1].gap.contains(.space)
            let after = end + 1 < tokens.count ? tokens[end + 1].folded : ""
            // "Daisy has settled in", "Jack is back": but "Summer is here", "May has flown by", "Hope is at the heart".
            let wordlike =
                NameUse.seasons.contains(token.folded) || text.has(i, .month) || NameUse.values.contains(token.folded)
            let strongAfter =
                Self.strongFollowers.contains(after) || (!wordlike && (after == "has" || after == "is"))
            // "Faith (Y5)", "Rose (Year 2)": a year or class in brackets after it.
            let bracketed =
                end + 1 < tokens.count && tokens[end + 1].gapBefore.contains("(")
                && (after == "year" || after == "reception" || text.has(end + 1, .className)
                    || (after.hasPrefix("y") && after.utf8.count <= 3 && tokens[end + 1].hasDigit))
            // "Great to see Poppy reading": capitalised in the middle of a sentence, and not "the Summer fair",
            // "Mark your calendars" or "Willow class".
            let capitalisedAlone =
                !shouting && midSentence && !token.allCaps && !NameUse.ordinaryUse(text, at: i)
            // "Mark D scored", "Hope A. and Summer": an initial after it, as a class list tells children apart.
            let initialAfter = initialFollows(text, end)
            // "AUTUMN in Rowan class", "Faith in Year 5": where the child is in the school ("Summer in Year 6 means
            // SATs" is a season: a season or a month needs the class's own name).
            let placedInSchool = inClassOrYear(
                text, after: end, classOnly: NameUse.seasons.contains(token.folded) || text.has(i, .month))
            // "Rose got her swimming badge", "Will lost his tooth": a verb, then "her" or "his".
            let verbThenPossessive =
                end + 2 < tokens.count && tokens[end + 1].gap.contains(.space) && text.sameSentence(end, end + 2)
                && Self.herOrHis.contains(tokens[end + 2].folded) && !NameUse.verbFollowers.contains(after)
                && tokens[end + 1].folded != "of" && !tokens[end + 1].capitalised
            // Written in lower case straight after praise, by someone who writes everything in lower case ("well done
            // jan, first time…"); "with grace" or "we hope" are no praise.
            // Or opening such a sentence with a verb only a person does ("mark finished the whole grid").
            let lowerCaseAfterPraise =
                !token.capitalised && !token.allCaps && !text.hasCapitals(sentenceOf: i)
                && (praisedJustBefore(text, i) || (text.startsSentence(i) && Self.strongFollowers.contains(after)))
            // A name in capitals in an ordinary sentence ("Well done POPPY") needs a cue: "we HOPE" is emphasis.
            if lowerCaseAfterPraise { return finding(text, i, end, form) }
            // A word in a decorative alphabet has no capitals to go by ("Happy birthday ʜᴏᴘᴇ").
            guard token.capitalised || disguised,
                !token.allCaps || shouting || cueBefore || possessive || placedInSchool || initialAfter, !titleCase,
                possessive || ((midSentence || shouting) && (cueBefore || cueAfter)) || strongAfter
                    || capitalisedAlone || listed || bracketed || initialAfter || placedInSchool
                    || verbThenPossessive
            else { return nil }
        } else if !token.capitalised && !disguised && praisedJustBefore(text, i) && !text.hasCapitals(sentenceOf: i) {
            // "happy birthday leo": a short name in lower case is a name after praise.
            return finding(text, i, end, form)
        }
        if !token.capitalised && token.folded.count <= 3 && !disguised { return nil }
        return finding(text, i, end, form)
    }

    /// The finding for a forename alone at tokens `i...end`.
    private func finding(_ text: ScreeningText, _ i: Int, _ end: Int, _ form: ScreeningContext.NameForm) -> Finding {
        let tokens = text.tokens
        let token = tokens[i]
        let span = text.text(tokens[i].start, tokens[end].end)
        if form.allConsent {
            return Finding(
                category: .pupilName, kind: "forename", severity: .info, start: tokens[i].start, end: tokens[end].end,
                text: span, message: "A pupil's first name; they have consent for their name on social media.")
        }
        let count = form.distinctPupils
        let who = count == 1 ? "a pupil" : "\(count) pupils"
        let alsoStaff = context.staffForenames.contains(token.folded) ? " (and of a member of staff)" : ""
        return Finding(
            category: .pupilName, kind: "forename", severity: .warn, start: tokens[i].start, end: tokens[end].end,
            text: span,
            message: "\"\(span)\" is the first name of \(who)\(alsoStaff). Check the post does not identify a pupil.")
    }
}
