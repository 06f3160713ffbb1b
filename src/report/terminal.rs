//! Making submission-supplied text safe to print on a terminal. A submission can put anything in
//! a string: escape sequences that recolour or clear the screen, carriage returns that overwrite a
//! line, bidirectional overrides that make `FAIL` read as something else. Renderers for people
//! pass every value that came from an input through [`printable`], which writes such characters
//! as visible escapes (`\u{1b}`, `\r`) and leaves everything else, including HTML, untouched:
//! text output is never interpreted as markup.

use std::borrow::Cow;

/// `s` with control and bidirectional-formatting characters written as visible escapes.
pub fn printable(s: &str) -> Cow<'_, str> {
    if !s.chars().any(needs_escape) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if needs_escape(c) => out.push_str(&escape(c)),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Like [`printable`], but keeps line breaks: for text written over several lines on purpose,
/// such as a rule's remedy.
pub fn printable_lines(s: &str) -> String {
    s.split('\n').map(printable).collect::<Vec<_>>().join("\n")
}

/// The visible form of a character that must not act: `\u{1b}`.
pub fn escape(c: char) -> String {
    format!("\\u{{{:x}}}", u32::from(c))
}

/// C0 and C1 controls, DEL, and the Unicode characters that reorder or hide text.
fn needs_escape(c: char) -> bool {
    c.is_control() || reorders(c)
}

/// The characters that reorder or hide text (bidi embeddings, overrides, isolates and marks,
/// zero-width spaces, line and paragraph separators, the byte-order mark): shown as escapes in
/// the terminal, HTML and Markdown alike. The zero-width joiners (U+200C, U+200D) stay: scripts
/// and emoji need them.
pub fn reorders(c: char) -> bool {
    matches!(
        c,
        '\u{061c}'
            | '\u{200b}'
            | '\u{200e}'..='\u{200f}'
            | '\u{2028}'..='\u{202e}'
            | '\u{2060}'..='\u{2069}'
            | '\u{feff}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_controls_and_bidi_but_not_text_or_markup() {
        assert!(matches!(printable("Dr Ada Lovelace é"), Cow::Borrowed(_)));
        assert_eq!(printable("<b>&amp;</b>"), "<b>&amp;</b>");
        assert_eq!(printable("a\u{1b}[2Jb"), "a\\u{1b}[2Jb");
        assert_eq!(printable("x\r\ny\t\0"), "x\\r\\ny\\t\\u{0}");
        assert_eq!(printable("\u{202e}LIAF"), "\\u{202e}LIAF");
        assert_eq!(printable("\u{9b}31m"), "\\u{9b}31m");
        assert_eq!(printable_lines("a\u{7}\nb"), "a\\u{7}\nb");
    }
}
