#!/usr/bin/env python3
"""Convert the PETRARCH2 Phoenix actor dictionaries into data/actors.tsv.

usage: petrarch_actors.py PETRARCH2_CHECKOUT [OUT]

PETRARCH2 (https://github.com/openeventdata/petrarch2, MIT licence) is not
on PyPI, so the input is a checkout; its dictionaries live in
petrarch2/data/dictionaries/. OUT defaults to ../data/actors.tsv next to this
script. The output has one named actor a line:

    canonical<TAB>label<TAB>actor_type<TAB>cameo_code<TAB>alias|alias|...

- canonical: a display name (`HOJATOLISLAM_SAYYED_ALI_KHAMENEI_` -> `Ali
  Khamenei`: titles dropped, title case, `al-`/`bin` kept lowercase);
- label: PER or ORG, from the file, the comment and the words of the name;
- cameo_code: the actor's current code (open-ended, else the latest dated,
  else undated); actor_type: its role (GOV, MIL, REB, REL, PTY, IGO, NGO, ...);
- aliases: the other spellings worth matching (persons: two words or more,
  no titles; organisations: no person names, no two-letter acronyms).

Country entries are left out (their "aliases" are cities), and so are names
with digits or of more than eight words. The dictionaries' own ambiguities
(one spelling under two actors) are resolved at load time by dropping the
spelling.
"""
import re
import sys
from pathlib import Path

FILES = [
    ("Phoenix.Countries.actors.txt", "countries"),
    ("Phoenix.International.actors.txt", "international"),
    ("Phoenix.MilNonState.actors.txt", "nonstate"),
]

# CAMEO role codes, in the order a type is picked from a composite code.
ROLES = [
    "IGO", "NGO", "IMG", "MNC", "REB", "INS", "SEP", "UAF", "MIL", "SPY", "COP", "GOV", "LEG", "JUD",
    "PTY", "OPP", "REL", "MED", "EDU", "BUS", "LAB", "HLH", "AGR", "REF", "HRI", "ENV", "CRM", "CVL", "ELI",
]
# Religion codes (CAMEO): an actor coded only by religion is religious.
RELIGIONS = {"MUS", "CHR", "JEW", "HIN", "BUD", "SHI", "SUN", "CTH", "PRO", "ORT", "SIK", "JAN", "TAO", "MOS"}
LOWER_WORDS = {"of", "the", "and", "for", "in", "on", "de", "du", "des", "la", "le", "les", "van", "von", "der",
               "den", "da", "das", "do", "dos", "y", "e", "et", "bin", "ibn", "bint", "al", "el", "ul", "to", "at"}
EXTRA_TITLES = {"hojatolislam", "hojatoleslam", "sayyed", "sayed", "sayyid", "seyyed", "ayatollah", "president",
                "general", "secretary-general", "secretary", "un", "u.n.", "united", "chief", "mr", "dr"}
EXTRA_ORG_HEADS = {"organisation", "party", "ministry", "council", "commission", "front", "movement", "army",
                   "group", "brigade", "brigades", "forces", "committee", "association", "union", "bank", "fund",
                   "agency", "court", "league", "organization", "institute", "center", "centre", "federation",
                   "society", "foundation", "office", "program", "programme", "conference", "secretariat",
                   "network", "alliance", "cells", "nuclei", "squad", "commandos", "battalion", "battalions",
                   "mujahideen", "martyrs", "jihad", "faction", "resistance", "liberation", "revolutionary"}


def words_of(data_dir, name):
    out = set()
    for line in (data_dir / name).read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            out.add(line.lower())
    return out


def parse_codes(text):
    """`[IRNGOV >19890604][IRNELI]` -> [(code, start, end, open_ended)]."""
    out = []
    for m in re.finditer(r"\[([^\]]*)\]", text):
        parts = m.group(1).split()
        if not parts:
            continue
        code, dates = parts[0], "".join(parts[1:])
        start = end = ""
        open_ended = False
        if dates.startswith(">"):
            start, open_ended = dates[1:], True
        elif dates.startswith("<"):
            end = dates[1:]
        elif "-" in dates:
            start, end = dates.split("-", 1)
        out.append((code, full_date(start), full_date(end), open_ended))
    return out


def full_date(d):
    d = re.sub(r"\D", "", d)
    if len(d) == 6:
        return ("20" if int(d[:2]) <= 30 else "19") + d
    return d[-8:]


def code_rank(c):
    """Open-ended codes first, then a role over `ELI`, then the latest."""
    code, _start, end, open_ended = c
    return (open_ended, role_of(code) not in (None, "ELI"), bool(end), end)


def current_code(codes):
    """The code an actor holds now."""
    return max(codes, key=code_rank) if codes else None


def role_of(code):
    if code[:3] in ("IGO", "NGO", "IMG", "MNC"):
        return code[:3]
    chunks = [code[i:i + 3] for i in range(0, len(code), 3)]
    for role in ROLES:
        if role in chunks[1:]:
            return role
    if any(c in RELIGIONS for c in chunks):
        return "REL"
    return None


def split_name(raw):
    """A dictionary phrase -> (words, acronym from a parenthesis)."""
    raw = raw.strip().strip("+").strip()
    acronym = None
    m = re.search(r"\(([A-Z]{3,8})\)", raw)
    if m:
        acronym = m.group(1)
    raw = re.sub(r"\([^)]*\)", " ", raw)
    words = [w for w in re.split(r"[_\s]+", raw) if w]
    return words, acronym


def clean_words(words, titles):
    """Leading titles dropped; None for junk."""
    while words and words[0].lower().rstrip(".") in titles:
        words = words[1:]
    if not words or len(words) > 8:
        return None
    for w in words:
        if not re.fullmatch(r"[A-Za-z][A-Za-z'.\-]*", w):
            return None
    return words


def skeleton(text):
    """Consonants without repeats: spelling variants of one word share it (Hizballah, Hezbollah)."""
    out = []
    for c in re.sub(r"[^a-z]", "", text.lower()):
        if c not in "aeiouy" and (not out or out[-1] != c):
            out.append(c)
    return "".join(out)


def display(words, label):
    out = []
    for n, w in enumerate(words):
        lw = w.lower()
        if "-" in w and lw.split("-", 1)[0] in ("al", "el"):
            head, rest = lw.split("-", 1)
            out.append("al-" + display([rest], label))
            continue
        if n > 0 and lw in LOWER_WORDS:
            out.append("al-" if lw in ("al", "el") and n + 1 < len(words) else lw)
            continue
        letters = lw.replace(".", "")
        acronym = len(letters) <= 2 and label == "ORG" and lw not in LOWER_WORDS
        if acronym or (len(letters) <= 4 and not re.search(r"[aeiouy]", letters)):
            out.append(w.upper())
            continue
        out.append("-".join(p[:1].upper() + p[1:] for p in lw.split("-")))
    text = " ".join(out).replace("al- ", "al-")
    return text


def key(words):
    return " ".join(w.lower().replace("-", " ") for w in words)


def label_of(words, comment, source, code, first_names, org_heads):
    lower = [w.lower() for w in words]
    parts = {p for w in lower for p in w.split("-")}
    if parts & org_heads:
        return "ORG"
    if source == "nonstate":
        return "ORG"
    if "countryinfo" in comment.lower() or "igorulers" in comment.lower():
        return "PER"
    if lower[0] in first_names and len(words) >= 2:
        return "PER"
    if source == "international" and code and code[:3] in ("IGO", "NGO", "MNC"):
        return "ORG"
    return None


def is_person_like(words, first_names):
    return len(words) >= 2 and words[0].lower() in first_names


def read_entries(path, source):
    """(name line, comment, [synonym lines], codes text) per base actor."""
    entries = []
    current = None
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = raw.strip()
        if not line or line.startswith("#") or line.startswith("<!"):
            continue
        body, _, comment = line.partition("#")
        body = body.strip()
        if not body:
            continue
        if body.startswith("["):
            if current:
                current["codes"] += body
        elif body.startswith("+"):
            if current:
                current["synonyms"].append(body)
        else:
            name, _, codes = body.partition("[")
            current = {"name": name, "comment": comment, "synonyms": [], "codes": "[" + codes if codes else "",
                       "source": source}
            entries.append(current)
    return entries


def main():
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    checkout = Path(sys.argv[1])
    here = Path(__file__).resolve().parent
    data_dir = here.parent / "data"
    out_path = Path(sys.argv[2]) if len(sys.argv) > 2 else data_dir / "actors.tsv"
    first_names = words_of(data_dir, "first_names.txt")
    org_heads = words_of(data_dir, "org_heads.txt") | EXTRA_ORG_HEADS
    titles = words_of(data_dir, "titles.txt") | EXTRA_TITLES
    stopwords = words_of(data_dir, "stopwords.txt")
    places = {line.split("|")[0].lower() for line in words_of(data_dir, "countries.txt") | words_of(data_dir, "places.txt")}
    dict_dir = checkout / "petrarch2" / "data" / "dictionaries"

    actors = {}
    for name, source in FILES:
        for e in read_entries(dict_dir / name, source):
            codes = parse_codes(e["codes"])
            code = current_code(codes)
            if not code or not code[0].isalpha() or re.fullmatch(r"[A-Z]{3}(OCC)?", code[0]):
                continue  # no code, or a country
            words, acronym = split_name(e["name"])
            words = clean_words(words, titles)
            if not words:
                continue
            label = label_of(words, e["comment"], source, code[0], first_names, org_heads)
            if label is None or (label == "PER" and len(words) < 2):
                continue
            canonical = display(words, label)
            aliases = {}
            candidates = [split_name(s) for s in e["synonyms"]]
            if acronym:
                candidates.append(([acronym], None))
            for syn_words, syn_acronym in candidates:
                if syn_acronym:
                    candidates.append(([syn_acronym], None))
                syn = clean_words(syn_words, titles)
                if not syn:
                    continue
                lower = {p for w in syn for p in w.lower().split("-")}
                if label == "PER":
                    if len([w for w in syn if w.lower() not in LOWER_WORDS]) < 2 or lower & (titles | org_heads | {"regime"}):
                        continue
                else:
                    if is_person_like(syn, first_names) and not lower & org_heads:
                        continue  # a leader listed under the group's code
                    one = syn[0] if len(syn) == 1 else None
                    spelling = one and skeleton(one) == skeleton(canonical)
                    initials = one and one.upper() == "".join(w[0] for w in words if w.lower() not in LOWER_WORDS)
                    if one and (len(one) < 3 or one.lower() in stopwords | places or not (spelling or initials)):
                        continue  # a lone word only as a spelling variant or the acronym
                    if initials:
                        aliases.setdefault(key(syn), one.upper())
                        continue
                aliases.setdefault(key(syn), display(syn, label))
            k = key(canonical.split())
            aliases.pop(k, None)
            slot = actors.setdefault(k, {"canonical": canonical, "label": label, "code": code, "aliases": {}})
            if slot["label"] != label:
                continue
            slot["code"] = max(slot["code"], code, key=code_rank)
            for ak, av in aliases.items():
                slot["aliases"].setdefault(ak, av)

    owners = {}
    for k, a in actors.items():
        owners.setdefault(k, set()).add(k)
        for ak in a["aliases"]:
            owners.setdefault(ak, set()).add(k)
    lines = []
    for a in sorted(actors.values(), key=lambda a: a["canonical"].lower()):
        if a["label"] == "ORG" and len(a["canonical"].split()) == 1 and a["canonical"].lower() in stopwords | places:
            continue
        code = a["code"][0]
        # a spelling under two actors names neither
        kept = {v for ak, v in a["aliases"].items() if len(owners[ak]) == 1}
        aliases = "|".join(sorted(kept, key=str.lower))
        lines.append(f"{a['canonical']}\t{a['label']}\t{role_of(code) or ''}\t{code}\t{aliases}")

    header = [
        "# Named actors from the PETRARCH2 Phoenix dictionaries (Countries, International, MilNonState),",
        "# https://github.com/openeventdata/petrarch2, MIT licence, (c) 2014 Open Event Data Alliance.",
        "# Regenerate: python3 crates/dateline_nlp/scripts/petrarch_actors.py PETRARCH2_CHECKOUT",
        "# canonical<TAB>label<TAB>actor_type<TAB>cameo_code<TAB>alias|alias|...",
    ]
    out_path.write_text("\n".join(header + lines) + "\n", encoding="utf-8")
    print(f"{out_path}: {len(lines)} actors, {sum(l.count('|') + 1 for l in lines if l.split(chr(9))[4])} aliases")
    return 0


if __name__ == "__main__":
    sys.exit(main())
