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
    let mut walker = Walker {
        bytes,
        paths,
        found: &mut found,
    };
    walker.walk(start, 0, &wanted, false);
    found
}

/// One pass over the text. Every byte is looked at once at most: a walked value returns where
/// it ends, so its parent carries on from there instead of skipping it again, and once a
/// container's wanted members are found the rest of it is scanned only if an enclosing
/// container still needs to get past it (`need_end`).
struct Walker<'a, 'p> {
    bytes: &'a [u8],
    paths: &'p [&'p [Segment]],
    found: &'p mut [Found],
}

impl Walker<'_, '_> {
    /// Records `pos` for the wanted paths and descends; returns the offset just past the value
    /// when `need_end`, or `None` once nothing more is needed (or the text is cut short).
    fn walk(
        &mut self,
        pos: usize,
        depth: usize,
        wanted: &[usize],
        need_end: bool,
    ) -> Option<usize> {
        let mut deeper = Vec::new();
        for &w in wanted {
            let len = self.paths[w].len();
            self.found[w] = Found {
                offset: pos,
                exact: len == depth,
            };
            if len > depth {
                deeper.push(w);
            }
        }
        match self.bytes.get(pos) {
            _ if deeper.is_empty() => need_end.then(|| skip_value(self.bytes, pos)).flatten(),
            Some(b'{') => self.object(pos, depth, &deeper, need_end),
            Some(b'[') => self.array(pos, depth, &deeper, need_end),
            _ => need_end.then(|| skip_value(self.bytes, pos)).flatten(),
        }
    }

    fn object(
        &mut self,
        pos: usize,
        depth: usize,
        wanted: &[usize],
        need_end: bool,
    ) -> Option<usize> {
        let bytes = self.bytes;
        // Each key occurs once, so once every wanted key has been seen the rest is not read.
        let mut keys: Vec<&str> = wanted
            .iter()
            .filter_map(|&w| match &self.paths[w][depth] {
                Segment::Key(k) => Some(&**k),
                Segment::Index(_) => None,
            })
            .collect();
        keys.sort_unstable();
        keys.dedup();
        let mut remaining = keys.len();
        let mut p = skip_ws(bytes, pos + 1);
        while bytes.get(p) == Some(&b'"') {
            let key_end = skip_string(bytes, p)?;
            let key = decode_key(bytes, p, key_end);
            p = skip_ws(bytes, key_end);
            if bytes.get(p) != Some(&b':') {
                return None;
            }
            let value = skip_ws(bytes, p + 1);
            let end = if key
                .as_deref()
                .is_some_and(|k| keys.binary_search(&k).is_ok())
            {
                remaining -= 1;
                let here: Vec<usize> = wanted
                    .iter()
                    .copied()
                    .filter(|&w| matches!(&self.paths[w][depth], Segment::Key(k) if Some(&**k) == key.as_deref()))
                    .collect();
                self.walk(value, depth + 1, &here, need_end || remaining > 0)?
            } else {
                skip_value(bytes, value)?
            };
            if remaining == 0 && !need_end {
                return None;
            }
            p = skip_ws(bytes, end);
            if bytes.get(p) == Some(&b',') {
                p = skip_ws(bytes, p + 1);
            }
        }
        (bytes.get(p) == Some(&b'}')).then_some(p + 1)
    }

    fn array(
        &mut self,
        pos: usize,
        depth: usize,
        wanted: &[usize],
        need_end: bool,
    ) -> Option<usize> {
        let bytes = self.bytes;
        let last = wanted
            .iter()
            .filter_map(|&w| match self.paths[w][depth] {
                Segment::Index(i) => Some(i),
                Segment::Key(_) => None,
            })
            .max();
        let mut p = skip_ws(bytes, pos + 1);
        let mut index = 0usize;
        while p < bytes.len() && bytes[p] != b']' {
            if !need_end && last.is_none_or(|l| index > l) {
                return None;
            }
            let here: Vec<usize> = wanted
                .iter()
                .copied()
                .filter(|&w| self.paths[w][depth] == Segment::Index(index))
                .collect();
            let end = if here.is_empty() {
                skip_value(bytes, p)?
            } else {
                let more = last.is_some_and(|l| index < l);
                self.walk(p, depth + 1, &here, need_end || more)?
            };
            p = skip_ws(bytes, end);
            if bytes.get(p) == Some(&b',') {
                p = skip_ws(bytes, p + 1);
            }
            index += 1;
        }
        (bytes.get(p) == Some(&b']')).then_some(p + 1)
    }
}

fn skip_ws(bytes: &[u8], mut p: usize) -> usize {
    while matches!(bytes.get(p), Some(b' ' | b'\t' | b'\n' | b'\r')) {
        p += 1;
    }
    p
}

/// `p` is at an opening quote; returns the offset just past the closing quote. Strings in a
/// submission are short, so a plain loop beats a SIMD search's setup.
fn skip_string(bytes: &[u8], p: usize) -> Option<usize> {
    let mut i = p + 1;
    loop {
        match *bytes.get(i)? {
            b'"' => return Some(i + 1),
            b'\\' => i += 2,
            _ => i += 1,
        }
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

/// `p` is at `{` or `[`; returns the offset just past its matching close. serde_json's own
/// skipping (into `IgnoredAny`) passes over strings and numbers without allocating, faster
/// than a byte loop here.
fn skip_container(bytes: &[u8], p: usize) -> Option<usize> {
    let mut values =
        serde_json::Deserializer::from_slice(bytes.get(p..)?).into_iter::<serde::de::IgnoredAny>();
    values.next()?.ok()?;
    Some(p + values.byte_offset())
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

    #[test]
    fn skips_brackets_inside_strings_and_other_containers() {
        let text = r#"{"a": {"x": "}{][\"", "y": [1, {"z": "]"}]}, "b": [[1, "["], [3]], "c": 5}"#;
        let c = [key("c")];
        let b = [key("b"), Segment::Index(1), Segment::Index(0)];
        let z = [key("a"), key("y"), Segment::Index(1), key("z")];
        let found = locate(text, &[&c, &b, &z]);
        assert_eq!(&text[found[0].offset..found[0].offset + 1], "5");
        assert_eq!(&text[found[1].offset..found[1].offset + 1], "3");
        assert_eq!(&text[found[2].offset..found[2].offset + 3], "\"]\"");
        assert!(found.iter().all(|f| f.exact));
    }
}
