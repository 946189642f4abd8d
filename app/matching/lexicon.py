"""Word lists that matching relies on: counted-noun classes, event verbs, stop words.

Everything here is general news vocabulary, not tied to one story: the product meets
events it has never seen.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

from app.extraction import lexicon as number_words


def frozenset_of(words: str) -> frozenset[str]:
    """A set written as a whitespace-separated word list, for readable tables."""
    return frozenset(words.split())


# Counted nouns that name people. Outlets count the same people as "hostages",
# "Israelis", "people", "civilians", so the unit alone cannot separate facts about
# people; the event words (killed, abducted...) do that.
HUMAN_NOUNS: frozenset[str] = frozenset_of(
    """
    person people individual civilian resident inhabitant citizen national man woman child
    kid boy girl baby infant minor adult teenager elderly victim casualty fatality death
    dead body corpse survivor hostage captive abductee detainee prisoner inmate soldier
    troop fighter militant combatant officer policeman police gunman attacker terrorist
    worker employee staff journalist reporter doctor nurse medic patient student pupil
    teacher migrant refugee evacuee asylum-seeker passenger crew sailor pilot tourist
    visitor pilgrim protester demonstrator voter member family relative israeli
    palestinian gazan lebanese syrian ukrainian russian american iranian egyptian
    jordanian iraqi afghan yemeni sudanese israeli-american arab jew muslim christian
    settler worshipper athlete player fan spectator guest participant delegate official
    personnel firefighter rescuer responder volunteer dockworker runner finisher case
    customer consumer user subscriber client shopper commuter traveler traveller driver
    motorist rider tenant homeowner household-member employee hire job layoff resident
    lawmaker legislator senator congressman congresswoman deputy assemblyman life
    """
)

# Nouns for people in general: sharing one says little of which figure it is.
GENERIC_NOUNS: frozenset[str] = frozenset_of(
    "person people individual civilian resident inhabitant citizen man woman adult worker "
    "employee staff member"
)

# Votes cast, each by one person: a tally counts the people voting ("214 votes to 187"
# is "214 lawmakers voted in favour"), so these are of the people class.
VOTE_NOUNS: frozenset[str] = frozenset_of("ballot abstention")

# Counted nouns that name one thing in several words: mapped to one of them.
NOUN_SYNONYMS: dict[str, str] = {
    "visit": "trip", "tour": "trip", "journey": "trip", "swing": "trip",
    "stage": "phase", "round": "phase",
    "reduction": "cut", "hike": "increase", "rise": "increase",
    "house": "home", "dwelling": "home", "residence": "home",
    "vessel": "ship", "boat": "ship",
    "building": "structure",
    "vote": "ballot",
    "percentage point": "point",
    # general classes of counted things (vehicles, aircraft, ships, animals)
    "car": "vehicle", "truck": "vehicle", "suv": "vehicle", "van": "vehicle",
    "automobile": "vehicle", "auto": "vehicle", "pickup": "vehicle", "lorry": "vehicle",
    "freighter": "ship", "tanker": "ship", "containership": "ship",
    "plane": "aircraft", "airplane": "aircraft", "jet": "aircraft", "airliner": "aircraft",
    "head": "animal", "cattle": "animal", "livestock": "animal", "cow": "animal",
    "sheep": "animal", "pig": "animal", "poultry": "animal", "chicken": "animal",
    "hen": "animal", "bird": "animal",
    "apartment": "home", "flat": "home", "household": "home", "property": "home",
    "post": "job", "position": "job", "role": "job",
    # an assembly's members are its seats: "293 MPs", "293 seats"
    "mp": "seat",
    "computer": "device", "machine": "device", "pc": "device", "laptop": "device",
    "server": "device",
}

# A counted noun that already says what happened to the people counted; used when no
# verb near the figure says it ("some 250 hostages").
NOUN_EVENTS: dict[str, str] = {
    "hostage": "abduct",
    "captive": "abduct",
    "abductee": "abduct",
    "detainee": "detain",
    "prisoner": "detain",
    "inmate": "detain",
    "casualty": "casualty",
    "fatality": "kill",
    "death": "kill",
    "dead": "kill",
    "body": "kill",
    "corpse": "kill",
    "victim": "casualty",
    "survivor": "survive",
    "refugee": "displace",
    "evacuee": "displace",
    "migrant": "displace",
    "protester": "protest",
    "demonstrator": "protest",
    "voter": "vote",
}

# Event classes: a word stem -> the class of what happened. Matched on word prefixes so
# that "kill", "killed", "killing" share one entry; irregular forms are listed.
EVENT_STEMS: dict[str, str] = {
    # deaths
    "kill": "kill", "dead": "kill", "death": "kill", "died": "kill", "die": "kill",
    "dying": "kill", "fatal": "kill", "slain": "kill", "massacr": "kill", "murder": "kill",
    "toll": "kill", "perish": "kill", "lost their lives": "kill", "executed": "kill",
    # injuries
    "injur": "injure", "wound": "injure", "hurt": "injure", "maim": "injure",
    "hospital": "injure", "treated": "injure",
    # the gravely hurt are counted apart from all the injured ("74 injured, 14 critically")
    "serious condition": "critical", "critical condition": "critical",
    "critically": "critical", "seriously": "critical", "intensive care": "critical",
    # missing
    "missing": "missing", "unaccounted": "missing", "buried": "missing",
    # taken captive
    "abduct": "abduct", "kidnap": "abduct", "seiz": "abduct", "snatch": "abduct",
    "captur": "abduct", "dragged": "abduct",
    # still held
    "held": "held", "holding": "held", "remain": "held", "still in": "held",
    "captivity": "held",
    # released
    "releas": "release", "freed": "release", "free": "release", "swap": "release",
    "exchang": "release", "return": "release", "handed over": "release",
    # displaced
    "displac": "displace", "flee": "displace", "fled": "displace", "refuge": "displace",
    "shelter": "displace", "evacu": "displace", "homeless": "displace", "sought": "displace",
    # taken out of harm's way, or out of their homes: how outlets word an evacuation
    "to safety": "displace", "forced from": "displace", "driven from": "displace",
    "from their homes": "displace", "leave their homes": "displace",
    "left their homes": "displace",
    # arrests
    # detained by police is arrested, not held hostage: one fate under either verb
    "arrest": "arrest", "detain": "arrest", "detention": "arrest", "jail": "arrest",
    "imprison": "arrest",
    # meetings and talks
    "met": "meet", "meet": "meet", "talk": "meet", "discuss": "meet", "sat down": "meet",
    "session": "meet", "summit": "meet", "conversation": "meet", "spoke": "meet",
    "negotiat": "meet",
    # truces and pauses
    "truce": "truce", "ceasefire": "truce", "cease-fire": "truce", "pause": "truce",
    "halt": "truce", "lull": "truce", "phase": "truce",
    # trips and visits
    "trip": "trip", "visit": "trip", "tour": "trip", "journey": "trip",
    # attacks and strikes
    "attack": "attack", "strike": "attack", "raid": "attack", "bomb": "attack",
    "shell": "attack", "rocket": "attack", "missile": "attack", "drone": "attack",
    "assault": "attack", "offensive": "attack", "invasion": "attack",
    # aid
    "aid": "aid", "truck": "aid", "convoy": "aid", "food": "aid", "deliver": "aid",
    # money and economy
    "cost": "cost", "budget": "cost", "fund": "cost",
    "pay": "cost", "paid": "cost", "price": "cost", "worth": "cost", "loan": "cost",
    "raise": "rise", "rose": "rise", "rise": "rise", "increas": "rise", "grew": "rise",
    "fell": "fall", "fall": "fall", "drop": "fall", "declin": "fall", "decreas": "fall",
    # votes and polls
    "vote": "vote", "ballot": "vote", "poll": "vote", "elect": "vote", "seat": "vote",
    # protests
    "protest": "protest", "demonstrat": "protest", "rally": "protest", "rallies": "protest",
    "march": "protest", "bombard": "attack", "war": "attack",
    # survival
    "surviv": "survive", "rescu": "survive", "pulled alive": "survive", "saved": "survive",
    "alive": "survive",  # "pulled 50 people alive": the rescued, whoever rescued them
    # damage
    "destroy": "damage", "damag": "damage", "flatten": "damage", "collaps": "damage",
    "burn": "burn", "scorch": "burn", "blaze": "burn", "contain": "contain",
    # races and contests
    "start": "start", "finish": "finish", "won": "finish", "win": "finish",
    "victor": "finish",
    # general news verbs (general vocabulary, not any one story's)
    "recall": "recall",
    "cut": "cut", "slash": "cut", "trim": "cut", "layoff": "cut", "laid off": "cut",
    "lay off": "cut", "reduc": "cut",
    "hike": "rise", "jump": "rise", "climb": "rise", "soar": "rise", "surg": "rise",
    "up from": "rise",
    # the highest level reached (a river, prices): apart from "rise", since a river that
    # rose to 6.5 metres and one that peaked at 6.8 are two readings
    "peak": "peak", "crest": "peak", "topped out": "peak",
    "plung": "fall", "plummet": "fall", "slump": "fall", "tumbl": "fall", "slid": "fall",
    "sank": "fall", "eased": "fall", "slow": "fall", "down from": "fall",
    "sold": "sell", "sell": "sell", "sale": "sell",
    "shut": "close", "closure": "close",
    "hire": "hire", "hiring": "hire",
    "fined": "fine", "penalt": "fine",
    "flood": "flood", "inundat": "flood", "rain": "rain", "snow": "snow",
    "gust": "wind", "wind": "wind",
    "outage": "outage", "without power": "outage", "blackout": "outage",
    "without electricity": "outage", "lost power": "outage", "power cut": "outage",
    "cut off": "outage",
    # falling ill is a toll of its own, updated like deaths ("more than 200", then 450)
    "infect": "ill", "sick": "ill", "illness": "ill", "fell ill": "ill", "fallen ill": "ill",
    "falling ill": "ill", "taken ill": "ill", "poisoning": "ill",
    "cancel": "cancel", "delay": "delay", "strand": "strand",
    "crash": "crash", "collid": "crash", "collision": "crash", "derail": "crash",
    "spend": "cost", "spent": "cost", "invest": "cost",
    "earn": "earn", "profit": "earn", "revenue": "earn",
    "approv": "approve", "sign": "sign",
    "vaccin": "vaccinate", "counted": "count",
}

# Events that exclude each other: a figure of people killed is never one of people freed.
# Other classes (meet, vote, rise...) describe a topic more than a fate; sharing one is
# evidence, but naming two different ones proves nothing.
# Work done in shares, a share that grows between reports ("10% contained", then 35%).
PROGRESS_EVENTS: frozenset[str] = frozenset_of("contain count vaccinate")

CONTRASTIVE_EVENTS: frozenset[str] = frozenset_of(
    "kill injure critical missing abduct held release displace arrest survive start finish"
    " outage ill"
)

# Multi-word stems need a phrase search; single words a prefix search on tokens.
_PHRASE_STEMS = {k: v for k, v in EVENT_STEMS.items() if " " in k}
_WORD_STEMS = {k: v for k, v in EVENT_STEMS.items() if " " not in k}
# One pass over the text: a word that starts with a stem (longest stem first).
_STEM_WORD = re.compile(
    r"(?<![A-Za-z'’-])("
    + "|".join(re.escape(k) for k in sorted(_WORD_STEMS, key=lambda k: (-len(k), k)))
    + r")[a-z'’-]*"
)
# Words that begin like a stem but mean something else.
_FALSE_FRIENDS: frozenset[str] = frozenset_of(
    """
    metro metal meter metre method deadline deadlock shelf shelves hurtle tourism
    tournament aide aides freelance container containers startup bombshell fundamental
    fundamentally phasing
    tripped triple freedom freedoms crestfallen
    electric electrical electricity electrician electricians electrified electronic
    electronics electron electrons electrocuted
    cutlery signal signals significant significantly signature slowly rainbow windows
    window wound-up shutter salesman salesmen
    """
)
_INFLECTIONS: frozenset[str] = frozenset_of(
    "s es ed d ing ings er ers en ly ment ments ion ions ped ping ted ting"
) | {""}
# Capitalised, these are months or names, not the event words they spell.
_CAPITALISED_NOT_EVENTS: frozenset[str] = frozenset_of("march may sale rain snow peak crest")
MONTHS: frozenset[str] = frozenset_of(
    """
    january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec
    """
)
# Phrases whose verb names no event ("took part", "took place").
_NEUTRAL_PHRASES: tuple[str, ...] = (
    "took part", "take part", "taken part", "takes part", "took place", "take place",
    "taken place", "takes place", "took office", "taken office", "took over",
    "took refuge", "taken refuge", "take refuge", "took shelter", "taken shelter",
)
# Each neutral phrase with what replaces it: the noun ("refuge") without the light verb
# ("took"), right-aligned so that offsets do not move.
_NEUTRAL_KEPT = tuple((p, p.split()[-1].rjust(len(p))) for p in _NEUTRAL_PHRASES)
# "rescue" before the people or means that do it ("rescue teams reached the villages")
# names who searched, not what befell the people a figure counts; blanked, so that
# offsets do not move.
_AGENT_MODIFIER = re.compile(
    r"\brescue(?=[ -](?:team|crew|worker|service|effort|operation|dog|boat|helicopter|"
    r"mission|unit|squad|official)s?\b)|\brescuers?\b"
)
# Each multi-word stem searched on its own, so that overlapping phrases are all found.
_PHRASE_PATTERNS = tuple((k, re.compile(re.escape(k)), v) for k, v in _PHRASE_STEMS.items())

STOP_WORDS: frozenset[str] = frozenset_of(
    """
    a an the and or but of in on at to for from by with as is are was were be been being
    has have had do does did this that these those it its their there they them he she his
    her him we our us you your i me my which who whom whose what when where why how than
    then so such not no nor only also too very more most less least some any each every
    other another into over under about after before since until while during between
    among against through up down out off again further once here all both few many much
    own same will would shall should can could may might must said says say according
    told reported report reports year years day days week weeks month months time times
    one two three four five six seven eight nine ten hundred hundreds thousand thousands
    million millions billion billions nearly almost around roughly approximately some
    least just over under more than less fewer
    """
)

# Words that turn a sentence-initial capital into no evidence of a name.
_NOT_NAMES: frozenset[str] = frozenset_of(
    """
    The A An In On At As But And Or If When While After Before Since During Under Over
    This That These Those It Its They There He She His Her We Our Some More Most Many
    Nearly About Around According Also Both Each Every Another Other
    """
)

TOKEN = re.compile(r"[A-Za-z][A-Za-z'’\-]*")


def tokens(text: str) -> list[str]:
    """Words of ``text`` as written (letters, apostrophes and hyphens)."""
    return TOKEN.findall(text)


def singular(word: str) -> str:
    """A crude singular of a lower-case English noun, enough to compare words."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("ches", "shes", "sses", "xes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "sis")):
        return word[:-1]
    return word


# British spellings -> American, so that outlets of either side meet ("12-storey" and
# "12-story", "centres" and "centers"). Irregular words are listed; regular endings
# (-our, -tre, -bre, -logue, -isation) are rewritten by ``american``.
_SPELLINGS: dict[str, str] = {
    "storey": "story", "tyre": "tire", "kerb": "curb", "programme": "program",
    "cheque": "check", "aeroplane": "airplane", "grey": "gray", "jewellery": "jewelry",
    "mould": "mold", "plough": "plow", "pyjama": "pajama", "draught": "draft",
    "manoeuvre": "maneuver", "aluminium": "aluminum", "defence": "defense",
    "offence": "offense", "licence": "license", "pretence": "pretense",
    "traveller": "traveler", "jeweller": "jeweler", "counsellor": "counselor",
    "councillor": "councilor", "paediatrician": "pediatrician", "foetus": "fetus",
}
# Words whose -our or -bre ending is the same in American spelling.
_SAME_ENDING: frozenset[str] = frozenset_of(
    "contour detour devour velour amour paramour troubadour flour scour tambour macabre "
    "timbre"
)
_BRITISH_ENDINGS: tuple[tuple[str, str], ...] = (
    ("isation", "ization"), ("logue", "log"), ("our", "or"), ("tre", "ter"), ("bre", "ber"),
)


def american(word: str) -> str:
    """A lower-case word in American spelling: "storey" -> "story", "harbour" -> "harbor",
    "centre" -> "center"; other words as they are. A key to compare words, not to show."""
    if word in _SPELLINGS:
        return _SPELLINGS[word]
    if len(word) < 5 or word in _SAME_ENDING:
        return word  # "hour", "four", "acre" are spelled alike
    for british, us in _BRITISH_ENDINGS:
        if word.endswith(british):
            return word[: -len(british)] + us
    return word


def noun_class(unit: str | None) -> str | None:
    """The class a counted noun belongs to: people are one class, other nouns themselves."""
    if unit is None:
        return None
    word = canonical_noun(unit)
    if word in HUMAN_NOUNS or unit.lower() in HUMAN_NOUNS or word in VOTE_NOUNS:
        return "human"
    head = word.rsplit(" ", 1)[-1]
    if head != word and canonical_noun(head) in HUMAN_NOUNS:
        return "human"  # a compound is of its head's class: crew members, union members
    return word


def canonical_noun(unit: str) -> str:
    """A counted noun in singular, American spelling, with synonyms folded ("visits" ->
    "trip", "storeys" -> "story")."""
    word = american(singular(unit.lower()))
    return NOUN_SYNONYMS.get(word, word)


def event_positions(text: str) -> list[tuple[int, str]]:
    """Event classes named in ``text`` with the offset where each is named.

    killed -> kill, freed -> release... The offsets let a caller prefer the events
    nearest to a figure.
    """
    return list(_event_positions(text))


@lru_cache(maxsize=16_384)
def _event_positions(text: str) -> tuple[tuple[int, str], ...]:
    # cached: matching reads the same sentences and clauses again for every figure in them
    lowered = text.lower()
    for phrase, kept in _NEUTRAL_KEPT:
        if phrase in lowered:
            lowered = lowered.replace(phrase, kept)
    if "rescue" in lowered:
        lowered = _AGENT_MODIFIER.sub(lambda m: " " * len(m.group()), lowered)
    found = [
        (match.start(), cls)
        for phrase, pattern, cls in _PHRASE_PATTERNS
        if phrase in lowered
        for match in pattern.finditer(lowered)
    ]
    for match in _STEM_WORD.finditer(lowered):
        word = match.group().strip("'’-")
        if word in _FALSE_FRIENDS:
            continue
        if text[match.start()].isupper() and (
            (word in _CAPITALISED_NOT_EVENTS and text[match.start() : match.end()].istitle())
            or _in_name(text, match.start(), match.end())
        ):
            continue  # "March" (the month), "Sale", "Helena Strand" (names), not the verbs
        stem = match.group(1)
        # a short stem must be the whole word or carry an inflection, so that "met"
        # does not fire on "metropolitan"
        if len(stem) <= 4 and word[len(stem) :] not in _INFLECTIONS:
            continue
        if stem == "remain" and word != "remaining" and not _still_there(text, match.end()):
            continue  # "remained closed", "remain in hospital": the state is what follows
        found.append((match.start(), _WORD_STEMS[stem]))
    return tuple(sorted(found))


_WORD_BEFORE = re.compile(r"([A-Za-z][\w'’-]*)[^\S\n]+$")
_POSSESSIVE = re.compile(r"['’]s\b")


def _in_name(text: str, start: int, end: int) -> bool:
    """Whether the capitalised word at ``text[start:end]`` is part of a name: it follows
    another capitalised word ("Helena Strand"), or owns something ("Strand's party")."""
    if text[start:end].endswith(("'s", "’s")) or _POSSESSIVE.match(text, end):
        return True
    before = _WORD_BEFORE.search(text, max(0, start - 40), start)
    return before is not None and before.group(1)[0].isupper() and (
        before.group(1).lower() not in STOP_WORDS)


# What may follow "remain" when it means still there, still held: nothing (the clause
# ends), a word of captivity, or a place ("129 remain in Gaza"). Anything else is the
# state the verb links to ("remain closed", "remained in critical condition", "remain
# missing"), which names its own event if any.
_STILL_THERE = re.compile(
    r"(?:\s+(?:captive|hostages?|held|behind|there|inside|in captivity|"
    r"in custody|(?:in|at|inside|on)\s+(?:the\s+)?[A-Z]\w*)\b|\s*(?:[.,;:!?)\"”—–]|$))"
)


def _still_there(text: str, end: int) -> bool:
    """Whether "remain..." ending at ``end`` means still there (held), not a state."""
    return _STILL_THERE.match(text, end) is not None


def events_in(text: str) -> frozenset[str]:
    """Event classes named anywhere in ``text``."""
    return frozenset(cls for _, cls in event_positions(text))


def content_words(text: str) -> frozenset[str]:
    """Lower-case singular content words of ``text``, for lexical overlap."""
    return frozenset(c for w in tokens(text) if (c := _content_word(w)) is not None)


@lru_cache(maxsize=65536)
def _content_word(word: str) -> str | None:
    # a news vocabulary is small next to its running text: each word is read once
    lower = word.lower()
    if len(word) <= 2 or lower in STOP_WORDS:
        return None
    return singular(lower.strip("'’-"))


STEM_LENGTH = 5


def stems(words: frozenset[str]) -> frozenset[str]:
    """Words cut to their first ``STEM_LENGTH`` letters: "inspected" and "inspection",
    "erupted" and "eruption" meet. Crude, but only ever an overlap of two sentences, where
    a chance meeting ("state", "statement") costs little; measured no worse than a
    Snowball stemmer and far faster."""
    return frozenset(w[:STEM_LENGTH] for w in words)


_NAME_SUFFIXES = ("ians", "ian", "ans", "an", "ese", "ish", "is", "ia", "i", "a", "e", "n", "s")


def name_stem(name: str) -> str:
    """A name without the endings that turn places into peoples: Kenya/Kenyan -> keny,
    Israel/Israeli/Israelis -> israel, Ethiopia/Ethiopian -> ethiop."""
    for suffix in _NAME_SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 4:
            return name[: -len(suffix)]
    return name


def without_possessive(word: str) -> str:
    """``word`` without a possessive ending ("Kenya's" -> "Kenya")."""
    return word.split("'")[0].split("’")[0]


def name_of(word: str) -> str:
    """The name a capitalised word stands for, as names are compared: no possessive,
    lower case, stemmed."""
    return name_stem(without_possessive(word).lower())


def names_in(text: str) -> frozenset[str]:
    """Capitalised words that look like names of people, places or bodies, stemmed.

    The first word is skipped (a capital there says nothing) unless it is a possessive.
    """
    names: set[str] = set()
    # the first word after a dateline ("HALVIK (Ledger Daily) — Annual inflation") starts
    # the sentence as much as a first word does; the dateline's place is still a name
    dateline = _DATELINE.match(text)
    words = tokens(text[dateline.end():] if dateline else text)
    # a possessive ("Kenya's Daniel Kiprono") is a name even there, and so is a word in
    # capitals (a dateline's "TIRESK —", "NATO")
    if words and not words[0].endswith(("'s", "’s")) and not (
        len(words[0]) > 1 and words[0].isupper()
    ):
        words = words[1:]
    if dateline:
        words = tokens(without_credit(dateline.group())) + words
    for word in words:
        if not word[0].isupper() or word in _NOT_NAMES:
            continue
        base = without_possessive(word).lower()
        if base.split("-")[0] in _NUMBER_WORDS:
            continue  # "Twenty-three miners" after a dateline is a figure, not a name
        if len(base) > 1 and base not in STOP_WORDS and base not in _NOT_TOPICAL:
            names.add(name_stem(base))
    # a body named in full is also named by its initials: "Bharatiya Janata Party" is the
    # BJP, "U.S. Geological Survey" the USGS
    names |= {run for run in _initials(without_credit(text)) if len(run) > 1}
    return frozenset(names)


_CAP = r"(?:(?:[A-Z]\.){2,}|[A-Z][\w'’-]*)"
_RUN = re.compile(rf"{_CAP}(?:[^\S\n]+(?:(?:of|for|and)[^\S\n]+)?(?:the[^\S\n]+)?{_CAP})+")


def _initials(text: str) -> set[str]:
    """The initials of each run of capitalised words ("Federal Emergency Management
    Agency": "fema"; "U.S. Geological Survey": "usgs")."""
    found = set()
    for run in _RUN.finditer(text):
        # (a capitalised "In" or "The" opening a sentence is no part of a name)
        words = [w for w in run.group().split() if w[0].isupper()]
        if words[0].lower() in STOP_WORDS:
            words = words[1:]
        letters = "".join(w.replace(".", "") if "." in w[:3] else w[0] for w in words)
        found.add(letters.lower())
    return found


_NUMBER_WORDS = frozenset(number_words.UNITS) | frozenset(number_words.TENS) | frozenset(
    number_words.SCALES
)


# Capitalised words that say nothing about which story an article tells.
# Kinds of firm that end a firm's name ("Halvard Bank", "Orrin Corporation"): the word
# before them is a name wherever it stands, a sentence start included.
_FIRM_KINDS: frozenset[str] = frozenset_of("bank company corporation")

_NOT_TOPICAL: frozenset[str] = frozenset_of(
    """
    monday tuesday wednesday thursday friday saturday sunday january february march april
    may june july august september october november december jan feb mar apr jun jul aug
    sep sept oct nov dec skip main content copyright click here read more min live story
    said says according
    """
) | frozenset_of(
    # titles, roles and kinds of institution: capitalised before or in a name ("Prime
    # Minister", "Federal Statistics Agency", "Alder County"), shared by unrelated stories
    """
    minister ministry prime president presidential vice governor mayor secretary chairman
    chairwoman chair chief director spokesman spokeswoman spokesperson senator senate
    representative general commissioner commission premier chancellor king queen prince
    princess judge justice official officials department agency government council
    authority authorities federal national state county city province provincial district
    region regional police army court parliament congress party union university institute
    hospital company corporation bank office service services news wire press mr mrs ms dr
    sir lord north south east west northern southern eastern western central new
    route highway road street avenue drive school celsius fahrenheit
    capt col gen lt sgt adm gov sen rep speaker utc gmt
    """
) | frozenset_of(
    # kinds of place that end a place name ("Pine Valley", "Gaza Strip"): the word before
    # names the place
    """
    valley bay heights springs port river lake lakes mountain mountains hills hill beach
    coast island islands strip gulf sea ocean park square bridge airport station village
    town falls creek harbour harbor point forest desert peninsula canyon
    """
)


# A dateline's credit ("VELMORA (Meridian Wire) —"): the outlet, not the story.
# "KELMAR (HNS) —", "DUNMERE, Orvenia (OPA) —": a place in capitals, perhaps its country
_DATELINE_PLACE = (
    r"[^\S\n]*[A-Z][A-Z .'’-]*(?:,[^\S\n]*[A-Z][\w.'’-]*(?:[^\S\n]+[A-Z][\w.'’-]*)*)?"
    # a wire's date: "BENGHAZI, Libya, Sept. 12 (Meridian Wire) -"
    r"(?:,?[^\S\n]*(?:Jan|Feb|March|April|May|June|July|Aug|Sept?|Oct|Nov|Dec)[a-z]*\.?"
    r"[^\S\n]+\d{1,2})?"
)
_DATELINE_CREDIT = re.compile(rf"(?m)^({_DATELINE_PLACE}[^\S\n]*)\([^)\n]{{1,60}}\)")


# A dateline up to its dash: "HALVIK (Ledger Daily) — ", "DUNMERE, Orvenia (OPA) – ".
# (a plain hyphen too, set apart by spaces: "TRIPOLI - The number of dead")
_DATELINE = re.compile(
    rf"{_DATELINE_PLACE}(?:[^\S\n]*\([^)\n]{{1,60}}\))?"
    r"(?:[^\S\n]*[—–][^\S\n]*|[^\S\n]+-[^\S\n]+)"
)


def without_credit(text: str) -> str:
    """``text`` without a dateline's credit ("RUSKOV (MFW) —": the outlet, not a name of
    the story)."""
    return _DATELINE_CREDIT.sub(lambda m: m.group(1), text)

# The capitalised word right after another one ("Tomas Reinholt", "Pine Hollow").
_NEXT_NAME = re.compile(r"[ \u00a0]([A-Z][a-z][A-Za-z]*|[A-Z]{2}[A-Za-z]*)")
# A name as the source of what follows or precedes: "the Red Crescent said", "according
# to the World Health Organization".
_SPEAKS = re.compile(r"[^\S\n]+(?:said|says|told|reported|estimated|confirmed|announced)\b")
_PLACED = re.compile(r"\b(?:in|from|of|at|near|for|on)\s+(?:the\s+)?(?:[A-Z][\w.'’-]*\s+)*$")
_ACCORDING = re.compile(r"\baccording to (?:the )?(?:[A-Z][\w.'’-]* )*$")
# A byline ("By Dana Whitfield | The Harbor Post"): who wrote it, not what it is about.
_BYLINE = re.compile(r"(?m)^[^\S\n]*By[^\S\n]+[A-Z][^\n]{0,100}$")
# What may stand before the first word of a sentence.
_SENTENCE_START = re.compile(r"(?:^|[.!?:]\s*|\n\s*)[\"“‘'(\[—–-]*\s*$")


_NAME_RUN = r"(?:[A-Z][\w.'’-]*\s+)*[A-Z][\w.'’-]*"
# A speaker of a sentence: a name, perhaps with an age or an apposition without figures
# ("Helena Rask, 58,", "Ilse Varro, the union's president,"), before a verb of saying or
# of judging a figure. "The Greens, which won 12 seats, said": the seats are theirs.
_SPEAKER = re.compile(
    rf"({_NAME_RUN})(?:,[^\S\n]*\d{{1,3}},|,(?![^\S\n]*(?:which|who|whose|that)\b)"
    r"[^,\d\n]{1,40},|,)?[^\S\n]+(?:(?:has|have|had)[^\S\n]+)?"
    r"(?:said|says|told|reported|estimated|estimates|confirmed|announced|warned|added"
    r"|promised|argued|insisted|noted|stated|claimed|calculated?|calculates)\b"
)
# "according to the Health Ministry", "polled by KPA", "compiled by Ledger Daily"
_ACCORDING_TO = re.compile(
    rf"\b(?:according to|(?:polled|surveyed|compiled|published|released|quoted|cited) by)"
    rf" (?:the )?({_NAME_RUN})"
)


def speakers_in(sentence: str) -> frozenset[str]:
    """Names in the position of a source ("Interior Minister Tomas Adler said",
    "according to the Health Ministry"), stemmed: who gave a figure, not whose it is."""
    found: set[str] = set()
    for pattern in (_SPEAKER, _ACCORDING_TO):
        for match in pattern.finditer(sentence):
            if pattern is _SPEAKER and _PLACED.search(sentence, 0, match.start(1)):
                continue  # "officials in Velmora said": the place is the figure's own
            found |= {name_of(w) for w in match.group(1).split()}
    return frozenset(found)


def article_topic(text: str, size: int = 20) -> frozenset[str]:
    """The names an article uses most, each with how often: which story it tells.

    A repeated name is stored as ``name#count``, one used once as ``?name`` (see
    ``topic_weights``); bylines and names in the position of a source ("the Red
    Crescent said") are not counted: they say who reported, not what happened.

    Capitalised words (possessive stripped) seen inside a sentence at least once (a
    capital at a sentence start says nothing), most frequent first, ties alphabetical;
    a word the text also writes in lower case is an ordinary word, not a name; titles
    and kinds of institution ("Minister", "County") and a dateline's credit (the
    outlet) are left out. Two articles about one event share some of these; articles
    about different events rarely do.
    """
    text = _DATELINE_CREDIT.sub(lambda m: m.group(1), text)
    text = _BYLINE.sub("", text)
    lower_words = {w for w in TOKEN.findall(text) if w[0].islower()}
    counts: dict[str, int] = {}
    inside: set[str] = set()
    for match in TOKEN.finditer(text):
        word = match.group()
        if not word[0].isupper() or word in _NOT_NAMES:
            continue
        following = _NEXT_NAME.match(text, match.end())
        if following and following.group(1).lower() not in _NOT_TOPICAL:
            continue  # a given name or a qualifier of a longer name: its last word names it
        starts = _SENTENCE_START.search(text, max(0, match.start() - 4), match.start())
        if starts is None or word.isupper() or word.endswith(("'s", "’s")) or (
            following and following.group(1).lower() in _FIRM_KINDS
        ):
            # "Halvard Bank will...": a capital before a firm's kind is a name, even at a
            # sentence start
            inside.add(without_possessive(word).lower())
        base = without_possessive(word)
        name = base.lower()
        if len(name) < 3 or name in _NOT_TOPICAL or name in STOP_WORDS:
            continue
        if name.split("-")[0] in _NUMBER_WORDS:
            continue
        if name in lower_words or singular(name) in lower_words:
            continue
        before = max(0, match.start() - 48)
        speaks = _SPEAKS.match(text, match.end()) and not _PLACED.search(
            text, before, match.start()
        )
        if speaks or _ACCORDING.search(text, before, match.start()):
            inside.add(name)  # still a name, but who gave the figure, not what it is about
            continue
        counts[name] = counts.get(name, 0) + 1
    ranked = sorted((n for n in counts if n in inside), key=lambda n: (-counts[n], n))
    named = (f"{n}{COUNT_MARK}{counts[n]}" if counts[n] > 1 else PASSING_MARK + n
             for n in ranked[:size])
    return frozenset(named) | story_words(text)


COMMON_MARK = "~"  # marks a story word among the names of ``article_topic``
PASSING_MARK = "?"  # marks a name the article uses only once
COUNT_MARK = "#"  # how often the article uses a name it repeats ("carrowby#4")
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+|\n+")


def story_words(text: str, share: float = 0.2, least: int = 3) -> frozenset[str]:
    """Words and event classes that many sentences of one article use: the story's own
    vocabulary ("~inflation", "~!rise"), as frequent in the figures of one fact as of
    another. Matching discounts them: a rarity weight within the article itself, read
    from the article alone so that each pair of mentions is still judged on its own."""
    sentences = [x for x in _SENTENCE_SPLIT.split(text) if len(x) > 20]
    need = max(least, math.ceil(share * len(sentences)))
    counts: dict[str, int] = {}
    for sentence in sentences:
        found = {f"!{e}" for e in events_in(sentence)} | content_words(sentence)
        for item in found:
            counts[item] = counts.get(item, 0) + 1
    return frozenset(COMMON_MARK + w for w, n in counts.items() if n >= need)


def topic_names(topic: frozenset[str]) -> frozenset[str]:
    """The names of an ``article_topic`` (without its story words)."""
    return frozenset(topic_weights(topic))


def topic_weights(topic: frozenset[str]) -> dict[str, int]:
    """The names of an ``article_topic`` with how often the article uses each (a topic
    stored without counts: 2 for each name)."""
    weights: dict[str, int] = {}
    for item in topic:
        if item.startswith(COMMON_MARK):
            continue
        if item.startswith(PASSING_MARK):
            weights[item[1:]] = 1
        else:
            name, _, count = item.partition(COUNT_MARK)
            weights[name] = int(count) if count.isdigit() else 2
    return weights


def topic_words(topic: frozenset[str]) -> frozenset[str]:
    """The story words of an ``article_topic``: content words, and "!event" classes."""
    return frozenset(n[1:] for n in topic if n.startswith(COMMON_MARK))


# What a figure is, besides the thing that happened: a ship's capacity is not how many
# were aboard, the old record is not the new one, a forecast or a plan is not the outcome.
# Read in the words just before the figure ("licensed to carry 250", "the old high of
# 43.9C", "economists had expected 3.5%", "a majority requires 76 seats").
ROLE_WORDS: dict[str, str] = {
    **dict.fromkeys(("capacity", "licensed", "designed", "accommodate"), "capacity"),
    **dict.fromkeys(("require", "requires", "required", "requirement", "need", "needs",
                     "needed", "threshold"), "threshold"),
    **dict.fromkeys(("old", "previous", "former", "prior", "preceding"), "previous"),
    # a forecast, a target, a plan: a figure not yet real
    **dict.fromkeys(("expect", "expects", "expected", "forecast", "forecasts", "forecaster",
                     "forecasters", "projected", "projection", "predicted", "prediction",
                     "consensus", "polled", "anticipated", "target", "targets", "targeted",
                     "goal", "aim", "aims", "aiming", "pledge", "pledged"), "expected"),
}
_FIGURE = re.compile(r"\d")


# A day right after a verb of saying ("the ministry said on Tuesday") is the day of the
# report, not of what happened: two facts even when the day is the same.
REPORT_WORDS = frozenset_of("said says told announced stated reported confirmed added warned")


def reporting_day(before: str, span: int = 4) -> bool:
    """Whether a day is dated by a verb of saying among the ``span`` words before it."""
    return any(w.lower() in REPORT_WORDS for w in tokens(_after_figures(before))[-span:])


def _after_figures(text: str) -> str:
    digits = [m.end() for m in _FIGURE.finditer(text)]
    return text[digits[-1]:] if digits else text


def figure_role(before: str, span: int = 6) -> str | None:
    """The role the words just before a figure give it (the nearest one within ``span``
    words, and after any other figure), or ``None`` for the figure of what happened."""
    for word in reversed(tokens(_after_figures(before))[-span:]):
        role = ROLE_WORDS.get(word.lower())
        if role is not None:
            return role
    return None


# A threshold named after its figure: "the 272 needed for a majority", "the 272-seat
# majority mark"
TRAILING_ROLES = frozenset_of("needed required necessary mark threshold")


def trailing_role(after: str, span: int = 3) -> str | None:
    """The role the words just after a figure give it (``TRAILING_ROLES``), up to the
    next figure or clause."""
    words = tokens(re.split(r"[\d,;.(]", after, maxsplit=1)[0])[:span]
    return "threshold" if any(w.lower() in TRAILING_ROLES for w in words) else None


# Which length a figure in metres is: the height of a plume is not the radius of a zone,
# the depth of a quake not its distance from a town. Read in the figure's sentence, nearest
# first.
DIMENSION_WORDS: dict[str, str] = {
    **dict.fromkeys(("height", "high", "tall", "altitude", "elevation", "sky", "air",
                     "above sea level", "plume", "column"), "height"),
    **dict.fromkeys(("depth", "deep", "underground", "below ground", "below the surface",
                     "beneath"), "depth"),
    **dict.fromkeys(("radius", "zone", "perimeter", "within"), "radius"),
    **dict.fromkeys(("away", "distance", "off", "north of", "south of", "east of",
                     "west of", "up the", "down the"), "distance"),
    **dict.fromkeys(("long", "length", "stretch"), "length"),
    **dict.fromkeys(("wide", "width", "across"), "width"),
}
_DIMENSION = re.compile(
    r"\b(?:" + "|".join(sorted((re.escape(w) for w in DIMENSION_WORDS), key=len, reverse=True))
    + r")\b",
    re.IGNORECASE,
)


def dimension(sentence: str, start: int, end: int) -> str | None:
    """The dimension the words nearest to ``sentence[start:end]`` give a length, if any
    ("the ash column had dropped to about 6 km ..., well below the 12 km recorded")."""
    best: tuple[int, str] | None = None
    for m in _DIMENSION.finditer(sentence):
        if start <= m.start() < end:
            continue
        gap = start - m.end() if m.end() <= start else m.start() - end
        if best is None or gap < best[0]:
            best = (gap, DIMENSION_WORDS[m.group().lower()])
    return None if best is None else best[1]
