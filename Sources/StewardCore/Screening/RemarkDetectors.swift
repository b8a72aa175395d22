// Three phrase-based checks: remarks against identifiable people (4.6), confidential matters (4.7) and the
// author's private life on an official account (4.9).

/// Matches multi-word phrases (as folded tokens) against a draft.
struct PhraseMatcher: Sendable {
    let byFirst: [String: [[String]]]
    /// The vocabulary flag every first word of these phrases carries.
    let list: TokenFlags

    init(_ phrases: [[String]], list: TokenFlags) {
        self.list = list
        var map: [String: [[String]]] = [:]
        for phrase in phrases where !phrase.isEmpty { map[phrase[0], default: []].append(phrase) }
        for key in map.keys { map[key]?.sort { $0.count > $1.count } }
        byFirst = map
    }

    /// Every match as (first token, last token, phrase), longest first at each position, not overlapping.
    func matches(in text: ScreeningText) -> [(Int, Int, [String])] {
        let tokens = text.tokens
        var result: [(Int, Int, [String])] = []
        var i = 0
        while i < tokens.count {
            var advanced = false
            if text.has(i, list), let candidates = byFirst[tokens[i].folded] {
                for phrase in candidates where i + phrase.count <= tokens.count {
                    var ok = true
                    for k in 1..<max(phrase.count, 1) where k < phrase.count {
                        let token = tokens[i + k]
                        if token.folded != phrase[k]
                            || !(!token.gap.isDisjoint(with: [.space, .hyphen, .apostrophe]) || token.gapBefore == "\n")
                        {
                            ok = false
                            break
                        }
                    }
                    if ok {
                        result.append((i, i + phrase.count - 1, phrase))
                        i += phrase.count
                        advanced = true
                        break
                    }
                }
            }
            if !advanced { i += 1 }
        }
        return result
    }
}

struct NegativeRemarkDetector: Sendable {
    let context: ScreeningContext

    static let insults: [String] = [
        "lazy", "stupid", "useless", "rude", "liar", "liars", "lying", "lied", "thief", "thieves", "stole", "steals",
        "stealing", "drunk", "disgusting", "pathetic", "idiot", "idiots", "idiotic", "clueless", "incompetent",
        "hopeless",
        "awful", "terrible", "horrible", "nasty", "vile", "disgrace", "disgraceful", "dishonest", "cheat", "cheated",
        "cheating", "bully", "bullies", "thick", "dumb", "moron", "ugly", "smelly", "brat", "feral",
        "scrounger", "creep", "creepy", "abusive", "aggressive", "violent", "neglectful", "unprofessional", "fraud",
        "crook", "racist", "loser", "spoilt", "spoiled", "pest", "nightmare", "troublemaker", "waste of space",
        "can't be trusted", "cannot be trusted", "never on time", "always late", "a joke", "useless at", "no idea",
        "should be sacked", "should be ashamed", "ashamed of", "poor parenting", "bad parent", "bad parents",
        "drinks too much", "on drugs", "a mess", "lazy parents", "doesn't care", "don't care", "couldn't care less",
        "bone idle", "dimwit", "halfwit", "imbecile", "slob", "scruffy", "filthy", "stinks", "selfish", "arrogant",
        "pathetic excuse", "snob", "two-faced", "two faced", "liar liar", "embarrassment", "shambles",
    ]

    static let relatives: Set<String> = [
        "mum", "mom", "mother", "dad", "father", "parents", "parent", "nan", "nana", "grandma", "grandad", "granddad",
        "carer", "carers", "auntie", "aunt", "uncle", "brother", "sister", "stepdad", "stepmum", "family",
    ]

    static let negations: Set<String> = [
        "not", "never", "no", "nobody", "isn", "wasn", "aren", "weren", "t", "nothing", "without",
    ]

    let matcher = PhraseMatcher(NegativeRemarkDetector.insults.map(ScreeningContext.tokens), list: .insult)

    static let stealing: Set<String> = ["stole", "steals", "stealing"]
    static let praisedThings: Set<String> = ["show", "shows", "hearts", "heart", "spotlight", "limelight"]
    static let topicMarkers: Set<String> = ["about", "anti", "against", "stop", "prevent", "preventing", "tackling"]
    static let clauseBreakers: Set<String> = ["but", "although", "though", "while", "whereas", "however", "yet"]

    /// The person and the remark are in one clause: same sentence, close, with no comma, semicolon or "but"
    /// between them ("The weather was terrible, but Mr Pike led a fantastic walk" is not about Mr Pike).
    /// A person whose own name is the remark ("Crook led the assembly", a pupil called Dick) is not its target.
    private func sameClause(_ text: ScreeningText, _ person: Int, _ a: Int, _ b: Int) -> Bool {
        let lo = min(person, a)
        let hi = max(person, b)
        guard lo < hi, hi - lo <= 10, text.sameSentence(lo, hi) else { return false }
        for k in (lo + 1)...hi where k < text.tokens.count {
            if k > lo + 1 || person > a {
                if text.tokens[k].gap.contains(.clauseBreak) { return false }
            }
            if Self.clauseBreakers.contains(text.tokens[k].folded) { return false }
        }
        return true
    }

    /// The first person found, in the order they were found, whom the remark on tokens `a...b` is about.
    private func person(
        about a: Int, _ b: Int, in text: ScreeningText, people: [(first: Int, last: Int, name: String)],
        byPosition: [Int]
    ) -> (first: Int, last: Int, name: String)? {
        guard !byPosition.isEmpty else {
            return people.first { ($0.last < a || $0.first > b) && sameClause(text, $0.first, a, b) }
        }
        var low = 0
        var high = byPosition.count
        while low < high {
            let middle = low + (high - low) / 2
            if people[byPosition[middle]].first >= b - 10 { high = middle } else { low = middle + 1 }
        }
        var chosen: Int?
        for k in byPosition[low...] {
            let person = people[k]
            if person.first > a + 10 { break }
            if person.last < a || person.first > b, sameClause(text, person.first, a, b), k < (chosen ?? Int.max) {
                chosen = k
            }
        }
        return chosen.map { people[$0] }
    }

    func findings(in text: ScreeningText, names: [Finding], offensive: [Finding]) -> [Finding] {
        let tokens = text.tokens
        // People a reader could identify: roster pupils, staff, titled names, someone's relative.
        // Each person with the first and last token of their name, so that a remark which is the name itself is
        // not taken as said about them.
        var people: [(first: Int, last: Int, name: String)] = []
        for name in names {
            guard let index = text.token(startingAt: name.start) else { continue }
            var last = index
            while last + 1 < tokens.count, tokens[last + 1].end <= name.end { last += 1 }
            people.append((index, last, name.text))
        }
        for (i, token) in tokens.enumerated() {
            // Titles and staff names are written with capitals; relatives follow "'s".
            let possessive = token.gap.contains(.apostrophe)
            guard token.capitalised || (i >= 2 && tokens[i - 1].folded == "s") || possessive else { continue }
            if token.capitalised, text.has(i, .title), i + 1 < tokens.count,
                tokens[i + 1].capitalised
            {
                people.append((i, i + 1, text.text(token.start, tokens[i + 1].end)))
            } else if text.has(i, .staffSurname) && token.capitalised
                || (text.has(i, .staffForename) && token.capitalised && text.has(i + 1, .staffSurname))
            {
                people.append((i, i, text.text(token.start, token.end)))
            } else if text.has(i, .relative), i >= 2, tokens[i - 1].folded == "s",
                tokens[i - 1].gap.contains(.apostrophe), tokens[i - 2].capitalised
            {
                people.append((i - 2, i, text.text(tokens[i - 2].start, token.end)))
            }
        }
        guard !people.isEmpty else { return [] }
        var remarks = matcher.matches(in: text).map { ($0.0, $0.1) }
        for finding in offensive where finding.severity >= .warn {
            // The words the finding covers; a finding between words (only symbols) is no remark about anyone.
            let a = text.firstToken { $0.end > finding.start }
            if a < tokens.count, tokens[a].start < finding.end {
                let b = max(a, text.firstToken { $0.start >= finding.end } - 1)
                remarks.append((a, b))
            }
        }
        // In a long draft naming many people, people by where their name starts, so that each remark looks only at
        // those near enough to share its clause (within ten words).
        let byPosition =
            people.count > 16 ? people.indices.sorted { (people[$0].first, $0) < (people[$1].first, $1) } : []
        var found: [Finding] = []
        for (a, b) in remarks {
            let negated = (max(0, a - 3)..<a).contains { Self.negations.contains(tokens[$0].folded) }
            if negated { continue }
            // "learned about bullying", "The Lazy Lion": a topic or a title, not a remark.
            if a > 0, Self.topicMarkers.contains(tokens[a - 1].folded) { continue }
            if tokens[a].capitalised, !text.startsSentence(a) { continue }
            // "stole the show", "steals our hearts": praise.
            if Self.stealing.contains(tokens[a].folded), b + 1 < tokens.count,
                Self.praisedThings.contains(tokens[b + 1].folded)
                    || (b + 2 < tokens.count && Self.praisedThings.contains(tokens[b + 2].folded))
            {
                continue
            }
            guard let target = person(about: a, b, in: text, people: people, byPosition: byPosition) else { continue }
            let span = text.text(tokens[a].start, tokens[b].end)
            found.append(
                Finding(
                    category: .negativeRemark, kind: nil, severity: .block, start: tokens[a].start, end: tokens[b].end,
                    text: span,
                    message:
                        "\"\(span)\" is said about \(target.name). Remarks like this about pupils, parents or colleagues could be defamatory."
                ))
        }
        return found
    }
}

struct ConfidentialDetector: Sendable {
    /// Terms that signal matters not in the public arena (policy 4.7), in their usual spellings.
    static let defaultTerms: [String] = [
        "safeguarding concern", "safeguarding", "child protection", "cp plan", "child in need", "social services",
        "social worker", "social care", "looked after child", "looked-after child", "in care", "foster care", "ehcp",
        "ehc plan", "education health and care plan", "statement of special educational needs", "camhs", "lado",
        "exclusion", "excluded", "exclude", "permanent exclusion", "fixed-term exclusion", "suspension", "suspended",
        "disciplinary", "disciplinary hearing", "grievance", "capability procedure", "allegation", "allegations",
        "police", "court order", "tribunal", "free school meals", "fsm", "pupil premium",
        "early help", "referral", "sick leave", "signed off", "diagnosis", "diagnosed", "adhd", "autism",
        "autistic", "dyslexia", "medication", "self-harm", "self harm", "domestic abuse", "domestic violence",
        "bereavement", "redundancy", "redundancies", "restructure", "not yet announced", "confidential",
    ]

    /// Words after a term that make it the name of a public campaign ("Autism Acceptance Week", "Anti-Bullying
    /// Week", "Safeguarding Awareness Month").
    static let campaignWords: Set<String> = ["awareness", "acceptance", "week", "day", "month", "fortnight"]

    /// Whether the term at `a...b` names a campaign, which is public by design: an awareness or acceptance word or a
    /// week, day or month after it, or "World" or "National" before it.
    private func isCampaign(_ text: ScreeningText, _ a: Int, _ b: Int) -> Bool {
        let tokens = text.tokens
        if b + 1 < tokens.count, text.sameSentence(b, b + 1), Self.campaignWords.contains(tokens[b + 1].folded) {
            return true
        }
        return a > 0 && text.sameSentence(a - 1, a) && tokens[a - 1].capitalised
            && (tokens[a - 1].folded == "world" || tokens[a - 1].folded == "national")
    }

    /// Whether the term at `a` is said of children or people in general ("pupils with autism, ADHD or sensory
    /// needs", "any child with an EHCP"), looking back along a list of terms.
    private func saidOfAnyone(_ text: ScreeningText, _ a: Int) -> Bool {
        let tokens = text.tokens
        var k = a - 1
        while k > 0, a - k < 8, text.sameSentence(k, a) {
            if tokens[k].folded == "with" || tokens[k].folded == "have" || tokens[k].folded == "has" {
                let who = tokens[k - 1].folded
                return Self.people.contains(who)
            }
            k -= 1
        }
        return false
    }
    static let people: Set<String> = [
        "pupils", "children", "child", "students", "people", "anyone", "those", "families", "learners", "adults",
        "young", "kids", "many", "some",
    ]

    /// Written in capitals these are acronyms; lower case they are ordinary words ("send a card").
    static let capitalsOnly: Set<String> = ["send", "sen", "lac", "cin", "cp"]

    let matcher: PhraseMatcher

    init(context: ScreeningContext) {
        matcher = PhraseMatcher(context.confidentialTerms + Self.capitalsOnly.map { [$0] }, list: .confidential)
    }

    func findings(in text: ScreeningText, names: [Finding]) -> [Finding] {
        let tokens = text.tokens
        var found: [Finding] = []
        let nameTokens = names.compactMap { text.token(startingAt: $0.start) }
        for (a, b, phrase) in matcher.matches(in: text) {
            if phrase.count == 1, Self.capitalsOnly.contains(phrase[0]), !tokens[a].allCaps { continue }
            if isCampaign(text, a, b) || saidOfAnyone(text, a) { continue }
            let span = text.text(tokens[a].start, tokens[b].end)
            let aboutSomeone = nameTokens.contains { n in text.sameSentence(min(n, a), max(n, b)) }
            found.append(
                Finding(
                    category: .confidential, kind: nil, severity: aboutSomeone ? .block : .warn, start: tokens[a].start,
                    end: tokens[b].end, text: span,
                    message: aboutSomeone
                        ? "\"\(span)\" beside a named person discloses confidential information."
                        : "\"\(span)\" suggests a matter that is not public. Check it is already in the public arena."))
        }
        return found
    }
}

struct PersonalContentDetector: Sendable {
    static let phrases: [String] = [
        "my husband", "my wife", "my partner", "my boyfriend", "my girlfriend", "my fiance", "my fiancee", "my ex",
        "my hangover", "hungover", "hung over", "my kids", "my own kids", "my own children", "my son", "my daughter",
        "my weekend", "my night out", "night out", "my date", "my holiday", "my birthday", "my house", "my flat",
        "my dog", "my cat", "my mum", "my dad", "i'm drunk", "so drunk", "wine o'clock", "need a drink", "need wine",
        "gin o'clock", "tinder", "my diet", "my ex-husband", "my ex-wife", "my divorce", "my hair", "my nails",
        "my new car", "my instagram", "my tiktok", "follow me", "my personal", "date night", "lads' night",
        "girls' night", "on the lash", "pub crawl", "shots", "so hungover",
    ]

    let matcher = PhraseMatcher(PersonalContentDetector.phrases.map(ScreeningContext.tokens), list: .personal)

    func findings(in text: ScreeningText) -> [Finding] {
        matcher.matches(in: text).map { a, b, _ in
            let span = text.text(text.tokens[a].start, text.tokens[b].end)
            return Finding(
                category: .personalContent, kind: nil, severity: .warn, start: text.tokens[a].start,
                end: text.tokens[b].end, text: span,
                message: "\"\(span)\" is about your own life. Posts for the school should not carry personal content.")
        }
    }
}
