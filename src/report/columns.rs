//! Padding text to a column on a terminal by its display width (unicode-width), not its count of
//! characters: a product or file name in Chinese, Japanese or Korean takes two columns a
//! character, an accent combining with the letter before it none, so counting characters would
//! push every later column out of line.

use unicode_width::UnicodeWidthStr;

/// How many terminal columns `s` takes.
pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// `s` followed by spaces up to `to` columns (nothing added when it is already as wide).
pub fn pad(s: &str, to: usize) -> String {
    let mut out = String::with_capacity(s.len() + to);
    out.push_str(s);
    out.extend(std::iter::repeat_n(' ', to.saturating_sub(width(s))));
    out
}

/// The end of `s` in at most `to` columns, led by `…` when something was cut.
pub fn clip_start(s: &str, to: usize) -> String {
    if width(s) <= to {
        return s.to_owned();
    }
    let mut kept: Vec<char> = Vec::new();
    let mut used = 1; // the ellipsis
    for c in s.chars().rev() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w > to {
            break;
        }
        used += w;
        kept.push(c);
    }
    std::iter::once('…').chain(kept.into_iter().rev()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pads_and_clips_by_display_width() {
        assert_eq!(pad("ab", 4), "ab  ");
        assert_eq!(pad("診療", 6), "診療  ");
        assert_eq!(width(&pad("診療.json", 12)), 12);
        let clipped = clip_start("長い長い名前/supplier.json", 16);
        assert!((15..=16).contains(&width(&clipped)));
        assert!(clipped.starts_with('…') && clipped.ends_with("/supplier.json"));
    }
}
