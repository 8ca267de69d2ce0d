//! Number words, shared by every stage that reads counts in words (time
//! durations, crowd sizes, casualties), so they agree on what "twelve" is.

const UNITS: [&str; 20] = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
];
const TENS: [&str; 8] = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];

/// The value of one lower-case number word below a hundred (`zero`…`nineteen`, `twenty`…`ninety`).
pub fn word_value(word: &str) -> Option<u64> {
    if let Some(i) = UNITS.iter().position(|w| *w == word) {
        return u64::try_from(i).ok();
    }
    TENS.iter().position(|w| *w == word).and_then(|i| u64::try_from(i + 2).ok()).map(|t| t * 10)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_and_tens() {
        assert_eq!(word_value("zero"), Some(0));
        assert_eq!(word_value("nineteen"), Some(19));
        assert_eq!(word_value("twenty"), Some(20));
        assert_eq!(word_value("ninety"), Some(90));
        assert_eq!(word_value("hundred"), None);
        assert_eq!(word_value("Twelve"), None, "callers lower-case first");
    }
}
