//! Numbers written in digits or words (`1,400`, `2.3 million`, `five`, `a dozen`).

/// A regex fragment (no groups) matching one number.
pub(crate) const NUMBER: &str = r"(?:(?:\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:\s+(?:hundred|thousand|million))?|(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:\s+(?:hundred|thousand|million))?|an?\s+(?:hundred|thousand|million|dozen)|dozen)";

/// The value of a number matched by [`NUMBER`].
pub(crate) fn parse_number(s: &str) -> Option<u64> {
    let lower = s.to_ascii_lowercase();
    let mut words = lower.split_whitespace();
    let head = words.next()?;
    let scale: u64 = match words.next() {
        None => 1,
        Some("hundred") => 100,
        Some("thousand") => 1_000,
        Some("million") => 1_000_000,
        Some("dozen") => 12,
        Some(_) => return None,
    };
    let base: f64 = if head == "a" || head == "an" {
        1.0
    } else if head == "dozen" {
        12.0
    } else if let Some(n) = dateline_core::numbers::word_value(head) {
        n as f64
    } else {
        head.replace(',', "").parse().ok()?
    };
    let value = (base * scale as f64).round();
    (0.0..1e15).contains(&value).then_some(value as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers() {
        for (s, n) in [
            ("1,400", 1400),
            ("4,137", 4137),
            ("800", 800),
            ("2.3 million", 2_300_000),
            ("a million", 1_000_000),
            ("five", 5),
            ("twenty thousand", 20_000),
            ("a dozen", 12),
        ] {
            assert_eq!(parse_number(s), Some(n), "{s}");
        }
        assert_eq!(parse_number("many"), None);
    }
}
