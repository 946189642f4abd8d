"""Word tables of English news figures: number words, scales, qualifiers, nouns.

Pure data, lower case. Kept apart from the rules so that extending coverage means adding
a word here, not touching the recogniser.
"""

from __future__ import annotations

from typing import Final

UNITS: Final[dict[str, int]] = {
    "zero": 0, "nought": 0, "naught": 0, "one": 1, "two": 2, "three": 3, "four": 4,
    "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11,
    "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
TENS: Final[dict[str, int]] = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}
# Multipliers that close a group ("three hundred", "two million").
SCALES: Final[dict[str, float]] = {
    "hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
    "lakh": 1e5, "crore": 1e7,
}
# Abbreviated scales glued to or right after a numeral: "1.5bn", "$5m", "10k".
SCALE_ABBREVIATIONS: Final[dict[str, float]] = {
    "k": 1e3, "m": 1e6, "mn": 1e6, "mln": 1e6, "mil": 1e6, "mm": 1e6, "b": 1e9,
    "bn": 1e9, "bln": 1e9, "tn": 1e12, "tln": 1e12, "trn": 1e12,
}

ORDINAL_WORDS: Final[dict[str, int]] = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
    "seventh": 7, "eighth": 8, "ninth": 9, "nineth": 9, "tenth": 10, "eleventh": 11,
    "twelfth": 12, "thirteenth": 13, "fourteenth": 14, "fifteenth": 15,
    "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19,
    "twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50, "sixtieth": 60,
    "seventieth": 70, "eightieth": 80, "ninetieth": 90, "hundredth": 100,
    "thousandth": 1000, "millionth": 1_000_000,
}
# Denominators of simple spoken fractions ("two thirds", "a quarter").
FRACTIONS: Final[dict[str, int]] = {
    "half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4,
    "fourth": 4, "fourths": 4, "fifth": 5, "fifths": 5, "sixth": 6, "sixths": 6,
    "seventh": 7, "sevenths": 7, "eighth": 8, "eighths": 8, "ninth": 9, "ninths": 9,
    "tenth": 10, "tenths": 10,
}
UNICODE_FRACTIONS: Final[dict[str, float]] = {
    "½": 0.5, "¼": 0.25, "¾": 0.75, "⅓": 1 / 3, "⅔": 2 / 3, "⅕": 0.2, "⅖": 0.4,
    "⅗": 0.6, "⅘": 0.8, "⅙": 1 / 6, "⅚": 5 / 6, "⅛": 0.125, "⅜": 0.375, "⅝": 0.625,
    "⅞": 0.875,
}
ORDINAL_SUFFIXES: Final[frozenset[str]] = frozenset({"st", "nd", "rd", "th"})

# Vague amounts: the plural of a scale word stands for an interval of values.
VAGUE: Final[dict[str, tuple[float, float]]] = {
    "dozens": (24, 99),
    "tens": (20, 99),
    "scores": (40, 99),
    "hundreds": (200, 999),
    "thousands": (2000, 9999),
    "millions": (2e6, 9_999_999),
    "billions": (2e9, 9_999_999_999),
}

MONTHS: Final[dict[str, int]] = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6,
    "july": 7, "august": 8, "september": 9, "october": 10, "november": 11,
    "december": 12, "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7,
    "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
WEEKDAYS: Final[dict[str, int]] = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4,
    "saturday": 5, "sunday": 6,
}

# Currency symbols and words -> ISO code (lower case).
CURRENCY_SYMBOLS: Final[dict[str, str]] = {
    "$": "usd", "us$": "usd", "€": "eur", "£": "gbp", "¥": "jpy", "₪": "ils", "₹": "inr",
    "c$": "cad", "a$": "aud", "hk$": "hkd", "₽": "rub", "₩": "krw", "₺": "try",
}
CURRENCY_WORDS: Final[dict[str, str]] = {
    "dollar": "usd", "dollars": "usd", "usd": "usd", "euro": "eur", "euros": "eur",
    "eur": "eur", "gbp": "gbp", "sterling": "gbp", "shekel": "ils", "shekels": "ils",
    "ils": "ils", "nis": "ils", "yen": "jpy", "jpy": "jpy", "yuan": "cny", "cny": "cny",
    "renminbi": "cny", "rupee": "inr", "rupees": "inr", "inr": "inr", "ruble": "rub",
    "rubles": "rub", "roubles": "rub", "rouble": "rub", "franc": "chf", "francs": "chf",
    "chf": "chf", "cad": "cad", "aud": "aud", "riyal": "sar", "riyals": "sar",
    "dinar": "jod", "dinars": "jod", "lira": "try", "liras": "try", "pesos": "mxn",
}

# Time units -> singular name. "years" measures a length unless it is an age.
TIME_UNITS: Final[dict[str, str]] = {
    "second": "second", "seconds": "second", "sec": "second", "secs": "second",
    "minute": "minute", "minutes": "minute", "min": "minute", "mins": "minute",
    "hour": "hour", "hours": "hour", "hr": "hour", "hrs": "hour", "day": "day",
    "days": "day", "week": "week", "weeks": "week", "month": "month", "months": "month",
    "year": "year", "years": "year", "yr": "year", "yrs": "year", "decade": "decade",
    "decades": "decade", "century": "century", "centuries": "century",
    "fortnight": "fortnight", "fortnights": "fortnight", "night": "night", "nights": "night",
}

# Physical units -> normalised unit name.
MEASURE_UNITS: Final[dict[str, str]] = {
    "km": "km", "kms": "km", "kilometre": "km", "kilometres": "km", "kilometer": "km",
    "kilometers": "km", "m": "metre", "metre": "metre", "metres": "metre",
    "meter": "metre", "meters": "metre", "cm": "cm", "centimetre": "cm",
    "centimetres": "cm", "centimeter": "cm", "centimeters": "cm", "mm": "mm",
    "millimetre": "mm", "millimetres": "mm", "millimeter": "mm", "millimeters": "mm",
    "mile": "mile", "miles": "mile", "mi": "mile", "foot": "foot", "feet": "foot",
    "ft": "foot", "inch": "inch", "inches": "inch", "yard": "yard", "yards": "yard",
    "kg": "kg", "kgs": "kg", "kilo": "kg", "kilos": "kg", "kilogram": "kg",
    "kilograms": "kg", "g": "g", "gram": "g", "grams": "g", "tonne": "tonne",
    "tonnes": "tonne", "ton": "ton", "tons": "ton", "pound": "pound", "pounds": "pound",
    "lb": "pound", "lbs": "pound", "ounce": "ounce", "ounces": "ounce", "oz": "ounce",
    "litre": "litre", "litres": "litre", "liter": "litre", "liters": "litre",
    "l": "litre", "gallon": "gallon", "gallons": "gallon", "barrel": "barrel",
    "barrels": "barrel", "hectare": "hectare", "hectares": "hectare", "acre": "acre",
    "acres": "acre", "km2": "km2", "km²": "km2", "mph": "mph", "kph": "kmh",
    "kmh": "kmh", "knot": "knot", "knots": "knot", "degree": "degree",
    "degrees": "degree", "celsius": "celsius", "fahrenheit": "fahrenheit",
    "magnitude": "magnitude", "mw": "mw", "gw": "gw", "kw": "kw", "kwh": "kwh",
    "mwh": "mwh", "gwh": "gwh",
}
# "square kilometres", "square miles"
SQUARE_UNITS: Final[dict[str, str]] = {
    "km": "km2", "kilometre": "km2", "kilometres": "km2", "kilometer": "km2",
    "kilometers": "km2", "mile": "mile2", "miles": "mile2", "metre": "metre2",
    "metres": "metre2", "meter": "metre2", "meters": "metre2", "foot": "foot2",
    "feet": "foot2",
}


# Irregular plural nouns -> singular.
IRREGULAR_PLURALS: Final[dict[str, str]] = {
    "people": "person", "persons": "person", "children": "child", "men": "man",
    "women": "woman", "feet": "foot", "teeth": "tooth", "mice": "mouse",
    "geese": "goose", "police": "police", "personnel": "person", "staff": "staff",
    "cattle": "cattle", "livestock": "livestock", "troops": "troop", "lives": "life",
    "wives": "wife", "knives": "knife", "halves": "half", "thieves": "thief",
    "leaves": "leaf", "crises": "crisis", "analyses": "analysis", "series": "series",
    "species": "species", "aircraft": "aircraft", "fish": "fish", "sheep": "sheep",
    "deer": "deer", "data": "data", "media": "media", "criteria": "criterion",
    "civilians": "civilian", "dead": "person", "injured": "person", "wounded": "person",
}

# Words between a number and its counted noun that describe rather than name it.
NOUN_MODIFIERS: Final[frozenset[str]] = frozenset({
    "other", "more", "additional", "further", "extra", "new", "former", "current",
    "young", "old", "older", "younger", "small", "large", "big", "major", "minor",
    "senior", "junior", "separate", "different", "similar", "remaining", "total",
    "full", "whole", "straight", "consecutive", "successive", "previous", "last",
    "next", "first", "local", "foreign", "international", "national", "top", "key",
    "high", "low", "known", "confirmed", "reported", "alleged", "suspected",
    "registered", "armed", "unarmed", "innocent", "elderly", "million", "billion",
    "thousand", "hundred", "long", "short",
})
# Plural pronouns in the counted position: the count takes a noun from its context.
PRONOUN_NOUNS: Final[frozenset[str]] = frozenset({"others", "more", "ones", "each"})

# Function words: they end the noun phrase that follows a number.
FUNCTION_WORDS: Final[frozenset[str]] = frozenset({
    "a", "an", "the", "of", "in", "on", "at", "to", "for", "from", "by", "with",
    "without", "into", "onto", "over", "under", "above", "below", "about", "after",
    "before", "since",
    "until", "during", "through", "between", "among", "against", "per", "via", "as",
    "and", "or", "but", "nor", "so", "yet", "if", "than", "then", "that", "this",
    "these", "those", "which", "who", "whom", "whose", "what", "when", "where", "why",
    "how", "is", "are", "was", "were", "be", "been", "being", "am", "has", "have",
    "had", "do", "does", "did", "will", "would", "shall", "should", "can", "could",
    "may", "might", "must", "it", "its", "he", "she", "they", "we", "you", "i", "him",
    "her", "his", "their", "them", "our", "us", "my", "me", "your", "not", "no",
    "also", "still", "only", "just", "even", "all", "each", "every", "some", "any",
    "both", "either", "neither", "such", "own", "ago", "there",
    "here", "now", "out", "up", "down", "off", "again", "too", "very", "remain",
    "remained", "remains", "said", "says", "say", "according", "while", "whether",
    "most", "mostly", "including", "around", "across", "toward", "towards",
    "within", "upon", "amid", "behind", "beyond", "near", "outside", "inside", "like",
    "unlike", "versus", "vs", "ahead", "back", "away", "apart", "along", "alongside",
    "except", "plus", "less", "fewer", "apiece", "respectively", "because", "though",
    "although", "however", "therefore", "whereas", "unless",
    "once", "twice", "already", "yesterday", "today", "tomorrow", "tonight",
})

# Capitalised words that turn the number after them into an identifier.
IDENTIFIER_NOUNS: Final[frozenset[str]] = frozenset({
    "section", "article", "chapter", "team", "room", "route", "highway", "interstate",
    "flight", "no", "number", "resolution", "page", "rule", "title", "unit", "building",
    "gate", "terminal", "platform", "paragraph", "clause", "act", "volume", "vol",
    "version", "level", "episode", "season", "part", "bus", "line", "channel",
    "district", "ward", "precinct", "block", "lot", "apartment", "apt", "suite",
    "floor", "pier", "track", "lane", "exit", "junction", "box", "code", "model",
    "type", "class", "grade", "group", "squad", "battalion", "brigade", "division",
    "regiment", "company", "platoon", "corps", "fleet", "army", "camp", "zone", "sector",
    "area", "site", "bill", "motion", "amendment", "item", "figure", "table",
    "appendix", "annex", "step", "stage", "phase", "round", "day", "week", "game",
    "match", "race", "pick", "world", "war", "covid", "gen", "local", "fortune", "p",
    "nasdaq", "ftse", "russell", "stoxx", "cac", "nikkei", "dax", "ibex", "asx", "sensex",
})
# Labels that make the number after them an identifier even in lower case.
LOWERCASE_LABELS: Final[frozenset[str]] = frozenset({
    "marker", "markers", "exit", "exits", "gate", "gates", "platform", "platforms", "room",
    "rooms", "page", "pages", "section", "sections", "article", "articles", "chapter",
    "chapters", "route", "flight", "pier", "berth", "berths", "terminal", "terminals",
    "no", "nos", "nr", "rule", "paragraph", "clause", "highway", "interstate", "local",
})
