// Issue 20: what posts written by people who had not seen the rules taught the engine (tests/corpus/unseen-*.jsonl).
// Each rule beside its near miss: the expected answers come from the cases and policy 4.5 and 4.7 (a child
// named, a rude word however spelt, personal or special-category data about a named person), not from the code.

import Foundation
import StewardCore
import Testing

@Suite("Screening: lessons from posts written without seeing the rules")
struct UnseenPostsTests {
    static let screener = Screener(
        context: ScreeningContext(
            pupils: [
                Pupil(legalForename: "Poppy", surname: "Marsh", className: "Oak"),
                Pupil(legalForename: "Hope", surname: "Adeyemi", className: "Elm"),
                Pupil(legalForename: "Summer", surname: "Hayes", className: "Ash"),
                Pupil(legalForename: "Autumn", surname: "Blake", className: "Rowan"),
                Pupil(legalForename: "Faith", surname: "Okoro", className: "Elm"),
                Pupil(legalForename: "Mark", surname: "Dunn", className: "Oak"),
                Pupil(legalForename: "Will", surname: "Turner", className: "Ash"),
                Pupil(legalForename: "Jan", surname: "Nowak", className: "Oak"),
                Pupil(legalForename: "May", surname: "Chen", className: "Ash"),
                Pupil(legalForename: "Donald", preferredForename: "Don", surname: "Price", className: "Acorn"),
                Pupil(legalForename: "Zara", surname: "Khan", className: "Oak"),
                Pupil(legalForename: "Aisha", surname: "Begum", className: "Birch"),
                Pupil(legalForename: "Leo", surname: "Kaur", className: "Birch"),
                Pupil(legalForename: "Harry", surname: "Whitmore", className: "Oak"),
                Pupil(legalForename: "Theodore", preferredForename: "Teddy", surname: "Hughes", className: "Acorn"),
                Pupil(legalForename: "Ethan", surname: "Nguyen", className: "Willow"),
                Pupil(legalForename: "Olivia", preferredForename: "Liv", surname: "O'Neill-Brown", className: "Oak"),
                Pupil(legalForename: "Jacob", surname: "Wright", className: "Willow"),
                Pupil(legalForename: "Rose", surname: "Ellis-Smythe", className: "Ash"),
                Pupil(legalForename: "Grace", surname: "Taylor", className: "Oak"),
            ],
            staff: [
                StaffMember(forename: "David", surname: "Okafor"), StaffMember(forename: "Lucy", surname: "Fenwick"),
            ]
        ))

    static func found(_ text: String, _ category: FindingCategory) -> [String] {
        screener.screen(text).filter { $0.category == category && $0.severity >= .warn }.map(\.text)
    }

    @Test(
        "A pupil's name is found however the post is written",
        arguments: [
            // In lower case, by a writer who uses no capitals, after praise or opening the sentence with a verb.
            ("well done jan, first time putting your face in the water today!!", ["jan"]),
            ("happy birthday leo, have a lovely day", ["leo"]),
            ("mark finished the whole grid before anyone else", ["mark"]),
            // In a hashtag whose words are told apart by capitals.
            ("#WellDonePoppy", ["Poppy"]), ("So proud! #PoppyMarsh", ["PoppyMarsh"]),
            ("#StarOfTheWeek Summer (Ash) for superb effort in maths", ["Summer"]),
            // With an initial, or where the child is in the school.
            ("Mark D scored a hat-trick for our Year 4 team", ["Mark"]),
            ("Swimathon heroes!! Hope A. and Summer swam 40 lengths each", ["Hope", "Summer"]),
            ("AUTUMN in Rowan class has been working SO hard on her handwriting", ["AUTUMN"]),
            // Beside a capitalised role, listed with another pupil.
            ("Our Faith Ambassadors Aisha and Leo led collective worship beautifully today.", ["Aisha", "Leo"]),
            // Before a possessive and an acronym; in a decorative alphabet after praise.
            ("Teddy's EHCP review went really well today", ["Teddy"]),
            ("Happy birthday ʜᴏᴘᴇ from all of us in Elm class!", ["ʜᴏᴘᴇ"]),
            ("Don scored the winning goal.", ["Don"]), ("Zara's painting is in the hall.", ["Zara"]),
            // Found by an attacker: a full name run together in a hashtag, a mention or a web address; a middle
            // name; where the child is from; a verb and "her"; walking home.
            ("So proud #poppymarsh", ["poppymarsh"]), ("Congrats @PoppyMarsh", ["PoppyMarsh"]),
            ("https://school.uk/news/PoppyMarsh", ["PoppyMarsh"]), ("Well done Poppy Ann Marsh!", ["Poppy Ann Marsh"]),
            ("Hope from Elm class read to us today", ["Hope"]), ("Grace in Year 2 won the race", ["Grace"]),
            ("Rose got her swimming badge", ["Rose"]), ("Poppy walks home along Mill Lane", ["Poppy"]),
        ])
    func namesFound(text: String, names: [String]) {
        #expect(Self.found(text, .pupilName) == names, "\(text)")
    }

    @Test(
        "The same words used as words stay quiet",
        arguments: [
            // Lower case with no praise before it, or with capitals elsewhere in the sentence.
            "we hope you all have a lovely break", "mark the date in your diary", "thank you for your patience",
            "Thank you to everyone who came, you were all a credit to Oak.",
            // Hashtags that are words; a maths sign; a title in capitals.
            "Please give generously #PoppyAppeal", "#SummerFair this Saturday from 12",
            "May I remind everyone that the gates close at 8.55", "Summer A level results are out",
            "Summer in Year 6 means SATs revision, sorry!",
            // Months, brands, a verb, an email address.
            "Reminder: we break up for May half term on Friday 23rd.", "The Jan sale at the uniform shop starts soon.",
            "No need for anything from Zara or Next, old clothes are perfect.",
            "Stands from the NHS, Arup, Zara's retail recruitment team and 30 local employers.",
            "Don your waterproofs, it'll be muddy!!", "Email her at aisha.rahman76@example.com",
            "Jan 6th: school reopens.", "A teddy bears' picnic in Acorn", "Chelsea buns at the cake sale",
            "Prince Harry visited the hospice", "#summerfair this Saturday", "Summer in Year 6 means SATs",
            // Values written in a decorative alphabet.
            "𝐅𝐚𝐢𝐭𝐡 • 𝐇𝐨𝐩𝐞 • 𝐋𝐨𝐯𝐞 — our school values for the year",
        ])
    func wordsQuiet(text: String) {
        #expect(Self.found(text, .pupilName) == [], "\(text)")
    }

    @Test(
        "Decorative letters that hide nothing are noted; the same letters hiding a name or a word warn",
        arguments: [
            ("𝐒𝐏𝐎𝐑𝐓𝐒 𝐃𝐀𝐘 𝐔𝐏𝐃𝐀𝐓𝐄: Blue team are in the lead!", Severity.info),
            ("ＷＯＲＬＤ ＢＯＯＫ ＤＡＹ: costumes optional", .info), ("ʀᴇᴍɪɴᴅᴇʀ: no school on Friday", .info),
            ("Y6 maths: if 2𝑥 + 7 = 19, what is 𝑥?", .info),
            ("Well done ＰＯＰＰＹ for a super piece of writing!", .warn), ("What the ｆｕｃｋ is going on", .warn),
            // Two alphabets in one word is a disguise whatever it spells.
            ("Our Sp\u{043E}rts Day is on Friday", .warn),
        ])
    func decorativeLetters(text: String, severity: Severity) {
        let hidden = Self.screener.screen(text).filter { $0.category == .hiddenText }
        #expect(!hidden.isEmpty, "\(text)")
        #expect(hidden.map(\.severity).max() == severity, "\(text)")
    }

    @Test(
        "Rude words however written are found; the birds, dogs and dishes that share them stay quiet",
        arguments: [
            ("I am going completely f-ing mad", ["f-ing"]), ("this f'ing printer", ["f'ing"]),
            ("Bollox to this weather", ["Bollox"]), ("Fookin freezing on duty", ["Fookin"]),
            ("Nice tits", ["tits"]), ("What a bitch", ["bitch"]), ("faggots, the lot of them", ["faggots"]),
            ("Blue tits have moved into the bird box", []), ("Best bitch in show went to a cocker spaniel", []),
            ("a lovely Labrador bitch called Honey has had puppies", []),
            ("Wed: Black Country faggots, mash and peas", []), ("a shag drying its wings on the cliffs", []),
            ("Use the f-stop on the camera", []), ("We added cumin to the dal.", []),
            ("Spotted dick for pudding", []), ("Year 6 walked a stretch of Offa's Dyke", []),
            ("We laid new sod on the field", []), ("What a cocky robin!", []),
            ("nig\u{E0041}ger", ["nig\u{E0041}ger"]), ("What a dyke", ["dyke"]),
            // Hashtags: a word of one in capitals, or a stem run together in lower case; not a painter or a sport.
            ("#ShitDay", ["Shit"]), ("#MondaysAreShit", ["Shit"]), ("#fuckthis", ["fuckthis"]),
            ("Year 4 loved #pissarro", []), ("Badminton club #shuttlecock", []), ("Trip to #scunthorpe", []),
        ])
    func rudeWords(text: String, words: [String]) {
        #expect(Self.found(text, .offensiveLanguage) == words, "\(text)")
    }

    @Test(
        "Special-category information about a named person is found; the same words said of nobody stay quiet",
        arguments: [
            ("Please keep Mr Okafor in your prayers as he recovers from heart surgery.", ["heart surgery"]),
            ("Ethan wears his hearing aids with pride.", ["hearing aids"]),
            ("Thank you Aisha for telling Birch about fasting as a Muslim during Ramadan", ["Muslim"]),
            ("Liv O'Neill-Brown, in Oak, gave a brilliant talk to the class about being autistic", ["autistic"]),
            ("Harry W. in Oak had his best week ever, the ADHD medication is working", ["ADHD", "medication"]),
            ("Mrs Fenwick and Mr Okafor are running for the children's hospital.", []),
            ("Mr Okafor is raising money for the hospital.", []),
            ("Miss Whitfield is expecting a baby in June", ["expecting a baby"]),
            ("Mrs Fenwick is expecting a visit from Ofsted", []),
            ("Aisha and Leo told us about Eid with our Muslim families.", []),
            ("As a Christian school, Leo and Aisha lead our worship.", []),
            ("Deaf Awareness Week: Ethan taught us some sign language.", []),
        ])
    func specialCategory(text: String, words: [String]) {
        #expect(Self.found(text, .personalData) == words, "\(text)")
    }

    @Test(
        "Addresses, numbers and dates: a person's are found; a landmark's, a service's and history's stay quiet",
        arguments: [
            (
                "Sign up with Lucy on lucy dot fenwick at hotmail dot co dot uk by Weds!",
                ["lucy dot fenwick at hotmail dot co dot uk"]
            ),
            ("Call me on 0113 496 0000 tonight", ["0113 496 0000"]),
            ("The office said to text 07700 900123", ["07700 900123"]),
            ("He was born on 13 September 2016.", ["13 September 2016"]), ("Jack dob: 2016-03-12", ["2016-03-12"]),
            ("The bus stops on Wartnaby Road at 8am.", ["Wartnaby Road"]),
            ("Meet at the hall at the dot of nine", []), ("Email jacksmith at gmail.com", ["jacksmith at gmail.com"]),
            ("Meet at school.uk for the details", []),
            ("The NSPCC helpline is 0808 800 5000, free and open every day.", []),
            ("Any questions, please ring the main school office on 0113 496 0000.", []),
            ("Roald Dahl was born on 13 September 1916 in Cardiff.", []),
            ("The Great Fire of London started in a bakery on Pudding Lane.", []),
            ("Here Comes the Sun, from Abbey Road.", []),
        ])
    func addressesNumbersDates(text: String, data: [String]) {
        #expect(Self.found(text, .personalData) == data, "\(text)")
    }

    @Test(
        "A confidential term about a person is found; a campaign or children in general stay quiet",
        arguments: [
            ("Jacob Wright has ADHD and sits near the door.", ["ADHD"]),
            ("Update on the exclusion from Year 6.", ["exclusion"]),
            ("World Autism Acceptance Week: Year 5 made posters.", []), ("Autism Awareness Day is on Friday.", []),
            ("A calm space for pupils with autism, ADHD or sensory processing needs.", []),
        ])
    func confidential(text: String, terms: [String]) {
        #expect(Self.found(text, .confidential) == terms, "\(text)")
    }

    @Test("Stealing the show is praise; stealing is not")
    func stoleTheShow() {
        #expect(Self.found("Don Price stole the show as the Innkeeper.", .negativeRemark) == [])
        #expect(Self.found("Mr Okafor stole a phone from the office.", .negativeRemark) == ["stole"])
    }
}

@Suite("Screening: the new rules' edges")
struct UnseenPostsEdgeTests {
    static func personal(_ text: String) -> [String] {
        UnseenPostsTests.found(text, .personalData)
    }

    @Test("Health within 12 words of a name is about them; at 13 words it is not")
    func healthWindow() {
        let twelve = "Harry" + String(repeating: " then", count: 11) + " hospital"
        let thirteen = "Harry" + String(repeating: " then", count: 12) + " hospital"
        #expect(Self.personal(twelve) == ["hospital"])
        #expect(Self.personal(thirteen) == [])
    }

    @Test("A date of birth 100 years ago may be someone's; one a year earlier is history")
    func historyBoundary() {
        let year = Calendar(identifier: .gregorian).component(.year, from: Date()) - 100
        #expect(Self.personal("She was born on 13 September \(year).") == ["13 September \(year)"])
        #expect(Self.personal("She was born on 13 September \(year - 1).") == [])
    }

    @Test("A full name run together is found whole, and only a whole name: not a forename alone or a longer word")
    func joinedNames() {
        #expect(UnseenPostsTests.found("#poppymarsh", .pupilName) == ["poppymarsh"])
        #expect(UnseenPostsTests.found("#poppymarshes", .pupilName) == [])
        #expect(UnseenPostsTests.found("poppymarsh", .pupilName) == [])  // not a hashtag, mention or address
    }
}
