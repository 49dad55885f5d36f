//! Numerals of UN documents: Roman (`iv`), and Chinese chapter numbers (`四`) that the other
//! language versions print as Roman. Shared by the heading and paragraph adapters, whose ids
//! must agree across languages.

/// Lower-case Roman numeral (the numbers here stay below 400).
pub fn roman(mut n: u32) -> String {
    const TABLE: [(u32, &str); 9] =
        [(100, "c"), (90, "xc"), (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")];
    let mut out = String::new();
    for (v, s) in TABLE {
        while n >= v {
            out.push_str(s);
            n -= v;
        }
    }
    out
}

/// The value of a well-formed lower-case Roman numeral up to 60, as sub-paragraphs use them.
pub fn roman_value(s: &str) -> Option<u32> {
    let digit = |c: char| match c {
        'i' => Some(1),
        'v' => Some(5),
        'x' => Some(10),
        'l' => Some(50),
        _ => None,
    };
    let values: Vec<u32> = s.chars().map(digit).collect::<Option<_>>()?;
    let mut total: i64 = 0;
    for (i, v) in values.iter().enumerate() {
        match values.get(i + 1) {
            Some(next) if next > v => total -= *v as i64,
            _ => total += *v as i64,
        }
    }
    // Only the canonical spelling counts: `iiii` or `vx` are not numerals.
    let n = u32::try_from(total).ok().filter(|n| (1..=60).contains(n))?;
    (roman(n) == s).then_some(n)
}

/// Value of a Chinese numeral up to 99 (`一` … `九十九`).
pub fn chinese_number(s: &str) -> Option<u32> {
    let digit = |c: char| "一二三四五六七八九".chars().position(|d| d == c).map(|p| p as u32 + 1);
    let chars: Vec<char> = s.chars().collect();
    match chars.as_slice() {
        ['十'] => Some(10),
        [c] => digit(*c),
        ['十', u] => Some(10 + digit(*u)?),
        [t, '十'] => Some(digit(*t)? * 10),
        [t, '十', u] => Some(digit(*t)? * 10 + digit(*u)?),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numerals() {
        assert_eq!(roman(49), "xlix");
        assert_eq!(roman_value("xiv"), Some(14));
        assert_eq!(roman_value("iiii"), None);
        assert_eq!(roman_value("a"), None);
        assert_eq!((1..=60).map(|n| roman_value(&roman(n))).collect::<Option<Vec<_>>>().map(|v| v.len()), Some(60));
        assert_eq!(chinese_number("二十三"), Some(23));
        assert_eq!(chinese_number("十"), Some(10));
        assert_eq!(chinese_number("甲"), None);
    }
}
