//! Finds where values sit in a submission's JSON text, so a finding can say `file:line:col`.
//!
//! serde_json gives no positions, so after it has accepted the text this scanner walks it once
//! for all the paths a report needs, descending only into the members those paths name and
//! skipping everything else byte by byte. A path that does not exist resolves to its deepest
//! existing ancestor (the parent object of a missing field).

use crate::path::Segment;

/// Where a path was found: the byte offset of its value, or of its deepest existing ancestor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found {
    pub offset: usize,
    /// True when the path itself exists; false when `offset` is an ancestor's.
    pub exact: bool,
}

/// Locates every path in `paths` within `text` (already known to be valid JSON).
pub fn locate(text: &str, paths: &[&[Segment]]) -> Vec<Found> {
    let bytes = text.as_bytes();
    let start = skip_ws(bytes, 0);
    let mut found = vec![
        Found {
            offset: start,
            exact: false
        };
        paths.len()
    ];
    let wanted: Vec<usize> = (0..paths.len()).collect();
    walk(bytes, start, 0, paths, &wanted, &mut found);
    found
}

fn walk(
    bytes: &[u8],
    pos: usize,
    depth: usize,
    paths: &[&[Segment]],
    wanted: &[usize],
    found: &mut [Found],
) {
    let mut deeper = Vec::new();
    for &w in wanted {
        found[w] = Found {
            offset: pos,
            exact: paths[w].len() == depth,
        };
        if paths[w].len() > depth {
            deeper.push(w);
        }
    }
    if deeper.is_empty() {
        return;
    }
    match bytes.get(pos) {
        Some(b'{') => walk_object(bytes, pos, depth, paths, &deeper, found),
        Some(b'[') => walk_array(bytes, pos, depth, paths, &deeper, found),
        _ => {}
    }
}

fn walk_object(
    bytes: &[u8],
    pos: usize,
    depth: usize,
    paths: &[&[Segment]],
    wanted: &[usize],
    found: &mut [Found],
) {
    // Each key occurs once, so once every wanted key has been seen the rest is skipped unread.
    let mut keys: Vec<&str> = wanted
        .iter()
        .filter_map(|&w| match &paths[w][depth] {
            Segment::Key(k) => Some(&**k),
            Segment::Index(_) => None,
        })
        .collect();
    keys.sort_unstable();
    keys.dedup();
    let mut remaining = keys.len();
    let mut p = skip_ws(bytes, pos + 1);
    while remaining > 0 && bytes.get(p) == Some(&b'"') {
        let Some(key_end) = skip_string(bytes, p) else {
            return;
        };
        let key = decode_key(bytes, p, key_end);
        p = skip_ws(bytes, key_end);
        if bytes.get(p) != Some(&b':') {
            return;
        }
        let value = skip_ws(bytes, p + 1);
        if key
            .as_deref()
            .is_some_and(|k| keys.binary_search(&k).is_ok())
        {
            remaining -= 1;
            let here: Vec<usize> = wanted
                .iter()
                .copied()
                .filter(|&w| matches!(&paths[w][depth], Segment::Key(k) if Some(&**k) == key.as_deref()))
                .collect();
            walk(bytes, value, depth + 1, paths, &here, found);
        }
        let Some(end) = skip_value(bytes, value) else {
            return;
        };
        p = skip_ws(bytes, end);
        if bytes.get(p) == Some(&b',') {
            p = skip_ws(bytes, p + 1);
        }
    }
}

fn walk_array(
    bytes: &[u8],
    pos: usize,
    depth: usize,
    paths: &[&[Segment]],
    wanted: &[usize],
    found: &mut [Found],
) {
    let last = wanted
        .iter()
        .filter_map(|&w| match paths[w][depth] {
            Segment::Index(i) => Some(i),
            Segment::Key(_) => None,
        })
        .max();
    let Some(last) = last else { return };
    let mut p = skip_ws(bytes, pos + 1);
    let mut index = 0usize;
    while index <= last && p < bytes.len() && bytes[p] != b']' {
        let here: Vec<usize> = wanted
            .iter()
            .copied()
            .filter(|&w| paths[w][depth] == Segment::Index(index))
            .collect();
        if !here.is_empty() {
            walk(bytes, p, depth + 1, paths, &here, found);
        }
        let Some(end) = skip_value(bytes, p) else {
            return;
        };
        p = skip_ws(bytes, end);
        if bytes.get(p) == Some(&b',') {
            p = skip_ws(bytes, p + 1);
        }
        index += 1;
    }
}

fn skip_ws(bytes: &[u8], mut p: usize) -> usize {
    while matches!(bytes.get(p), Some(b' ' | b'\t' | b'\n' | b'\r')) {
        p += 1;
    }
    p
}

/// `p` is at an opening quote; returns the offset just past the closing quote.
fn skip_string(bytes: &[u8], p: usize) -> Option<usize> {
    let mut i = p + 1;
    loop {
        i += memchr::memchr2(b'"', b'\\', bytes.get(i..)?)?;
        if bytes[i] == b'"' {
            return Some(i + 1);
        }
        i += 2;
    }
}

/// The key between `start` and `end` (quotes included), borrowed unless it has escapes.
fn decode_key(bytes: &[u8], start: usize, end: usize) -> Option<std::borrow::Cow<'_, str>> {
    let raw = bytes.get(start..end)?;
    let inner = raw.get(1..raw.len().saturating_sub(1))?;
    if inner.contains(&b'\\') {
        serde_json::from_slice::<String>(raw)
            .ok()
            .map(std::borrow::Cow::Owned)
    } else {
        std::str::from_utf8(inner)
            .ok()
            .map(std::borrow::Cow::Borrowed)
    }
}

/// What the container skipper must look at: quotes, brackets and braces; everything else is
/// passed over without a branch per byte kind.
const STRUCTURAL: [bool; 256] = {
    let mut t = [false; 256];
    t[b'"' as usize] = true;
    t[b'{' as usize] = true;
    t[b'[' as usize] = true;
    t[b'}' as usize] = true;
    t[b']' as usize] = true;
    t
};

/// Returns the offset just past the value starting at `p`.
fn skip_value(bytes: &[u8], p: usize) -> Option<usize> {
    match bytes.get(p)? {
        b'"' => skip_string(bytes, p),
        b'{' | b'[' => skip_container(bytes, p),
        _ => {
            let mut i = p;
            while i < bytes.len()
                && !matches!(bytes[i], b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r')
            {
                i += 1;
            }
            (i > p).then_some(i)
        }
    }
}

/// `p` is at `{` or `[`; returns the offset just past its matching close.
fn skip_container(bytes: &[u8], p: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut i = p;
    loop {
        i += bytes
            .get(i..)?
            .iter()
            .position(|&b| STRUCTURAL[b as usize])?;
        match bytes[i] {
            b'"' => {
                i = skip_string(bytes, i)?;
                continue;
            }
            b'{' | b'[' => depth += 1,
            _ => {
                depth -= 1;
                if depth == 0 {
                    return Some(i + 1);
                }
            }
        }
        i += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(k: &str) -> Segment {
        Segment::Key(k.into())
    }

    #[test]
    fn finds_values_and_parents_of_missing_ones() {
        let text = "{\n  \"a\": {\"b\": [10, {\"c\": \"x\\\"}\"}]},\n  \"d\": true\n}";
        let p1 = [key("a"), key("b"), Segment::Index(1), key("c")];
        let p2 = [key("d")];
        let p3 = [key("a"), key("missing")];
        let p4: [Segment; 0] = [];
        let found = locate(text, &[&p1, &p2, &p3, &p4]);
        assert_eq!(&text[found[0].offset..found[0].offset + 3], "\"x\\");
        assert!(found[0].exact);
        assert_eq!(&text[found[1].offset..found[1].offset + 4], "true");
        assert!(!found[2].exact);
        assert_eq!(&text[found[2].offset..found[2].offset + 5], "{\"b\":");
        assert_eq!(
            found[3],
            Found {
                offset: 0,
                exact: true
            }
        );
    }
}
