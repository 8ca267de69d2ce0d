//! Canonical names and entity ids.
//!
//! Within a document, short forms join the full name they abbreviate
//! (`Sadr`, `al-Sadr`, `Mr Al Sadr` → `Muqtada al-Sadr`; `PMF` → the name it
//! was defined for in parentheses). Across documents the canonical string is
//! a function of the spelling: the alias table (`data/aliases.tsv`) when it
//! knows the folded key, else the name re-rendered from its folded form, so
//! `Kata’ib Hezbollah` and `Kataib Hezbollah` print alike.

use crate::lexicon::Lexicon;
use crate::ner::Mention;
use dateline_core::{EntityLabel, EntityMention, entity_id_for};
use std::collections::HashMap;

/// Latin letters without their diacritics (`á` → `a`, `ḥ` → `h`).
fn strip_diacritic(c: char) -> char {
    match c {
        'À'..='Å' | 'Ā' | 'Ă' | 'Ą' => 'A',
        'à'..='å' | 'ā' | 'ă' | 'ą' => 'a',
        'Ç' | 'Ć' | 'Ĉ' | 'Ċ' | 'Č' => 'C',
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => 'c',
        'Ď' | 'Đ' | 'Ḍ' => 'D',
        'ď' | 'đ' | 'ḍ' => 'd',
        'È'..='Ë' | 'Ē' | 'Ĕ' | 'Ė' | 'Ę' | 'Ě' => 'E',
        'è'..='ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => 'e',
        'Ĝ' | 'Ğ' | 'Ġ' | 'Ģ' => 'G',
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => 'g',
        'Ĥ' | 'Ħ' | 'Ḥ' => 'H',
        'ĥ' | 'ħ' | 'ḥ' => 'h',
        'Ì'..='Ï' | 'Ĩ' | 'Ī' | 'Ĭ' | 'Į' | 'İ' => 'I',
        'ì'..='ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' => 'i',
        'Ĵ' => 'J',
        'ĵ' => 'j',
        'Ķ' => 'K',
        'ķ' => 'k',
        'Ĺ' | 'Ļ' | 'Ľ' | 'Ŀ' | 'Ł' => 'L',
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => 'l',
        'Ñ' | 'Ń' | 'Ņ' | 'Ň' => 'N',
        'ñ' | 'ń' | 'ņ' | 'ň' => 'n',
        'Ò'..='Ö' | 'Ø' | 'Ō' | 'Ŏ' | 'Ő' => 'O',
        'ò'..='ö' | 'ø' | 'ō' | 'ŏ' | 'ő' => 'o',
        'Ŕ' | 'Ŗ' | 'Ř' => 'R',
        'ŕ' | 'ŗ' | 'ř' => 'r',
        'Ś' | 'Ŝ' | 'Ş' | 'Š' | 'Ṣ' => 'S',
        'ś' | 'ŝ' | 'ş' | 'š' | 'ṣ' => 's',
        'Ţ' | 'Ť' | 'Ŧ' | 'Ṭ' => 'T',
        'ţ' | 'ť' | 'ŧ' | 'ṭ' => 't',
        'Ù'..='Ü' | 'Ũ' | 'Ū' | 'Ŭ' | 'Ů' | 'Ű' | 'Ų' => 'U',
        'ù'..='ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => 'u',
        'Ý' | 'Ÿ' | 'Ŷ' => 'Y',
        'ý' | 'ÿ' | 'ŷ' => 'y',
        'Ź' | 'Ż' | 'Ž' | 'Ẓ' => 'Z',
        'ź' | 'ż' | 'ž' | 'ẓ' => 'z',
        _ => c,
    }
}

/// Marks dropped from keys: apostrophes, ayn/hamza signs, periods.
fn is_dropped(c: char) -> bool {
    matches!(c, '\'' | '’' | '‘' | 'ʼ' | 'ʿ' | 'ʾ' | '`' | '´' | '.')
}

/// The words of a name, diacritics and apostrophes removed, case kept;
/// hyphens and spaces both separate words.
fn light_words(name: &str) -> Vec<String> {
    name.split(|c: char| c.is_whitespace() || matches!(c, '-' | '‐'))
        .map(|w| w.chars().filter(|c| !is_dropped(*c)).map(strip_diacritic).collect::<String>())
        .filter(|w| !w.is_empty())
        .collect()
}

fn is_article(lower: &str) -> bool {
    lower == "al" || lower == "el"
}

/// A lowercase word under conservative transliteration folds: `oo`/`ou` → `u`,
/// doubled letters single, `q` → `k`, a final `h` after a vowel dropped.
fn fold_word(lower: &str) -> String {
    let mut out = String::with_capacity(lower.len());
    let mut prev = None;
    let mut chars = lower.chars().peekable();
    while let Some(mut c) = chars.next() {
        if c == 'o' && matches!(chars.peek(), Some('o' | 'u')) {
            chars.next();
            c = 'u';
        }
        if c == 'q' {
            c = 'k';
        }
        if prev == Some(c) {
            continue;
        }
        out.push(c);
        prev = Some(c);
    }
    if out.len() > 3 && out.ends_with('h') && out.chars().rev().nth(1).is_some_and(|c| "aeiou".contains(c)) {
        out.pop();
    }
    out
}

/// The folded key of a name, for lookups: lowercase, no diacritics or
/// apostrophes, `al-`/`Al `/`el-` unified, hyphens as spaces, transliteration folds.
pub(crate) fn heavy_key(name: &str) -> String {
    let mut key = String::with_capacity(name.len());
    for w in light_words(name) {
        if !key.is_empty() {
            key.push(' ');
        }
        let lower = w.to_lowercase();
        if is_article(&lower) {
            key.push_str("al");
        } else {
            key.push_str(&fold_word(&lower));
        }
    }
    key
}

/// The name's folded words without articles, for matching short forms.
fn core_words(name: &str) -> Vec<String> {
    light_words(name).into_iter().map(|w| w.to_lowercase()).filter(|w| !is_article(w)).map(|w| fold_word(&w)).collect()
}

fn is_all_caps(word: &str) -> bool {
    word.chars().all(|c| !c.is_lowercase()) && word.chars().filter(|c| c.is_alphabetic()).count() >= 2
}

/// Renders a name from its folded words: `Moqtada Al Sadr` → `Moqtada al-Sadr`.
fn render(name: &str, lex: &Lexicon) -> String {
    let words = light_words(name);
    let mut out = String::with_capacity(name.len());
    let mut glue = false;
    for (n, w) in words.iter().enumerate() {
        if !out.is_empty() && !glue {
            out.push(' ');
        }
        glue = false;
        let lower = w.to_lowercase();
        if is_article(&lower) && n + 1 < words.len() {
            out.push_str("al-");
            glue = true;
        } else if n > 0 && lex.is_connector(&lower) {
            out.push_str(&lower);
        } else if is_all_caps(w) && w.chars().count() <= 4 {
            out.push_str(w);
        } else {
            let rest_lower = is_all_caps(w);
            for (k, c) in w.chars().enumerate() {
                match (k, rest_lower) {
                    (0, _) => out.extend(c.to_uppercase()),
                    (_, true) => out.extend(c.to_lowercase()),
                    _ => out.push(c),
                }
            }
        }
    }
    out
}

/// The acronym letters of a name (`Popular Mobilisation Forces` → `PMF`).
fn initials(name: &str) -> String {
    light_words(name).iter().filter_map(|w| w.chars().next().filter(|c| c.is_uppercase())).collect()
}

struct UnionFind(Vec<usize>);

impl UnionFind {
    fn find(&mut self, mut i: usize) -> usize {
        while self.0[i] != i {
            self.0[i] = self.0[self.0[i]];
            i = self.0[i];
        }
        i
    }

    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            self.0[ra.max(rb)] = ra.min(rb);
        }
    }
}

/// Groups the mentions of one document into entities and names them.
pub(crate) fn resolve(text: &str, mentions: Vec<Mention>, lex: &Lexicon) -> Vec<EntityMention> {
    let surfaces: Vec<&str> = mentions.iter().map(|m| text.get(m.span.range()).unwrap_or("")).collect();
    let keys: Vec<String> = surfaces.iter().map(|s| heavy_key(s)).collect();
    let cores: Vec<Vec<String>> = surfaces.iter().map(|s| core_words(s)).collect();
    let known: Vec<_> = keys.iter().map(|k| lex.known(k)).collect();
    let n = mentions.len();
    let mut uf = UnionFind((0..n).collect());

    let compatible =
        |a: usize, b: usize| mentions[a].label == mentions[b].label || !mentions[a].strong || !mentions[b].strong;
    let mut first_by_key: HashMap<&str, usize> = HashMap::new();
    for i in 0..n {
        let key = known[i].map_or(keys[i].as_str(), |k| k.canonical);
        match first_by_key.get(key) {
            Some(&j) if compatible(i, j) => uf.union(j, i),
            Some(_) => {}
            None => {
                first_by_key.insert(key, i);
            }
        }
    }

    for i in 1..n {
        let between = text.get(mentions[i - 1].span.end as usize..mentions[i].span.start as usize).unwrap_or("");
        let after = text.get(mentions[i].span.end as usize..).unwrap_or("");
        if between.trim() == "("
            && after.trim_start().starts_with(')')
            && is_all_caps(surfaces[i])
            && initials(surfaces[i - 1]) == surfaces[i]
        {
            uf.union(i - 1, i);
            let later: Vec<usize> = (i + 1..n).filter(|&j| keys[j] == keys[i]).collect();
            for j in later {
                uf.union(i, j);
            }
        }
    }

    let mut labels: Vec<EntityLabel> = mentions.iter().map(|m| m.label).collect();
    let full: Vec<usize> = (0..n).filter(|&j| mentions[j].label == EntityLabel::Per && cores[j].len() >= 2).collect();
    for i in 0..n {
        let place_word = mentions[i].label == EntityLabel::Loc && cores[i].len() == 1;
        let short_form = mentions[i].label == EntityLabel::Per || !mentions[i].strong || place_word;
        if !short_form || cores[i].is_empty() {
            continue;
        }
        let mut target: Option<usize> = None;
        let mut ambiguous = false;
        for &j in &full {
            let (c, f) = (&cores[i], &cores[j]);
            let suffix = c.len() < f.len() && f.ends_with(c);
            let first_name = c.len() == 1 && f[0] == c[0] && !place_word;
            if !(suffix || first_name) {
                continue;
            }
            let root = uf.find(j);
            match target {
                Some(t) if uf.find(t) != root => ambiguous = true,
                _ => target = Some(j),
            }
        }
        if let (Some(j), false) = (target, ambiguous) {
            uf.union(j, i);
            labels[i] = EntityLabel::Per;
        }
    }

    let mut groups: HashMap<usize, Vec<usize>> = HashMap::new();
    for i in 0..n {
        let root = uf.find(i);
        groups.entry(root).or_default().push(i);
    }
    let mut names: HashMap<usize, (EntityLabel, String)> = HashMap::with_capacity(groups.len());
    for (root, members) in &groups {
        let rep = members
            .iter()
            .copied()
            .max_by_key(|&i| (known[i].is_some(), mentions[i].strong, cores[i].len(), surfaces[i].len(), n - i))
            .unwrap_or(*root);
        let label = match known[rep] {
            Some(k) => k.label,
            None if members.iter().any(|&i| labels[i] == EntityLabel::Per && mentions[i].strong) => EntityLabel::Per,
            None => labels[rep],
        };
        let canonical = match (known[rep], label) {
            (Some(k), _) => k.canonical.to_string(),
            (None, EntityLabel::Norp) => {
                lex.norp(&keys[rep]).map_or_else(|| render(surfaces[rep], lex), str::to_string)
            }
            (None, EntityLabel::Loc) => {
                lex.place(&keys[rep]).map_or_else(|| render(surfaces[rep], lex), str::to_string)
            }
            (None, _) => render(surfaces[rep], lex),
        };
        names.insert(*root, (label, canonical));
    }

    mentions
        .iter()
        .enumerate()
        .filter_map(|(i, m)| {
            let (label, canonical) = names.get(&uf.find(i))?.clone();
            let entity_id = entity_id_for(label, &canonical);
            Some(EntityMention { span: m.span, label, canonical, entity_id, actor_type: None })
        })
        .collect()
}
