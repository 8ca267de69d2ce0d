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

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u')
}

/// A lowercase word under transliteration folds: a non-final `o` → `u`
/// (Moqtada/Muqtada, Nouri/Nuri), a non-final `e` → `i` (Qassem/Qasim),
/// `q` → `k`, `-ization` → `-isation`, doubled letters single
/// (Karrada/Karada), `ai` → `i` (Sulaimani/Soleimani), a final `h` after a
/// vowel dropped. Consonants other than `q` never change, so names that
/// differ in one stay apart (Kazem/Qasem, Khamenei/Sistani). Words of two
/// letters are codes, not transliterations, and stay as written (OK is not UK).
fn fold_word(lower: &str) -> String {
    let chars: Vec<char> = lower.chars().collect();
    if chars.len() <= 2 {
        return lower.to_string();
    }
    let last = chars.len().saturating_sub(1);
    let mut mapped: Vec<char> = Vec::with_capacity(chars.len());
    for (i, &c) in chars.iter().enumerate() {
        let ization = || i > 0 && chars.get(i - 1) == Some(&'i') && chars.get(i + 1..i + 3) == Some(&['a', 't'][..]);
        let folded = match c {
            'o' if i < last => 'u',
            'e' if i < last => 'i',
            'q' => 'k',
            'z' if ization() => 's',
            _ => c,
        };
        if mapped.last() != Some(&folded) {
            mapped.push(folded);
        }
    }
    let mut out = String::with_capacity(lower.len());
    for (i, &c) in mapped.iter().enumerate() {
        if (c == 'a' && mapped.get(i + 1) == Some(&'i')) || out.ends_with(c) {
            continue;
        }
        out.push(c);
    }
    if out.len() > 3 && out.ends_with('h') && out.chars().rev().nth(1).is_some_and(is_vowel) {
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
    // A short form joins the one person whose full name carries it; any other
    // longer name ending (or, for a lone word, starting) the same way (a
    // father, a brother, a Hussein shrine) leaves it ambiguous, so it stays
    // its own entity.
    let longer: Vec<usize> = (0..n).filter(|&j| cores[j].len() >= 2).collect();
    for i in 0..n {
        let place_word = mentions[i].label == EntityLabel::Loc && cores[i].len() == 1;
        let short_form = mentions[i].label == EntityLabel::Per || !mentions[i].strong || place_word;
        if !short_form || cores[i].is_empty() {
            continue;
        }
        let mut target: Option<usize> = None;
        let mut ambiguous = false;
        for &j in &longer {
            let person = mentions[j].label == EntityLabel::Per;
            let (c, f) = (&cores[i], &cores[j]);
            let suffix = c.len() < f.len() && f.ends_with(c);
            // A first word shared with a longer name of any label counts: a
            // person's given name may join it, anything else makes it ambiguous.
            let first_word = c.len() == 1 && f[0] == c[0] && !place_word;
            if !(suffix || first_word) {
                continue;
            }
            let root = uf.find(j);
            match target {
                _ if !person => ambiguous |= root != uf.find(i),
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
    let mut names: HashMap<usize, (EntityLabel, String, Option<&str>)> = HashMap::with_capacity(groups.len());
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
        let actor_type = members.iter().find_map(|&i| known[i].and_then(|k| k.actor_type));
        names.insert(*root, (label, canonical, actor_type));
    }

    mentions
        .iter()
        .enumerate()
        .filter_map(|(i, m)| {
            let (label, canonical, actor_type) = names.get(&uf.find(i))?.clone();
            let entity_id = entity_id_for(label, &canonical);
            Some(EntityMention {
                span: m.span,
                label,
                canonical,
                entity_id,
                actor_type: actor_type.map(str::to_string),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Nlp, NlpConfig};
    use dateline_core::{Document, Meta, Span, Stage};
    use proptest::prelude::*;
    use std::sync::LazyLock;

    type TestResult = std::result::Result<(), Box<dyn std::error::Error>>;

    /// One stage for all tests: loading the dictionaries is the slow part.
    static NLP: LazyLock<std::result::Result<Nlp, String>> =
        LazyLock::new(|| Nlp::new(&NlpConfig::default()).map_err(|e| e.to_string()));

    fn analyse(text: &str) -> std::result::Result<Document, Box<dyn std::error::Error>> {
        let nlp = NLP.as_ref().map_err(|e| e.clone())?;
        let mut doc = Document::new("d", text, Meta::default());
        nlp.process(&mut doc)?;
        Ok(doc)
    }

    fn entity<'a>(doc: &'a Document, surface: &str) -> Option<&'a EntityMention> {
        doc.entities.iter().find(|e| doc.slice(e.span) == surface)
    }

    fn id(doc: &Document, surface: &str) -> Option<String> {
        entity(doc, surface).map(|e| e.entity_id.clone())
    }

    #[test]
    fn transliteration_variants_share_a_key() {
        for (a, b) in [
            ("Muqtada", "Moqtada"),
            ("Qassem", "Qasim"),
            ("Soleimani", "Sulaimani"),
            ("al-Sadr", "Al Sadr"),
            ("el-Sisi", "al-Sisi"),
            ("Kataib", "Kata’ib"),
            ("Mobilisation", "Mobilization"),
            ("Karrada", "Karada"),
            ("Nouri", "Nuri"),
            ("Hussein", "Husain"),
        ] {
            assert_eq!(heavy_key(a), heavy_key(b), "{a} / {b}");
        }
    }

    #[test]
    fn different_names_keep_different_keys() {
        for (a, b) in [
            ("Khamenei", "Khomeini"),
            ("Kazem", "Qasem"),
            ("Sistani", "Khamenei"),
            ("Hassan", "Hussein"),
            ("Mali", "Male"),
            ("Bashar", "Hafez"),
            ("OK", "UK"),
            ("OH", "UH"),
        ] {
            assert_ne!(heavy_key(a), heavy_key(b), "{a} / {b}");
        }
    }

    #[test]
    fn dictionary_actors_get_their_type_and_name() -> TestResult {
        let doc = analyse("Ali Hoseini Khamenei met Hizbullah leaders. The Revolutionary Guards said nothing.")?;
        let khamenei = entity(&doc, "Ali Hoseini Khamenei");
        assert_eq!(
            khamenei.map(|e| (e.canonical.as_str(), e.actor_type.as_deref())),
            Some(("Ali Khamenei", Some("GOV")))
        );
        let hezbollah = entity(&doc, "Hizbullah");
        assert_eq!(hezbollah.map(|e| (e.canonical.as_str(), e.label)), Some(("Hezbollah", EntityLabel::Org)));
        assert!(hezbollah.is_some_and(|e| e.actor_type.is_some()));
        Ok(())
    }

    #[test]
    fn father_and_son_stay_apart_and_their_surname_stays_ambiguous() -> TestResult {
        let doc =
            analyse("Syria was ruled by Hafez al-Assad until 2000, then by his son Bashar al-Assad. Assad spoke.")?;
        assert_ne!(id(&doc, "Hafez al-Assad"), id(&doc, "Bashar al-Assad"));
        let assad = id(&doc, "Assad");
        assert!(assad.is_some(), "the lone surname is still a mention");
        assert_ne!(assad, id(&doc, "Hafez al-Assad"));
        assert_ne!(assad, id(&doc, "Bashar al-Assad"));
        Ok(())
    }

    #[test]
    fn a_surname_joins_the_one_full_name_that_carries_it() -> TestResult {
        let doc = analyse("Bashar al-Assad spoke in Damascus. Later Assad left.")?;
        assert_eq!(id(&doc, "Assad"), id(&doc, "Bashar al-Assad"));
        Ok(())
    }

    #[test]
    fn acronym_expansion_pairs_share_an_id() -> TestResult {
        let one = analyse("Fighters of the Popular Mobilization Units (PMU) gathered.")?;
        let other = analyse("The PMF and the Popular Mobilisation Forces denied it.")?;
        let pmu = id(&one, "PMU");
        assert!(pmu.is_some());
        assert_eq!(pmu, id(&one, "Popular Mobilization Units"));
        assert_eq!(pmu, id(&other, "PMF"));
        assert_eq!(pmu, id(&other, "Popular Mobilisation Forces"));
        Ok(())
    }

    const GIVEN: [&str; 6] = ["Ali", "Mohammed", "Hassan", "Ahmed", "Qassem", "Abdul"];
    const SURNAMES: [&str; 8] =
        ["Khamenei", "al-Sistani", "Khomeini", "al-Maliki", "Kazemi", "al-Amiri", "Rouhani", "Nasrallah"];

    proptest! {
        #[test]
        fn folding_is_idempotent(name in "([A-Za-zÀ-ÿḥṣ’'.]{1,9}[ \\-]?){1,4}") {
            let key = heavy_key(&name);
            prop_assert_eq!(heavy_key(&key), key);
        }

        #[test]
        fn people_with_one_given_name_and_different_surnames_stay_two(
            given in 0..GIVEN.len(), a in 0..SURNAMES.len(), b in 0..SURNAMES.len()
        ) {
            prop_assume!(a != b);
            let (first, second) = (format!("{} {}", GIVEN[given], SURNAMES[a]), format!("{} {}", GIVEN[given], SURNAMES[b]));
            let text = format!("Portraits of {first} and of {second} were carried. {} was not named.", GIVEN[given]);
            // The folding rules alone, on the mentions a tagger would give.
            let at = |needle: &str, from: usize| {
                let start = text.get(from..).and_then(|t| t.find(needle)).map_or(0, |s| s + from);
                Mention { span: Span::new(start, start + needle.len()), label: EntityLabel::Per, strong: true }
            };
            let mentions = vec![at(&first, 0), at(&second, 0), at(GIVEN[given], text.find("carried").unwrap_or(0))];
            let lexicon = &NLP.as_ref().map_err(|e| TestCaseError::fail(e.clone()))?.lexicon;
            let ids: Vec<String> = resolve(&text, mentions, lexicon).into_iter().map(|e| e.entity_id).collect();
            prop_assert_eq!(ids.len(), 3);
            prop_assert_ne!(&ids[0], &ids[1]);
            prop_assert!(ids[2] != ids[0] && ids[2] != ids[1], "a shared given name alone joins neither");
        }
    }
}
