"""The demo's invented clients, written as offsets in days from `today` so they never go stale.

Each client is a plain dict the builder turns into store calls. Day offsets are
negative for the past (``-3`` = three days ago) and positive for the future.
Between them the clients show everything a briefing can: meetings today and this
week (from the shipped calendar, calendar/demo.ics), formal and first-name forms
of address, personal notes to ask about last week and next week, pinned, private
and never-mention notes, open, overdue and kept (on time and late) promises, a
client cooling (falling scores and an open complaint) and one overdue for contact.
"""

from __future__ import annotations

from typing import Any

# Feed files shipped in prepdeck/demo/feeds: file, tags, and the client whose
# newsroom it is (by name), if any.
DEMO_FEEDS: list[dict[str, Any]] = [
    {"file": "freight-europe.xml", "tags": ["logistics", "poland"]},
    {"file": "northway-newsroom.xml", "tags": ["logistics"], "client": "Anna Kowalski"},
    {"file": "bakery-cafe-news.atom", "tags": ["bakery", "food retail"]},
    {"file": "law-practice.xml", "tags": ["legal"]},
    {"file": "biotech-digest.atom", "tags": ["biotech", "life sciences"]},
    {"file": "community-energy.xml", "tags": ["renewable energy"]},
    {"file": "local-gov-chronicle.atom", "tags": ["local government"]},
    {
        "file": "riverside-council-press.atom",
        "tags": ["local government"],
        "client": "David Mensah",
    },
    {"file": "ecommerce-fashion.xml", "tags": ["fashion e-commerce", "retail"]},
    {"file": "dental-practice.atom", "tags": ["dental", "healthcare"]},
    {"file": "business-daily.xml", "tags": ["business", "economy"]},
]

CLIENTS: list[dict[str, Any]] = [
    {
        "name": "Anna Kowalski",
        "company": "Northway Freight Ltd",
        "industry": "logistics",
        "keywords": "Poland, Poznań, warehouse, cross-dock, driver shortage, customs, e-TOLL",
        "email": "anna.kowalski@northwayfreight.example",
        "warmth": 5,
        "status": "active",
        "cadence_days": 14,
        "created": -420,
        "agreed": (
            "Support the Poland expansion: a monthly cost review of the Poznań cross-dock, "
            "introductions to Polish customs and payroll advisers, and a board pack every "
            "quarter. Success = the Poznań site profitable within 18 months."
        ),
        "contacts": [
            ("Anna Kowalski", "Chief Executive", "signs contracts", None),
            (
                "Marek Zieliński",
                "Country Manager, Poland",
                "runs the Poznań site",
                "Mr Zieliński",
                "marek.zielinski@northwayfreight.example",
            ),
            (
                "Jo Pearce",
                "Finance Director",
                "approves budgets",
                None,
                "jo.pearce@northwayfreight.example",
            ),
        ],
        "notes": [
            (
                "Daughter Zofia starts at university in Kraków; Anna is proud and a bit sad.",
                -2,
                True,
                "normal",
                "Anna",
            ),
            ("Ask how the Poznań cross-dock lease signing went.", -1, False, "normal", None),
            ("Marek is running the Poznań half marathon.", 5, False, "normal", "Marek"),
            (
                "Prefers tea to coffee; meet at the Leeds depot, not the city office.",
                None,
                True,
                "normal",
                "Anna",
            ),
            (
                "Board worried that the driver shortage will delay the Polish launch.",
                None,
                False,
                "normal",
                None,
            ),
        ],
        "promises": [
            ("Send the Polish VAT registration guide", -6, 3, None, "Jo"),
            ("Introduce Marek to our Poznań customs broker", -14, -4, None, "Marek"),
            ("Share the haulage rate benchmark", -40, -30, -31, "Anna"),
            ("Draft the Poznań site cost model", -60, -45, -41, "Jo"),
        ],
        "interactions": [
            (
                -120,
                "meeting",
                "Kick-off: agreed the Poland expansion plan and reporting.",
                4,
                False,
                None,
                "Anna",
            ),
            (-88, "call", "Call about warehouse options near Poznań.", 4, False, None, "Marek"),
            (-61, "meeting", "Quarterly review; cost model requested.", 5, False, None, "Jo"),
            (-31, "email", "Sent the haulage rate benchmark.", None, False, None, "Anna"),
            (
                -14,
                "in-person",
                "Site visit to Leeds depot; talked Poznań staffing.",
                5,
                False,
                None,
                "Anna",
            ),
            (-6, "call", "Quick call on VAT registration in Poland.", 5, False, None, "Jo"),
        ],
    },
    {
        "name": "Margaret Hughes",
        "company": "Hughes Family Bakeries",
        "industry": "bakery",
        "keywords": "sourdough, wheat prices, energy costs, oven, high street, franchise",
        "address_as": "Mrs Hughes",
        "email": "margaret@hughesbakeries.example",
        "warmth": 4,
        "status": "active",
        "cadence_days": 30,
        "created": -900,
        "agreed": (
            "Annual accounts and a quarterly margin review per shop; advice on energy "
            "contracts and on whether franchising the next shops makes sense."
        ),
        "contacts": [
            ("Margaret Hughes", "Managing Director", "final say", "Mrs Hughes"),
            (
                "Owen Hughes",
                "Operations Director",
                "runs the bakehouse",
                None,
                "owen@hughesbakeries.example",
            ),
        ],
        "notes": [
            (
                "Had her hip operation last week; ask how the recovery is going.",
                -3,
                True,
                "normal",
                "Margaret",
            ),
            (
                "Grandson Alfie has started helping in the Harrogate shop on Saturdays.",
                None,
                False,
                "normal",
                "Margaret",
            ),
            (
                "Owen is getting married in the spring; ask about the wedding plans.",
                6,
                False,
                "normal",
                "Owen",
            ),
            ("Energy contract for the bakehouse ends in March.", None, False, "normal", None),
            (
                "Never mention the 2019 closure of the York shop: the family fell out over it.",
                None,
                False,
                "never",
                "Margaret",
            ),
        ],
        "promises": [
            ("Compare three energy quotes for the bakehouse", -10, 5, None, "Owen"),
            ("Send a note on the franchise model pros and cons", -35, -20, -12, "Margaret"),
            ("Margin review for the Harrogate shop", -70, -50, -52, "Margaret"),
        ],
        "interactions": [
            (-150, "meeting", "Year-end accounts meeting.", 4, False, None, "Margaret"),
            (
                -95,
                "call",
                "Talked wheat prices and the new Harrogate shop.",
                4,
                False,
                None,
                "Margaret",
            ),
            (-52, "email", "Sent the Harrogate margin review.", None, False, None, "Margaret"),
            (-33, "meeting", "Franchise idea discussed with Owen.", 4, False, None, "Owen"),
            (-12, "email", "Sent the franchise note (a week late).", 3, False, None, "Margaret"),
        ],
    },
    {
        "name": "Priya Patel",
        "company": "Patel & Rowe LLP",
        "industry": "legal",
        "keywords": "legal AI, billable hour, fixed fees, SRA, conveyancing, employment law",
        "address_as": "Mrs Patel",
        "email": "p.patel@patelrowe.example",
        "warmth": 2,
        "status": "active",
        "cadence_days": 21,
        "created": -600,
        "agreed": (
            "Practice-management advice: move the firm from hourly billing to fixed fees "
            "for conveyancing, a monthly KPI pack, and replies within two working days."
        ),
        "contacts": [
            ("Priya Patel", "Managing Partner", "signs engagement letters", "Mrs Patel"),
            (
                "Daniel Rowe",
                "Partner, Employment",
                "new practice area",
                "Mr Rowe",
                "d.rowe@patelrowe.example",
            ),
            ("Sophie Lin", "Practice Manager", "day-to-day contact", None),
        ],
        "notes": [
            (
                "Running the London Marathon for a children's hospice; ask about training.",
                4,
                False,
                "normal",
                "Priya",
            ),
            (
                "Vegan: book the place on Granby Street, not the steakhouse.",
                None,
                True,
                "normal",
                "Priya",
            ),
            (
                "Unhappy that our last two KPI packs were late; acknowledge it first.",
                None,
                True,
                "normal",
                None,
            ),
            (
                "Daniel's team joined in the autumn; wants to launch employment fixed fees.",
                None,
                False,
                "normal",
                "Daniel",
            ),
        ],
        "promises": [
            ("Send the October KPI pack", -25, -9, None, "Sophie"),
            ("Fixed-fee price list for conveyancing", -20, -2, None, "Priya"),
            ("Benchmark of AI research tools for the partners' meeting", -5, 9, None, "Daniel"),
            ("September KPI pack", -55, -40, -33, "Sophie"),
        ],
        "interactions": [
            (
                -140,
                "meeting",
                "Strategy day: fixed fees agreed in principle.",
                5,
                False,
                None,
                "Priya",
            ),
            (-100, "call", "Call about the employment team hire.", 5, False, None, "Daniel"),
            (-70, "meeting", "Monthly review; KPIs on track.", 4, False, None, "Priya"),
            (-40, "call", "September KPI pack chased; sent late.", 3, False, None, "Sophie"),
            (
                -18,
                "meeting",
                "Monthly review: frustrated about late packs and slow replies.",
                2,
                True,
                None,
                "Priya",
            ),
            (
                -8,
                "email",
                "Apologised and promised the October pack this week.",
                2,
                False,
                None,
                "Priya",
            ),
        ],
    },
    {
        "name": "Samuel Okafor",
        "company": "Helix Bio",
        "industry": "biotech",
        "keywords": "antibody, Series A, clinical trial, MHRA, Cambridge, rheumatoid arthritis",
        "address_as": "Dr Okafor",
        "email": "s.okafor@helixbio.example",
        "warmth": 4,
        "status": "prospect",
        "cadence_days": 30,
        "created": -130,
        "agreed": (
            "Prospect: help prepare the Series A data room and the finance model; "
            "a proposal for ongoing CFO support once the round closes."
        ),
        "contacts": [
            ("Samuel Okafor", "Chief Executive and co-founder", "decides", "Dr Okafor"),
            (
                "Hannah Berg",
                "Head of Operations",
                "runs the lab move",
                None,
                "h.berg@helixbio.example",
            ),
        ],
        "notes": [
            (
                "Twins born in the summer (Ada and Tobi); very little sleep.",
                None,
                True,
                "normal",
                "Samuel",
            ),
            (
                "Moving the lab to Cambridge Science Park next month; ask how it went.",
                10,
                False,
                "normal",
                "Hannah",
            ),
            (
                "Was passed over for the CEO job at his last company: never bring it up.",
                None,
                False,
                "never",
                "Samuel",
            ),
        ],
        "promises": [
            ("Send the Series A data room checklist", -12, -3, -3, "Samuel"),
            ("Proposal for part-time CFO support", -4, 6, None, "Samuel"),
        ],
        "interactions": [
            (-110, "meeting", "Intro meeting via the Cambridge network.", 4, False, None, "Samuel"),
            (-60, "call", "Call on MHRA fast-track and trial budget.", 4, False, None, "Samuel"),
            (
                -12,
                "in-person",
                "Lab visit; talked about the Series A timetable.",
                5,
                False,
                None,
                "Hannah",
            ),
        ],
    },
    {
        "name": "Gwen Evans",
        "company": "Valley Sun Energy Co-op",
        "industry": "renewable energy",
        "keywords": "community energy, solar, battery storage, grid connection, Ofgem, share offer",
        "email": "gwen@valleysun.example",
        "warmth": 3,
        "status": "active",
        "cadence_days": 30,
        "created": -700,
        "agreed": (
            "Annual accounts and member reporting for the co-op; help with the grant "
            "application for the battery project."
        ),
        "contacts": [
            ("Gwen Evans", "Chair", "speaks for the board", None),
            ("Rhys Morgan", "Treasurer", "approves payments", None),
        ],
        "notes": [
            (
                "Just back from walking the Camino de Santiago; ask about it.",
                -5,
                False,
                "normal",
                "Gwen",
            ),
            (
                "The battery project depends on the community energy fund reopening.",
                None,
                True,
                "normal",
                None,
            ),
            ("Rhys is moving to Cardiff in the new year.", None, False, "normal", "Rhys"),
        ],
        "promises": [
            ("Check the grant criteria for battery storage", -80, -60, None, "Gwen"),
            ("Member report template", -110, -90, -91, "Rhys"),
        ],
        "interactions": [
            (-160, "meeting", "AGM preparation.", 4, False, None, "Gwen"),
            (-120, "call", "Call about the share offer.", 4, False, None, "Rhys"),
            (-76, "email", "Sent thoughts on the battery project.", 3, False, None, "Gwen"),
        ],
    },
    {
        "name": "David Mensah",
        "company": "Riverside Borough Council",
        "industry": "local government",
        "keywords": (
            "procurement, Procurement Act, social value, net zero, retrofit, council budget"
        ),
        "address_as": "Mr Mensah",
        "email": "david.mensah@riverside-borough.example",
        "warmth": 3,
        "status": "active",
        "cadence_days": 45,
        "created": -365,
        "agreed": (
            "Framework contract: procurement training for the council's buyers and a "
            "review of social value scoring; invoices go through the purchase-order portal."
        ),
        "contacts": [
            ("David Mensah", "Head of Procurement", "signs off frameworks", "Mr Mensah"),
            (
                "Cllr Ruth Adeyemi",
                "Cabinet Member for Finance",
                "political sign-off",
                "Councillor Adeyemi",
            ),
        ],
        "notes": [
            ("Supports Leyton Orient; season-ticket holder.", None, False, "normal", "David"),
            (
                "Budget consultation closes soon; they may cut the training budget.",
                None,
                True,
                "normal",
                None,
            ),
            ("His mother is in hospital; he may be distracted.", None, False, "private", "David"),
        ],
        "promises": [
            ("Send the social value scoring review", -20, 7, None, "David"),
            ("Training dates for the spring", -50, -35, -30, "David"),
        ],
        "interactions": [
            (-130, "meeting", "Framework kick-off at the civic centre.", 4, False, None, "David"),
            (
                -80,
                "in-person",
                "Ran the first procurement training session.",
                5,
                False,
                None,
                "David",
            ),
            (-30, "email", "Sent spring training dates.", None, False, None, "David"),
            (-21, "call", "Call about the Procurement Act notices.", 4, False, None, "David"),
        ],
    },
    {
        "name": "Lena Fischer",
        "company": "Threadline",
        "industry": "fashion e-commerce",
        "keywords": (
            "returns, resale, Shopify, sustainable fabrics, Berlin, Germany, EU textile rules"
        ),
        "email": "lena@threadline.example",
        "warmth": 4,
        "status": "active",
        "cadence_days": 21,
        "created": -250,
        "agreed": (
            "Growth advice for the move into Germany: returns policy, payments, and a "
            "fortnightly call with the founders."
        ),
        "contacts": [
            ("Lena Fischer", "Founder", "decides", None),
            (
                "Kofi Mensah-Brown",
                "Head of Growth",
                "marketing budget",
                None,
                "kofi@threadline.example",
            ),
        ],
        "notes": [
            (
                "Moving to Berlin to open the new office; flat hunting in Kreuzberg.",
                2,
                True,
                "normal",
                "Lena",
            ),
            (
                "Had a week in Lisbon with her partner; loved the tiles.",
                -6,
                False,
                "normal",
                "Lena",
            ),
            (
                "Kofi wants data on returns costs before changing the policy.",
                None,
                False,
                "normal",
                "Kofi",
            ),
        ],
        "promises": [
            ("Returns-cost model for the German launch", -9, 4, None, "Kofi"),
            ("Intro to a Berlin payments consultant", -30, -21, -22, "Lena"),
            ("Summary of EU textile labelling rules", -45, -30, -26, "Lena"),
        ],
        "interactions": [
            (-150, "meeting", "First meeting: Germany plan.", 4, False, None, "Lena"),
            (-100, "call", "Fortnightly call: payments in Germany.", 4, False, None, "Lena"),
            (-60, "call", "Fortnightly call: resale partnership.", 5, False, None, "Kofi"),
            (-26, "email", "Sent textile rules summary (late).", 4, False, None, "Lena"),
            (-9, "call", "Fortnightly call: returns policy.", 5, False, None, "Kofi"),
        ],
    },
    {
        "name": "Fatima Khan",
        "company": "BrightSmile Dental Group",
        "industry": "dental",
        "keywords": "NHS dental contract, dental nurses, aligners, patient recall, acquisitions",
        "address_as": "Dr Khan",
        "email": "f.khan@brightsmile.example",
        "warmth": 4,
        "status": "active",
        "cadence_days": 30,
        "created": -540,
        "agreed": (
            "Due diligence on each practice acquisition and a monthly group dashboard; "
            "target of twelve practices by next year."
        ),
        "contacts": [
            ("Fatima Khan", "Founder and Clinical Director", "final say", "Dr Khan"),
            (
                "Tom Walsh",
                "Group Practice Manager",
                "runs recruitment",
                None,
                "t.walsh@brightsmile.example",
            ),
        ],
        "notes": [
            ("Going through IVF; only raise it if she does.", None, False, "private", "Fatima"),
            (
                "Son Zain has his GCSE mocks next week; ask how they went after.",
                7,
                False,
                "normal",
                "Fatima",
            ),
            ("Dental nurse vacancies are the group's biggest risk.", None, True, "normal", "Tom"),
        ],
        "promises": [
            ("Due diligence report on the Nottingham practice", -40, -25, -27, "Fatima"),
            ("Nurse recruitment cost analysis", -15, -1, None, "Tom"),
            ("Monthly dashboard for October", -20, -10, -8, "Fatima"),
        ],
        "interactions": [
            (-140, "meeting", "Acquisition strategy meeting.", 4, False, None, "Fatima"),
            (-90, "call", "Call on the NHS contract changes.", 4, False, None, "Fatima"),
            (-45, "meeting", "Nottingham practice review.", 5, False, None, "Fatima"),
            (-27, "email", "Sent the due diligence report.", None, False, None, "Fatima"),
            (-16, "call", "Talked nurse recruitment with Tom.", 4, False, None, "Tom"),
        ],
    },
]
