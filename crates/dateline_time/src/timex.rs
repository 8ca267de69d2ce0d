//! Finding time expressions in text and normalizing them to TIMEX3 values.
//!
//! Each family of expressions is one [`Rule`]: a regex (built once) and a
//! function that turns a match into a [`Found`] against the anchor, looking
//! at the clause before it for tense (`will meet Friday` is the coming
//! Friday). All rules run over the text, overlapping matches are resolved
//! longest first, and a last pass resolves the expressions that lean on
//! another one (`two days after`, `a year earlier`, `the quarter`).

use crate::relative::{
    Dir, Lean, Unit, day_value, holiday, occurrence, parse_count, parse_weekday, period_value, shift, weekday,
    yearless_day, yearless_month,
};
use dateline_core::calendar::month_number;
use dateline_core::{Span, TimeAnchor, TimeExpr, TimexType};
use jiff::civil::{Date, Weekday};
use regex::{Captures, Regex};
use std::sync::LazyLock;

/// A month name, or an abbreviation with an optional period, capitalized.
const MON: &str = r"(?P<mon>(?:January|February|March|April|May|June|July|August|September|October|November|December)\b|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\b\.?)";
/// A plausible year of news text.
const YEAR: &str = r"(?P<y>(?:1[89]|20)\d\d)";
/// A count in digits or words (`three`, `twenty four`, `a couple of`).
const NUM: &str = r"(?P<n>\d{1,4}|(?i:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|five|six|seven|eight|nine)\b)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|a\s+couple\s+of|a\s+dozen|a\s+hundred|an?))";
/// The farthest (in bytes) a reference expression looks back for its reference.
const REFERENCE_REACH: usize = 250;
/// How far back (in bytes) the clause before an expression is read for tense.
const CLAUSE_REACH: usize = 80;

/// Words that, earlier in the clause, put a bare weekday or date ahead of the anchor.
const FUTURE_CUES: &[&str] = &[
    "will",
    "shall",
    "would",
    "going",
    "scheduled",
    "schedule",
    "plan",
    "plans",
    "planned",
    "planning",
    "expected",
    "expect",
    "expects",
    "due",
    "upcoming",
    "coming",
    "payable",
    "effective",
    "expire",
    "expires",
    "resume",
    "resumes",
    "reconvene",
    "reconvenes",
    "deadline",
    "soon",
    "begin",
    "begins",
    "start",
    "starts",
    "tomorrow",
    "next",
];
/// Future cues that stay cues after a determiner (`the coming week`); the
/// others are then nouns (`the plan`, `a start`).
const FUTURE_NOUNS: &[&str] = &["deadline", "upcoming", "coming", "next"];
/// Words before a noun that make a verb-like future cue a noun.
const DETERMINERS: &[&str] = &["the", "a", "an", "its", "his", "her", "their", "our", "this", "that"];
/// Words right before an expression that make it a deadline, hence ahead.
const DEADLINE_WORDS: &[&str] = &["by", "until", "till", "through"];
/// Stems of verbs that move an act to a later date: before a deadline word
/// the date is ahead even in the past tense (`postponed until Tuesday`,
/// `extended its deadline until Friday`).
const POSTPONING_STEMS: &[&str] = &["postpon", "delay", "defer", "extend", "adjourn", "recess", "put off"];
/// Verbs of a scheduled act whose present tense before a weekday tells of
/// the coming one (`they meet separately Monday`, `the team leaves Friday`).
const SCHEDULED_ACTS: &[&str] = &[
    "meet",
    "meets",
    "visit",
    "visits",
    "leave",
    "leaves",
    "arrive",
    "arrives",
    "return",
    "returns",
    "travel",
    "travels",
    "testify",
    "testifies",
    "vote",
    "votes",
    "convene",
    "convenes",
];
/// Words before a verb that make it no present tense of its own (`to meet`,
/// `did not meet`): the tense is read further back.
const NOT_PRESENT: &[&str] = &["to", "did", "didn't", "not", "had", "was", "were"];
/// Words after `overnight` that show it an adverb of the story's own act
/// (`sites struck overnight with missiles`): the night meant is not known.
const FUNCTION_WORDS: &[&str] =
    &["with", "and", "or", "in", "on", "at", "to", "by", "for", "from", "the", "a", "an", "as", "but", "when"];
/// Nouns after `overnight` that name a kind of loan, rate or stay (`the
/// overnight rate`, `an overnight stay`), not the night before.
const OVERNIGHT_KINDS: &[&str] = &["rate", "fund", "loan", "deposit", "repo", "money", "stay", "trip", "bag", "flight"];
/// Words right before a weekday or date that report a past act.
const PAST_VERBS: &[&str] = &["said", "told", "met", "was", "were", "did", "had", "began", "went", "came", "took"];
/// Common irregular past forms, for reading the clause after a date.
const IRREGULAR_PAST: &[&str] = &[
    "brought", "bought", "sold", "made", "gave", "got", "left", "held", "paid", "lost", "won", "fell", "rose", "saw",
    "found", "put", "sent", "spent", "struck", "wrote", "became", "knew", "thought", "led", "ran", "hit",
];
/// Words before a participle that make it passive (`will be declared March
/// 1`), which tells nothing of the tense; after a determiner it is an
/// adjective (`an unspecified date`).
const PASSIVE_AUXILIARIES: &[&str] = &["be", "been", "being"];
/// Endings of words in `-ed` that are no past participles (`will succeed
/// Mr. Davison Feb. 1`, `proceed`, `indeed`, `need`).
const NOT_PARTICIPLES: &[&str] = &["ceed", "indeed", "need", "speed", "heed", "breed"];
/// Words right before a bare four-digit number that make it a count, not a year.
const COUNT_WORDS: &[&str] = &[
    "about",
    "some",
    "nearly",
    "around",
    "approximately",
    "almost",
    "roughly",
    "least",
    "no",
    "number",
    "room",
    "flight",
    "route",
    "highway",
    "model",
    "than",
];
/// Words right before a bare four-digit number that make it a year.
const YEAR_WORDS: &[&str] = &[
    "in", "since", "of", "the", "until", "till", "by", "from", "during", "before", "after", "around", "between", "and",
    "to", "year", "fiscal", "early", "late", "mid", "spring", "summer", "autumn", "fall", "winter",
];
/// Words right after a bare four-digit number that make it a count or a time of day.
const COUNT_NOUNS: &[&str] =
    &["people", "feet", "percent", "per", "gmt", "utc", "est", "edt", "hrs", "km", "kg", "men"];

/// Decade words, from the 1920s on.
const DECADES: [&str; 8] =
    ["twenties", "thirties", "forties", "fifties", "sixties", "seventies", "eighties", "nineties"];

/// A candidate expression before overlap resolution.
#[derive(Debug)]
struct Found {
    start: usize,
    end: usize,
    value: String,
    kind: TimexType,
    anchor: TimeAnchor,
    implausible: bool,
    /// Whether the value was computed from the anchor.
    relative: bool,
    /// Set for expressions resolved against another one in a last pass.
    pending: Option<Pending>,
    /// Resolved a year or more back from another expression (`a year ago`
    /// after `third-quarter`), so no base for another such step.
    shifted_back: bool,
}

/// What a [`Found`] still needs from the expressions around it.
#[derive(Clone, Copy, Debug)]
enum Pending {
    /// `N units after/before/later/earlier`: an offset from another expression.
    Offset(Reference),
    /// `a year ago`, `last year`: a year back, or the same quarter a year
    /// back when the expression just before is a quarter (earnings copy).
    YearsBack(YearsBack),
    /// `the quarter`, `the latest period`, `the 1988 quarter`: the quarter
    /// the text speaks of (in the given year).
    Quarter(QuarterRef),
    /// `that year`, `the following year`, `that day`, `the next day`: the
    /// year or day of the expression just before, moved by `n` units.
    SameAs(SameAs),
    /// `the week of March 6`: the week of the date right after it.
    WeekOf,
    /// `until then`: the expression just before.
    Then,
    /// `10:35 a.m.` with no day of its own: on the day of the expression
    /// just before (a story's clock times need not be on its publication
    /// day), or of the one right after an aside (`10:35 a.m. (0735 GMT) Friday`).
    ClockTime(Clock),
}

/// `that year`, `the day before` and their kin.
#[derive(Clone, Copy, Debug)]
struct SameAs {
    unit: Unit,
    n: i64,
    /// `the day before`, `the year after`: counted from the date right after
    /// it when one follows (`the day before last Tuesday`), not the one before.
    from_next: bool,
    /// `the day before` followed by a clause (`Oct. 12, the day before the
    /// plunge`): in apposition to the date just before, it is that date.
    before_clause: bool,
    /// `later in the day` with no date before it: the story's own day.
    anchor_day: bool,
    /// The part of the day meant (`in the morning` is `TMO`), empty when none.
    part: &'static str,
}

/// A time of day on the 24-hour clock; midnight ending a day is `24:00`.
#[derive(Clone, Copy, Debug)]
struct Clock {
    hour: i8,
    minute: i8,
}

impl std::fmt::Display for Clock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:02}:{:02}", self.hour, self.minute)
    }
}

/// `a year ago` and its kin: how many years back, and whether the
/// document's reporting quarter is meant when no quarter comes just before.
#[derive(Clone, Copy, Debug)]
struct YearsBack {
    years: i16,
    /// `a year ago`, `the year-earlier period` in a sentence of figures: the
    /// reporting quarter a year back (`last year` keeps its year).
    reporting: bool,
}

/// Which quarter `the quarter` and its kin refer to.
#[derive(Clone, Copy, Debug)]
struct QuarterRef {
    /// `the 1988 quarter`: that year's.
    year: Option<i16>,
    /// `the latest quarter`: the document's reporting quarter, not the one
    /// last named.
    reporting: bool,
}

/// An offset from another expression: `two days after`.
#[derive(Clone, Copy, Debug)]
struct Reference {
    n: i64,
    unit: Unit,
    /// `after`, `before`, `later` or `earlier`.
    word: RefWord,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum RefWord {
    After,
    Before,
    Later,
    Earlier,
}

/// What a rule sees besides its match.
struct Ctx<'t> {
    text: &'t str,
    anchor: Option<Date>,
}

type Build = fn(&Captures<'_>, &Ctx<'_>) -> Option<Found>;

struct Rule {
    re: Regex,
    build: Build,
}

static RULES: LazyLock<Vec<Rule>> = LazyLock::new(|| {
    let decade_words = "twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties";
    let units = "ten|one|two|three|four|five|six|seven|eight|nine";
    let rules: Vec<(String, Build)> = vec![
        (r"\b(?P<x>(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2}))\b".into(), numeric_date),
        (r"\b(?P<x>(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<y>\d{4}))\b".into(), numeric_date),
        (
            format!(
                r"\b(?P<x>(?:(?i:on)\s+)?(?:(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\s+)?{MON}\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+{YEAR}\b)?)"
            ),
            named_date,
        ),
        (
            format!(r"\b{MON}\s+(?P<d1>\d{{1,2}})\s+(?i:and)\s+(?P<x>(?P<d>\d{{1,2}}))\b(?:,?\s+{YEAR}\b)?"),
            second_day,
        ),
        (
            format!(
                r"\b(?P<x>(?:(?i:on)\s+)?(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:(?i:of)\s+)?{MON}(?:,?\s+{YEAR}\b)?)"
            ),
            named_date,
        ),
        (
            format!(
                r"\b(?P<x>(?:(?i:early|late|mid)[- ]?)?{MON}\s+(?:(?i:of)\s+)?(?:{YEAR}|(?P<rel>(?i:this|last|next))\s+year))\b"
            ),
            month_year,
        ),
        (
            format!(
                r"\b(?P<pre>(?i:in|since|by|until|till|during|from|of|before|after|for)\s+)?(?P<x>(?:(?P<rel>(?i:last|this|next))\s+)?(?P<mod>(?i:early|late|mid)[- ]?)?{MON})(?P<num>\s*\d)?"
            ),
            month_alone,
        ),
        (
            format!(
                r"(?P<pre>(?:\b[A-Za-z]+|[$#€£])[ \t]*)?\b(?P<x>(?P<mod>(?i:early|late|mid)[- ]?)?{YEAR})\b(?P<post>,\d|\.\d|-\w|%|[ \t]+[A-Za-z]+)?"
            ),
            year,
        ),
        (
            format!(
                r"\b(?P<x>(?i:the\s+)?(?:(?i:early|mid|late)[- ])?(?P<c>1[89]|20)(?P<d>\d)0'?s)\b|\b(?P<w>(?i:the\s+)(?:(?i:early|mid|late)[- ])?(?:(?i:nineteen[- ])?(?i:{decade_words})|'(?P<d2>[2-9])0s))\b"
            ),
            decade,
        ),
        (r"\b(?P<x>(?i:the\s+)?(?P<n>\d{1,2})(?:st|nd|rd|th)[- ](?i:century))\b".into(), century),
        (
            format!(
                r"\b(?P<x>(?:(?P<mon>January|February|March|April|May|June|July|August|September|October|November|December)\s+)?(?:(?i:nineteen)[- ](?P<tens>(?i:ninety|eighty|seventy|sixty|fifty|forty|thirty|twenty|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen))(?:[- ](?P<unit>(?i:{units})))?|(?P<pre>(?i:the\s+year|in|by|until|since)\s+)(?i:two\s+thousand)(?:(?:\s+and)?[- ](?P<unit2>(?i:{units})))?))\b(?P<post>\s+[a-z]{{3,}}s\b)?"
            ),
            spoken_year,
        ),
        (
            format!(
                r"\b(?P<x>(?:(?i:the)\s+)?(?P<s>(?i:spring|summer|autumn|fall|winter))\s+(?:(?i:of)\s+)?(?:{YEAR}|(?i:nineteen)[- ](?P<tens>(?i:ninety|eighty|seventy|sixty|fifty|forty|thirty|twenty))(?:[- ](?P<unit>(?i:{units})))?))\b"
            ),
            season,
        ),
        (
            r"\b(?P<x>(?P<rel>(?i:this\s+past|this|last|next))\s+(?P<s>(?i:spring|summer|autumn|fall|winter))|(?P<the>(?i:the))\s+(?:(?i:early|late|mid)[- ]?)?(?P<s2>(?i:spring|summer|autumn|winter)))\b".into(),
            relative_season,
        ),
        (
            r"\b(?P<x>(?:(?P<y1>(?:1[89]|20)\d\d)\s+|(?P<rel>(?i:this|last|next))\s+year's\s+)?(?P<q>(?i:first|second|third|fourth|1st|2nd|3rd|4th))[- ](?:(?i:fiscal)[- ])?(?i:quarter)(?:\s+(?i:of)\s+(?:(?i:fiscal)\s+)?(?P<y2>(?:1[89]|20)\d\d))?)\b"
                .into(),
            quarter,
        ),
        (
            r"\b(?P<x>(?i:the\s+)?(?P<h>(?i:first|second|last))\s+(?:(?i:half)|(?i:two\s+quarters))\s+(?i:of)\s+(?P<y>(?:1[89]|20)\d\d))\b"
                .into(),
            half,
        ),
        (
            r"\b(?P<x>(?P<det>(?i:the|this|that))\s+(?:(?P<y>(?:1[89]|20)\d\d)\s+|(?P<which>(?i:latest|current|same|recent|most\s+recent))\s+)?(?P<what>(?i:quarter|period)))\b"
                .into(),
            named_quarter,
        ),
        (
            r"\b(?P<x>(?i:the\s+)(?:(?i:comparable|corresponding|same|prior)\s+)?(?i:year)[- ](?i:ago|earlier)\s+(?:(?P<q>(?i:first|second|third|fourth))[- ](?:(?i:fiscal)[- ])?)?(?i:quarter|period)|(?i:the\s+)(?:(?i:comparable|corresponding|same|prior)\s+)?(?i:quarter|period)\s+(?:(?i:a\s+year\s+(?:ago|earlier))|(?i:(?:of\s+)?last\s+year))|(?i:last\s+year's)\s+(?:(?P<q2>(?i:first|second|third|fourth))[- ](?:(?i:fiscal)[- ])?)?(?i:quarter|period))\b"
                .into(),
            year_ago_period,
        ),
        (
            r"\b(?P<x>(?P<mods>(?:(?i:on|late|early|last|this|next)\s+){0,2})(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?:\s+(?P<part>(?i:morning|afternoon|evening|night)))?)\b"
                .into(),
            weekday_expr,
        ),
        (
            r"\b(?P<x>(?P<day>(?i:yesterday|today|tonight|tomorrow|this|last))(?:\s+(?P<part>(?i:morning|afternoon|evening|night)))?)\b"
                .into(),
            deictic_day,
        ),
        (
            format!(
                r"\b(?P<x>(?:(?i:around|about|shortly\s+(?:before|after))\s+)?(?:(?P<h>\d{{1,2}})(?::(?P<mi>[0-5]\d))?\s*(?P<ap>(?i:a\.m\.?|p\.m\.?|am\b|pm\b))|\b(?P<noon>(?i:noon|midday|midnight))\b)(?:\s+(?:EST|EDT|CST|CDT|MST|MDT|PST|PDT|GMT|UTC)\b)?(?:,?\s+(?:(?i:on)\s+)?(?:(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b|(?P<rel>(?i:yesterday|today|tomorrow))\b|{MON}\s+(?P<d>\d{{1,2}})\b))?)"
            ),
            clock_time,
        ),
        (
            r"\b(?P<x>(?:(?i:earlier|later)\s+)?(?P<rel>(?i:last|this|next|previous|coming))\s+(?P<u>(?i:week|month|year)))\b"
                .into(),
            deictic_period,
        ),
        (r"\b(?P<x>(?i:the|this|last|next)\s+(?i:weekend))\b".into(), weekend),
        (r"\b(?P<x>(?i:the)\s+(?i:week))\b(?P<post>\s+[A-Za-z]+)?".into(), the_week),
        (
            r"\b(?P<x>(?i:recently|lately|now|currently|nowadays|at\s+present|these\s+days|the\s+past|(?:several|a\s+few|many)\s+(?:days|weeks|months|years|decades)\s+ago|the\s+(?:near\s+|foreseeable\s+)?future|the\s+(?:near|short)\s+term|a\s+later\s+date|(?:future|coming)\s+(?:quarters|months|generations)))\b(?P<more>\s+(?:\d|(?i:one|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty|thirty|forty|fifty|few|several|couple|\w+\s+(?:days|weeks|months|years|decades))\b))?"
                .into(),
            present_past_future,
        ),
        (r"\b(?P<x>(?i:current))\s+[a-z]".into(), current),
        (
            r"\b(?P<x>(?:(?P<rel>(?i:last|this|next))\s+)?(?P<h>Christmas(?:\s+(?:Day|Eve))?|New\s+Year's\s+(?:Day|Eve)|Thanksgiving(?:\s+Day)?|Valentine's\s+Day|Halloween|Memorial\s+Day|Labor\s+Day|Election\s+Day|Easter(?:\s+Sunday)?))\b(?P<post>\s+(?:week|holiday|season|weekend|period|shopping|break)\b)?"
                .into(),
            holiday_expr,
        ),
        (format!(r"\b(?P<x>{NUM}\s+(?P<u>(?i:day|week|month|year|decade))s?\s+(?:(?i:or\s+so)\s+)?(?i:ago))\b"), ago),
        (r"\b(?P<x>(?i:last\s+year|(?:a\s+)?year[- ](?:ago|earlier)))\b".into(), year_back),
        (
            r"\b(?P<x>(?:(?i:earlier|later)\s+in\s+)?(?i:the)\s+(?P<mods>(?:(?i:full|current|fiscal|calendar|whole|entire)\s+)*)(?i:year)(?P<end>'s\s+end|\s+end)?)\b(?P<post>\s+(?:(?i:ended|ending|that\s+ended|which\s+ended|to\s+date)\b|(?i:before|earlier|ago|after|later)\b|\d)|[- ]\w)?"
                .into(),
            the_year,
        ),
        (
            r"\b(?P<x>(?i:that)\s+(?P<u>(?i:year|day))|(?i:the)\s+(?P<rel>(?i:following|previous|prior|same))\s+(?P<u2>(?i:year|month|week|day))|(?i:the)\s+(?P<next>(?i:next))\s+(?P<u4>(?i:day))|(?i:earlier|later)\s+in\s+(?P<within>(?i:the)\s+(?P<u5>(?i:day)))|(?P<clock>\d\s+)?(?i:in)\s+(?P<within_part>(?i:the)\s+(?P<part>(?i:morning|afternoon|evening)))|(?P<overnight>(?i:overnight))|(?i:the)\s+(?P<u3>(?i:year|day))\s+(?P<rel2>(?i:before|after)))\b"
                .into(),
            same_as,
        ),
        (
            r"\b(?P<pre>(?i:by|around|since|at|until|till|before|after|through))\s+(?P<x>(?i:year)(?:-|\s+|'s\s+)(?i:end))\b".into(),
            year_end,
        ),
        (r"\b(?P<x>(?i:the)\s+(?i:week)\s+(?i:of))\s".into(), week_of),
        (r"\b(?i:until|till|by)\s+(?P<x>(?i:then))\b".into(), until_then),
        (
            r"\b(?P<x>(?i:mid)[- ]?(?P<part>(?i:morning|afternoon))(?:\s+(?P<day>(?i:yesterday|today)))?)\b".into(),
            mid_day_part,
        ),
        (
            r"\b(?:(?i:today)\s+is|(?i:it's|it\s+is|this\s+is))\s+(?P<x>(?i:the\s+)?(?i:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d{1,3}(?:st|nd|rd|th))\s+(?i:day))\b"
                .into(),
            nth_day,
        ),
        (
            format!(r"\b(?P<x>{NUM}\s+(?P<u>(?i:day|week|month|year))s?\s+(?P<dir>(?i:after|before|later|earlier)))\b"),
            reference,
        ),
        (
            format!(
                r"\b(?P<x>(?:(?i:the\s+(?:past|last|next|first|coming)\s+))?(?:{NUM}(?P<frac>\s+1/2)?|(?P<vague>(?i:a\s+few|few|several|many))|(?P<past>(?i:(?:the\s+)?past)))[\s-]+(?:(?i:more|additional|extra|trading|business|working)\s+)?(?P<u>(?i:minutes?|hours?|days?|weeks?|months?|years?|decades?|century|centuries))(?P<half>\s+(?i:and\s+a\s+half))?)\b(?P<old>(?:\s+|-)(?i:old))?"
            ),
            duration,
        ),
        (
            r"\b(?:(?i:for|within|over|in)\s+|(?P<recent>(?i:recent)\s+))(?P<x>(?P<u>(?i:minutes|hours|days|weeks|months|years|decades)))\b|\b(?P<w>(?i:the)\s+(?P<u2>(?i:days|weeks|months|years))\s+(?i:ahead))\b".into(),
            vague_duration,
        ),
        (
            r"\b(?P<x>(?P<adv>(?i:hourly|daily|weekly|monthly|annually|yearly))|(?i:every|each)\s+(?:(?P<n>\d{1,2}|(?i:two|three|four|five|six|seven|eight|nine|ten|other))\s+)?(?:(?P<u>(?i:hour|day|week|month|quarter|year))s?|(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)|(?P<mon>January|February|March|April|May|June|July|August|September|October|November|December))|(?P<wds>Mondays|Tuesdays|Wednesdays|Thursdays|Fridays|Saturdays|Sundays))\b"
                .into(),
            set,
        ),
    ];
    rules.into_iter().filter_map(|(pattern, build)| Regex::new(&pattern).ok().map(|re| Rule { re, build })).collect()
});

/// Finds the time expressions in `text` and normalizes them against `anchor`
/// (the publication date), in text order.
///
/// Expressions that need the anchor (`on Friday`, `Oct. 7`, `last week`) get
/// [`TimeAnchor::Published`] and `relative: true`; complete dates
/// [`TimeAnchor::Absolute`]; offsets from another expression (`two days
/// after`, resolved against the expression just before it, or the date right
/// after it) get [`TimeAnchor::Reference`], relative when their reference is.
/// Without an anchor, anchor-relative expressions are kept with an
/// **underspecified** TIMEX3 value and [`TimeAnchor::None`]: `XXXX-10-07`
/// for `Oct. 7`, `XXXX-WXX-5` for `Friday`, `XXXX-WXX` for `last week`,
/// `XXXX-XX` for `this month`, `XXXX` for `last year`, `XXXX-XX-XX` for
/// `yesterday`; an offset whose reference has no full date is kept as the
/// length it states (`two days`, `P2D`), other reference expressions are
/// skipped.
///
/// The function is pure and one pass over the text (a few microseconds per
/// sentence), so a document whose anchor is only known later (inferred from
/// its story) is re-normalized by calling it again with that anchor: the
/// expressions with `relative: true` are the ones whose values change.
pub fn normalize(text: &str, anchor: Option<Date>) -> Vec<TimeExpr> {
    let ctx = Ctx { text, anchor };
    let mut found: Vec<Found> =
        RULES.iter().flat_map(|rule| rule.re.captures_iter(text).filter_map(|c| (rule.build)(&c, &ctx))).collect();
    found.sort_by_key(|f| (std::cmp::Reverse(f.end - f.start), f.start));
    let mut kept: Vec<Found> = Vec::with_capacity(found.len());
    for f in found {
        if kept.iter().all(|k| f.end <= k.start || k.end <= f.start) {
            kept.push(f);
        }
    }
    kept.sort_by_key(|f| f.start);
    resolve_pending(text, anchor, kept)
        .into_iter()
        .map(|f| TimeExpr {
            span: Span::new(f.start, f.end),
            value: f.value,
            kind: f.kind,
            anchor: f.anchor,
            implausible: f.implausible,
            relative: f.relative,
        })
        .collect()
}

/// Resolves the expressions that lean on another one; drops those that have
/// nothing to lean on.
fn resolve_pending(text: &str, anchor: Option<Date>, found: Vec<Found>) -> Vec<Found> {
    let mut out: Vec<Found> = Vec::with_capacity(found.len());
    let mut iter = found.into_iter().peekable();
    while let Some(mut f) = iter.next() {
        match f.pending {
            None => out.push(f),
            Some(Pending::Offset(r)) => {
                if let Some(n) = iter.peek().filter(|n| follows(text, &f, n)) {
                    let sign = if r.word == RefWord::Before || r.word == RefWord::Earlier { -1 } else { 1 };
                    let date = full_date(&n.value).and_then(|d| shift(d, sign * r.n, r.unit));
                    let (end, relative) = (n.end, n.relative);
                    if let Some(date) = date {
                        iter.next();
                        f.end = end;
                        out.push(resolved(f, day_value(date), relative));
                    }
                    continue;
                }
                let sign = if r.word == RefWord::After || r.word == RefWord::Earlier { -1 } else { 1 };
                let value = previous(text, &out, f.start).and_then(|prev| {
                    let value = match full_date(&prev.value) {
                        Some(d) => shift(d, sign * r.n, r.unit).map(day_value),
                        None if r.unit == Unit::Year => shift_years(&prev.value, sign * r.n),
                        None => None,
                    };
                    value.map(|v| (v, prev.relative))
                });
                match value {
                    Some((value, relative)) => out.push(resolved(f, value, relative)),
                    None => out.extend(as_duration(text, f, r)),
                }
            }
            Some(Pending::YearsBack(back)) => {
                let quarter =
                    previous(text, &out, f.start).filter(|p| is_quarter(&p.value) && !p.shifted_back).or_else(|| {
                        (back.reporting && among_figures(text, f.start, f.end))
                            .then(|| reporting_quarter(text, anchor, &out))
                            .flatten()
                    });
                if let Some(value) = quarter.and_then(|p| shift_years(&p.value, -i64::from(back.years))) {
                    let relative = quarter.is_some_and(|p| p.relative);
                    let mut f = resolved(f, value, relative);
                    f.shifted_back = true;
                    out.push(f);
                } else {
                    f.pending = None;
                    out.push(f);
                }
            }
            Some(Pending::SameAs(same)) => {
                if same.from_next
                    && let Some(n) = iter.peek().filter(|n| follows(text, &f, n))
                    && let Some(date) = full_date(&n.value).and_then(|d| shift(d, same.n, same.unit))
                {
                    let (end, relative) = (n.end, n.relative);
                    iter.next();
                    f.end = end;
                    out.push(resolved(f, day_value(date), relative));
                    continue;
                }
                let Some(prev) = previous(text, &out, f.start)
                    .filter(|p| same_as_value(&p.value, same.unit, 0).is_some())
                    .or_else(|| earlier_of_precision(&out, f.start, same.unit))
                else {
                    if same.anchor_day
                        && let Some(day) = anchor.and_then(|a| shift(a, same.n, Unit::Day))
                    {
                        f.value = format!("{}{}", day_value(day), same.part);
                        f.anchor = TimeAnchor::Published;
                        f.relative = true;
                        f.pending = None;
                        out.push(f);
                    }
                    continue;
                };
                let apposition = same.before_clause && text.get(prev.end..f.start).is_some_and(|gap| gap.trim() == ",");
                let n = if apposition { 0 } else { same.n };
                let relative = prev.relative;
                if let Some(value) = same_as_value(&prev.value, same.unit, n) {
                    out.push(resolved(f, format!("{value}{}", same.part), relative));
                }
            }
            Some(Pending::Then) => {
                let Some(prev) = previous(text, &out, f.start) else { continue };
                let (value, relative) = (prev.value.clone(), prev.relative);
                out.push(resolved(f, value, relative));
            }
            Some(Pending::WeekOf) => {
                let Some(n) = iter.peek().filter(|n| follows(text, &f, n)) else { continue };
                let Some(date) = full_date(&n.value) else { continue };
                let (end, relative) = (n.end, n.relative);
                iter.next();
                f.end = end;
                out.push(resolved(f, period_value(date, Unit::Week), relative));
            }
            Some(Pending::ClockTime(clock)) => {
                let aside = iter.peek().filter(|n| {
                    let gap = text.get(f.end..n.start).unwrap_or("").trim();
                    n.pending.is_none() && gap.len() <= 26 && gap.starts_with('(') && gap.ends_with(')')
                });
                let Some(prev) = aside.or_else(|| previous(text, &out, f.start)) else { continue };
                let Some(day) = full_date(&prev.value) else { continue };
                let relative = prev.relative;
                out.push(resolved(f, format!("{}T{clock}", day_value(day)), relative));
            }
            Some(Pending::Quarter(QuarterRef { year, reporting })) => {
                let named =
                    if reporting { None } else { previous(text, &out, f.start).filter(|p| is_named_quarter(p)) };
                let Some(last) = named.or_else(|| reporting_quarter(text, anchor, &out)) else { continue };
                let value = match year {
                    Some(y) => last.value.get(4..).map(|q| format!("{y:04}{q}")),
                    None => Some(last.value.clone()),
                };
                let relative = last.relative && year.is_none();
                if let Some(value) = value {
                    out.push(resolved(f, value, relative));
                }
            }
        }
    }
    out
}

/// Whether `next` comes right after `f`, past blanks only, and is a plain
/// expression of day precision.
fn follows(text: &str, f: &Found, next: &Found) -> bool {
    next.pending.is_none()
        && text.get(f.end..next.start).is_some_and(|gap| gap.trim().is_empty())
        && full_date(&next.value).is_some()
}

/// The expression just before `start` in the same paragraph, within reach.
fn previous<'f>(text: &str, out: &'f [Found], start: usize) -> Option<&'f Found> {
    out.iter().rev().find(|p| {
        p.pending.is_none()
            && matches!(p.kind, TimexType::Date | TimexType::Time)
            && start - p.end <= REFERENCE_REACH
            && text.get(p.end..start).is_some_and(|gap| !gap.contains('\n'))
    })
}

/// How far back (in bytes) `the following month` and its kin look for the
/// date they count from when none is in their paragraph: a story goes on
/// from the date its last paragraph named.
const STORY_REACH: usize = 600;

/// The latest expression before `start`, within [`STORY_REACH`] and across
/// paragraphs, precise enough to count `unit`s from.
fn earlier_of_precision(out: &[Found], start: usize, unit: Unit) -> Option<&Found> {
    out.iter().rev().take_while(|p| start - p.end <= STORY_REACH).find(|p| {
        p.pending.is_none()
            && matches!(p.kind, TimexType::Date | TimexType::Time)
            && same_as_value(&p.value, unit, 0).is_some()
    })
}

/// The value `n` `unit`s from the date, month or year `value` names, at the
/// precision of `unit` (`1989-03` and one month: `1989-04`).
fn same_as_value(value: &str, unit: Unit, n: i64) -> Option<String> {
    match unit {
        Unit::Day => full_date(value).and_then(|d| shift(d, n, Unit::Day)).map(day_value),
        Unit::Week => full_date(value).and_then(|d| shift(d, n, Unit::Week)).map(|d| period_value(d, Unit::Week)),
        Unit::Month => {
            let month: Date = format!("{}-01", value.get(..7)?).parse().ok()?;
            shift(month, n, Unit::Month).map(|d| period_value(d, Unit::Month))
        }
        Unit::Year => {
            let year: i64 = value.get(..4)?.parse().ok()?;
            value.bytes().take(4).all(|b| b.is_ascii_digit()).then(|| format!("{:04}", year + n))
        }
    }
}

/// `twenty years after` with nothing to count from: the length alone
/// (`twenty years`, `P20Y`).
fn as_duration(text: &str, mut f: Found, r: Reference) -> Option<Found> {
    let words = text.get(f.start..f.end)?;
    f.end = f.start + words.trim_end().rfind(char::is_whitespace)?;
    let unit = match r.unit {
        Unit::Day => "day",
        Unit::Week => "week",
        Unit::Month => "month",
        Unit::Year => "year",
    };
    f.value = duration_value(Some(r.n), unit);
    f.kind = TimexType::Duration;
    f.anchor = TimeAnchor::Absolute;
    f.relative = false;
    f.pending = None;
    Some(f)
}

fn resolved(mut f: Found, value: String, relative: bool) -> Found {
    f.value = value;
    f.anchor = TimeAnchor::Reference;
    f.relative = relative;
    f.pending = None;
    f
}

/// The reporting period of earnings copy: the last quarter named so far
/// (not reached through another expression) that had ended by the anchor
/// and whose sentence states figures (`third-quarter profit rose 19%`), else
/// the first quarter named.
fn reporting_quarter<'f>(text: &str, anchor: Option<Date>, out: &'f [Found]) -> Option<&'f Found> {
    let ended = |p: &Found| {
        let (Some(a), Some(year), Some(q)) = (
            anchor,
            p.value.get(..4).and_then(|y| y.parse::<i16>().ok()),
            p.value.get(6..7).and_then(|q| q.parse::<i8>().ok()),
        ) else {
            return false;
        };
        (year, q * 3) < (a.year(), a.month())
    };
    out.iter()
        .rev()
        .find(|p| is_named_quarter(p) && ended(p) && among_figures(text, p.start, p.end))
        .or_else(|| out.iter().find(|p| is_named_quarter(p)))
}

fn is_named_quarter(f: &Found) -> bool {
    f.pending.is_none() && f.anchor != TimeAnchor::Reference && is_quarter(&f.value)
}

/// Whether the sentence around `start..end` states figures (money, shares,
/// percentages): then `a year ago` compares results of a reporting period.
fn among_figures(text: &str, start: usize, end: usize) -> bool {
    let before = text.get(..start).unwrap_or("");
    let from = [before.rfind(". "), before.rfind('\n')].into_iter().flatten().max().map_or(0, |i| i + 1);
    let after = text.get(end..).unwrap_or("");
    let to = [after.find(". "), after.find('\n')].into_iter().flatten().min().map_or(text.len(), |i| end + i);
    let sentence = text.get(from..to).unwrap_or("");
    sentence.contains(['$', '%', '#', '€', '£'])
        || ["cents", "million", "billion", "percent", "a share"].iter().any(|w| sentence.contains(w))
}

/// The date of a day-precision value, also of a time of day on it
/// (`2020-01-24TNI`, `2020-01-24T14:00`).
fn full_date(value: &str) -> Option<Date> {
    let day = value.get(..10)?;
    (value.len() == 10 || value.as_bytes().get(10) == Some(&b'T')).then(|| day.parse().ok()).flatten()
}

/// `1989-Q3`.
fn is_quarter(value: &str) -> bool {
    value.len() == 7 && value.get(4..6) == Some("-Q") && value.bytes().take(4).all(|b| b.is_ascii_digit())
}

/// A value of year, month, quarter, half or season precision moved by `n` years.
fn shift_years(value: &str, n: i64) -> Option<String> {
    let year: i64 = value.get(..4)?.parse().ok()?;
    let rest = value.get(4..)?;
    let ok = rest.is_empty() || rest.len() == 3 && rest.starts_with('-') && !rest.starts_with("-W");
    ok.then(|| format!("{:04}{rest}", year + n))
}

fn found(c: &Captures<'_>, value: String, kind: TimexType, anchor: TimeAnchor) -> Option<Found> {
    let m = c.name("x").or_else(|| c.name("w")).or_else(|| c.get(0))?;
    let relative = matches!(anchor, TimeAnchor::Published | TimeAnchor::None);
    Some(Found {
        start: m.start(),
        end: m.end(),
        value,
        kind,
        anchor,
        implausible: false,
        relative,
        pending: None,
        shifted_back: false,
    })
}

fn date_found(c: &Captures<'_>, value: String, anchor: TimeAnchor) -> Option<Found> {
    found(c, value, TimexType::Date, anchor)
}

/// A value computed from the anchor, or the underspecified one without it.
fn anchored(c: &Captures<'_>, ctx: &Ctx<'_>, value: impl FnOnce(Date) -> Option<String>, bare: &str) -> Option<Found> {
    match ctx.anchor {
        Some(a) => date_found(c, value(a)?, TimeAnchor::Published),
        None => date_found(c, bare.to_owned(), TimeAnchor::None),
    }
}

fn group_num<T: std::str::FromStr>(c: &Captures<'_>, name: &str) -> Option<T> {
    c.name(name)?.as_str().parse().ok()
}

fn lower(c: &Captures<'_>, name: &str) -> String {
    c.name(name).map(|m| m.as_str().to_ascii_lowercase()).unwrap_or_default()
}

/// How the clause before byte `start` places a bare date: ahead after a
/// deadline word (`by Jan. 14`) in a clause with no past verb, or after `as
/// early as`; else by the nearest decisive word going back: ahead after a
/// future cue (`will`, `scheduled`, `payable`; not a noun like `the plan`),
/// unless a pluperfect puts that future in the past (`it had been due to
/// expire Friday`), reporting the past after a past verb (`said`, `ended`);
/// else by the clause after it ([`tense_after`]), else nearest.
fn lean(text: &str, start: usize) -> Lean {
    let from = (start.saturating_sub(CLAUSE_REACH)..start).find(|i| text.is_char_boundary(*i)).unwrap_or(start);
    let clause = clause_tail(text.get(from..start).unwrap_or(""));
    let words: Vec<&str> =
        clause.split(|c: char| !(c.is_ascii_alphanumeric() || c == '\'')).filter(|w| !w.is_empty()).collect();
    let lowered: Vec<String> = words.iter().map(|w| w.to_ascii_lowercase()).collect();
    let is_future = |i: usize| {
        let w = lowered[i].as_str();
        let noun = i > 0 && DETERMINERS.contains(&lowered[i - 1].as_str()) && !FUTURE_NOUNS.contains(&w);
        let place = w == "next" && lowered.get(i + 1).is_some_and(|n| n == "to");
        let scheduled =
            SCHEDULED_ACTS.contains(&w) && (i == 0 || !NOT_PRESENT.contains(&lowered[i - 1].as_str())) && !noun;
        (FUTURE_CUES.contains(&w) && !noun && !place) || w.ends_with("'ll") || scheduled
    };
    let is_past = |i: usize| {
        let w = lowered[i].as_str();
        let verb_like = words[i].starts_with(|c: char| c.is_ascii_lowercase());
        let before = if i > 0 { lowered[i - 1].as_str() } else { "" };
        let passive = PASSIVE_AUXILIARIES.contains(&before) || DETERMINERS.contains(&before);
        let participle =
            verb_like && w.len() > 4 && w.ends_with("ed") && !NOT_PARTICIPLES.iter().any(|s| w.ends_with(s));
        PAST_VERBS.contains(&w) || (participle && !passive && !FUTURE_CUES.contains(&w))
    };
    let n = lowered.len();
    if n >= 3 && lowered[n - 1] == "as" && matches!(lowered[n - 2].as_str(), "early" | "soon") && lowered[n - 3] == "as"
    {
        return Lean::Future;
    }
    let mut back = (0..n).rev().skip_while(|&i| matches!(lowered[i].as_str(), "on" | "late" | "early" | "at" | "the"));
    if let Some(deadline) = back.clone().next().filter(|&i| DEADLINE_WORDS.contains(&lowered[i].as_str())) {
        let before_deadline = lowered[deadline.saturating_sub(4)..deadline].join(" ");
        if POSTPONING_STEMS.iter().any(|stem| before_deadline.contains(stem)) {
            return Lean::Future;
        }
        let past = (0..n).any(is_past) || past_after(text, start);
        return if past { Lean::Nearest } else { Lean::Future };
    }
    let pluperfect = |i: usize| lowered[i.saturating_sub(4)..i].iter().any(|w| w == "had");
    match back.find(|&i| is_future(i) || is_past(i)) {
        Some(i) if is_future(i) && !pluperfect(i) => Lean::Future,
        Some(_) => Lean::Reported,
        None => tense_after(text, start).unwrap_or(Lean::Nearest),
    }
}

/// How the clause after byte `start` places a date with no cue before it,
/// by its first decisive word: reporting the past by a past verb (`In
/// January, the company brought in bankers`, also `the government planned
/// to pay`), ahead by `will` or a future verb before `to` (`On Tuesday, the
/// league plans to hold a news conference`; not a noun like `vacation
/// plans for`).
fn tense_after(text: &str, start: usize) -> Option<Lean> {
    let to =
        (start..=(start + CLAUSE_REACH).min(text.len())).rev().find(|i| text.is_char_boundary(*i)).unwrap_or(start);
    let after = text.get(start..to).unwrap_or("");
    let clause = after.split(['\n', ';', '!', '?']).next().unwrap_or("");
    let words: Vec<&str> =
        clause.split(|c: char| !(c.is_ascii_alphabetic() || c == '\'')).filter(|w| !w.is_empty()).collect();
    for (i, w) in words.iter().enumerate() {
        let before = if i > 0 { words[i - 1] } else { "" };
        let adjective =
            PASSIVE_AUXILIARIES.contains(&before) || DETERMINERS.contains(&before.to_ascii_lowercase().as_str());
        let participle = w.len() > 4 && w.ends_with("ed") && !NOT_PARTICIPLES.iter().any(|s| w.ends_with(s));
        if FUTURE_CUES.contains(w) && participle && matches!(before, "is" | "are" | "be") {
            return Some(Lean::Future);
        }
        if (FUTURE_CUES.contains(w) && !participle) || w.ends_with("'ll") {
            let to_follows = words.get(i + 1) == Some(&"to");
            let verb = matches!(*w, "will" | "shall") || w.ends_with("'ll") || (to_follows && !adjective);
            return verb.then_some(Lean::Future);
        }
        if PAST_VERBS.contains(w)
            || IRREGULAR_PAST.contains(w)
            || (participle && !adjective && w.starts_with(|c: char| c.is_ascii_lowercase()))
        {
            return Some(Lean::Reported);
        }
    }
    None
}

/// Whether the clause after byte `start` reports in the past (`Until
/// Thursday, they had not called him`): then a deadline word looks back.
fn past_after(text: &str, start: usize) -> bool {
    let to =
        (start..=(start + CLAUSE_REACH).min(text.len())).rev().find(|i| text.is_char_boundary(*i)).unwrap_or(start);
    let after = text.get(start..to).unwrap_or("");
    let clause = after.split(['\n', ';', '.', '!', '?']).next().unwrap_or("");
    clause.split(|c: char| !c.is_ascii_alphabetic()).any(|w| matches!(w, "had" | "was" | "were" | "did"))
}

/// The end of `before` from its last clause break: a line break, `;`, `!`,
/// `?`, or a full stop after a lowercase word (not `Jan.` or `U.S.`).
fn clause_tail(before: &str) -> &str {
    let bytes = before.as_bytes();
    let mut cut = 0;
    for (i, b) in bytes.iter().enumerate() {
        let breaks = match b {
            b'\n' | b';' | b'!' | b'?' => true,
            b'.' => {
                let word_start = bytes[..i].iter().rposition(|c| !c.is_ascii_alphabetic()).map_or(0, |p| p + 1);
                bytes.get(word_start).is_some_and(u8::is_ascii_lowercase) && i - word_start > 1
            }
            _ => false,
        };
        if breaks {
            cut = i + 1;
        }
    }
    before.get(cut..).unwrap_or("")
}

/// A complete date is implausible when it falls on the anchor's month and
/// day in another year: a stale template or caption (`January 24, 2019` in a
/// story of 2020-01-24).
fn implausible(date: Date, anchor: Option<Date>) -> bool {
    anchor.is_some_and(|a| a.year() != date.year() && a.month() == date.month() && a.day() == date.day())
}

fn absolute_day(c: &Captures<'_>, date: Date, anchor: Option<Date>) -> Option<Found> {
    let mut f = date_found(c, day_value(date), TimeAnchor::Absolute)?;
    f.implausible = implausible(date, anchor);
    Some(f)
}

fn numeric_date(c: &Captures<'_>, ctx: &Ctx<'_>) -> Option<Found> {
    let date = Date::new(group_num(c, "y")?, group_num(c, "m")?, group_num(c, "d")?).ok()?;
    absolute_day(c, date, ctx.anchor)
}

fn named_date(c: &Captures<'_>, ctx: &Ctx<'_>) -> Option<Found> {
    let month = month_number(c.name("mon")?.as_str())?;
    let day: i8 = group_num(c, "d")?;
    if let Some(y) = group_num::<i16>(c, "y") {
        return absolute_day(c, Date::new(y, month, day).ok()?, ctx.anchor);
    }
    Date::new(2000, month, day).ok()?;
    let start = c.name("x")?.start();
    let lean = lean(ctx.text, start);
    anchored(c, ctx, |a| yearless_day(a, month, day, lean).map(day_value), &format!("XXXX-{month:02}-{day:02}"))
}

/// The second day of `April 24 and 25`, in the month (and year) of the first.
fn second_day(c: &Captures<'_>, ctx: &Ctx<'_>) -> Option<Found> {
    let first: i8 = group_num(c, "d1")?;
    let day: i8 = group_num(c, "d")?;
    if day <= first {
        return None;
    }
    named_date(c, ctx)
}

fn month_year(c: &Captures<'_>, ctx: &Ctx<'_>) -> Option<Found> {
    let month = month_number(c.name("mon")?.as_str())?;
    if let Some(y) = group_num::<i16>(c, "y") {
        return date_found(c, format!("{y:04}-{month:02}"), TimeAnchor::Absolute);
    }
    let offset = match lower(c, "rel").as_str() {
        "last" => -1,
        "next" => 1,
        _ => 0,
    };
    anchored(c, ctx, |a| Some(format!("{:04}-{month:02}", a.year() + offset)), &format!("XXXX-{month:02}"))
}

/// Whether a capitalized month name on its own is a month: not `May` (a
/// modal at the start of a sentence) nor `March` (a verb, a noun); an
/// abbreviation also needs its period (`Jan` is a first name).
fn unambiguous_month(month: i8) -> bool {
    month != 3 && month != 5
}

/// A month with no day: kept when unambiguous, or with context (`in May`,
/// `last March`, `early June`, or before a noun after a determiner: `the
/// March accession`, `a June agreement`).
fn month_alone(c: &Captures<'_>, ctx: &Ctx<'_>) -> Option<Found> {
    let name = c.name("mon")?.as_str();
    let month = month_number(name)?;
    let x = c.name("x")?;
    let after_determiner = ctx
        .text
        .get(..x.start())
        .and_then(|b| b.trim_end().rsplit(char::is_whitespace).next())
        .is_some_and(|w| DETERMINERS.contains(&w.to_ascii_lowercase().as_str()) && !w.eq_ignore_ascii_case("this"));
    let next = ctx.text.get(x.end()..).and_then(|r| r.strip_prefix(' ')).and_then(|r| r.split(' ').next());
    let before_noun = next.is_some_and(|w| {
        w.starts_with(|ch: char| ch.is_ascii_lowercase())
            && !["on", "of", "to", "for", "in", "and", "at", "against", "from", "with", "by"].contains(&w)
    });
    let has_context = c.name("pre").is_some()
        || c.name("rel").is_some()
        || c.name("mod").is_some()
        || (after_determiner && before_noun);
    let unambiguous = unambiguous_month(month) && (name.len() > 4 || name.ends_with('.'));
    if !(has_context || unambiguous) || c.name("num").is_some() {
        return None;
    }
    let lean = match lower(c, "rel").as_str() {
        "last" => Some(Lean::Past),
        "this" => None,
        "next" => Some(Lean::Future),
        _ => Some(lean(ctx.text, c.name("x")?.start())),
    };
    let next = c.name("rel").is_some_and(|r| r.as_str().eq_ignore_ascii_case("next"));
    let year = |a: Date| yearless_month(a, month, lean) + i16::from(next && month == a.month());
    anchored(c, ctx, |a| Some(format!("{:04}-{month:02}", year(a))), &format!("XXXX-{month:02}"))
}

fn year(c: &Captures<'_>, _: &Ctx<'_>) -> Option<Found> {
    let pre = lower(c, "pre");
    let pre = pre.trim();
    let post = c.name("post").map(|m| m.as_str().trim()).unwrap_or_default();
    if pre.starts_with(['$', '#', '€', '£']) || COUNT_WORDS.contains(&pre) {
        return None;
    }
    let post_word = post.chars().all(|ch| ch.is_ascii_alphabetic()) && !post.is_empty();
    let counted = post_word && {
        let w = post.to_ascii_lowercase();
        COUNT_NOUNS.contains(&w.as_str())
            || (w.len() > 3 && w.ends_with('s') && !w.ends_with("ss") && !w.ends_with("us") && !w.ends_with("is"))
    };
    let strong = YEAR_WORDS.contains(&pre) || c.name("mod").is_some();
    if (!post.is_empty() && !post_word) || (counted && !strong) {
        return None;
    }
    date_found(c, c.name("y")?.as_str().to_owned(), TimeAnchor::Absolute)
}

fn decade(c: &Captures<'_>, _: &Ctx<'_>) -> Option<Found> {
    if let (Some(century), Some(d)) = (c.name("c"), c.name("d")) {
        return date_found(c, format!("{}{}", century.as_str(), d.as_str()), TimeAnchor::Absolute);
    }
    if let Some(d) = c.name("d2") {
        return date_found(c, format!("19{}", d.as_str()), TimeAnchor::Absolute);
    }
    let words = lower(c, "w");
    let i = DECADES.iter().position(|d| words.ends_with(d))?;
    date_found(c, format!("19{}", i + 2), TimeAnchor::Absolute)
}

fn century(c: &Captures<'_>, _: &Ctx<'_>) -> Option<Found> {
    let n: u8 = group_num(c, "n")?;
    (1..=21).contains(&n).then_some(())?;
    date_found(c, format!("{:02}", n - 1), TimeAnchor::Absolute)
}

fn spoken_year(c: &Captures<'_>, _: &Ctx<'_>) -> Option<Found> {
    if c.name("post").is_some() {
        return None;
    }
    let year = if let Some(tens) = c.name("tens") {
        let tens = parse_count(tens.as_str())?;
        let unit = c.name("unit").map_or(Some(0), |u| parse_count(u.as_str()))?;
        1900 + tens + unit
    } else {
        2000 + c.name("unit2").map_or(Some(0), |u| parse_count(u.as_str()))?
    };
    let mut f = match c.name("mon").and_then(|m| month_number(m.as_str())) {
        Some(month) => date_found(c, format!("{year:04}-{month:02}"), TimeAnchor::Absolute)?,
        None => date_found(c, format!("{year:04}"), TimeAnchor::Absolute)?,
    };
    if let (Some(pre), None) = (c.name("pre"), c.name("mon"))
        && !pre.as_str().to_ascii_lowercase().starts_with("the")
    {
        f.start = pre.end();
    }
    Some(f)
}

fn season_code(word: &str) -> &'static str {
    match word.to_ascii_lowercase().as_str() {
        "spring" => "SP",
        "summer" => "SU",
        "autumn" | "fall" => "FA",
        _ => "WI",
    }
}

/// `summer of 2014`, `the winter of nineteen ninety-four`.
fn season(c: &Captures<'_>, _: &Ctx<'_>) -> Option<Found> {
    let code = season_code(c.name("s")?.as_str());
    let year = match (c.name("y"), c.name("tens")) {
        (Some(y), _) => y.as_str().parse().ok()?,
        (None, Some(tens)) => {
            1900 + parse_count(tens.as_str())? + c.name("unit").map_or(Some(0), |u| parse_count(u.as_str()))?
        }
        (None, None) => return None,
    };
    date_found(c, format!("{year:04}-{code}"), TimeAnchor::Absolute)
}

/// `this summer` is the anchor year's; `last`/`next` the one a year off,
/// except a winter that started in the anchor's previous December; `this
/// past spring` the last one begun by the anchor; `the summer` the anchor
/// year's, or last year's when it has not begun yet and the clause tells of
/// the past (`the fall` is left alone: a noun as often).
fn relative_season(c: &Captures<'_>, ctx: &Ctx<'_>) -> Option<Found> {
    let code = season_code(c.name("s").or_else(|| c.name("s2"))?.as_str());
    let first_month = match code {
        "SP" => 3,
        "SU" => 6,
        "FA" => 9,
        _ => 12,
    };
    let rel = lower(c, "rel").split_whitespace().collect::<Vec<_>>().join(" ");
    let past = c.name("the").is_some() && matches!(lean(ctx.text, c.name("x")?.start()), Lean::Reported | Lean::Past);
    let offset = |a: Date| match rel.as_str() {
        "last" => -1,
        "next" => 1,
        "this past" => -i16::from(first_month > a.month()),
        _ if past => -i16::from(first_month > a.month()),
        _ => 0,
    };
    anchored(c, ctx, |a| Some(format!("{:04}-{code}", a.year() + offset(a))), &format!("XXXX-{code}"))
}

/// `first`, `2nd`, ... as a quarter number.
fn quarter_number(word: &str) -> Option<i8> {
    match word.to_ascii_lowercase().as_str() {
        "first" | "1st" => Some(1),
        "second" | "2nd" => Some(2),
        "third" | "3rd" => Some(3),
        "fourth" | "4th" => Some(4),
        _ => None,
    }
}

/// The year of quarter `q` named without one against `anchor`: the anchor's
/// year moved by `offset`, or the previous year for a quarter that starts
/// after an anchor in the first quarter (`fourth-quarter results` in
/// February), unless `explicit` (`this year's`).
fn quarter_year(anchor: Date, q: i8, offset: i16, explicit: bool) -> i16 {
    let starts_later = (q - 1) * 3 + 1 > anchor.month();
    let back = i16::from(!explicit && starts_later && anchor.month() <= 3);
    anchor.year() + offset - back
}

fn quarter(c: &Captures<'_>, ctx: &Ctx<'_>) -> Option<Found> {
    let q = quarter_number(&lower(c, "q"))?;
    if let Some(y) = group_num::<i16>(c, "y1").or_else(|| group_num(c, "y2")) {
        return date_found(c, format!("{y:04}-Q{q}"), TimeAnchor::Absolute);
    }
    let offset = match lower(c, "rel").as_str() {
        "last" => -1,
        "next" => 1,
        _ => 0,
    };
    let explicit = c.name("rel").is_some();
    anchored(c, ctx, |a| Some(format!("{:04}-Q{q}", quarter_year(a, q, offset, explicit))), &format!("XXXX-Q{q}"))
}

fn half(c: &Captures<'_>, _: &Ctx<'_>) -> Option<Found> {
    let h = if lower(c, "h") == "first" { 1 } else { 2 };
    date_found(c, format!("{}-H{h}", c.name("y")?.as_str()), TimeAnchor::Absolute)
}

/// `the quarter`, `the latest period`, `the 1988 quarter`, `that quarter`
/// lean on the quarter the text speaks of; `the current quarter` is the
/// anchor's, and so is `this quarter` unless its sentence states figures
/// (`This quarter's loss includes charges`: the reporting quarter).
fn named_quarter(c: &Captures<'_>, ctx: &Ctx<'_>) -> Option<Found> {
    let year = group_num::<i16>(c, "y");
    let which = lower(c, "which");
    let det = lower(c, "det");
    let quarter = lower(c, "what") == "quarter";
    if year.is_none() && which.is_empty() && !quarter {
        return None;
    }
    let x = c.name("x")?;
    let this = det == "this" && year.is_none() && which.is_empty();
    if quarter && (which == "current" || (this && !among_figures(ctx.text, x.start(), x.end()))) {
        return anchored(c, ctx, |a| Some(format!("{:04}-Q{}", a.year(), (a.month() - 1) / 3 + 1)), "XXXX-QX");
    }
    let reporting = which.ends_with("recent") || which == "latest" || this;
    let mut f = date_found(c, String::new(), TimeAnchor::Reference)?;
    f.pending = Some(Pending::Quarter(QuarterRef { year, reporting }));
    Some(f)
}

/// `the year-ago quarter`, `the year-earlier third quarter`, `the
/// corresponding period last year`, `last year's quarter`: a quarter a year
/// back, the one named or else the one the text speaks of.
fn year_ago_period(c: &Captures<'_>, ctx: &Ctx<'_>) -> Option<Found> {
    if let Some(q) = c.name("q").or_else(|| c.name("q2")).and_then(|q| quarter_number(q.as_str())) {
        return anchored(
            c,
            ctx,
            |a| Some(format!("{:04}-Q{q}", quarter_year(a, q, 0, false) - 1)),
            &format!("XXXX-Q{q}"),
        );
    }
    let mut f = anchored(c, ctx, |a| Some(format!("{:04}", a.year() - 1)), "XXXX")?;
    f.pending = Some(Pending::YearsBack(YearsBack { years: 1, reporting: true }));
    Some(f)
}

/// `on Friday`, `last Tuesday`, `Thursday night`: the weekday the clause
/// points to; a possessive (`around Wednesday's ruling`) names a day already
/// come, whatever the clause's tense.
fn weekday_expr(c: &Captures<'_>, ctx: &Ctx<'_>) -> Option<Found> {
    let wd = parse_weekday(c.name("wd")?.as_str())?;
    let mods = lower(c, "mods");
    let x = c.name("x")?;
    let possessive = ctx.text.get(x.end()..).is_some_and(|rest| rest.starts_with("'s") || rest.starts_with("’s"));
    let dir = if mods.contains("last") {
        Dir::Past
    } else if mods.contains("next") {
        Dir::Future
    } else if !possessive && lean(ctx.text, x.start()) == Lean::Future {
        Dir::Upcoming
    } else {
        Dir::Current
    };
    let part = day_part(c);
    let mut f = anchored(
        c,
        ctx,
        |a| weekday(a, wd, dir).map(|d| format!("{}{part}", day_value(d))),
        &format!("XXXX-WXX-{}{part}", wd.to_monday_one_offset()),
    )?;
    if !part.is_empty() {
        f.kind = TimexType::Time;
    }
    Some(f)
}

/// The TIMEX3 suffix of a part of the day (`morning` is `TMO`), empty when none.
fn day_part(c: &Captures<'_>) -> &'static str {
    match lower(c, "part").as_str() {
        "morning" => "TMO",
        "afternoon" => "TAF",
        "evening" => "TEV",
        "night" => "TNI",
        _ => "",
    }
}

/// `10 p.m. Wednesday`, `5 p.m. EST Nov. 9`, `noon Thursday`, `around 7:15
/// p.m.`: the day named, else the day of the expression just before (none:
/// no value), with the time (`1998-02-11T22:00`; midnight is `T24:00`).
fn clock_time(c: &Captures<'_>, ctx: &Ctx<'_>) -> Option<Found> {
    let clock = match lower(c, "noon").as_str() {
        "noon" | "midday" => Clock { hour: 12, minute: 0 },
        "midnight" => Clock { hour: 24, minute: 0 },
        _ => {
            let h: i8 = group_num(c, "h")?;
            let mi: i8 = c.name("mi").map_or(Some(0), |m| m.as_str().parse().ok())?;
            if !(1..=12).contains(&h) {
                return None;
            }
            let pm = lower(c, "ap").starts_with('p');
            let h24 = match (h, pm) {
                (12, false) => 0,
                (12, true) => 12,
                (h, true) => h + 12,
                (h, false) => h,
            };
            Clock { hour: h24, minute: mi }
        }
    };
    let start = c.name("x")?.start();
    let day = if let Some(wd) = c.name("wd").and_then(|w| parse_weekday(w.as_str())) {
        let dir = if lean(ctx.text, start) == Lean::Future { Dir::Upcoming } else { Dir::Current };
        Some(ctx.anchor.and_then(|a| weekday(a, wd, dir)))
    } else if let Some(rel) = c.name("rel") {
        let offset = match rel.as_str().to_ascii_lowercase().as_str() {
            "yesterday" => -1,
            "tomorrow" => 1,
            _ => 0,
        };
        Some(ctx.anchor.and_then(|a| shift(a, offset, Unit::Day)))
    } else if let (Some(mon), Some(d)) = (c.name("mon"), group_num::<i8>(c, "d")) {
        let month = month_number(mon.as_str())?;
        Some(ctx.anchor.and_then(|a| yearless_day(a, month, d, lean(ctx.text, start))))
    } else {
        None
    };
    let mut f = match day {
        None => {
            let mut f = found(c, String::new(), TimexType::Time, TimeAnchor::Published)?;
            f.pending = Some(Pending::ClockTime(clock));
            return Some(f);
        }
        Some(Some(d)) => found(c, format!("{}T{clock}", day_value(d)), TimexType::Time, TimeAnchor::Published)?,
        Some(None) => found(c, format!("XXXX-XX-XXT{clock}"), TimexType::Time, TimeAnchor::None)?,
    };
    f.relative = true;
    Some(f)
}

/// `yesterday`, `today`, `tonight`, `tomorrow`, and with a part of the day
/// `yesterday afternoon`, `this morning`, `last night` (`2020-01-23TNI`).
fn deictic_day(c: &Captures<'_>, ctx: &Ctx<'_>) -> Option<Found> {
    let day = lower(c, "day");
    let part = day_part(c);
    if matches!(day.as_str(), "this" | "last") && (part.is_empty() || (day == "last") != (part == "TNI")) {
        return None;
    }
    let offset = match day.as_str() {
        "yesterday" | "last" => -1,
        "tomorrow" => 1,
        _ => 0,
    };
    let mut f = anchored(
        c,
        ctx,
        |a| shift(a, offset, Unit::Day).map(|d| format!("{}{part}", day_value(d))),
        &format!("XXXX-XX-XX{part}"),
    )?;
    if !part.is_empty() {
        f.kind = TimexType::Time;
    }
    Some(f)
}

fn deictic_period(c: &Captures<'_>, ctx: &Ctx<'_>) -> Option<Found> {
    if quoted_title(c, ctx.text) {
        return None;
    }
    let unit = Unit::parse(c.name("u")?.as_str())?;
    let rel = lower(c, "rel");
    let offset = match rel.as_str() {
        "last" | "previous" => -1,
        "next" | "coming" => 1,
        _ => 0,
    };
    if unit == Unit::Year && offset == -1 && rel == "last" {
        return None;
    }
    let bare = match unit {
        Unit::Week => "XXXX-WXX",
        Unit::Month => "XXXX-XX",
        _ => "XXXX",
    };
    anchored(c, ctx, |a| shift(a, offset, unit).map(|d| period_value(d, unit)), bare)
}

/// `the weekend`: the most recent one (this one from Saturday on), `next
/// weekend` the coming one; `2020-W03-WE`.
fn weekend(c: &Captures<'_>, ctx: &Ctx<'_>) -> Option<Found> {
    let word = lower(c, "x");
    let dir = if word.starts_with("next") {
        Dir::Future
    } else if word.starts_with("this") {
        Dir::Upcoming
    } else {
        Dir::Current
    };
    let value = |a: Date| {
        let saturday = if a.weekday() == Weekday::Sunday && dir != Dir::Future {
            shift(a, -1, Unit::Day)?
        } else {
            weekday(a, Weekday::Saturday, dir)?
        };
        Some(format!("{}-WE", period_value(saturday, Unit::Week)))
    };
    anchored(c, ctx, value, "XXXX-WXX-WE")
}

/// Words after `the week` that pin its week down (`the week ended Friday`,
/// `the week of March 6`, `the week ahead`), left to other rules.
const WEEK_PINNERS: &[&str] = &["of", "ended", "ending", "before", "after", "ahead", "earlier", "later", "to"];

/// `the week`, `the week's`: a week of the anchor's year that the text does
/// not pin down (`1989-WXX`).
fn the_week(c: &Captures<'_>, ctx: &Ctx<'_>) -> Option<Found> {
    let post = lower(c, "post");
    if WEEK_PINNERS.contains(&post.trim()) {
        return None;
    }
    anchored(c, ctx, |a| Some(format!("{:04}-WXX", a.year())), "XXXX-WXX")
}

fn present_past_future(c: &Captures<'_>, ctx: &Ctx<'_>) -> Option<Found> {
    if c.name("more").is_some() {
        return None;
    }
    let word = lower(c, "x");
    let value = if word.ends_with("past") || word.ends_with("ago") || word == "recently" || word == "lately" {
        "PAST_REF"
    } else if ["future", "term", "later", "coming"].iter().any(|w| word.contains(w)) {
        "FUTURE_REF"
    } else {
        "PRESENT_REF"
    };
    let how = if ctx.anchor.is_some() { TimeAnchor::Published } else { TimeAnchor::None };
    date_found(c, value.into(), how)
}

/// `Thanksgiving Day`, `last Christmas`, `Easter`: the holiday's day in the
/// year the clause points to; `the Christmas season` and kin are left alone.
fn holiday_expr(c: &Captures<'_>, ctx: &Ctx<'_>) -> Option<Found> {
    if c.name("post").is_some() {
        return None;
    }
    let name = c.name("h")?.as_str();
    let lean = match lower(c, "rel").as_str() {
        "last" => Lean::Past,
        "next" => Lean::Future,
        _ => lean(ctx.text, c.name("x")?.start()),
    };
    holiday(name, 2000)?;
    anchored(c, ctx, |a| occurrence(a, |y| holiday(name, y), lean).map(day_value), "XXXX-XX-XX")
}

/// `current` before a noun (`current market conditions`, `his current
/// wife`) is the present; `then current` is not.
fn current(c: &Captures<'_>, ctx: &Ctx<'_>) -> Option<Found> {
    let before = ctx.text.get(..c.name("x")?.start()).unwrap_or("").trim_end();
    if before.len() >= 4 && before.get(before.len() - 4..).is_some_and(|w| w.eq_ignore_ascii_case("then")) {
        return None;
    }
    let how = if ctx.anchor.is_some() { TimeAnchor::Published } else { TimeAnchor::None };
    date_found(c, "PRESENT_REF".into(), how)
}

fn ago(c: &Captures<'_>, ctx: &Ctx<'_>) -> Option<Found> {
    let n = parse_count(c.name("n")?.as_str())?;
    let word = lower(c, "u");
    let (n, unit) = if word == "decade" { (n * 10, Unit::Year) } else { (n, Unit::parse(&word)?) };
    let a = ctx.anchor?;
    let mut f = date_found(c, period_value(shift(a, -n, unit)?, unit), TimeAnchor::Published)?;
    if unit == Unit::Year {
        f.pending = Some(Pending::YearsBack(YearsBack { years: i16::try_from(n).ok()?, reporting: n == 1 }));
    }
    Some(f)
}

/// `last year`, `a year ago`, `year-earlier`: the anchor's previous year, or
/// the previous year's quarter after a quarter.
fn year_back(c: &Captures<'_>, ctx: &Ctx<'_>) -> Option<Found> {
    let mut f = anchored(c, ctx, |a| Some(format!("{:04}", a.year() - 1)), "XXXX")?;
    let reporting = !lower(c, "x").starts_with("last");
    f.pending = Some(Pending::YearsBack(YearsBack { years: 1, reporting }));
    Some(f)
}

/// `two days after`, `a week earlier`: an offset from another expression;
/// an approximate one (`nearly two months after`, `at least 30 days
/// before`) names no day, so it is the length alone (`P2M`).
fn reference(c: &Captures<'_>, ctx: &Ctx<'_>) -> Option<Found> {
    let n = parse_count(c.name("n")?.as_str())?;
    let unit = Unit::parse(c.name("u")?.as_str())?;
    let word = match lower(c, "dir").as_str() {
        "after" => RefWord::After,
        "before" => RefWord::Before,
        "later" => RefWord::Later,
        _ => RefWord::Earlier,
    };
    let mut f = date_found(c, String::new(), TimeAnchor::Reference)?;
    let offset = Reference { n, unit, word };
    if approximated(ctx.text, c.name("x")?.start()) {
        return as_duration(ctx.text, f, offset);
    }
    f.pending = Some(Pending::Offset(offset));
    Some(f)
}

/// Words right before a count that make it approximate (`nearly two months`).
const APPROXIMATORS: &[&str] = &[
    "nearly",
    "almost",
    "about",
    "around",
    "roughly",
    "approximately",
    "some",
    "at least",
    "at most",
    "more than",
    "less than",
    "fewer than",
    "up to",
];

/// Whether the words right before byte `start` are an approximator.
fn approximated(text: &str, start: usize) -> bool {
    let before = text.get(..start).unwrap_or("").trim_end().to_ascii_lowercase();
    APPROXIMATORS
        .iter()
        .any(|w| before.strip_suffix(w).is_some_and(|rest| !rest.ends_with(|ch: char| ch.is_alphanumeric())))
}

/// The TIMEX3 duration of `count` (or `X`) `unit`s.
fn duration_value(count: Option<i64>, unit: &str) -> String {
    let unit = unit.to_ascii_lowercase();
    let unit = unit.trim_end_matches('s');
    let (count, unit) = match (count, unit) {
        (Some(n), "decade") => (Some(n * 10), "year"),
        (Some(n), "century" | "centurie") => (Some(n * 100), "year"),
        _ => (count, unit),
    };
    let n = count.map_or_else(|| "X".to_owned(), |k| k.to_string());
    match unit {
        "minute" => format!("PT{n}M"),
        "hour" => format!("PT{n}H"),
        "day" => format!("P{n}D"),
        "week" => format!("P{n}W"),
        "month" => format!("P{n}M"),
        "year" => format!("P{n}Y"),
        "decade" => format!("P{n}DE"),
        _ => format!("P{n}CE"),
    }
}

/// `three years`, `the past three months`, `a few days`, `2 1/2 years`, `a
/// minute and a half`; `the past month` is one month back from now (`P1M`),
/// but `the past year` is news for the previous calendar year (what grew
/// `over the past year` is last year's figure) and `past years` is left
/// alone; `26 years old` is an age.
fn duration(c: &Captures<'_>, ctx: &Ctx<'_>) -> Option<Found> {
    if quoted_title(c, ctx.text) {
        return None;
    }
    let unit = c.name("u")?.as_str();
    let plural = unit.ends_with('s') || unit.eq_ignore_ascii_case("centuries");
    if c.name("old").is_some() || (c.name("past").is_some() && plural) {
        return None;
    }
    if c.name("past").is_some() && unit.eq_ignore_ascii_case("year") {
        return anchored(c, ctx, |a| Some(format!("{:04}", a.year() - 1)), "XXXX");
    }
    let count = match c.name("n") {
        Some(n) => Some(parse_count(n.as_str())?),
        None if c.name("past").is_some() => Some(1),
        None => None,
    };
    let value = match count {
        Some(n) if c.name("frac").is_some() || c.name("half").is_some() => half_more(n, unit),
        _ => duration_value(count, unit),
    };
    found(c, value, TimexType::Duration, TimeAnchor::Absolute)
}

/// The TIMEX3 duration of `n` and a half `unit`s: `P2Y6M`, `PT1M30S`.
fn half_more(n: i64, unit: &str) -> String {
    let unit = unit.to_ascii_lowercase();
    let whole = |suffix: char| if n > 0 { format!("{n}{suffix}") } else { String::new() };
    match unit.trim_end_matches('s') {
        "minute" => format!("PT{}30S", whole('M')),
        "hour" => format!("PT{}30M", whole('H')),
        "day" => format!("P{}T12H", whole('D')),
        "week" => format!("P{}D", n * 7 + 3),
        "month" => format!("P{}15D", whole('M')),
        "year" => format!("P{}6M", whole('Y')),
        "decade" => format!("P{}Y", n * 10 + 5),
        _ => format!("P{}Y", n * 100 + 50),
    }
}

/// `for weeks`, `in years`, `recent years`, `the weeks ahead`: a duration
/// of unknown length.
fn vague_duration(c: &Captures<'_>, _: &Ctx<'_>) -> Option<Found> {
    let unit = c.name("u").or_else(|| c.name("u2"))?.as_str();
    let mut f = found(c, duration_value(None, unit), TimexType::Duration, TimeAnchor::Absolute)?;
    if let Some(recent) = c.name("recent") {
        f.start = recent.start();
    }
    Some(f)
}

/// `the year`, `the fiscal year`, `earlier in the year`, `the year's end`:
/// the anchor's year; `the year ended March 31` is the twelve months to
/// then (`P1Y`). Left to other rules: `the year before`, `the year 1990`.
fn the_year(c: &Captures<'_>, ctx: &Ctx<'_>) -> Option<Found> {
    let post = lower(c, "post");
    let post = post.trim();
    if ["ended", "ending", "that ended", "which ended"].contains(&post) {
        return found(c, "P1Y".into(), TimexType::Duration, TimeAnchor::Absolute);
    }
    if post.starts_with(|ch: char| ch.is_ascii_digit() || ch == '-')
        || ["before", "earlier", "ago", "after", "later"].contains(&post)
    {
        return None;
    }
    anchored(c, ctx, |a| Some(format!("{:04}", a.year())), "XXXX")
}

/// `by year-end`, `around year end`, `by year's end`: the anchor's year;
/// `since year-end` looks back to the end of the year before.
fn year_end(c: &Captures<'_>, ctx: &Ctx<'_>) -> Option<Found> {
    let back = i16::from(lower(c, "pre") == "since");
    anchored(c, ctx, |a| Some(format!("{:04}", a.year() - back)), "XXXX")
}

/// `that year`, `the following day`, `the year before`, `the following
/// month`, `the next day`, `later in the day`, `in the morning` (`TMO` of
/// that day), `overnight` before a noun (the night before it): the year, month, week or day
/// of the expression just before (or of the last one precise enough, in an
/// earlier paragraph if need be), or one unit after or before it; `the day
/// before last Tuesday` counts from the date it names.
fn same_as(c: &Captures<'_>, ctx: &Ctx<'_>) -> Option<Found> {
    let x = c.name("x")?;
    let next_word = ctx.text.get(x.end()..).unwrap_or("").trim_start().to_ascii_lowercase();
    let noun_after = next_word.split(|ch: char| !ch.is_ascii_alphabetic()).next().filter(|w| !w.is_empty());
    let overnight_noun = noun_after
        .is_some_and(|w| ctx.text.get(x.end()..).is_some_and(|r| r.starts_with(' ')) && !FUNCTION_WORDS.contains(&w));
    let overnight_kind =
        c.name("overnight").is_some() && (!overnight_noun || OVERNIGHT_KINDS.iter().any(|k| next_word.starts_with(k)));
    if c.name("clock").is_some() || overnight_kind {
        return None;
    }
    let unit_word = ["u", "u2", "u3", "u4", "u5"].iter().find_map(|g| c.name(g));
    let unit = match unit_word {
        Some(word) => Unit::parse(word.as_str())?,
        None => Unit::Day,
    };
    let overnight = c.name("overnight").is_some();
    let part = if overnight { "TNI" } else { day_part(c) };
    let n = match lower(c, "rel").as_str() {
        "following" => 1,
        _ if c.name("next").is_some() => 1,
        _ if overnight => -1,
        "previous" | "prior" => -1,
        _ => match lower(c, "rel2").as_str() {
            "before" => -1,
            "after" => 1,
            _ => 0,
        },
    };
    let rel2 = c.name("rel2").is_some();
    let from_next = rel2 && unit == Unit::Day;
    let rest = ctx.text.get(x.end()..).unwrap_or("");
    let before_clause = rel2 && rest.strip_prefix(' ').is_some_and(|r| r.starts_with(|ch: char| ch.is_alphabetic()));
    let within = c.name("within").or_else(|| c.name("within_part"));
    let anchor_day = within.is_some() || overnight;
    let mut f = date_found(c, String::new(), TimeAnchor::Reference)?;
    if let Some(within) = within {
        (f.start, f.end) = (within.start(), within.end());
    }
    if !part.is_empty() {
        f.kind = TimexType::Time;
    }
    f.pending = Some(Pending::SameAs(SameAs { unit, n, from_next, before_clause, anchor_day, part }));
    Some(f)
}

/// `by mid afternoon`, `mid-afternoon yesterday`: that part of the anchor's
/// day, or of the day named (`1989-11-01TAF`).
fn mid_day_part(c: &Captures<'_>, ctx: &Ctx<'_>) -> Option<Found> {
    let offset = if lower(c, "day") == "yesterday" { -1 } else { 0 };
    let part = day_part(c);
    let mut f = anchored(
        c,
        ctx,
        |a| shift(a, offset, Unit::Day).map(|d| format!("{}{part}", day_value(d))),
        &format!("XXXX-XX-XX{part}"),
    )?;
    f.kind = TimexType::Time;
    Some(f)
}

/// `until then`, `by then`: pending the expression just before.
fn until_then(c: &Captures<'_>, _: &Ctx<'_>) -> Option<Found> {
    let mut f = date_found(c, String::new(), TimeAnchor::Reference)?;
    f.pending = Some(Pending::Then);
    Some(f)
}

/// `today is the eighth day of the operation`, `it's the second day of an
/// offensive`: in the present tense, the anchor's day.
fn nth_day(c: &Captures<'_>, ctx: &Ctx<'_>) -> Option<Found> {
    anchored(c, ctx, |a| Some(day_value(a)), "XXXX-XX-XX")
}

/// Whether the match opens a quoted title with a capitalized unit (ABC's
/// "This Week", CBS's ''60 Minutes''): a programme, not a time.
fn quoted_title(c: &Captures<'_>, text: &str) -> bool {
    let (Some(x), Some(unit)) = (c.name("x"), c.name("u")) else { return false };
    let capitalized = unit.as_str().starts_with(|ch: char| ch.is_ascii_uppercase())
        && unit.as_str().chars().skip(1).all(|ch| ch.is_ascii_lowercase());
    capitalized
        && text.get(..x.start()).is_some_and(|before| before.ends_with(['"', '\'', '`', '\u{201c}', '\u{2018}']))
}

/// `the week of`: pending the date right after it (`the week of March 6`).
fn week_of(c: &Captures<'_>, _: &Ctx<'_>) -> Option<Found> {
    let mut f = date_found(c, String::new(), TimeAnchor::Reference)?;
    f.pending = Some(Pending::WeekOf);
    Some(f)
}

/// A recurrence: `daily` and `every day` are `P1D`, `every two weeks`
/// `P2W`, `every Friday` and `Fridays` `XXXX-WXX-5`, `each July` `XXXX-07`.
fn set(c: &Captures<'_>, _: &Ctx<'_>) -> Option<Found> {
    let value = if let Some(adv) = c.name("adv") {
        let unit = match adv.as_str().to_ascii_lowercase().as_str() {
            "hourly" => "hour",
            "daily" => "day",
            "weekly" => "week",
            "monthly" => "month",
            _ => "year",
        };
        duration_value(Some(1), unit)
    } else if let Some(unit) = c.name("u") {
        let n = match c.name("n").map(|n| n.as_str().to_ascii_lowercase()) {
            None => 1,
            Some(n) if n == "other" => 2,
            Some(n) => parse_count(&n)?,
        };
        match unit.as_str().to_ascii_lowercase().as_str() {
            "quarter" => format!("P{n}Q"),
            u => duration_value(Some(n), u),
        }
    } else if let Some(wd) = c.name("wd").or_else(|| c.name("wds")) {
        let wd = parse_weekday(wd.as_str().trim_end_matches('s'))?;
        format!("XXXX-WXX-{}", wd.to_monday_one_offset())
    } else {
        format!("XXXX-{:02}", month_number(c.name("mon")?.as_str())?)
    };
    found(c, value, TimexType::Set, TimeAnchor::Absolute)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    /// `(text, anchor, [(expression text, value, anchor)])`.
    type Case = (&'static str, Option<Date>, &'static [(&'static str, &'static str, TimeAnchor)]);

    fn check(cases: &[Case]) {
        for (text, anchor, want) in cases {
            let got: Vec<(&str, &str, TimeAnchor)> = normalize(text, *anchor)
                .iter()
                .map(|t| (text.get(t.span.range()).unwrap_or(""), leak(&t.value), t.anchor))
                .collect();
            assert_eq!(&got, want, "in {text:?}");
        }
    }

    fn leak(s: &str) -> &'static str {
        Box::leak(s.to_owned().into_boxed_str())
    }

    const OCT20: Option<Date> = Some(date(2023, 10, 20));
    const OCT27: Option<Date> = Some(date(2023, 10, 27));
    const JAN24: Option<Date> = Some(date(2020, 1, 24));

    #[test]
    fn seed_phrases() {
        use TimeAnchor::{Absolute, Published, Reference};
        check(&[
            ("Hundreds gathered on Friday at the border", OCT20, &[("on Friday", "2023-10-20", Published)]),
            (
                "departed from Baghdad late on Thursday in buses",
                OCT20,
                &[("late on Thursday", "2023-10-19", Published)],
            ),
            ("On Thursday influential Iraqi cleric", OCT20, &[("On Thursday", "2023-10-19", Published)]),
            ("called on the government on Friday to vote", OCT27, &[("on Friday", "2023-10-27", Published)]),
            ("gathered last week at the border", OCT27, &[("last week", "2023-W42", Published)]),
            ("a drone strike earlier this month killed", JAN24, &[("earlier this month", "2020-01", Published)]),
            ("violent clashes last month when", JAN24, &[("last month", "2019-12", Published)]),
            ("after its gunmen on Oct. 7 rampaged", OCT20, &[("on Oct. 7", "2023-10-07", Published)]),
            (
                "On January 5, the parliament voted for it two days after Washington assassinated Soleimani",
                JAN24,
                &[("On January 5", "2020-01-05", Published), ("two days after", "2020-01-03", Reference)],
            ),
            ("since the 2003 US-led invasion", OCT27, &[("2003", "2003", Absolute)]),
            ("in early 2020 after a strike", OCT27, &[("early 2020", "2020", Absolute)]),
            ("said 26-year-old Hussein Samir", OCT20, &[]),
            ("killing 1,400 people", OCT20, &[]),
            ("the May 2018 parliamentary elections", JAN24, &[("May 2018", "2018-05", Absolute)]),
            ("a crackdown in early December.", JAN24, &[("early December", "2019-12", Published)]),
            (
                "checkpoints were installed by late Thursday afternoon",
                JAN24,
                &[("late Thursday afternoon", "2020-01-23TAF", Published)],
            ),
            ("the Great Iraqi Revolution of 1920", JAN24, &[("1920", "1920", Absolute)]),
        ]);
    }

    #[test]
    fn absolute_dates() {
        use TimeAnchor::Absolute;
        check(&[
            ("on January 24, 2020 they", None, &[("on January 24, 2020", "2020-01-24", Absolute)]),
            ("24 January 2020", None, &[("24 January 2020", "2020-01-24", Absolute)]),
            ("filed 2020-01-24.", None, &[("2020-01-24", "2020-01-24", Absolute)]),
            ("filed 1/24/2020.", None, &[("1/24/2020", "2020-01-24", Absolute)]),
            ("Sept. 11, 2001", None, &[("Sept. 11, 2001", "2001-09-11", Absolute)]),
            ("in the summer of 2014", None, &[("the summer of 2014", "2014-SU", Absolute)]),
            (
                "we saw in the winter of nineteen ninety-four.",
                None,
                &[("the winter of nineteen ninety-four", "1994-WI", Absolute)],
            ),
            ("on February 30, 2020", None, &[("2020", "2020", Absolute)]),
            ("Saturday, April 25, 1998", None, &[("Saturday, April 25, 1998", "1998-04-25", Absolute)]),
            ("the 1990 invasion of Kuwait", None, &[("1990", "1990", Absolute)]),
            ("his unsuccessful 1996 campaign", None, &[("1996", "1996", Absolute)]),
            ("In fiscal 1989, Elco earned", None, &[("1989", "1989", Absolute)]),
            ("in the late 1970s", None, &[("the late 1970s", "197", Absolute)]),
            ("through the nineties", None, &[("the nineties", "199", Absolute)]),
            ("a 20th century democrat", None, &[("20th century", "19", Absolute)]),
            ("In nineteen ninety-one Keating", None, &[("nineteen ninety-one", "1991", Absolute)]),
            ("January nineteen ninety-seven.", None, &[("January nineteen ninety-seven", "1997-01", Absolute)]),
            ("by the year two thousand", None, &[("the year two thousand", "2000", Absolute)]),
            ("the third quarter of 1990", None, &[("third quarter of 1990", "1990-Q3", Absolute)]),
            ("the 1988 second quarter", None, &[("1988 second quarter", "1988-Q2", Absolute)]),
            ("the last half of 1989", None, &[("the last half of 1989", "1989-H2", Absolute)]),
        ]);
    }

    #[test]
    fn deictic_words_and_durations() {
        use TimeAnchor::{Absolute, Published, Reference};
        check(&[
            (
                "yesterday and today",
                JAN24,
                &[("yesterday", "2020-01-23", Published), ("today", "2020-01-24", Published)],
            ),
            (
                "tonight, this morning",
                JAN24,
                &[("tonight", "2020-01-24", Published), ("this morning", "2020-01-24TMO", Published)],
            ),
            (
                "this week and last year",
                JAN24,
                &[("this week", "2020-W04", Published), ("last year", "2019", Published)],
            ),
            ("next Friday", JAN24, &[("next Friday", "2020-01-31", Published)]),
            ("last Friday", JAN24, &[("last Friday", "2020-01-17", Published)]),
            ("on Monday", JAN24, &[("on Monday", "2020-01-20", Published)]),
            ("recently, and now", JAN24, &[("recently", "PAST_REF", Published), ("now", "PRESENT_REF", Published)]),
            ("worried about the future", JAN24, &[("the future", "FUTURE_REF", Published)]),
            (
                "in the near term and in future quarters",
                JAN24,
                &[("the near term", "FUTURE_REF", Published), ("future quarters", "FUTURE_REF", Published)],
            ),
            ("at a later date", JAN24, &[("a later date", "FUTURE_REF", Published)]),
            ("under current market conditions", JAN24, &[("current", "PRESENT_REF", Published)]),
            ("at the then current price", JAN24, &[]),
            ("over the weekend", JAN24, &[("the weekend", "2020-W03-WE", Published)]),
            ("this weekend", JAN24, &[("this weekend", "2020-W04-WE", Published)]),
            ("For the week, the index fell", JAN24, &[("the week", "2020-WXX", Published)]),
            ("the week's most active session", JAN24, &[("the week", "2020-WXX", Published)]),
            ("in the week ended Friday", JAN24, &[("Friday", "2020-01-24", Published)]),
            ("during the week ahead", JAN24, &[]),
            ("June last year", JAN24, &[("June last year", "2019-06", Published)]),
            ("this September", JAN24, &[("this September", "2020-09", Published)]),
            (
                "shot on Thanksgiving Day and last Christmas",
                JAN24,
                &[("Thanksgiving Day", "2019-11-28", Published), ("last Christmas", "2019-12-25", Published)],
            ),
            ("the Christmas shopping season at Eastern Airlines", JAN24, &[]),
            ("Sales fell sharply. August was worse, said Jan Egeland.", JAN24, &[("August", "2019-08", Published)]),
            ("March on, May they win.", JAN24, &[]),
            ("this summer", JAN24, &[("this summer", "2020-SU", Published)]),
            ("well into the summer", OCT20, &[("the summer", "2023-SU", Published)]),
            ("the low levels of the early summer", OCT20, &[("the early summer", "2023-SU", Published)]),
            ("a chill that began in the winter", OCT20, &[("the winter", "2022-WI", Published)]),
            ("it shut this past spring", OCT20, &[("this past spring", "2023-SP", Published)]),
            ("after the fall of the Berlin Wall", OCT20, &[]),
            ("two days and three years", JAN24, &[("two days", "P2D", Absolute), ("three years", "P3Y", Absolute)]),
            ("For nearly forty years, the", JAN24, &[("forty years", "P40Y", Absolute)]),
            ("for at least 20 more years", JAN24, &[("20 more years", "P20Y", Absolute)]),
            ("for a couple of years", JAN24, &[("a couple of years", "P2Y", Absolute)]),
            ("almost two decades", JAN24, &[("two decades", "P20Y", Absolute)]),
            ("the two-week gulf crisis", JAN24, &[("two-week", "P2W", Absolute)]),
            ("in the past three months", JAN24, &[("the past three months", "P3M", Absolute)]),
            ("committed within weeks", JAN24, &[("weeks", "PXW", Absolute)]),
            ("kidnappings in recent years", JAN24, &[("recent years", "PXY", Absolute)]),
            ("It took a few days", JAN24, &[("a few days", "PXD", Absolute)]),
            ("Four months into the protests", JAN24, &[("Four months", "P4M", Absolute)]),
            ("three weeks ago", JAN24, &[("three weeks ago", "2020-W01", Published)]),
            ("a week or so ago", JAN24, &[("a week or so ago", "2020-W03", Published)]),
            ("two days after January 3", JAN24, &[("two days after January 3", "2020-01-05", Reference)]),
            (
                "On Jan. 3 a strike; a day later, missiles",
                JAN24,
                &[("On Jan. 3", "2020-01-03", Published), ("a day later", "2020-01-04", Reference)],
            ),
            (
                "On Jan. 3 a strike; nearly two months after, talks",
                JAN24,
                &[("On Jan. 3", "2020-01-03", Published), ("two months", "P2M", Absolute)],
            ),
            (
                "On Jan. 3 a strike, at least 30 days before",
                JAN24,
                &[("On Jan. 3", "2020-01-03", Published), ("30 days", "P30D", Absolute)],
            ),
            ("he is 26 years old", JAN24, &[]),
            ("in camps for 2 1/2 years", JAN24, &[("2 1/2 years", "P2Y6M", Absolute)]),
            ("about 5 1/2 hours in Nairobi", JAN24, &[("5 1/2 hours", "PT5H30M", Absolute)]),
            ("But a minute and a half later, a pilot", JAN24, &[("a minute and a half", "PT1M30S", Absolute)]),
            (
                "over the past year and the past decade",
                JAN24,
                &[("the past year", "2019", Published), ("the past decade", "P10Y", Absolute)],
            ),
            ("sell programs in past years", JAN24, &[]),
            ("twenty years after the first astronauts flew", JAN24, &[("twenty years", "P20Y", Absolute)]),
            ("a 26-year-old man", JAN24, &[]),
        ]);
    }

    #[test]
    fn the_year_is_the_anchors_unless_it_ends_on_a_date() {
        use TimeAnchor::{Absolute, Published, Reference};
        let nov2 = Some(date(1989, 11, 2));
        check(&[
            ("Sales for the full year rose.", nov2, &[("the full year", "1989", Published)]),
            ("It was delayed earlier in the year by rain.", nov2, &[("earlier in the year", "1989", Published)]),
            (
                "revenue for the year ended March 31.",
                nov2,
                &[("the year", "P1Y", Absolute), ("March 31", "1989-03-31", Published)],
            ),
            (
                "the year 1990 and the year-ago period",
                nov2,
                &[("1990", "1990", Absolute), ("the year-ago period", "1988", Published)],
            ),
            (
                "He left in 1988 and died that year.",
                nov2,
                &[("1988", "1988", Absolute), ("that year", "1988", Reference)],
            ),
            (
                "It opened in 1995; the following year it closed.",
                nov2,
                &[("1995", "1995", Absolute), ("the following year", "1996", Reference)],
            ),
            (
                "On Oct. 7 a strike; the day before, a raid.",
                nov2,
                &[("On Oct. 7", "1989-10-07", Published), ("the day before", "1989-10-06", Reference)],
            ),
        ]);
    }

    #[test]
    fn times_of_day_keep_their_day() {
        let thu = Some(date(1998, 2, 13));
        let got: Vec<(String, TimexType)> = normalize(
            "Polls close at 10 p.m. Wednesday and results come at noon Thursday. This morning, at around 7:15 p.m. and on Thursday evening, and last night.",
            thu,
        )
        .into_iter()
        .map(|t| (t.value, t.kind))
        .collect();
        let want = [
            "1998-02-11T22:00",
            "1998-02-12T12:00",
            "1998-02-13TMO",
            "1998-02-13T19:15",
            "1998-02-12TEV",
            "1998-02-12TNI",
        ];
        assert_eq!(got.iter().map(|(v, _)| v.as_str()).collect::<Vec<_>>(), want);
        assert!(got.iter().all(|(_, k)| *k == TimexType::Time));
        let t = normalize("The quake struck on Jan. 3. At 10:35 a.m. the walls fell.", JAN24);
        assert_eq!(t.iter().map(|t| t.value.as_str()).collect::<Vec<_>>(), ["2020-01-03", "2020-01-03T10:35"]);
        assert!(normalize("The polls closed at noon.", JAN24).is_empty());
        let t = normalize("Two days after Friday night, and 13 p.m.", JAN24);
        assert_eq!(t.iter().map(|t| t.value.as_str()).collect::<Vec<_>>(), ["2020-01-26"]);
    }

    #[test]
    fn recurrences_are_sets() {
        let got: Vec<(String, String, TimexType)> =
            normalize("It flies daily, meets every two weeks, votes each July and prays on Fridays.", JAN24)
                .into_iter()
                .map(|t| (t.value, format!("{:?}", t.anchor), t.kind))
                .collect();
        let want = [
            ("P1D", TimexType::Set),
            ("P2W", TimexType::Set),
            ("XXXX-07", TimexType::Set),
            ("XXXX-WXX-5", TimexType::Set),
        ];
        assert_eq!(got.iter().map(|(v, _, k)| (v.as_str(), *k)).collect::<Vec<_>>(), want);
        assert!(got.iter().all(|(_, a, _)| a == "Absolute"));
    }

    #[test]
    fn without_anchor_values_are_underspecified() {
        use TimeAnchor::{Absolute, None as NoAnchor};
        check(&[
            ("on Friday", None, &[("on Friday", "XXXX-WXX-5", NoAnchor)]),
            ("last week", None, &[("last week", "XXXX-WXX", NoAnchor)]),
            ("Oct. 7", None, &[("Oct. 7", "XXXX-10-07", NoAnchor)]),
            ("in early 2020", None, &[("early 2020", "2020", Absolute)]),
            ("two days after Oct. 7", None, &[("two days", "P2D", Absolute), ("Oct. 7", "XXXX-10-07", NoAnchor)]),
        ]);
    }

    #[test]
    fn implausible_caption_year() {
        let t = normalize("in Baghdad on January 24, 2019.", JAN24);
        assert_eq!(t.len(), 1);
        assert!(t.iter().all(|t| t.implausible && t.value == "2019-01-24"));
        let t = normalize("on January 3, 2019.", JAN24);
        assert!(t.iter().all(|t| !t.implausible));
    }

    #[test]
    fn not_years() {
        for text in [
            "20,000 troops",
            "5,200 US troops",
            "in 1999.5 cases",
            "1400 people",
            "2020 people",
            "Room 2003",
            "about 2000 protesters",
            "$2010 each",
            "at 2000 GMT",
            "won 1999 votes",
            "nineteen ninety-nine protesters",
        ] {
            assert!(normalize(text, JAN24).is_empty(), "{text}");
        }
    }

    #[test]
    fn tense_of_the_clause_picks_the_occurrence() {
        use TimeAnchor::{Absolute, Published};
        let nov2 = Some(date(1989, 11, 2));
        let sun = Some(date(1998, 3, 22));
        let oct27 = Some(date(1989, 10, 27));
        check(&[
            ("payable Jan. 2 to holders", nov2, &[("Jan. 2", "1990-01-02", Published)]),
            ("the rights, which expire Nov. 21, can", nov2, &[("Nov. 21", "1989-11-21", Published)]),
            ("which is expected in December.", nov2, &[("December", "1989-12", Published)]),
            ("the sale closed in July.", nov2, &[("July", "1989-07", Published)]),
            ("talks set to resume Monday in Belfast", sun, &[("Monday", "1998-03-23", Published)]),
            ("the king met Monday with", sun, &[("Monday", "1998-03-16", Published)]),
            ("he will fly on Sunday", sun, &[("on Sunday", "1998-03-22", Published)]),
            ("a decision by Friday", sun, &[("Friday", "1998-03-27", Published)]),
            ("roads were closed by late Thursday", sun, &[("late Thursday", "1998-03-19", Published)]),
            ("He will go, officials said Tuesday.", sun, &[("Tuesday", "1998-03-17", Published)]),
            ("The thrift announced the plan Aug. 21.", nov2, &[("Aug. 21", "1989-08-21", Published)]),
            ("Through Oct. 19, funds had a 1% return.", nov2, &[("Oct. 19", "1989-10-19", Published)]),
            (
                "In the fiscal year ended Jan. 31, it earned $2.9 million.",
                nov2,
                &[("the fiscal year", "P1Y", Absolute), ("Jan. 31", "1989-01-31", Published)],
            ),
            ("a record high set on Aug. 6.", nov2, &[("on Aug. 6", "1989-08-06", Published)]),
            ("Until Thursday, they had not called him.", sun, &[("Thursday", "1998-03-19", Published)]),
            (
                "the father would be traveling to the United States Thursday",
                sun,
                &[("Thursday", "1998-03-26", Published)],
            ),
            ("he could come from Cuba as early as Tuesday.", sun, &[("Tuesday", "1998-03-24", Published)]),
            ("they would look for ways around Wednesday's ruling", sun, &[("Wednesday", "1998-03-18", Published)]),
            ("a blast next to the embassy on Friday", sun, &[("on Friday", "1998-03-20", Published)]),
            ("Smith will succeed Daniel P. Davison Feb. 1.", nov2, &[("Feb. 1", "1990-02-01", Published)]),
            ("It would be paid on an unspecified date in February.", nov2, &[("February", "1990-02", Published)]),
            ("The dividend will be declared March 1.", nov2, &[("March 1", "1990-03-01", Published)]),
            ("In January, the company brought in bankers.", oct27, &[("January", "1989-01", Published)]),
            ("It had been due to expire Thursday evening.", oct27, &[("Thursday evening", "1989-10-26TEV", Published)]),
            ("The offer had been scheduled to expire Monday.", oct27, &[("Monday", "1989-10-23", Published)]),
            ("In January, the company will bring in bankers.", oct27, &[("January", "1990-01", Published)]),
            (
                "On Tuesday, the league plans to hold a news conference.",
                oct27,
                &[("On Tuesday", "1989-10-31", Published)],
            ),
            ("On Tuesday, the plan was dropped.", oct27, &[("On Tuesday", "1989-10-24", Published)]),
            ("On Friday, when she set aside vacation plans for it", oct27, &[("On Friday", "1989-10-27", Published)]),
            ("On Tuesday, the government planned to pay claims.", oct27, &[("On Tuesday", "1989-10-24", Published)]),
        ]);
    }

    #[test]
    fn days_and_weeks_named_from_the_date_after_them() {
        use TimeAnchor::{Published, Reference};
        let thu = Some(date(2000, 2, 24));
        let nov2 = Some(date(1989, 11, 2));
        check(&[
            (
                "The day before last Tuesday's hearing, he went home.",
                thu,
                &[("The day before last Tuesday", "2000-02-21", Reference)],
            ),
            ("a court hearing the week of March 6, he said", thu, &[("the week of March 6", "2000-W10", Reference)]),
            ("the week of talks", thu, &[]),
            (
                "On Oct. 12, the day before the plunge, prices rose.",
                nov2,
                &[("On Oct. 12", "1989-10-12", Published), ("the day before", "1989-10-12", Reference)],
            ),
        ]);
    }

    #[test]
    fn vague_and_referring_phrases() {
        use TimeAnchor::{Absolute, Published, Reference};
        let mon = Some(date(1989, 10, 30));
        check(&[
            ("support rose from 35 percent several years ago", mon, &[("several years ago", "PAST_REF", Published)]),
            ("a surge of growth for the first time in years.", mon, &[("years", "PXY", Absolute)]),
            ("to pay departing investors in the weeks ahead.", mon, &[("the weeks ahead", "PXW", Absolute)]),
            ("Eight trading days after the plunge", mon, &[("Eight trading days", "P8D", Absolute)]),
            (
                "The rights will terminate on Nov. 30. Until then, the stock remains convertible.",
                mon,
                &[("on Nov. 30", "1989-11-30", Published), ("then", "1989-11-30", Reference)],
            ),
            ("Since then, Intel has cornered the market.", mon, &[]),
            (
                "Today is the eighth day of the operation.",
                mon,
                &[("Today", "1989-10-30", Published), ("the eighth day", "1989-10-30", Published)],
            ),
            ("It's the second day of an offensive.", mon, &[("the second day", "1989-10-30", Published)]),
        ]);
    }

    #[test]
    fn second_days_decades_holidays_and_clocks() {
        use TimeAnchor::{Absolute, Published, Reference};
        let feb10 = Some(date(1999, 2, 10));
        let oct26 = Some(date(1998, 10, 26));
        let aug8 = Some(date(1998, 8, 8));
        check(&[
            (
                "the summit on April 24 and 25.",
                feb10,
                &[("on April 24", "1999-04-24", Published), ("25", "1999-04-25", Published)],
            ),
            ("between April 24 and 12 others", feb10, &[("April 24", "1999-04-24", Published)]),
            ("the trend of the last half of the '80s", feb10, &[("the '80s", "198", Absolute)]),
            (
                "our campaign from now to Election Day.",
                oct26,
                &[("now", "PRESENT_REF", Published), ("Election Day", "1998-11-03", Published)],
            ),
            (
                "The blast occurred at about 10:35 a.m. (0735 GMT) Friday, toppling it.",
                aug8,
                &[("about 10:35 a.m.", "1998-08-07T10:35", Reference), ("Friday", "1998-08-07", Published)],
            ),
        ]);
    }

    #[test]
    fn quoted_programme_titles_are_no_times() {
        check(&[
            ("Baker, speaking on ABC News' \"This Week,\" said", JAN24, &[]),
            ("Gonzalez said on CBS's ''60 Minutes.''", JAN24, &[]),
            ("He said: \"This week was hard.\"", JAN24, &[("This week", "2020-W04", TimeAnchor::Published)]),
        ]);
    }

    #[test]
    fn months_before_a_noun() {
        use TimeAnchor::Published;
        let feb10 = Some(date(1999, 2, 10));
        check(&[
            (
                "April 24.\n\nThe March accession will enable them",
                feb10,
                &[("April 24", "1999-04-24", Published), ("March", "1999-03", Published)],
            ),
            ("under a June agreement with a group", feb10, &[("June", "1998-06", Published)]),
            ("The March on Washington", feb10, &[]),
        ]);
    }

    #[test]
    fn mid_parts_of_the_day() {
        use TimeAnchor::Published;
        check(&[
            ("By mid afternoon, sources said", JAN24, &[("mid afternoon", "2020-01-24TAF", Published)]),
            (
                "In London at mid-afternoon yesterday, shares",
                JAN24,
                &[("mid-afternoon yesterday", "2020-01-23TAF", Published)],
            ),
        ]);
    }

    #[test]
    fn this_and_that_quarter() {
        use TimeAnchor::{Published, Reference};
        let nov1 = Some(date(1989, 11, 1));
        check(&[
            (
                "Third-quarter net fell 5%. This quarter's loss includes $4.9 million of charges.",
                nov1,
                &[("Third-quarter", "1989-Q3", Published), ("This quarter", "1989-Q3", Reference)],
            ),
            ("The company expects to break even this quarter.", nov1, &[("this quarter", "1989-Q4", Published)]),
            (
                "Second-quarter net rose. Results for that quarter included a write-down.",
                nov1,
                &[("Second-quarter", "1989-Q2", Published), ("that quarter", "1989-Q2", Reference)],
            ),
        ]);
    }

    #[test]
    fn iso_weeks_across_year_boundaries() {
        use TimeAnchor::Published;
        check(&[
            ("last week", Some(date(2021, 1, 6)), &[("last week", "2020-W53", Published)]),
            ("this week", Some(date(2019, 12, 31)), &[("this week", "2020-W01", Published)]),
            ("next week", Some(date(2020, 12, 28)), &[("next week", "2021-W01", Published)]),
            ("last week", Some(date(2020, 1, 3)), &[("last week", "2019-W52", Published)]),
        ]);
    }

    #[test]
    fn quarters_and_year_ago_in_earnings_copy() {
        use TimeAnchor::{Published, Reference};
        let nov2 = Some(date(1989, 11, 2));
        check(&[
            (
                "a third-quarter loss of $9 million, against $4 million a year ago.",
                nov2,
                &[("third-quarter", "1989-Q3", Published), ("a year ago", "1988-Q3", Reference)],
            ),
            (
                "fourth-quarter profit fell. Sales in the quarter rose.",
                nov2,
                &[("fourth-quarter", "1989-Q4", Published), ("the quarter", "1989-Q4", Reference)],
            ),
            ("profit rose from last year.", nov2, &[("last year", "1988", Published)]),
            ("fourth-quarter results", Some(date(1990, 2, 1)), &[("fourth-quarter", "1989-Q4", Published)]),
            ("Sales in the quarter rose.", nov2, &[]),
        ]);
    }

    #[test]
    fn earnings_copy_refers_to_its_reporting_quarter() {
        use TimeAnchor::{Published, Reference};
        let nov2 = Some(date(1989, 11, 2));
        check(&[
            (
                "Third-quarter net rose 11%.\nNet was $94 million, up from $85 million a year ago.",
                nov2,
                &[("Third-quarter", "1989-Q3", Published), ("a year ago", "1988-Q3", Reference)],
            ),
            (
                "Third-quarter net rose 11%.\nIt expects a fourth-quarter charge of $10 million.\nProfit fell 5% in the latest quarter.",
                nov2,
                &[
                    ("Third-quarter", "1989-Q3", Published),
                    ("fourth-quarter", "1989-Q4", Published),
                    ("the latest quarter", "1989-Q3", Reference),
                ],
            ),
            (
                "Third-quarter net rose 11%.\nIn the year-earlier period, it earned $461 million.",
                nov2,
                &[("Third-quarter", "1989-Q3", Published), ("the year-earlier period", "1988-Q3", Reference)],
            ),
            (
                "Net fell from the year-ago third quarter.",
                nov2,
                &[("the year-ago third quarter", "1988-Q3", Published)],
            ),
            ("Sales in the current quarter will rise.", nov2, &[("the current quarter", "1989-Q4", Published)]),
            ("He was elected a year ago.", nov2, &[("a year ago", "1988", Published)]),
        ]);
        let text = "Third-quarter net rose 11% from $8 million a year ago, and 9% from $7 million a year earlier.";
        let values: Vec<String> = normalize(text, nov2).into_iter().map(|t| t.value).collect();
        assert_eq!(values, ["1989-Q3", "1988-Q3", "1988-Q3"]);
    }

    #[test]
    fn values_are_marked_relative_when_they_depend_on_the_anchor() {
        let text = "On Jan. 3 a strike; a day later, missiles. In 2003 an invasion; two days after March 20, 2003.";
        let got: Vec<(String, bool)> = normalize(text, JAN24).into_iter().map(|t| (t.value, t.relative)).collect();
        let want = [("2020-01-03", true), ("2020-01-04", true), ("2003", false), ("2003-03-22", false)];
        assert_eq!(got, want.map(|(v, r)| (v.to_owned(), r)));
    }

    #[test]
    fn renormalizing_with_an_inferred_anchor_resolves_the_relative_values() {
        let text = "Hundreds gathered last week; on Friday Sadr called for calm, as in May 2018.";
        let before: Vec<String> = normalize(text, None).into_iter().map(|t| t.value).collect();
        assert_eq!(before, ["XXXX-WXX", "XXXX-WXX-5", "2018-05"]);
        let after: Vec<String> = normalize(text, Some(date(2023, 10, 27))).into_iter().map(|t| t.value).collect();
        assert_eq!(after, ["2023-W42", "2023-10-27", "2018-05"]);
    }

    #[test]
    fn story_references_and_year_end() {
        use TimeAnchor::{Published, Reference};
        let oct30 = Some(date(1989, 10, 30));
        check(&[
            (
                "In March, it got an offer.\n\nThe following month, it put itself up for sale.",
                oct30,
                &[("March", "1989-03", Published), ("The following month", "1989-04", Reference)],
            ),
            (
                "He spoke on Oct. 3. The next day he left.",
                oct30,
                &[("on Oct. 3", "1989-10-03", Published), ("The next day", "1989-10-04", Reference)],
            ),
            ("He arrived in Philadelphia later in the day.", oct30, &[("the day", "1989-10-30", Published)]),
            (
                "Shares fell Friday. Dealers placed orders in the morning after overnight losses.",
                oct30,
                &[
                    ("Friday", "1989-10-27", Published),
                    ("the morning", "1989-10-27TMO", Reference),
                    ("overnight", "1989-10-26TNI", Reference),
                ],
            ),
            ("He will leave at 4 in the morning.", oct30, &[]),
            ("The overnight rate rose.", oct30, &[]),
            ("Friday. The sites struck overnight with missiles.", oct30, &[("Friday", "1989-10-27", Published)]),
            ("It hopes to close the deal by year-end.", oct30, &[("year-end", "1989", Published)]),
            ("The change is since year-end.", oct30, &[("year-end", "1988", Published)]),
            ("Groups grew over the past year.", oct30, &[("the past year", "1988", Published)]),
        ]);
    }

    #[test]
    fn scheduled_and_postponed_weekdays() {
        use TimeAnchor::Published;
        let fri = Some(date(1998, 5, 1));
        let thu = Some(date(2000, 3, 30));
        check(&[
            ("He and Arafat meet separately Monday with Albright.", fri, &[("Monday", "1998-05-04", Published)]),
            ("He said Monday that talks failed.", fri, &[("Monday", "1998-04-27", Published)]),
            (
                "Officials postponed until Tuesday morning any action.",
                thu,
                &[("Tuesday morning", "2000-04-04TMO", Published)],
            ),
            ("He was held until Tuesday and then freed.", thu, &[("Tuesday", "2000-03-28", Published)]),
        ]);
    }
}
