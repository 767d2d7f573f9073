"""What the claim extractor looks for (regular expressions, English only): holders with their
aliases and demonyms, topic keywords, change verbs, ranking phrases, qualifiers, clause breaks
and tariff subjects."""

from __future__ import annotations

import re

__all__ = [
    "CHANGE_BEFORE",
    "CLAUSE",
    "DOWN",
    "HOLDERS",
    "HOLDER_RE",
    "NET",
    "ORDINALS",
    "OVERTAKE",
    "PEAK",
    "PRONOUN",
    "QUAL",
    "RANK",
    "RATIO",
    "SINCE",
    "SUBJECTS",
    "TARIFF",
    "TOPICS",
    "YEAR_EARLIER",
]

HOLDERS: list[tuple[str, str]] = [
    (r"mainland\s+China|China|Chinese|Beijing|PRC", "China, Mainland"),
    (r"Japan|Japanese|Tokyo", "Japan"),
    (r"United\s+Kingdom|U\.?K\.?|Britain|British", "United Kingdom"),
    (r"Belgium|Belgian|Euroclear", "Belgium"),
    (r"Luxembourg", "Luxembourg"),
    (r"(?:the\s+)?Cayman(?:\s+Islands)?|Caymans", "Cayman Islands"),
    (r"Canada|Canadian", "Canada"),
    (r"Switzerland|Swiss", "Switzerland"),
    (r"Taiwan(?:ese)?", "Taiwan"),
    (r"India|Indian", "India"),
    (r"Hong\s+Kong", "Hong Kong"),
    (r"Saudi\s+Arabia|Saudi", "Saudi Arabia"),
    (r"France|French", "France"),
    (r"Ireland|Irish", "Ireland"),
    (r"South\s+Korea|Korea|Korean", "Korea, South"),
    (r"Germany|German", "Germany"),
    (r"Singapore", "Singapore"),
    (r"Norway|Norwegian", "Norway"),
    (r"Brazil(?:ian)?", "Brazil"),
    (r"Israel(?:i)?", "Israel"),
    (r"Mexico|Mexican", "Mexico"),
    (r"(?i:foreign\s+official\s+(?:holders|institutions|holdings))", "Of which: Foreign Official"),
    (
        r"(?i:(?:all\s+)?foreign(?:ers|\s+(?:holders|investors|holdings|ownership|owners)))",
        "Grand Total",
    ),
]
HOLDER_RE = re.compile(
    "|".join(f"(?P<h{i}>\\b(?:{p})(?:'s|’s)?(?!\\w))" for i, (p, _) in enumerate(HOLDERS))
)
TOPICS: list[tuple[str, re.Pattern[str]]] = [
    (
        "fx_reserves",
        re.compile(
            r"\b(?:foreign[- ](?:exchange|currency)|FX|forex|foreign|currency)\s+reserves|"
            r"reserve\s+assets|\breserves\b",
            re.I,
        ),
    ),
    ("trade_surplus", re.compile(r"\b(?:trade|goods)\s+(?:surplus|deficit|gap)|surplus", re.I)),
    (
        "holdings",
        re.compile(
            r"Treasur(?:y|ies)|\bUSTs?\b|T-bills|U\.?S\.?\s+(?:government\s+)?"
            r"(?:debt|bonds|securities)|American\s+(?:government\s+)?(?:debt|bonds)|holdings",
            re.I,
        ),
    ),
    (
        "holdings_weak",
        re.compile(
            r"\b(?:held|holds|holding|holders?|owns?|owned|creditor|stake|stockpile)\b", re.I
        ),
    ),
    (
        "other",
        re.compile(
            r"invest(?:ment|ments|ing)?|pledge|fund\b|loans|guarantees|interven\w*|budget|GDP|"
            r"market\b|deficit\s+spending|debt\s+ceiling|auction|exports|imports|sales\s+of",
            re.I,
        ),
    ),
]
TARIFF = re.compile(
    r"\btariffs?\b|\blev(?:y|ies)\b|\bdut(?:y|ies)\b|\bsurcharge\b|\breciprocal\s+rates?\b", re.I
)
CHANGE_BEFORE = re.compile(
    r"(?:\b(?:sold|sells|selling|dumped|offloaded|shed|unloaded|bought|buys|purchased|added|adds)"
    r"(?:\s+(?:a\s+net|net|about|around|roughly|some|nearly|almost|over|more\s+than))*"
    r"|\bby(?:\s+(?:about|around|roughly|some|nearly|almost|over|more\s+than))?"
    r"|\b(?:fell|dropped|declined|rose|climbed|grew|jumped|slipped|increased|decreased|shrank|"
    r"shrunk|contracted|expanded|gained|lost|plunged|tumbled|slumped|soared|surged)"
    r"(?:\s+(?:about|around|roughly|some|nearly|almost|over|more\s+than))?)\s*$",
    re.I,
)
DOWN = re.compile(
    r"\b(sold|sell\w*|dump\w*|offload\w*|shed|unload\w*|cut\w*|reduc\w*|trim\w*|slash\w*|fell|"
    r"drop\w*|declin\w*|slipp?\w*|lower\w*|decreas\w*|pared|down|shr[au]nk|contract\w*|"
    r"lost|plung\w*|tumbl\w*|slump\w*)\b",
    re.I,
)
ORDINALS = {
    "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "two": 2, "three": 3, "one": 1,
}  # fmt: skip
YEAR_EARLIER = re.compile(r"a\s+year\s+(?:earlier|ago)", re.I)
PRONOUN = re.compile(r"\b(?:it|its|the\s+country|the\s+nation)\b", re.I)
NET = re.compile(r"\bnet\b|\bnet\s+(?:sales|purchases|seller|buyer)", re.I)
RANK = re.compile(
    r"(?<![\w-])(?P<ord>(?:(?P<word>second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)"
    r"|(?P<num>[2-9]|10)(?:nd|rd|th))[- ](?:largest|biggest)|largest|biggest|top|"
    r"No\.\s?(?P<n>[1-9])|number\s+(?P<nw>one|two|three))\s+(?:foreign\s+|overseas\s+)?"
    r"(?:holder|creditor|owner|investor)",
    re.I,
)
OVERTAKE = re.compile(
    r"\b(?:overt(?:ook|akes|aking|aken)|surpass\w*|pass(?:ed|ing)|replac\w*|displac\w*)\b", re.I
)
SINCE = re.compile(
    r"\b(?P<dir>lowest|highest|smallest|biggest|largest)\b"
    r"(?!\s+(?:foreign\s+|overseas\s+)?(?:holder|creditor|owner|investor))[^.;]{0,25}?\bsince\b",
    re.I,
)
PEAK = re.compile(
    r"\b(?:record|peak(?:ed)?|all-time\s+high|highest\s+ever|at\s+its\s+height)\b", re.I
)
QUAL: list[tuple[str, re.Pattern[str]]] = [
    (
        "over",
        re.compile(r"\b(?:over|more\s+than|above|exceed\w*|topp?\w*|in\s+excess\s+of)\s*$", re.I),
    ),
    ("under", re.compile(r"\b(?:under|less\s+than|below|short\s+of)\s*$", re.I)),
    ("nearly", re.compile(r"\b(?:nearly|almost|just\s+under|close\s+to|approaching)\s*$", re.I)),
    (
        "about",
        re.compile(
            r"\b(?:about|around|roughly|approximately|approx\.|some|an\s+estimated|circa|"
            r"~|an?\s+approximate)\s*$",
            re.I,
        ),
    ),
]  # fmt: skip
RATIO = re.compile(
    r"^\s*(?:of\s+(?:its|their|the|Japan's|China's)?\s*(?P<base>(?:total\s+)?(?:foreign[- ]"
    r"(?:exchange|currency)\s+|FX\s+|forex\s+|foreign\s+)?reserves|(?:all\s+)?foreign(?:-held|\s+"
    r"holdings|\s+holders|\s+ownership)[^.;,]{0,30}|(?:the\s+)?(?:total\s+)?(?:held|owned)\s+"
    r"(?:abroad|by\s+foreigners)))",
    re.I,
)
CLAUSE = re.compile(r";|\s—\s|\s–\s|,\s+(?:while|whereas|but|and|although)\b|\bwhile\b|\bwhereas\b")
SUBJECTS = [
    ("autos", re.compile(r"\b(?:car|cars|auto|autos|automobiles?|vehicles?|auto\s+parts)\b", re.I)),
    ("steel", re.compile(r"\b(?:steel|aluminium|aluminum)\b", re.I)),
    ("surcharge", re.compile(r"\bSection\s+122\b|\bsurcharge\b", re.I)),
]
