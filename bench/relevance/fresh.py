# ruff: noqa: E501  (data: one article per row, long summaries kept on one line)
"""A third held-out part, written after the last change to the ranking in issue 15.

The second held-out part (heldout.py) was run once; one change tried afterwards was
rejected because it lowered it, and one (-ing keywords also finding "miner", "shipper")
was prompted by its misses. So these three clients — one of each kind — and their
articles were written, and every label below set from the articles' text, after the
ranking's last change and before it was run on them. Every article, firm and person is
invented. Grades as in kinds.py and heldout.py; each client was labelled against every
article of the database (existing stories about insurers, nuclear power or Japan
included), and the earlier clients against these articles in EXTRA_LABELS.
"""

from __future__ import annotations

from typing import Any

from bench.relevance.kinds import _client

FEEDS: dict[str, tuple[str, list[str], str | None]] = {
    "beauty": ("Beauty Business", ["cosmetics"], None),
    "orla": ("Orla Cosmetics newsroom", ["cosmetics"], "orla"),
}

ARTICLES: list[tuple[str, str, int, str, str]] = [
    # --- nuclear power (a topic anywhere)
    (
        "nuc-1",
        "energy",
        2,
        "Regulator approves design of small modular reactor",
        "The 300 MW reactor could be built from 2030.",
    ),
    (
        "nuc-2",
        "biz",
        4,
        "France extends life of twelve nuclear reactors",
        "The plants will run for another decade.",
    ),
    (
        "nuc-3",
        "wire",
        5,
        "Nuclear plant restarts after refuelling outage",
        "The reactor returned to full power on Monday.",
    ),
    (
        "nuc-4",
        "energy",
        7,
        "Utility picks site for two new nuclear reactors",
        "Construction of the power station would start in 2029.",
    ),
    (
        "nuc-5",
        "deals",
        9,
        "Tech firm signs deal to buy nuclear power for data centres",
        "The 20-year contract covers output from an existing plant.",
    ),
    (
        "nuc-6",
        "energy",
        11,
        "Uranium prices hit a 16-year high",
        "Demand from new reactors outstrips mine supply.",
    ),
    (
        "nuc-7",
        "wire",
        13,
        "Poland chooses builder for its first nuclear plant",
        "The power station on the Baltic coast will have three reactors.",
    ),
    (
        "nuc-8",
        "biz",
        16,
        "Small modular reactor developer raises $400m",
        "Investors back its factory-built reactors.",
    ),
    (
        "nuc-9",
        "energy",
        19,
        "Nuclear waste store opens in Finland",
        "Spent fuel will be buried 400 metres underground.",
    ),
    (
        "nuc-10",
        "wire",
        23,
        "Japan restarts another nuclear reactor",
        "The plant in Fukui prefecture was idle for 13 years.",
    ),
    (
        "nuc-trap",
        "wire",
        3,
        "The nuclear family is shrinking, census shows",
        "More adults live alone than ever.",
    ),
    (
        "power-cut",
        "wire",
        6,
        "Storm leaves 50,000 homes without power",
        "Engineers worked overnight to reconnect them.",
    ),
    # --- insurance in Japan (a topic in a place)
    (
        "jp-ins-1",
        "fin",
        2,
        "Japanese insurer Sakura Life buys US annuity firm",
        "The $3bn deal is the largest overseas acquisition by a Japanese life insurer.",
    ),
    (
        "jp-ins-2",
        "biz",
        4,
        "Tokyo insurers raise car insurance premiums",
        "Repair costs rose by a fifth.",
    ),
    (
        "jp-ins-3",
        "wire",
        6,
        "Japan's regulator fines insurer over cartel",
        "Four non-life insurers shared information on corporate premiums.",
    ),
    (
        "jp-ins-4",
        "fin",
        8,
        "Osaka earthquake claims cost insurers 90 billion yen",
        "Property insurance claims were the highest since 2018.",
    ),
    (
        "jp-ins-5",
        "biz",
        10,
        "Japanese life insurers shift to domestic bonds",
        "Higher yields in Japan draw money home.",
    ),
    (
        "jp-ins-6",
        "fin",
        12,
        "Insurance start-up in Tokyo raises 5 billion yen",
        "The app sells pet insurance.",
    ),
    (
        "jp-ins-7",
        "wire",
        14,
        "Japan's insurers sell cross-shareholdings",
        "The non-life insurers will sell shares worth 6 trillion yen.",
    ),
    (
        "jp-ins-8",
        "biz",
        17,
        "Kyoto insurer Hanamori merges with rival",
        "The merger creates Japan's fourth-largest non-life insurer.",
    ),
    (
        "jp-ins-9",
        "fin",
        20,
        "Japan approves typhoon reinsurance pool",
        "Insurers will share the cost of typhoon damage.",
    ),
    (
        "jp-ins-10",
        "biz",
        26,
        "Japanese insurers expand in India",
        "Two Japanese life insurers bought stakes in Indian firms.",
    ),
    ("uk-ins", "fin", 3, "UK motor insurance premiums fall", "Drivers paid 8 per cent less."),
    (
        "us-ins",
        "fin",
        5,
        "Florida insurers pull out after hurricane",
        "Homeowners struggle to find insurance cover.",
    ),
    (
        "de-ins",
        "biz",
        9,
        "German insurer posts record profit",
        "Its investments gained from higher rates.",
    ),
    (
        "jp-rail",
        "wire",
        4,
        "Tokyo opens new metro line",
        "The line links the airport with the city centre.",
    ),
    ("jp-rice", "wire", 7, "Japan rice prices hit record", "Shoppers queued for rice in Osaka."),
    # --- one company: cosmetics (Orla Cosmetics; competitor Belmont Beauty; contact Priscilla Quayle)
    (
        "orla-1",
        "orla",
        2,
        "Orla Cosmetics launches refillable lipstick",
        "The range will be sold in 400 shops.",
    ),
    (
        "orla-2",
        "retail",
        6,
        "Orla Cosmetics Ltd opens flagship store",
        "The store in Manchester has a skincare clinic.",
    ),
    (
        "belmont-1",
        "beauty",
        3,
        "Belmont Beauty cuts prices on skincare",
        "The rival brand lowered prices by a tenth.",
    ),
    ("belmont-2", "biz", 7, "Belmont Beauty profits fall", "Sales of fragrances slowed."),
    (
        "belmont-3",
        "beauty",
        12,
        "Belmont Beauty signs deal with pharmacy chain",
        "Its products will be sold in 900 pharmacies.",
    ),
    (
        "quayle",
        "beauty",
        9,
        "Priscilla Quayle joins cosmetics trade association board",
        "The product director will advise on ingredient rules.",
    ),
    (
        "beauty-1",
        "beauty",
        4,
        "EU bans two chemicals in cosmetics",
        "Makers of nail products have 18 months to reformulate.",
    ),
    (
        "beauty-2",
        "retail",
        5,
        "Skincare sales grow fastest in beauty market",
        "Shoppers spent more on serums and sun cream.",
    ),
    (
        "beauty-3",
        "beauty",
        8,
        "Cosmetics makers face packaging tax",
        "Plastic pots and tubes will cost more.",
    ),
    ("beauty-4", "biz", 11, "Beauty retailer expands into Spain", "The chain will open 30 stores."),
    (
        "beauty-5",
        "beauty",
        15,
        "Animal testing rules tighten for cosmetics imports",
        "Importers must prove products were not tested on animals.",
    ),
    (
        "belmont-trap",
        "sport",
        3,
        "Favourite wins the Belmont Stakes",
        "The horse led from the start.",
    ),
    (
        "quayle-trap",
        "wire",
        8,
        "Quayle family sells historic estate",
        "The house had been in the family for 300 years.",
    ),
    (
        "beauty-trap",
        "travel",
        6,
        "Ten beauty spots to visit this winter",
        "Lakes and hills without the crowds.",
    ),
]

FRESH: list[dict[str, Any]] = [
    _client(
        "tomas",
        "topic",
        "Tomas Lindqvist",
        "Lindqvist Energy Law",
        "energy",
        "nuclear power, small modular reactors",
        {f"nuc-{n}": 2 for n in range(1, 11)},
    ),
    _client(
        "yuki",
        "topic+place",
        "Yuki Tanaka",
        "Tanaka Risk Partners",
        "insurance",
        "insurance, Japan",
        {f"jp-ins-{n}": 2 for n in range(1, 11)},
    ),
    _client(
        "orla",
        "company",
        "Niamh Byrne",
        "Orla Cosmetics Ltd",
        "cosmetics",
        "Belmont Beauty",
        {
            "belmont-1": 2,
            "belmont-2": 2,
            "belmont-3": 2,
            "quayle": 2,
            "beauty-1": 1,
            "beauty-2": 1,
            "beauty-3": 1,
            "beauty-4": 1,
            "beauty-5": 1,
        },
        contacts=[("Priscilla Quayle", "Product director")],
        own=("orla-1", "orla-2"),
    ),
]

# The earlier clients against these articles, from the text, by the same rules.
EXTRA_LABELS: dict[str, dict[str, int]] = {
    "maeve": {"jp-ins-1": 2, "jp-ins-8": 2, "jp-ins-10": 2},
    "anna": {"nuc-7": 1},
    "ewa": {"nuc-7": 1},
    "priya": {"beauty-2": 1, "beauty-4": 1, "orla-2": 1},
}
