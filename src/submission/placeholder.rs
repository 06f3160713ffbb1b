//! Unedited template text is not an answer. A value is a placeholder when it is text that a
//! template or a person left to fill in (`<The product's name>`, `{{ name }}`, `[Insert name]`,
//! `TODO`, `TBC`, `to follow` …), or a list or table made only of placeholders. Rules treat a
//! placeholder as "to be completed" (evidence outstanding), never as a pass; the submission
//! reader accepts one in place of any answer, whatever the answer's type, so that `assure init`
//! can write a template that is honest about every field it has not been told.

use serde_json::Value;

/// Words that, alone or leading the text, mark it as still to be written: followed by anything
/// but a letter or digit, or, for phrases that also open ordinary sentences ("To follow the NICE
/// pathway …"), only by the end of the text or punctuation.
const MARKERS: &[(&str, Follow)] = &[
    ("todo", Follow::NotAlphanumeric),
    ("tbc", Follow::NotAlphanumeric),
    ("tbd", Follow::NotAlphanumeric),
    ("tba", Follow::NotAlphanumeric),
    ("to be completed", Follow::NotAlphanumeric),
    ("to be confirmed", Follow::NotAlphanumeric),
    ("to be determined", Follow::NotAlphanumeric),
    ("to be added", Follow::NotAlphanumeric),
    ("to be provided", Follow::NotAlphanumeric),
    ("to be supplied", Follow::NotAlphanumeric),
    ("to follow", Follow::EndOrPunctuation),
    ("placeholder", Follow::NotAlphanumeric),
    ("lorem ipsum", Follow::NotAlphanumeric),
    ("fill in", Follow::EndOrPunctuation),
    ("insert", Follow::EndOrPunctuation),
];

#[derive(Clone, Copy)]
enum Follow {
    NotAlphanumeric,
    EndOrPunctuation,
}

/// Whether `v` is a placeholder rather than an answer.
pub fn is_placeholder(v: &Value) -> bool {
    match v {
        Value::String(s) => is_placeholder_text(s),
        Value::Array(items) => !items.is_empty() && items.iter().all(is_placeholder),
        Value::Object(map) => {
            let mut members = map.iter().filter(|(k, _)| k.as_str() != "$schema");
            let mut any = false;
            let all = members.all(|(_, v)| {
                any = true;
                is_placeholder(v)
            });
            any && all
        }
        _ => false,
    }
}

/// Whether a piece of text is a placeholder.
pub fn is_placeholder_text(s: &str) -> bool {
    let t = s.trim();
    let Some(first) = t.chars().next() else {
        return false;
    };
    // Most answers start with a letter or digit that no marker starts with: decide cheaply.
    if !matches!(
        first,
        '<' | '{'
            | '['
            | '?'
            | '.'
            | '…'
            | 'x'
            | 'X'
            | 't'
            | 'T'
            | 'p'
            | 'P'
            | 'l'
            | 'L'
            | 'f'
            | 'F'
            | 'i'
            | 'I'
    ) {
        return false;
    }
    if let Some(inner) = t.strip_prefix('<').and_then(|r| r.strip_suffix('>')) {
        // `<https://…>` and `<name@example.org>` are written answers, not prompts.
        let link =
            !inner.contains(char::is_whitespace) && (inner.contains("://") || inner.contains('@'));
        return !inner.trim().is_empty() && !link;
    }
    if t.starts_with("{{") && t.ends_with("}}") {
        return true;
    }
    if let Some(inner) = t.strip_prefix('[').and_then(|r| r.strip_suffix(']')) {
        // A bracketed prompt: "[Insert the CSO's name]", "[TBC]".
        let inner = inner.trim().to_lowercase();
        return ["insert ", "enter ", "add ", "your ", "name of"]
            .iter()
            .any(|p| inner.starts_with(p))
            || leads_with_marker(&inner);
    }
    if t.chars().all(|c| matches!(c, '?' | '.' | '…')) {
        return true;
    }
    if t.len() >= 3 && t.chars().all(|c| c == 'x' || c == 'X') {
        return true;
    }
    leads_with_marker(&t.to_lowercase())
}

/// Whether lower-case text is a marker, or begins with one followed by a non-letter.
fn leads_with_marker(t: &str) -> bool {
    MARKERS.iter().any(|(m, follow)| {
        let Some(rest) = t.strip_prefix(m) else {
            return false;
        };
        let next = rest.chars().next();
        match follow {
            Follow::NotAlphanumeric => next.is_none_or(|c| !c.is_alphanumeric()),
            Follow::EndOrPunctuation => next
                .is_none_or(|c| matches!(c, '.' | ':' | ';' | ',' | '-' | '–' | '—' | '(' | '!')),
        }
    })
}

/// How many answers in `v` are placeholders: each placeholder text counts once.
pub fn count(v: &Value) -> usize {
    match v {
        Value::String(s) => usize::from(is_placeholder_text(s)),
        Value::Array(items) => items.iter().map(count).sum(),
        Value::Object(map) => map.values().map(count).sum(),
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn template_prompts_and_markers_are_placeholders() {
        for s in [
            "<The product's name (DTAC 2.0 A2).>",
            "{{ product_name }}",
            "[Insert the CSO's name]",
            "TODO",
            "todo: write the intended use",
            "TBC",
            "TBC - awaiting CSO",
            "to be completed",
            "To follow.",
            "xxx",
            "???",
            "…",
        ] {
            assert!(is_placeholder_text(s), "{s:?} should be a placeholder");
        }
    }

    #[test]
    fn real_answers_are_not_placeholders() {
        for s in [
            "Dr Jane Smith",
            "Tobias Wren",
            "TBCertified Ltd",
            "Todos Health Ltd",
            "Placement support",
            "Fill-level sensor",
            "Insertion of a cannula is out of scope",
            "To follow the NICE pathway, clinicians review each alert",
            "Insert the sensor as shown in the leaflet",
            "<https://example.org/statement>",
            "<cso@example.org>",
            "x",
            "3.4.0",
            "",
            "[1] see appendix",
        ] {
            assert!(!is_placeholder_text(s), "{s:?} should be an answer");
        }
    }

    #[test]
    fn containers_of_placeholders_are_placeholders() {
        assert!(is_placeholder(&json!(["<a user group>"])));
        assert!(is_placeholder(&json!({ "name": "<name>", "role": "TBC" })));
        assert!(!is_placeholder(&json!({ "name": "<name>", "role": "CSO" })));
        assert!(!is_placeholder(&json!([])));
        assert!(!is_placeholder(&json!({})));
        assert!(!is_placeholder(&json!(false)));
        assert_eq!(
            count(&json!({ "a": "<x>", "b": { "c": "TBC", "d": 1 }, "e": ["<y>"] })),
            3
        );
        assert_eq!(
            count(&json!({ "cso": { "name": "<name>", "role": "TBC" } })),
            2
        );
    }
}
