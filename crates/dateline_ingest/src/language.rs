//! Language identification with `whatlang`.

use whatlang::Lang;

/// Texts shorter than this (in bytes) get no language: too little to tell.
const MIN_BYTES: usize = 20;
/// Only this much of the text is looked at: enough for a reliable guess, and fast.
const SAMPLE_BYTES: usize = 4096;

/// The ISO 639-1 code of `text`'s language, or `None` when the guess is unreliable.
pub(crate) fn detect(text: &str) -> Option<&'static str> {
    let text = text.trim();
    if text.len() < MIN_BYTES {
        return None;
    }
    let mut end = text.len().min(SAMPLE_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let sample = text.get(..end)?;
    let info = whatlang::detect(sample)?;
    if !info.is_reliable() || !has_function_words(sample, info.lang()) {
        return None;
    }
    Some(iso639_1(info.lang()))
}

/// Common function words of the Latin-script languages most often confused
/// on short or tabular texts (`Shr 45 cts vs 58 cts` reads as French to trigrams).
fn function_words(lang: Lang) -> Option<&'static [&'static str]> {
    Some(match lang {
        Lang::Eng => &["the", "and", "of", "to", "in", "is", "was", "for", "that", "on", "with", "said", "by", "it"],
        Lang::Fra => &["le", "la", "les", "des", "et", "est", "une", "du", "que", "qui", "pour", "dans", "sur", "au"],
        Lang::Deu => &["der", "die", "das", "und", "ist", "nicht", "mit", "den", "von", "sich", "auf", "ein", "eine"],
        Lang::Spa => &["el", "la", "los", "las", "del", "que", "por", "con", "una", "para", "es", "se", "y", "en"],
        Lang::Por => &["o", "os", "as", "do", "da", "dos", "que", "com", "uma", "para", "em", "não", "por", "e"],
        Lang::Ita => &["il", "la", "che", "di", "della", "per", "con", "una", "sono", "non", "del", "gli", "è"],
        Lang::Nld => &["de", "het", "een", "en", "van", "dat", "niet", "met", "voor", "zijn", "op", "ook"],
        _ => return None,
    })
}

/// Whether `sample` holds at least two function-word tokens of `lang` (always
/// true for languages without a list): a guess with none is not a language.
fn has_function_words(sample: &str, lang: Lang) -> bool {
    let Some(words) = function_words(lang) else { return true };
    sample
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty() && w.len() <= 6)
        .filter(|w| words.iter().any(|f| f.eq_ignore_ascii_case(w)))
        .nth(1)
        .is_some()
}

/// ISO 639-1 for whatlang's ISO 639-3 languages.
fn iso639_1(lang: Lang) -> &'static str {
    match lang {
        Lang::Epo => "eo",
        Lang::Eng => "en",
        Lang::Rus => "ru",
        Lang::Cmn => "zh",
        Lang::Spa => "es",
        Lang::Por => "pt",
        Lang::Ita => "it",
        Lang::Ben => "bn",
        Lang::Fra => "fr",
        Lang::Deu => "de",
        Lang::Ukr => "uk",
        Lang::Kat => "ka",
        Lang::Ara => "ar",
        Lang::Hin => "hi",
        Lang::Jpn => "ja",
        Lang::Heb => "he",
        Lang::Yid => "yi",
        Lang::Pol => "pl",
        Lang::Amh => "am",
        Lang::Jav => "jv",
        Lang::Kor => "ko",
        Lang::Nob => "nb",
        Lang::Dan => "da",
        Lang::Swe => "sv",
        Lang::Fin => "fi",
        Lang::Tur => "tr",
        Lang::Nld => "nl",
        Lang::Hun => "hu",
        Lang::Ces => "cs",
        Lang::Ell => "el",
        Lang::Bul => "bg",
        Lang::Bel => "be",
        Lang::Mar => "mr",
        Lang::Kan => "kn",
        Lang::Ron => "ro",
        Lang::Slv => "sl",
        Lang::Hrv => "hr",
        Lang::Srp => "sr",
        Lang::Mkd => "mk",
        Lang::Lit => "lt",
        Lang::Lav => "lv",
        Lang::Est => "et",
        Lang::Tam => "ta",
        Lang::Vie => "vi",
        Lang::Urd => "ur",
        Lang::Tha => "th",
        Lang::Guj => "gu",
        Lang::Uzb => "uz",
        Lang::Pan => "pa",
        Lang::Aze => "az",
        Lang::Ind => "id",
        Lang::Tel => "te",
        Lang::Pes => "fa",
        Lang::Mal => "ml",
        Lang::Ori => "or",
        Lang::Mya => "my",
        Lang::Nep => "ne",
        Lang::Sin => "si",
        Lang::Khm => "km",
        Lang::Tuk => "tk",
        Lang::Aka => "ak",
        Lang::Zul => "zu",
        Lang::Sna => "sn",
        Lang::Afr => "af",
        Lang::Lat => "la",
        Lang::Slk => "sk",
        Lang::Cat => "ca",
        Lang::Tgl => "tl",
        Lang::Hye => "hy",
        Lang::Cym => "cy",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_and_too_short() {
        let text = "Thousands gathered in Baghdad on Friday to demand that American troops leave the country.";
        assert_eq!(detect(text), Some("en"));
        assert_eq!(detect("Hi there"), None);
    }

    #[test]
    fn tables_without_function_words_have_no_language() {
        let table = "Scarborough, Ontario, Feb 26 - Shr 45 cts vs 58 cts\n\nNet 1.1 mln vs 829,000\n\n\
                     Sales 7.9 mln vs 9.4 mln\n\nAvg shrs 2,332,397 vs 1,428,000\n\nYear\n\nShr 1.22 dlrs vs 1.06 dlrs";
        assert_eq!(detect(table), None);
    }

    #[test]
    fn french() {
        let text = "Des milliers de personnes se sont rassemblées vendredi à Bagdad pour exiger le départ des troupes américaines du pays.";
        assert_eq!(detect(text), Some("fr"));
    }
}
