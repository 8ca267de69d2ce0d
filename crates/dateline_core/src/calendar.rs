//! Calendar words shared by the stages that read dates (ingest, time).

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// The month (1–12) of an English month name or abbreviation: `Jan`,
/// `Sept`, `January`, any case, a trailing `.` allowed. A word that only
/// starts like a month (`Marching`) is not one.
pub fn month_number(word: &str) -> Option<i8> {
    let lower = word.strip_suffix('.').unwrap_or(word).to_ascii_lowercase();
    let prefix = lower.get(..3)?;
    let index = MONTHS.iter().position(|m| m.starts_with(prefix))?;
    let full = MONTHS[index];
    let ok = lower.len() == 3 || full.starts_with(&lower) || (index == 8 && lower == "sept");
    ok.then(|| index as i8 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_abbreviations() {
        assert_eq!(month_number("Jan."), Some(1));
        assert_eq!(month_number("Sept"), Some(9));
        assert_eq!(month_number("SEPTEMBER"), Some(9));
        assert_eq!(month_number("may"), Some(5));
        assert_eq!(month_number("Marching"), None);
        assert_eq!(month_number("Ma"), None);
        assert_eq!(month_number("Fob"), None);
    }
}
