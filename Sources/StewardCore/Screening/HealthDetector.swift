// Health and other special-category information about a named person (policy 4.7, UK GDPR article 9): "Mrs Patel
// is off sick today", "Jack is back from hospital". A health word alone ("flu jabs for Year 1 on Monday") is not
// about anyone; beside a pupil's or an adult's name, in the same sentence and near it, it is.

struct HealthDetector: Sendable {
    /// Words that say something about a person's health, body or mind.
    static let words: Set<String> = [
        "sick", "ill", "illness", "unwell", "poorly", "hospital", "hospitalised", "hospitalized", "surgery",
        "operation", "diagnosed", "diagnosis", "cancer", "tumour", "chemo", "chemotherapy", "covid", "chickenpox",
        "measles", "flu", "infection", "injured", "injury", "fracture", "fractured", "concussion", "pregnant",
        "pregnancy", "miscarriage", "depression", "depressed", "anxiety", "stress", "breakdown", "autism", "autistic",
        "adhd", "dyslexia", "dyslexic", "dyspraxia", "epilepsy", "epileptic", "diabetes", "diabetic", "asthma",
        "asthmatic", "allergy", "allergic", "anaphylaxis", "seizure", "seizures", "medication", "therapy",
        "counselling", "disability", "disabled", "wheelchair", "crutches", "plaster", "cast", "stitches", "ambulance",
        "a&e", "hiv", "transgender", "gay", "lesbian", "bisexual", "pronouns", "maternity", "refugee", "refugees",
        "asylum", "deaf", "stammer", "stutter", "leukaemia", "leukemia", "arthritis", "migraine", "migraines",
        "pneumonia", "appendicitis", "tonsillitis", "glandular", "sepsis", "paralysed", "bereaved", "ehcp",
    ]
    /// Religions: special-category information when said of a person ("as a Muslim", "is Jewish"), not of a
    /// school, a festival or families in general.
    static let religions: Set<String> = [
        "muslim", "christian", "jewish", "hindu", "sikh", "buddhist", "catholic", "atheist", "jain", "rastafarian",
    ]
    static let religionLeads: Set<String> = ["a", "is", "being", "devout", "practising", "practicing", "converted"]
    static let possessives: Set<String> = ["his", "her", "their", "an", "a", "my", "your"]
    static let bodyParts: Set<String> = [
        "arm", "leg", "wrist", "ankle", "foot", "hand", "finger", "toe", "nose", "collarbone", "bone", "elbow", "hip",
        "knee", "shoulder", "rib", "ribs", "jaw", "tooth", "thumb",
    ]
    /// Words that need the one after them to be about health ("broken arm", "mental health").
    static let pairs: [String: Set<String>] = [
        "broke": possessives,
        "broken": possessives.union(bodyParts),
        "mental": ["health", "illness"],
        "eating": ["disorder"],
        "self": ["harm"],
        "off": ["sick", "ill", "poorly", "unwell"],
        "hearing": ["aid", "aids", "impaired", "impairment", "loss"],
        "visually": ["impaired", "impairment"],
        "cerebral": ["palsy"],
        "heart": ["condition", "surgery", "attack", "problem", "problems"],
        // "is expecting a baby", "expecting twins" (the "a baby" checked below).
        "expecting": ["a", "twins", "triplets", "baby"],
        "down": ["syndrome"],
    ]
    /// Words after a health word that make it something else ("cast list", "operation Christmas", "sick of").
    static let notHealthAfter: Set<String> = [
        "of", "list", "member", "members", "christmas", "child", "day", "week", "awareness", "month", "team",
        "jab", "jabs", "vaccination", "vaccinations", "vaccine", "clinic", "radio", "visit", "friendly", "charity",
        "charities", "appeal", "fund", "fundraiser", "fundraising", "corner", "play", "role", "theme", "topic",
        "school", "schools", "community", "communities", "families", "family", "festival", "festivals", "church",
        "churches", "values", "ethos", "faith", "faiths", "worship", "assembly", "calendar", "friendly", "games",
    ]

    func findings(in text: ScreeningText, names: [Finding], _ found: inout [Finding]) {
        let tokens = text.tokens
        // Cheap test first: most posts hold no health word at all (one bit per word, set when the words were
        // looked up; a text never looked up is read word by word).
        func isHealth(_ i: Int) -> Bool {
            text.flags.isEmpty
                ? Self.words.contains(tokens[i].folded) || Self.pairs[tokens[i].folded] != nil
                    || Self.religions.contains(tokens[i].folded) : text.has(i, .health)
        }
        guard let firstHealth = tokens.indices.first(where: isHealth) else { return }
        // A name found counts by its first and its last word ("Liv O'Neill-Brown").
        var named: [Int] = []
        for name in names {
            guard let first = text.token(startingAt: name.start) else { continue }
            named.append(first)
            var last = first
            while last + 1 < tokens.count, tokens[last + 1].end <= name.end { last += 1 }
            if last != first { named.append(last) }
        }
        /// Whether token `k` names a person: a pupil's name found, "Mrs Patel", or a pupil's or a colleague's name.
        func isPerson(_ k: Int) -> Bool {
            guard tokens[k].capitalised else { return named.contains(k) }
            if text.has(k, .forename) || text.has(k, .staffSurname) || text.has(k, .staffForename) { return true }
            return k > 0 && text.has(k - 1, .title)
                && !tokens[k].gap.isDisjoint(with: [.whiteSpaceJoin, .startsWithPeriod])
                || named.contains(k)
        }
        var i = firstHealth
        while i < tokens.count {
            guard isHealth(i) else {
                i += 1
                continue
            }
            let word = tokens[i].folded
            var end = i
            if let next = Self.pairs[word] {
                guard i + 1 < tokens.count, next.contains(tokens[i + 1].folded) else {
                    i += 1
                    continue
                }
                end = i + 1
                // "expecting a baby", not "expecting a visit".
                if word == "expecting", tokens[end].folded == "a" {
                    guard end + 1 < tokens.count, tokens[end + 1].folded == "baby" else {
                        i += 1
                        continue
                    }
                    end += 1
                }
                // "broke his arm": the body part too.
                if Self.possessives.contains(tokens[end].folded) {
                    guard end + 1 < tokens.count, Self.bodyParts.contains(tokens[end + 1].folded) else {
                        i += 1
                        continue
                    }
                    end += 1
                }
            } else if Self.religions.contains(word) {
                // "as a Muslim", "is Jewish": said of someone; "our Muslim families", "a Christian school" are not.
                guard i > 0, Self.religionLeads.contains(tokens[i - 1].folded) else {
                    i += 1
                    continue
                }
            } else if !Self.words.contains(word)
                || (tokens[i].capitalised && !tokens[i].allCaps && !text.startsSentence(i))
            {
                // "Operation Christmas Child", "Flu Clinic": a capitalised name of something.
                i += 1
                continue
            }
            // "running for the children's hospital", "money for the hospital": the place, not anyone's stay.
            if word == "hospital", i > 1,
                (tokens[i - 1].folded == "s" && tokens[i - 2].folded == "children")
                    || (tokens[i - 1].folded == "the" && tokens[i - 2].folded == "for")
            {
                i += 1
                continue
            }
            if end + 1 < tokens.count, Self.notHealthAfter.contains(tokens[end + 1].folded) {
                i = end + 1
                continue
            }
            let near = max(0, i - 12)...min(tokens.count - 1, end + 12)
            let about = near.contains { p in
                (p < i || p > end) && text.sameSentence(min(p, i), max(p, end)) && isPerson(p)
            }
            if about {
                let span = text.text(tokens[i].start, tokens[end].end)
                found.append(
                    Finding(
                        category: .personalData, kind: "health", severity: .block, start: tokens[i].start,
                        end: tokens[end].end, text: span,
                        message:
                            "\"\(span)\" is health or other special-category information about a named person. Leave it out, or ask them first."
                    ))
            }
            i = end + 1
        }
    }
}
