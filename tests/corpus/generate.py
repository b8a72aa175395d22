"""Writes posts.jsonl: realistic primary-school posts for screening evaluation, each with the spans it should be
flagged for. Hand-written templates, filled from fixed lists with a fixed seed, so the corpus is reproducible
(python3 tests/corpus/generate.py) and reviewable. Every category has hard negatives beside its positives.

A label is {"category", "start", "end", "text"} in code points of the text. Unlabelled posts must produce no
finding at warn or block."""
import json
import random
from pathlib import Path

random.seed(20261125)
HERE = Path(__file__).resolve().parent

# Pupils without consent for their name (full names block, forenames warn), by the forms teachers write.
NO_CONSENT_FULL = ["Jack Smith", "Liv O'Neill-Brown", "Olivia O'Neill-Brown", "Zoe Lukasik", "Zoë Łukasik",
                   "Grace Taylor", "May Chen", "Bill Evans", "William Evans", "Muhammad Rahman", "Amelia Kowalski",
                   "Oscar Fitzgerald", "Noah Okafor", "Freya Jones", "Teddy Hughes", "Theodore Hughes",
                   "Aisha Begum", "Lucas Da Silva", "Ruby Patel", "Harry Whitmore", "Sophie Lefèvre", "Sophie Lefevre",
                   "Ethan Nguyen", "Poppy Marsh", "Rose Ellis-Smythe", "Leo Kaur", "Evie Brennan", "Mohammed Ali",
                   "Ava Thompson", "Alfie Robinson", "Daisy Clarke", "Jacob Wright", "Hope Adeyemi"]
FORENAMES = ["Olivia", "Muhammad", "Amelia", "Oscar", "Noah", "Freya", "Teddy", "Lucas", "Harry", "Sophie", "Ethan",
             "Leo", "Evie", "Mohammed", "Ava", "Alfie", "Jacob", "Zoë", "Liv", "Aisha"]
CONSENTED = ["Mary-Jane Watson Price", "Isla MacDonald"]
STAFF_NAMES = ["Mrs Ashworth", "Mr Okafor", "Miss Whitfield", "Mr Pike", "Mrs Rahman", "Ms Fenwick", "Mr Doyle",
               "Mrs Holloway"]

CLASSES = ["Oak", "Ash", "Elm", "Birch", "Rowan", "Willow", "Acorn"]
YEARS = ["Reception", "Year 1", "Year 2", "Year 3", "Year 4", "Year 5", "Year 6"]
ACTIVITIES = ["made volcanoes in science", "wrote brilliant poems about autumn", "visited the local library",
              "practised their times tables with a relay race", "planted bulbs in the school garden",
              "performed their class assembly", "built bridges out of spaghetti", "learned about the Romans",
              "painted self-portraits in the style of Frida Kahlo", "tried tag rugby for the first time",
              "cooked vegetable soup", "recorded a podcast about recycling", "went pond dipping",
              "explored 3D shapes with marshmallows", "sang at the care home", "made Diwali lamps out of clay"]
PRAISE = ["for amazing effort in maths", "for being a kind friend all week", "for a super piece of writing",
          "for brilliant teamwork", "for reading every night", "for fantastic progress in swimming",
          "for helping tidy the library", "for a wonderful science investigation"]


class Post:
    def __init__(self, note=""):
        self.text = ""
        self.labels = []
        self.note = note

    def add(self, text, category=None):
        start = len(self.text)
        self.text += text
        if category:
            self.labels.append({"category": category, "start": start, "end": len(self.text), "text": text})
        return self

    def to_json(self, index):
        return {"id": f"p{index:03d}", "text": self.text, "labels": self.labels, "note": self.note}


posts = []


def post(*parts, note=""):
    p = Post(note)
    for part in parts:
        if isinstance(part, tuple):
            p.add(part[0], part[1])
        else:
            p.add(part)
    posts.append(p)


# --- Clean posts: class news, trips, results, celebrations, notices. -----------------------------------------
for i in range(130):
    kind = i % 6
    year, cls, act = random.choice(YEARS), random.choice(CLASSES), random.choice(ACTIVITIES)
    if kind == 0:
        post(f"This week {year} {act}. We are so proud of everyone in {cls} class! 🌟")
    elif kind == 1:
        a, b = random.randint(1, 6), random.randint(0, 5)
        post(f"Football results: St Cleopas {a} – {b} Holy Trinity. What a match on Saturday, well played to the whole team ⚽")
    elif kind == 2:
        post(f"Reminder: {year} trip to the Science Museum is on {random.randint(2, 27)} {random.choice(['March', 'June', 'October', 'May'])}. "
             f"Please send a packed lunch and a waterproof coat. Thank you!")
    elif kind == 3:
        post(f"Huge thanks to our PTA who raised £{random.randint(200, 2000)}.{random.randint(10, 99)} at the {random.choice(['Christmas fair', 'summer fete', 'cake sale', 'disco'])}. "
             f"The money will buy new books for the library.")
    elif kind == 4:
        post(f"{cls} class have been learning about {random.choice(['the water cycle', 'forces', 'the Tudors', 'fractions', 'habitats'])}. "
             f"Ask your child to tell you three things they learned!")
    else:
        post(f"School closes at 1.30pm on Friday {random.randint(1, 28)} {random.choice(['July', 'December', 'April'])} for the end of term. "
             f"Have a restful break and we will see you on {random.choice(['Monday', 'Tuesday'])}!")

# --- Pupil names. -----------------------------------------------------------------------------------------------
for name in NO_CONSENT_FULL:
    post("Well done to ", (name, "pupil-name"), f" {random.choice(PRAISE)}! 🏅")
for name in random.sample(NO_CONSENT_FULL, 12):
    post(f"Star of the week in {random.choice(CLASSES)} goes to ", (name.upper(), "pupil-name"), "!")
for name in random.sample(NO_CONSENT_FULL, 10):
    post("Look at ", (name, "pupil-name"), "'s fantastic model of a Roman villa.")
for name in ["Jack Smith", "Freya Jones", "Noah Okafor", "Ruby Patel", "Harry Whitmore"]:
    first, last = name.split(" ", 1)
    post("Our spelling bee winner is ", (f"{first}\n{last}", "pupil-name"), ". Congratulations!", note="split across a line")
for initial, surname in [("J.", "Smith"), ("O.", "Fitzgerald"), ("A", "Kowalski"), ("N.", "Okafor"), ("E.", "Nguyen"),
                         ("L.", "Kaur")]:
    post("Congratulations to ", (f"{initial} {surname}", "pupil-name"), " on reaching the county chess final.")
for name in random.sample(FORENAMES, 20):
    post((name, "pupil-name"), f" {random.choice(['read a chapter to the class', 'painted a beautiful sunset', 'scored the winning goal', 'helped a new friend settle in'])} today.")
for name in CONSENTED:
    post(f"Congratulations to {name}, our new school council chair!", note="consent for name: info only")
# Ordinary-word names with evidence of a person.
post("Well done ", ("Hope", "pupil-name"), " for your lovely handwriting!")
post(("Grace", "pupil-name"), "'s poem was read out in assembly.")
post("Thank you ", ("May", "pupil-name"), " for helping in the library.")
post("Well done ", ("Bill", "pupil-name"), " and ", ("Ruby", "pupil-name"), " for your brilliant presentation.")
post("A big shout out to ", ("Daisy", "pupil-name"), " who swam her first length today!")
post(("Rose", "pupil-name"), " scored twice in the netball match.")
# Hard negatives for names.
for text in ["We hope you all have a lovely half term!", "Sports day will be in May, weather permitting.",
             "Say grace before lunch is part of our Christian ethos.", "Amazing Grace was sung beautifully at the carol service.",
             "The bill for the residential trip is now due.", "Will you be joining us for the nativity?",
             "Jackson Pollock inspired our splatter paintings!", "The jackpot in the PTA raffle was a hamper.",
             "We planted a rose bush and daisy chains were made on the field.", "Ruby red poppies for Remembrance Day.",
             "Mrs Holloway's class made Christmas cards.", "Miss Whitfield led a lovely assembly.",
             "Year 3 read The Iron Man by Ted Hughes.", "We learned about Harry Beck's tube map.",
             "Smithfield market was our history topic.", "Our Oscar-winning performance of the play!",
             "Noah's Ark was our RE story this week.", "The daisy, the rose and the poppy: Year 1 learned flower names.",
             "Leo the lion visited Reception for our animal week.", "Evie-Mae from the library came to read to us.",
             "May the force be with you on Star Wars day!", "We hope May brings sunshine for sports day.",
             "The Jacobite rebellion fascinated Year 6.", "Freyasgard is not a real place, but it was a lovely story.",
             "Mr Okafor's football club won the league.", "Harrying the sheep is not allowed at the farm visit.",
             "Ask Aisha at the office about dinner money.", "Grace Holloway, our deputy head, has joined the governors.",
             "A stream of oscars: trophies for every child in the play.", "Polar bears were the theme: Ava-lanche of fun!"]:
    post(text, note="hard negative: names")

# --- Personal data. ---------------------------------------------------------------------------------------------
for email in ["jane.doe@gmail.com", "mark_t1980@hotmail.co.uk", "s.kaur@yahoo.com", "dad.of.three@outlook.com"]:
    post("If you found a blue lunchbox please email ", (email, "personal-data"), " – thank you!")
for phone in ["07700 900123", "07700900456", "+44 7700 900789", "(01632) 960 001", "020 7946 0018", "0161 496 0000",
              "+44 (0)1632 960123"]:
    post("For the football club lift share ring ", (phone, "personal-data"), " after 6pm.")
for pc in ["SW1A 1AA", "M1 1AE", "B33 8TH", "CR2 6XH", "LS1 4AP"]:
    post("Lost: a grey cardigan, please drop it to ", (pc, "personal-data"), " or the office.")
for addr in ["14 Acacia Avenue", "7 Church Lane", "221 Baker Street", "3 Meadow Close"]:
    post("The party invitations said ", (addr, "personal-data"), " but it has moved.")
post("Happy birthday ", ("Jack", "pupil-name"), "! Born on ", ("12/03/2016", "personal-data"),
     " and now a whole 10 years old 🎂")
post("Our class mascot was born ", ("3rd March 2017", "personal-data"), ", so we had a party.")
post("Her date of birth is ", ("21/03/2017", "personal-data"), " for the passport form.")
post(("Jack Smith", "pupil-name"), ", ", ("aged 10", "personal-data"), ", won the cross-country race!")
post(("Ruby Patel", "pupil-name"), " ", ("(8)", "personal-data"), " raised money for the hospice.")
post("Pupil record ", ("R801200101001", "personal-data"), " needs updating.")
post("NHS number ", ("943 476 5919", "personal-data"), " was on the medical form.")
post("Casual staff NI number ", ("JG103759A", "personal-data"), " for payroll.")
post("Please contact the office on office@stcleopas.example.org with any questions.", note="school mailbox: info")
post("Please ring the school office on 01632 960 555 if your child is unwell.",
     note="allowed in terms.txt: the school's own number")
for text in ["We raised £1,234.50 for charity!", "Year 6 won 21-14 against Holy Trinity.",
             "Our trip is on 12/03/2026 – forms by Friday.", "Class 3 read 1500 pages this term.",
             "Doors open at 08:45 and close at 15:15.", "The school was built in 1897.",
             "Room 101 is our new music room.", "Page 943 of the atlas shows the Andes.",
             "Year 4 multiplied 07700 by 3 in maths... just kidding!", "Our postcode competition: guess the county!",
             "Tickets are £3.50 for adults and £1.50 for children.", "Score: 3 goals to 2 at half time.",
             "Mr Pike is 6 feet tall, said Year 2.", "We counted 900123 grains of rice (roughly!).",
             "Our school phone is now on the website.", "Year 5 learned about longitude 0.1276 W.",
             "Birthday party photos from the 1970s were shared by our oldest governor.",
             "Born Free was our film of the week.", "Key Stage 2 SATs week is 11-14 May.",
             "Bus number 88 will collect us at 9."]:
    post(text, note="hard negative: numbers")

# --- Offensive language. ----------------------------------------------------------------------------------------
for pre, word, post_text in [("What the ", "fuck", " happened to the printer"), ("This ", "shit", " Wi-Fi again"),
                             ("Who left this ", "crap", " in the staffroom?"), ("Oh ", "f*ck", ", the coach is late"),
                             ("", "Sh1t", ", forgot the permission slips"), ("The trip was ", "f.u.c.k.i.n.g", " brilliant"),
                             ("", "Fuuuuck", " the assembly overran"), ("What a ", "bastard", " of a day"),
                             ("Such a ", "b*tch", " of a hill on the walk"), ("", "$hit", " weather for sports day"),
                             ("That ", "wanker", " parked across the gates again"), ("", "FUCKING", " brilliant effort"),
                             ("What the ", "fu\u200bck", " is this"), ("Pure ", "bollocks", " from the council"),
                             ("", "F U C K", " this Monday"), ("Absolute ", "sh!t", " traffic"),
                             ("Too ", "pissed", " to mark books tonight"), ("Stop being a ", "twat", " in the car park"),
                             ("", "B@stard", " laminator jammed again"), ("Hell of a week, what a ", "cluster-fuck", "")]:
    p = Post()
    p.add(pre).add(word, "offensive-language").add(post_text)
    if "\u200b" in word:
        # The invisible character is itself a finding.
        at = len(pre) + word.index("\u200b")
        p.labels.append({"category": "hidden-text", "start": at, "end": at + 1, "text": "\u200b"})
    posts.append(p)
for text in ["Our trip to Scunthorpe was a great success!", "Penistone Grammar School choir joined us.",
             "Essex cricket coaches visited Year 5.", "Cocktail sticks and grapes made molecule models.",
             "A classic story: The Secret Garden.", "We assess reading every half term.",
             "Dick Whittington was our pantomime this year!", "The ass carried Mary in the nativity play.",
             "Shuttlecock skills in PE today.", "Sussex and Middlesex were our county research.",
             "The cockerel crowed as we arrived at the farm.", "We visited Cockermouth on our residential.",
             "Cumbria is beautiful in autumn.", "Analysis of the results shows great progress.",
             "The therapist dog visited Year 2.", "Our passion for reading grows!", "Pass the ball, pass the ball!",
             "Grasshoppers and snails in the garden.", "Cotton balls and glue made our snowmen.",
             "Moby Dick was too long for Year 3, so we read a summary.", "Hancock Primary joined our tournament.",
             "We class these as 'tricky words'.", "The document is on the school website.",
             "Bloody Mary is not a game we allow at break!", "The doorknob on the library door is fixed.",
             "Scrap metal art: we made robots!", "Please assess your child's reading log.",
             "Hot cross buns for Easter.", "Mr Sprick from the council visited.", "A great big thank you to everyone."]:
    post(text, note="hard negative: Scunthorpe")

# --- Remarks against identifiable people. -----------------------------------------------------------------------
for target, remark, tail in [("Mr Pike", "useless", " at organising trips"), ("Mrs Ashworth", "clueless", " about the new system"),
                             ("Jack Smith", "a liar", " and everyone knows it"), ("Miss Whitfield", "lazy", ", honestly"),
                             ("Ms Fenwick", "incompetent", " with the budget"), ("Mr Doyle", "always late", " for duty"),
                             ("Noah Okafor", "a bully", " in the playground")]:
    if target in ("Jack Smith", "Noah Okafor"):
        post((target, "pupil-name"), " is ", (remark, "negative-remark"), tail + ".")
    else:
        post(f"{target} is ", (remark, "negative-remark"), tail + ".")
post(("Jack", "pupil-name"), "'s mum is ", ("always late", "negative-remark"), " at pick-up.")
post(("Freya", "pupil-name"), "'s dad is ", ("rude", "negative-remark"), " to the office staff.")
post("Honestly ", ("Harry Whitmore", "pupil-name"), "'s parents are ", ("useless", "negative-remark"), ".")
post("Mrs Rahman was ", ("disgusting", "negative-remark"), " to the new TA.")
post("Mr Okafor ", ("can't be trusted", "negative-remark"), " with the minibus.")
post("Miss Whitfield is ", ("hopeless", "negative-remark"), " at assemblies.")
post("Ms Fenwick ", ("lied", "negative-remark"), " about the trip money.")
post("Mr Pike is a ", ("disgrace", "negative-remark"), " to the profession.")
post(("Evie", "pupil-name"), "'s mum is so ", ("aggressive", "negative-remark"), " at the gate.")
post("Mrs Holloway ", ("stole", "negative-remark"), " the idea for the fair.")
for text in ["The weather was terrible, but Mr Pike led a fantastic walk.", "Mr Pike was not rude at all, he was lovely!",
             "The traffic was awful this morning; thank you for your patience.", "Nobody likes a rainy sports day!",
             "Mrs Ashworth read The Lazy Lion to Reception.", "Rude words are not allowed: our kindness week.",
             "The wolf in the story was nasty, said Year 1.", "A terrible storm blew the fence down.",
             "Miss Whitfield's class learned about bullying and how to be kind.", "Stealing is wrong: our PSHE topic."]:
    post(text, note="hard negative: remarks")

# --- Confidential matters. --------------------------------------------------------------------------------------
p = Post("an EHCP of a named pupil: confidential, and special-category data")
p.add("Jack Smith", "pupil-name").add(" has an ").add("EHCP", "confidential")
p.labels.append(dict(p.labels[-1], category="personal-data"))
p.add(" now, so he will get more support.")
posts.append(p)
post("Update on the ", ("exclusion", "confidential"), " from Year 6 this week.")
post("Please keep the ", ("disciplinary", "confidential"), " hearing quiet.")
post("Our ", ("SEND", "confidential"), " coordinator is at a conference.")
post("The ", ("social worker", "confidential"), " will visit on Tuesday.")
post(("Free school meals", "confidential"), " forms are in the office.")
post("The ", ("police", "confidential"), " came to school about an incident.")
post("A ", ("safeguarding", "confidential"), " reminder for all staff.")
post("We are sad to announce ", ("redundancies", "confidential"), " in the office.")
p = Post("a diagnosis: confidential, and health data about a named pupil")
p.add("Noah Okafor", "pupil-name").add(" was ").add("diagnosed", "confidential").add(" with ").add("dyslexia", "confidential")
p.add(" last week.")
p.labels += [dict(label, category="personal-data") for label in p.labels if label["category"] == "confidential"]
posts.append(p)
for text in ["Please send a card to the care home.", "We send our best wishes to everyone.",
             "The police horses visited for our people who help us topic!"]:
    # A friendly police visit is still flagged as a term to check; it is labelled so the corpus stays honest.
    if "police" in text:
        i = text.index("police")
        p = Post("visit: still a term to check")
        p.add(text[:i]).add("police", "confidential").add(text[i + len("police"):])
        posts.append(p)
    else:
        post(text, note="hard negative: confidential")

# --- The author's private life. ---------------------------------------------------------------------------------
post("Great day! Off home to ", ("my husband", "personal-content"), " and a takeaway.")
post("Surviving Monday with ", ("my hangover", "personal-content"), ".")
post("Can't wait for ", ("my holiday", "personal-content"), " next week!")
post(("Wine o'clock", "personal-content"), " after that parents' evening!")
post("Thanks to ", ("my wife", "personal-content"), " for baking the cakes for the sale.")
post("Felt ", ("so hungover", "personal-content"), " on the school trip.")
for text in ["My class loved the trip to the farm!", "Our school family is the best.",
             "Thank you to all our wonderful parents.", "My favourite part was the singing, said one pupil."]:
    post(text, note="hard negative: personal")


# --- Names that are words, and words that are names (issue 20). --------------------------------------------------
# The roster has pupils called Summer, Autumn, Faith, Will, Mark, Jan, Don, Chelsea, Lincoln, Sydney, Nicola and Zara
# beside Poppy, Grace, Hope, Rose, Ruby, Daisy and Jack. A name plainly meant as a child is flagged; the same word used
# as a word, a month, a contraction, a place, a brand or a class is not.
WORD_NAMES = ["Poppy", "Grace", "Hope", "Will", "Summer", "Rose", "Autumn", "Faith", "Mark", "Jack", "Ruby", "Daisy"]
for name in WORD_NAMES:
    post("Great to see ", (name, "pupil-name"), f" {random.choice(['reading in assembly', 'at the front of the choir', 'on the climbing wall', 'helping in the garden'])} this morning.")
    post("Congratulations to ", (name, "pupil-name"), f" {random.choice(PRAISE)}!")
    post(("" + name, "pupil-name"), f"'s {random.choice(['painting', 'poem', 'model volcano', 'rocket'])} is on display in the hall.")
    post(f"{random.choice(YEARS)} had a busy week, and a special mention for ", (name, "pupil-name"), " who never gave up.")
for name in ["NICOLA", "POPPY", "JACK", "GRACE", "ZARA"]:
    post("WELL DONE TO ", (name, "pupil-name"), f" FOR {random.choice(['HER GOLD MEDAL', 'HIS SWIMMING CERTIFICATE', 'A BRILLIANT RACE'])}!")
for name in ["Nicola", "Chelsea", "Lincoln", "Sydney", "Zara"]:
    post("Thank you ", (name, "pupil-name"), f" {random.choice(PRAISE)}.")
post("Lovely to see ", ("Sydney", "pupil-name"), " and ", ("Lincoln", "pupil-name"), " reading together at lunch.")
post("A big thank you to ", ("Chelsea", "pupil-name"), " for showing our visitors around.")
post(("Don", "pupil-name"), "'s first week in Reception went brilliantly.")
post("Happy 7th birthday to ", ("Jan", "pupil-name"), " in Willow class!")
# Hard negatives: the same words as words.
for text in [
    "Please support the poppy appeal: poppies are on sale in the office.",
    "We raised £85 for the Poppy Appeal this year. Thank you!",
    "We will be closed on Monday for staff training.",
    "Will you help at the summer fair? Sign up at the office.",
    "Mark your calendars: sports day is on 14 June.",
    "Please Mark the date: our nativity is on 12 December.",
    "Hope you all have a restful half term!",
    "We hope everyone enjoys the Summer holidays.",
    "Enjoy the Summer and we will see you in September.",
    "Our Summer fair raised over £1,000.",
    "Autumn term starts on Wednesday 3 September.",
    "Collecting conkers and leaves on our Autumn walk.",
    "Year 2 learned to accept defeat with grace at sports day.",
    "Our Faith week ends with a visit from the vicar.",
    "The rose garden is looking beautiful this spring.",
    "Don't forget PE kit on Thursday.",
    "Don't miss the book fair: it opens on Monday.",
    "Parents' open evening is on 22 Jan from 6pm.",
    "Jan 14 is our INSET day, so school is closed.",
    "Year 6 had a brilliant trip to Lincoln to see the cathedral and the castle.",
    "Our link school in Sydney sent us a video about their summer.",
    "Year 5 are visiting Chelsea Physic Garden on Friday.",
    "Next year's residential could be to Chelsea, Lincoln or Sydney: vote in the office!",
    "The raffle prize is a £20 Zara voucher kindly donated by a parent.",
    "Willow class have been learning about the Vikings.",
    "Well done to Willow class for the best attendance this week!",
    "Jack Russell puppies visited Reception for our pets topic.",
    "Sing along to Amazing Grace in our carol service.",
    "The clocks go back in Autumn, so enjoy the extra hour.",
    "This week our Christian value is Hope.",
    "We live out our school values of Faith, Hope and Love every day.",
    "Collective worship this week was about Grace and forgiveness.",
]:
    post(text, note="hard negative: names that are words")
for text in ["WELL DONE TO EVERYONE FOR A FANTASTIC SPORTS DAY!", "MARK YOUR CALENDARS FOR THE SUMMER FAIR",
             "HOPE YOU ALL HAVE A LOVELY HALF TERM", "DON'T FORGET: NON-UNIFORM DAY ON FRIDAY"]:
    post(text, note="hard negative: capitals")

# --- Hidden text: look-alike letters (issue 20). -----------------------------------------------------------------
def disguised(lead, text, category, tail, note, hidden=None):
    """A post whose `text` is labelled `category` and, where it is written in look-alike letters, hidden-text (the
    span `hidden` of it, or all of it)."""
    p = Post(note)
    p.add(lead).add(text, category)
    start = len(lead)
    part = hidden if hidden is not None else text
    offset = text.index(part)
    p.labels.append({"category": "hidden-text", "start": start + offset, "end": start + offset + len(part),
                     "text": part})
    p.add(tail)
    posts.append(p)


disguised("Well done ", "ＰＯＰＰＹ", "pupil-name", " for a super piece of writing!", "fullwidth")
disguised("Well done ", "ＪＡＣＫ ＳＭＩＴＨ", "pupil-name", "!", "fullwidth full name")
disguised("What a day, ", "𝐅𝐫𝐞𝐲𝐚 𝐉𝐨𝐧𝐞𝐬", "pupil-name", "!", "mathematical bold")
disguised("Star reader: ", "Ⓝⓞⓐⓗ Okafor", "pupil-name", "!", "circled letters", hidden="Ⓝⓞⓐⓗ")
disguised("Superstar of the week: ", "J\u0334a\u0334c\u0334k\u0334 Smith", "pupil-name", "", "piled-up accents",
          hidden="J\u0334a\u0334c\u0334k\u0334")
disguised("Lovely work from ", "J\u0430ck Smith", "pupil-name", " today.", "a Cyrillic a", hidden="J\u0430ck")
disguised("What the ", "ｆｕｃｋ", "offensive-language", " is going on with the printer", "fullwidth")
disguised("This ", "𝓼𝓱𝓲𝓽", "offensive-language", " Wi-Fi again", "mathematical script")
disguised("Pure ", "ʙᴏʟʟᴏᴄᴋꜱ", "offensive-language", " from the council", "small capitals")
disguised("Oh ", "ⓢⓗⓘⓣ", "offensive-language", ", the coach is late", "circled letters")
for text in ["Привіт to our new Ukrainian families: welcome to St Cleopas!", "Phở day in the canteen was a hit.",
             "Our choir sang Ave Mari\u0301a beautifully.", "The First Noe\u0308l rang out at our carol concert.",
             "Nguyễn family, thank you for the delicious spring rolls!", "Καλημέρα from our Greek club!",
             "Our café raised £120 for the food bank.", "Year 4 made crêpes for Pancake Day.",
             "مرحبا to all our families celebrating Eid this week!", "Our Polish club made pierogi with Pani Łucja."]:
    post(text, note="hard negative: other alphabets and accents")


# --- Disguised, inflected and slang offensive words (issue 20). ---------------------------------------------------
for lead, word, tail in [("Some ", "wankers", " parked on the zigzags again"), ("Stop ", "twatting", " about in the car park"),
                         ("The printer is ", "shitting", " itself again"), ("Absolute ", "cockwomble", " cut me up at the gates"),
                         ("What a ", "wankstain", " of a referee"), ("Total ", "dickwad", " behaviour from the visitors"),
                         ("That ", "shitgibbon", " of a laminator"), ("Some ", "dumbass", " left the gate open"),
                         ("This is ", "horseshit", ""), ("Another ", "fcuking", " Monday"), ("", "Phuck", " this weather"),
                         ("What the ", "fvck", " is this timetable"), ("Such a ", "twunt", " on the phone"),
                         ("Who is the ", "libtard", " who wrote this?"), ("Got a proper ", "bollocking", " from the head"),
                         ("That ", "slapper", " from the other school"), ("Stop being a ", "biatch", " about it"),
                         ("Parents acting like ", "nobheads", " at pick-up"), ("What a ", "f u c k", " up"),
                         ("Proper ", "cvnt", " move")]:
    post(lead, (word, "offensive-language"), tail)
for text in ["Year 6 visited Scunthorpe and Penistone on the geography field trip.", "Our Essex cousins joined the sports day.",
             "Mocktails and cocktail sausages at the summer fair!", "We assess reading every half term.",
             "A classic performance of Dick Whittington at the panto!", "King Cnut and the tide: Year 4's history assembly.",
             "The shaggy dog story made everyone laugh.", "The blue tit nesting box camera is live!",
             "Our pupils from Pakistan shared food from home.", "The raccoon puppet stole the show.",
             "Cockermouth and Clitheroe on the map in Year 5 geography.", "A therapist from the NHS talked about sleep.",
             "We made shuttlecocks and played badminton.", "Dickens, Dahl and Donaldson: our World Book Day favourites."]:
    post(text, note="hard negative: offensive")

# --- Personal data the engine used to miss (issue 20). -------------------------------------------------------------
for lead, street, tail in [("The bus stops on ", "Wartnaby Road", " at 8.05am."),
                           ("Meet us at the corner of ", "Beech Avenue", " after school."),
                           ("We will wait outside ", "Holly Close", " for the minibus.")]:
    post(lead, (street, "personal-data"), tail)
post(("Jack", "pupil-name"), " walks home along ", ("Mill Lane", "personal-data"), " every day.")
post("Tell me your date of birth. It's ", ("30/06/2015", "personal-data"), ".")
post("What is his date of birth? ", ("12/03/2016", "personal-data"), ", I think.")
post(("Mrs Patel", None), " is ", ("off sick", "personal-data"), " today, so Year 3 have a supply teacher.")
post(("Jack", "pupil-name"), " is back from ", ("hospital", "personal-data"), " and doing well.")
post(("Freya Jones", "pupil-name"), " is in ", ("hospital", "personal-data"), " after a fall.")
post("Mr Pike ", ("broke his arm", "personal-data"), " skiing, so PE is with Mrs Holloway.")
post("Get well soon Mrs Rahman, we hope the ", ("surgery", "personal-data"), " went well.")
for text in ["Flu jabs for Year 1 are on Monday.", "Operation Christmas Child boxes are due on Friday.",
             "Mental Health Awareness Week starts on Monday.", "We visited Abbey Road studios on the music trip.",
             "Happy birthday to everyone in Oak class. Sports day is on 12/07/2025 at the park.",
             "Year 2 learned how to call an ambulance in an emergency.", "We walked to Hyde Park for the picnic.", "Reception have turned the role-play corner into a hospital.",
             "Our nurse will check for nits on Tuesday.", "Mr Pike is running the marathon for the hospital charity."]:
    post(text, note="hard negative: personal data")

# --- Posts written by people who had not seen the rules (issue 20). ------------------------------------------------
# unseen-1.jsonl: 170 posts a helper wrote for the four cases of issue 20 without reading the engine; 76 of them
# are hard negatives. The engine was measured on them first, then improved (docs/benchmarks.md has both figures).
# unseen-2.jsonl: 100 more, written afterwards by another helper in other voices (a secondary school, a PE
# department, a teaching assistant's phone), measured before any change made for them.
# Each line: {"text", "labels": [{"category", "text"}], "case", "negative", "note"}; a label's text occurs once.
# One labelling convention was settled for both: a diagnosis or special need said of a named person is
# personal-data (special category) and confidential (clause 4.7), as "diagnosed with dyslexia" is above.
for name in ["unseen-1.jsonl", "unseen-2.jsonl"]:
    for line in (HERE / name).read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        written = json.loads(line)
        p = Post(f"{name}: {written['case']}{' (hard negative)' if written['negative'] else ''}: {written['note']}")
        p.text = written["text"]
        for label in written["labels"]:
            if p.text.count(label["text"]) != 1:
                raise SystemExit(f"{name}: label {label['text']!r} is not in the post exactly once: {p.text}")
            start = p.text.index(label["text"])
            p.labels.append({"category": label["category"], "start": start, "end": start + len(label["text"]),
                             "text": label["text"]})
        posts.append(p)

with open(HERE / "posts.jsonl", "w", encoding="utf-8") as out:
    for index, p in enumerate(posts, 1):
        out.write(json.dumps(p.to_json(index), ensure_ascii=False) + "\n")
print(f"{len(posts)} posts, {sum(len(p.labels) for p in posts)} labels")
