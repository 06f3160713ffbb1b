//! The escaping every document renderer relies on, in one place. Anything a submission supplies
//! (a product name, a file name, an observed value, a message quoting one) reaches HTML, XML and
//! Markdown only through these functions, so a product called `<script>…</script>` is text, and a
//! bidi override is shown as `\u{202e}` (the terminal's rule, `terminal::reorders`) instead of
//! reversing what follows it.

use super::terminal::{escape, reorders};

/// Escapes text for HTML or XML, in element content and in quoted attribute values alike.
///
/// Characters XML 1.0 cannot carry at all (C0 controls other than tab and newlines, the
/// non-characters U+FFFE and U+FFFF) become U+FFFD, so a JUnit file stays well-formed whatever a
/// submission contains; HTML treats the same characters as parse errors, so nothing is lost.
pub fn markup(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if reorders(c) => out.push_str(&escape(c)),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// Escapes text for Markdown (CommonMark and GitHub's tables): every character that could start
/// emphasis (an underscore inside a word cannot), a link, an HTML tag, a code span, a table cell or an entity gets a backslash, and line
/// breaks become spaces so text cannot start a new block.
pub fn markdown(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    let chars: Vec<char> = s.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        match c {
            // Between two letters or digits (`clinical_safety`) an underscore can neither open
            // nor close emphasis in CommonMark, so it is left as it is, without `\_` noise.
            '_' if i > 0
                && chars[i - 1].is_alphanumeric()
                && chars.get(i + 1).is_some_and(|n| n.is_alphanumeric()) =>
            {
                out.push(c);
            }
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '#' | '!' | '&' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            c if c.is_control() => out.push('\u{FFFD}'),
            // The escape's backslash is itself escaped, so Markdown shows it.
            c if reorders(c) => {
                out.push('\\');
                out.push_str(&escape(c));
            }
            c => out.push(c),
        }
    }
    out
}

/// Text whose backticked parts (`` `a.b` ``) become Markdown code spans, everything else escaped:
/// remedies and messages name paths that way.
pub fn markdown_rich(s: &str) -> String {
    code_spans(s)
        .into_iter()
        .map(|(is_code, part)| {
            if is_code {
                markdown_code(part)
            } else {
                markdown(part)
            }
        })
        .collect()
}

/// A Markdown code span around `s` whatever it contains: the fence is one backtick longer than
/// the longest run of backticks inside, and padded when `s` starts or ends with one.
pub fn markdown_code(s: &str) -> String {
    let flat: String = s
        .chars()
        .map(|c| match c {
            c if c.is_control() => " ".to_owned(),
            c if reorders(c) => escape(c),
            c => c.to_string(),
        })
        .collect();
    let mut longest = 0;
    let mut run = 0;
    for c in flat.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    let pad = if flat.starts_with('`') || flat.ends_with('`') || flat.is_empty() {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{flat}{pad}{fence}")
}

/// Splits an engine message such as "`a.b` is `2`; expected `3`" into plain and code parts.
/// When the backticks do not pair up (a quoted value contained one), the whole message is one
/// plain part: the escaping stays sound either way, only the styling is lost.
pub fn code_spans(message: &str) -> Vec<(bool, &str)> {
    if message.matches('`').count() % 2 == 1 {
        return vec![(false, message)];
    }
    message
        .split('`')
        .enumerate()
        .filter(|(_, s)| !s.is_empty())
        .map(|(i, s)| (i % 2 == 1, s))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_escapes_tags_quotes_and_controls() {
        assert_eq!(
            markup("<script>alert('x')</script>"),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"
        );
        assert_eq!(markup("a \"b\" & c"), "a &quot;b&quot; &amp; c");
        assert_eq!(markup("bell\u{7}\tok"), "bell\u{FFFD}\tok");
        assert_eq!(markup("\u{202e}exe.txt"), "\\u{202e}exe.txt");
    }

    #[test]
    fn markdown_escapes_structure() {
        assert_eq!(markdown("<b>|`x`|</b>"), "\\<b\\>\\|\\`x\\`\\|\\</b\\>");
        assert_eq!(markdown("two\nlines"), "two lines");
        assert_eq!(markdown("a\u{2067}b"), "a\\\\u{2067}b");
        assert_eq!(markdown_code("a\u{202e}b"), "`a\\u{202e}b`");
    }

    #[test]
    fn code_span_fence_outgrows_the_content() {
        assert_eq!(markdown_code("a.b"), "`a.b`");
        assert_eq!(markdown_code("a``b"), "```a``b```");
        assert_eq!(markdown_code("`x"), "`` `x ``");
    }

    #[test]
    fn messages_split_into_code_and_text() {
        assert_eq!(
            code_spans("`a` is `2`"),
            vec![(true, "a"), (false, " is "), (true, "2")]
        );
        assert_eq!(code_spans("odd ` tick"), vec![(false, "odd ` tick")]);
    }
}
