// Issue 20, screening item 1: forenames that are also words, months, contractions, places, brands and classes, and
// posts written in capitals. The expected answers are the issue's own examples, each beside its near miss.

import StewardCore
import Testing

@Suite("Screening: names that are words, and words that are names")
struct WordNamesTests {
    static let pupils: [Pupil] = [
        "Poppy", "Grace", "Hope", "Will", "Summer", "Rose", "Autumn", "Faith", "Bill", "Jack", "Mark", "Jan", "Don",
        "Chelsea", "Lincoln", "Sydney", "Nicola", "Zara", "May", "Ruby", "Daisy",
    ].enumerated().map { index, name in
        Pupil(legalForename: name, surname: "Surname\(index)", className: index % 2 == 0 ? "Willow" : "Rowan")
    }
    static let screener = Screener(context: ScreeningContext(pupils: pupils))

    /// The pupil names flagged at warn or worse.
    static func flagged(_ text: String) -> [String] {
        screener.screen(text).filter { $0.category == .pupilName && $0.severity >= .warn }.map(\.text)
    }

    @Test(
        "A word-name plainly meant as a child is flagged",
        arguments: [
            ("Great to see Poppy reading in assembly", "Poppy"),
            ("Well done Grace for a fantastic race!", "Grace"),
            ("Congratulations to Hope on her certificate", "Hope"),
            ("Thank you Will for tidying the library", "Will"),
            ("A special mention for Summer who never gave up.", "Summer"),
            ("Rose's painting is on display in the hall.", "Rose"),
            ("Lovely to see Autumn and her dad at the fair.", "Autumn"),
            ("Year 3 and Faith made the best volcano.", "Faith"),
            ("Huge thanks to Bill for carrying the chairs.", "Bill"),
            ("Mark scored twice in the match.", "Mark"),
            ("Jack read his story to the whole school.", "Jack"),
            ("Well done POPPY for a super piece of writing!", "POPPY"),
            // Found by someone who did not write the rules (a helper's 471 posts):
            ("Daisy has settled in beautifully.", "Daisy"), ("Jack is back from the trip.", "Jack"),
            ("A massive well done to Ruby P in Year 2.", "Ruby"), ("Faith (Y5) won first prize!", "Faith"),
            ("So proud of Autumn today.", "Autumn"), ("Our star of the week is Summer!", "Summer"),
        ])
    func wordNameMeantAsChild(text: String, name: String) {
        #expect(Self.flagged(text) == [name], "\(text)")
    }

    @Test(
        "The same word used as a word stays quiet",
        arguments: [
            "Please support the poppy appeal this week.", "We raised £85 for the Poppy Appeal.",
            "We will be closed on Monday.", "Will you help at the summer fair?", "Sing with grace and joy.",
            "Mark your calendars: sports day is on 14 June.", "Please Mark the date in your diary.",
            "Hope you all have a restful half term!", "Enjoy the Summer and see you in September.",
            "Our Summer fair raised £1,000.", "Autumn term starts on 3 September.", "We hope May brings sunshine.",
            "The rose garden is in bloom.", "Sing along to Amazing Grace.", "Our Faith week ends on Friday.",
            "Willow class have been learning about the Vikings.",
            "Well done to Rowan class for the best attendance!", "This week our Christian value is Hope.",
            "We live out our values of Faith, Hope and Love.", "Collective worship this week was about Grace.",
            "Our play this term is Jack and the Beanstalk.", "Year 6 learned about Abraham Lincoln.",
            "Jan–Mar club letters are out.", "This week's Bible verse is Mark 10:14.", "Summer is here at last!",
            "Spring into Summer: our seasons display",
        ])
    func wordUsedAsWord(text: String) {
        #expect(Self.flagged(text).isEmpty, "\(text)")
    }

    @Test(
        "Months, contractions, places and brands are not taken for a Jan, a Don, a Chelsea or a Zara",
        arguments: [
            "Parents' open evening is on 22 Jan from 6pm.", "Jan 14 is an INSET day.", "See you in Jan!",
            "Don't forget PE kit on Thursday.", "DON'T FORGET: NON-UNIFORM DAY ON FRIDAY",
            "Year 6 had a brilliant trip to Lincoln to see the cathedral.",
            "Next year's residential could be to Chelsea, Lincoln or Sydney.",
            "Our link school in Sydney sent us a video.", "We are visiting Chelsea Physic Garden.",
            "The raffle prize is a £20 Zara voucher.", "Which is faster, a Tesla or a Zara?",
        ])
    func notAPerson(text: String) {
        #expect(Self.flagged(text).isEmpty, "\(text)")
    }

    @Test(
        "A place-name or brand-name pupil praised is still flagged",
        arguments: [
            ("Well done to Chelsea for her gold medal!", "Chelsea"),
            ("Thank you Lincoln for showing our visitors around.", "Lincoln"),
            ("Congratulations to Sydney and her team.", "Sydney"),
            ("Zara's poem won the prize.", "Zara"),
            ("Happy birthday to Jan in Willow class!", "Jan"),
            ("Don's first week went brilliantly.", "Don"),
        ])
    func praisedPlaceName(text: String, name: String) {
        #expect(Self.flagged(text) == [name], "\(text)")
    }

    @Test(
        "A post in capitals keeps the names it contains, and its ordinary words stay quiet",
        arguments: [
            ("WELL DONE TO NICOLA FOR HER GOLD MEDAL", ["NICOLA"]),
            ("WELL DONE TO POPPY AND JACK FOR A BRILLIANT RACE!", ["POPPY", "JACK"]),
            ("Ruby and Daisy sang together.", ["Ruby", "Daisy"]),
            ("Rose, Autumn and Summer won.", ["Rose", "Autumn", "Summer"]),
            ("Well done Hope, Faith and Will!", ["Hope", "Faith", "Will"]),
            ("CONGRATULATIONS TO ZARA ON HER SWIMMING CERTIFICATE", ["ZARA"]),
            ("WELL DONE TO EVERYONE FOR A FANTASTIC SPORTS DAY!", []),
            ("MARK YOUR CALENDARS FOR THE SUMMER FAIR", []),
            ("HOPE YOU ALL HAVE A LOVELY HALF TERM", []),
        ])
    func capitals(text: String, names: [String]) {
        #expect(Self.flagged(text) == names, "\(text)")
    }
}
