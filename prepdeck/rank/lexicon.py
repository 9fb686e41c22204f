"""Word lists the ranking relies on: function words, personal life, business life, aliases.

They decide which parts of a client's notes describe its business (and so belong
in the news query) and which describe a person's life (and belong to the
briefing's *Ask about* section, not to the news). Lists are of plain lower-case
words; the ranking stems them itself.
"""

from __future__ import annotations

# Function words and the vocabulary of note-taking itself ("discussed", "wants").
STOPWORDS = frozenset(
    """
    a about above after again against all also am an and any are aren as at be because been
    before being below between both but by can cannot could couldn did didn do does doesn
    doing don down during each either else etc ever every few for from further get gets got
    had has have having he her here hers herself him himself his how however i if in into is
    isn it its itself just least less let lets like likes made make makes many may me might
    more most much must my myself near neither no nor not now of off often on once one only
    or other others our ours ourselves out over own per perhaps quite rather re really same
    she should so some such than that the their theirs them themselves then there these they
    this those though through thus to too under until up upon us very via was wasn we well
    were what when where whether which while who whom whose why will with within without
    would yet you your yours yourself yourselves
    said says say saying told tell tells asked ask asks mentioned mention mentions discussed
    discuss discussing talked talk talks spoke speak wants want wanted wanting keen interested
    interest worried worry worries concerned concern thinks think thought feel feels felt
    hopes hope hoping plans planning plan planned prefers prefer preferred loves love hates
    needs need needed going goes went come comes came looking look looks see sees seen know
    knows knew noted note notes remember remind reminder follow followup following up sent
    send sending meeting meetings met call called calling email emailed emails message
    messages chat chatted lunch coffee dinner catch caught agreed agree promised promise
    client clients customer contact contacts today tomorrow yesterday week weeks weekly month
    months monthly year years yearly day days time times morning afternoon evening soon
    recently recent last next new old big small good great bad best better lot lots thing
    things stuff something anything everything nothing maybe probably definitely
    mr mrs ms dr sir madam jan feb mar apr jun jul aug sep sept oct nov dec january
    february march april june july august september october november december monday
    tuesday wednesday thursday friday saturday sunday
    news article articles story stories update updates report reports latest
    """.split()
)

# Words that mark a sentence as being about someone's private life.
PERSONAL = frozenset(
    """
    son sons daughter daughters kid kids child children baby babies toddler teenager
    wife husband partner fiance fiancee spouse girlfriend boyfriend mother mum mom father dad
    parent parents grandson granddaughter grandchild grandchildren grandmother grandfather
    grandma grandpa brother sister sibling siblings niece nephew cousin aunt uncle family
    twins dog dogs puppy cat cats pet pets horse
    birthday wedding anniversary christening graduation graduated retirement funeral
    school schools exams exam
    football soccer rugby cricket tennis golf hockey basketball baseball volleyball
    marathon triathlon half-marathon running runner run jogging cycling cyclist bike
    skiing ski snowboarding hiking climbing swimming swim sailing yacht fishing surfing
    gym yoga pilates fitness match matches league cup tournament team club season fixture
    holiday holidays vacation vacations cottage cabin chalet villa caravan campsite
    camping honeymoon cruise beach safari getaway trip trips
    surgery operation hospital knee hip back shoulder injury injured recovery recovering
    illness ill sick flu covid diagnosis treatment physio chemo cancer pregnant pregnancy
    maternity paternity diet vegan vegetarian gluten allergy allergic teetotal
    hobby hobbies garden gardening allotment piano guitar violin choir concert concerts
    opera theatre gig painting photography knitting baking cooking chess
    moving move house flat apartment mortgage renovation renovating kitchen loft
    favourite favorite fan supporter season-ticket
    """.split()
)

# Words that mark a sentence as being about a business.
BUSINESS = frozenset(
    """
    regulation regulations regulator regulatory rule rules law laws legislation directive
    compliance audit audits tax taxes tariff tariffs duty duties subsidy subsidies grant
    grants licence license permit permits tender tenders bid bids procurement contract
    contracts supplier suppliers supply chain vendor vendors customers market markets
    pricing price prices cost costs margin margins revenue revenues profit profits sales
    turnover budget investment investor investors funding capital ipo shares stock merger
    acquisition acquisitions takeover buyout deal deals partnership joint venture expansion
    expand expanding launch launches launching product products factory plant plants
    warehouse warehouses fleet logistics shipping freight port ports capacity production
    manufacturing inventory demand export exports import imports strategy board ceo cfo cto
    coo hiring layoffs redundancies workforce union strike strikes wages pay payroll
    headquarters hq office offices branch branches subsidiary competitor competitors
    industry sector technology software platform data cloud cyber security energy emissions
    carbon sustainability esg net-zero recycling waste battery batteries electric
    inflation interest-rate rates lending loan loans credit bank banking insurance pension
    pensions property real estate construction infrastructure retail wholesale ecommerce
    patent patents trial trials approval approvals certification standard standards
    outsourcing automation ai digital transformation migration rollout pilot project projects
    programme program initiative rfp quote quotation invoice invoicing rebrand restructuring
    insolvency bankruptcy lawsuit litigation fine fines penalty sanctions
    """.split()
)

# Different words for the same place or thing, folded to one form before stemming so
# that "Polish battery rules" matches an interest in "battery regulation in Poland".
ALIASES: dict[str, str] = {
    # demonyms and short forms -> country
    "polish": "poland",
    "german": "germany",
    "french": "france",
    "spanish": "spain",
    "italian": "italy",
    "dutch": "netherlands",
    "holland": "netherlands",
    "belgian": "belgium",
    "swiss": "switzerland",
    "austrian": "austria",
    "swedish": "sweden",
    "norwegian": "norway",
    "danish": "denmark",
    "finnish": "finland",
    "irish": "ireland",
    "british": "uk",
    "britain": "uk",
    "english": "uk",
    "scottish": "scotland",
    "welsh": "wales",
    "portuguese": "portugal",
    "greek": "greece",
    "czech": "czechia",
    "slovak": "slovakia",
    "hungarian": "hungary",
    "romanian": "romania",
    "bulgarian": "bulgaria",
    "croatian": "croatia",
    "ukrainian": "ukraine",
    "russian": "russia",
    "turkish": "turkey",
    "lithuanian": "lithuania",
    "latvian": "latvia",
    "estonian": "estonia",
    "american": "usa",
    "us": "usa",
    "canadian": "canada",
    "mexican": "mexico",
    "brazilian": "brazil",
    "chinese": "china",
    "japanese": "japan",
    "korean": "korea",
    "indian": "india",
    "australian": "australia",
    "african": "africa",
    "nigerian": "nigeria",
    "kenyan": "kenya",
    "european": "europe",
    "eu": "europe",
    # business synonyms -> one word
    "rule": "regulation",
    "rules": "regulation",
    "regulations": "regulation",
    "regulatory": "regulation",
    "regulator": "regulation",
    "regulators": "regulation",
    "legislation": "regulation",
    "directive": "regulation",
    "directives": "regulation",
    "takeover": "acquisition",
    "takeovers": "acquisition",
    "buyout": "acquisition",
    "acquires": "acquisition",
    "acquire": "acquisition",
    "acquired": "acquisition",
    "merger": "acquisition",
    "mergers": "acquisition",
    "tariffs": "tariff",
    "levy": "tariff",
    "levies": "tariff",
    "layoffs": "redundancy",
    "layoff": "redundancy",
    "redundancies": "redundancy",
    "ev": "electric",
    "evs": "electric",
}

# Corporate suffixes dropped from a company name before it becomes a phrase.
COMPANY_SUFFIXES = frozenset(
    """
    ltd limited inc incorporated llc llp plc gmbh ag sa sas sarl bv nv spa srl oy ab as aps
    co corp corporation company group holdings holding sp zoo kg
    """.split()
)

# Places: a place alone does not make a story relevant ("Poland" matches every Polish
# headline); a place with a topic does. Countries and regions, in their canonical form.
PLACES = frozenset(
    """
    poland germany france spain italy netherlands belgium switzerland austria sweden norway
    denmark finland ireland uk scotland wales portugal greece czechia slovakia hungary romania
    bulgaria croatia ukraine russia turkey lithuania latvia estonia usa canada mexico brazil
    argentina chile colombia peru china japan korea india australia africa nigeria kenya
    ghana egypt morocco europe asia america israel vietnam indonesia thailand singapore
    malaysia philippines pakistan bangladesh saudi emirates qatar london paris berlin madrid
    rome warsaw amsterdam brussels vienna dublin edinburgh glasgow manchester birmingham
    """.split()
)
