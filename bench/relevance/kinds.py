# ruff: noqa: E501  (data: one article per row, long summaries kept on one line)
"""Clients of three kinds — a topic, a topic in a place, one company — with their articles.

Every article, firm and person here is invented. `DEV` clients and their labels were
written from the articles' text BEFORE the place, company and reason work on the
ranking (issue 15) was started, and were then used while tuning it. `HELD_OUT`
clients (and the articles marked "held-out" below) were written and labelled after
that tuning, with no change to the ranking afterwards.

Grades, as in clients.py (2 very relevant, 1 worth raising, unlisted 0), with the
rule for a client whose interest is a topic *in a place*: only an article about the
topic and in the place (named as the country, its people, a region or a city of it)
is relevant; the topic elsewhere, or other news of the place, is 0.

`own` lists each company client's own news (its newsroom, or articles naming its
company): it belongs in the briefing's own line, never among the suggestions to
send, so in a suggestion list it counts as a miss.
"""

from __future__ import annotations

from typing import Any

FEEDS: dict[str, tuple[str, list[str], str | None]] = {
    "deals": ("Deal Journal", ["corporate finance"], None),
    "northwind": ("Northwind Rail newsroom", ["rail"], "northwind"),
    "railnews": ("Rail Business", ["rail"], None),
    "banking": ("Banking Today", ["banking"], None),
}

ARTICLES: list[tuple[str, str, int, str, str]] = [
    # --- acquisitions: Canada and elsewhere ----------------------------------------------
    ("ca-ma-1", "deals", 3, "Calgary pipeline operator agrees C$2bn takeover by US rival", "Prairie Midstream, based in Calgary, accepted a cash offer that values the company at C$2 billion including debt."),
    ("ca-ma-2", "biz", 5, "Toronto lender Maple Trust to buy insurer Northfield Life", "The acquisition gives the bank a foothold in life insurance; regulators in Ottawa must approve the deal."),
    ("ca-ma-3", "deals", 8, "Oil sands producer merges with Edmonton peer", "The all-share merger creates Alberta's third-largest oil sands producer."),
    ("ca-ma-4", "retail", 10, "Canadian grocer Loblane buys Quebec convenience chain", "Loblane will acquire 300 stores across Quebec and New Brunswick."),
    ("ca-ma-5", "deals", 20, "Vancouver miner agrees all-share merger with copper rival", "The combination of the two British Columbia miners creates a copper producer worth C$6 billion."),
    ("ca-ma-6", "biz", 15, "Montreal aerospace supplier acquired by private equity firm", "Laurentide Aero was bought by a buyout fund for an undisclosed sum."),
    ("ca-ma-7", "wire", 6, "Canada tightens review of foreign takeovers in critical minerals", "Ottawa said acquisitions of lithium and nickel miners by state-owned buyers will face a new national security test."),
    ("ca-ma-8", "deals", 30, "Winnipeg insurer completes purchase of Manitoba broker", "The takeover closes after six months of regulatory review."),
    ("ca-gen-1", "wire", 2, "Wildfires force evacuations in British Columbia", "Thousands of residents left their homes as fires spread near Kamloops."),
    ("ca-gen-2", "wire", 4, "Ottawa unveils budget with record housing spending", "The Canadian government will spend C$20 billion on new homes."),
    ("ca-gen-3", "sport", 3, "Toronto Maple Leafs win in overtime", "A late goal sealed the game for the home side."),
    ("ca-gen-4", "biz", 5, "Bank of Canada holds interest rates", "The central bank kept its key rate at 3 per cent, citing sticky inflation."),
    ("ca-gen-5", "travel", 9, "Calgary Stampede sets attendance record", "More than 1.4 million visitors came to the rodeo this summer."),
    ("de-ma-1", "deals", 4, "German chemicals group agrees acquisition of Dutch rival", "The takeover creates Europe's largest maker of coatings."),
    ("us-ma-1", "deals", 6, "Texas oil producer buys shale rival in $5bn deal", "The acquisition adds 80,000 acres in the Permian basin."),
    ("uk-ma-1", "biz", 7, "London software firm accepts takeover bid from private equity", "The board recommended the offer at a 40 per cent premium."),
    ("fr-ma-1", "deals", 12, "French luxury group acquires Italian shoemaker", "The acquisition is the group's third this year."),
    ("pe-fund", "deals", 9, "Private equity fundraising slows as deals dry up", "Buyout funds raised a third less this year as acquisitions stalled."),
    # --- warehousing: the UK and elsewhere -----------------------------------------------
    ("uk-wh-1", "logi", 4, "Glasgow developer plans 500,000 sq ft warehouse park", "The distribution park near the M8 will house three logistics tenants."),
    ("uk-wh-2", "logi", 6, "British warehouse rents rise for sixth quarter", "Rents for big-box warehousing rose 2 per cent as vacancy stayed low."),
    ("uk-wh-3", "logi", 8, "Manchester fulfilment centre adds robotic picking", "The warehouse operator installed 200 robots to handle online orders."),
    ("uk-wh-4", "logi", 12, "Welsh port builds cold storage warehouse", "Port Talbot's new warehousing will serve food importers."),
    ("uk-wh-5", "biz", 10, "U.K. logistics property vacancy hits record low", "Warehouses near motorways are almost all let, agents said."),
    ("uk-wh-6", "logi", 14, "Birmingham warehouse workers vote to strike over pay", "Staff at a parcel hub in the Midlands will walk out next month."),
    ("wh-auto-1", "robot", 5, "Warehouse robots cut picking times at Dutch retailer", "Automation halved the time to fill an order."),
    ("wh-auto-2", "robot", 9, "Automated storage maker raises $80m", "The company builds robotic grid systems for warehouses."),
    ("wh-auto-3", "logi", 11, "Ohio warehouse automation startup signs grocer deal", "Its robots will run in 12 distribution centres."),
    ("pl-wh", "logi", 7, "Polish warehouse space hits record", "Developers completed 2 million square metres this year."),
    ("uk-gen-1", "biz", 3, "UK inflation eases to 3 per cent", "Lower energy prices pulled the rate down."),
    ("uk-gen-2", "wire", 5, "Scotland's whisky exports rise", "Shipments to Asia grew 12 per cent."),
    ("uk-gen-3", "wire", 8, "Britain's rail strikes called off", "Unions accepted a new pay offer."),
    # --- solar: Australia and elsewhere --------------------------------------------------
    ("au-sol-1", "energy", 3, "Queensland approves 400MW solar farm", "The project near Townsville will include a battery."),
    ("au-sol-2", "energy", 6, "Australian rooftop solar installations hit record", "Households added 3 gigawatts of panels this year."),
    ("au-sol-3", "wire", 9, "Sydney council mandates solar panels on new homes", "Builders must fit at least 3 kilowatts per house."),
    ("au-sol-4", "biz", 12, "Perth miner signs solar power deal", "The iron ore producer will buy power from a new solar farm in Western Australia."),
    ("au-sol-5", "energy", 15, "Solar farms in New South Wales face grid connection delays", "Developers wait up to three years for a connection."),
    ("es-sol", "energy", 4, "Spain's solar auction draws record bids", "Developers offered 9 gigawatts of new solar capacity."),
    ("us-sol", "energy", 7, "California solar tariff dispute heads to court", "Installers challenge the new net metering rules."),
    ("au-gen-1", "sport", 2, "Australia's cricket team wins the series", "A century in Brisbane sealed the win."),
    ("au-gen-2", "wire", 5, "Melbourne house prices fall", "Prices dropped 2 per cent in the quarter."),
    ("au-gen-3", "biz", 6, "Australia's central bank raises rates", "The Reserve Bank lifted its cash rate to 4.6 per cent."),
    # --- one company: rail, banking ------------------------------------------------------
    ("nw-1", "northwind", 2, "Northwind Rail wins signalling contract", "The five-year contract covers 300 km of track."),
    ("nw-2", "biz", 4, "Northwind Rail Inc. names new chief executive", "The freight operator appointed its finance chief to lead it."),
    ("ks-1", "railnews", 3, "Keystone Freight Ltd orders 40 locomotives", "The rail freight operator's order is its largest yet."),
    ("ks-2", "biz", 8, "Keystone Freight posts record quarterly profit", "Higher grain volumes lifted revenue at the rail haulier."),
    ("ks-trap", "wire", 5, "Keystone pipeline protest blocks highway", "Demonstrators gathered near the oil pipeline's pumping station."),
    ("rail-1", "railnews", 6, "Rail freight volumes rise across Europe", "Intermodal traffic grew 5 per cent."),
    ("rail-2", "railnews", 10, "Freight rail operators face new safety rules", "Regulators want new braking checks on every train."),
    ("acme-trap", "biz", 3, "Deutsche Bank to cut jobs as ACME Corp. deal closes", "The bank will cut 800 roles after the takeover of the payments firm."),
    ("acme-1", "banking", 4, "Acme Bank raises mortgage rates", "The lender lifted its two-year fixed rate by a quarter point."),
    ("acme-2", "banking", 9, "Helena Varga to chair mortgage lenders' body", "The Acme executive will lead the trade association from January."),
    ("mort-1", "banking", 5, "Mortgage approvals fall to two-year low", "Lenders approved 45,000 home loans last month."),
    ("mort-2", "banking", 7, "Regulator proposes caps on mortgage fees", "Arrangement fees would be limited to 1 per cent."),
    ("mort-3", "banking", 12, "Green mortgage lending grows", "Cheaper loans for efficient homes now make up a tenth of new mortgages."),
    ("bank-gen", "biz", 6, "Bank shares slide on rate fears", "Lenders led the market lower."),
]


def _client(
    key: str,
    kind: str,
    name: str,
    company: str,
    industry: str,
    keywords: str,
    labels: dict[str, int],
    *,
    notes: list[tuple[str, str, int]] | None = None,
    contacts: list[tuple[str, str]] | None = None,
    own: tuple[str, ...] = (),
) -> dict[str, Any]:
    return {
        "key": key,
        "kind": kind,
        "name": name,
        "company": company,
        "industry": industry,
        "keywords": keywords,
        "notes": notes or [],
        "interactions": [],
        "contacts": contacts or [],
        "labels": labels,
        "own": own,
    }


DEV: list[dict[str, Any]] = [
    _client(
        "maeve", "topic", "Maeve Doyle", "Doyle Advisory", "corporate finance",
        "acquisitions, private equity",
        {"ca-ma-1": 2, "ca-ma-2": 2, "ca-ma-3": 2, "ca-ma-4": 2, "ca-ma-5": 2, "ca-ma-6": 2,
         "ca-ma-7": 1, "ca-ma-8": 1, "de-ma-1": 2, "us-ma-1": 2, "uk-ma-1": 2, "fr-ma-1": 2,
         "pe-fund": 2},
    ),
    _client(
        "owen", "topic", "Owen Price", "Price Systems", "logistics", "warehouse automation",
        {"wh-auto-1": 2, "wh-auto-2": 2, "wh-auto-3": 2, "uk-wh-3": 2, "uk-wh-1": 1,
         "uk-wh-2": 1, "uk-wh-4": 1, "uk-wh-5": 1, "uk-wh-6": 1, "pl-wh": 1},
    ),
    _client(
        "claire", "topic+place", "Claire Tremblay", "Tremblay Partners", "corporate finance",
        "acquisitions, Canada",
        {"ca-ma-1": 2, "ca-ma-2": 2, "ca-ma-3": 2, "ca-ma-4": 2, "ca-ma-5": 2, "ca-ma-6": 2,
         "ca-ma-7": 2, "ca-ma-8": 2},
    ),
    _client(
        "fraser", "topic+place", "Fraser Ross", "Ross Property", "logistics", "warehousing, UK",
        {"uk-wh-1": 2, "uk-wh-2": 2, "uk-wh-3": 2, "uk-wh-4": 2, "uk-wh-5": 2, "uk-wh-6": 2},
    ),
    _client(
        "liam", "topic+place", "Liam Walsh", "Walsh Renewables", "energy", "solar, Australia",
        {"au-sol-1": 2, "au-sol-2": 2, "au-sol-3": 2, "au-sol-4": 2, "au-sol-5": 2},
    ),
    _client(
        "northwind", "company", "Rosa Lind", "Northwind Rail Inc.", "rail", "Keystone Freight",
        {"ks-1": 2, "ks-2": 2, "rail-1": 1, "rail-2": 1},
        own=("nw-1", "nw-2"),
    ),
    _client(
        "acme", "company", "Paul Grant", "Acme Bank plc", "banking", "mortgages",
        {"acme-2": 2, "mort-1": 2, "mort-2": 2, "mort-3": 2, "bank-gen": 1},
        contacts=[("Helena Varga", "Head of lending")],
        own=("acme-1",),
    ),
]

HELD_OUT: list[dict[str, Any]] = []
