//! A named text (a rule file or a submission) and the mapping from byte offsets to `line:col`.

use std::fmt;

/// A 1-based line and column, the column counted in characters as an editor shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct LineCol {
    pub line: u32,
    pub column: u32,
}

impl fmt::Display for LineCol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// Converts a byte offset into `text` to a line and column. Offsets past the end clamp to it.
pub fn line_col(text: &str, offset: usize) -> LineCol {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let column = before.get(line_start..).map_or(0, |s| s.chars().count()) + 1;
    LineCol {
        line: u32::try_from(line).unwrap_or(u32::MAX),
        column: u32::try_from(column).unwrap_or(u32::MAX),
    }
}

/// Converts many sorted-or-not offsets in one pass over the text: lines and columns are counted
/// incrementally, so a one-line JSON Lines record costs one scan whatever the number of offsets.
pub fn line_cols(text: &str, offsets: &[usize]) -> Vec<LineCol> {
    let mut order: Vec<usize> = (0..offsets.len()).collect();
    order.sort_by_key(|&i| offsets[i]);
    let mut out = vec![LineCol { line: 1, column: 1 }; offsets.len()];
    let bytes = text.as_bytes();
    // `column` counts the characters from the line start to `scanned`.
    let (mut line, mut column, mut scanned) = (1usize, 1usize, 0usize);
    for i in order {
        let target = offsets[i].min(text.len());
        let gap = &bytes[scanned..target.max(scanned)];
        match memchr::memrchr(b'\n', gap) {
            Some(nl) => {
                line += memchr::memchr_iter(b'\n', gap).count();
                column = 1 + chars(&gap[nl + 1..]);
            }
            None => column += chars(gap),
        }
        scanned = target.max(scanned);
        out[i] = LineCol {
            line: u32::try_from(line).unwrap_or(u32::MAX),
            column: u32::try_from(column).unwrap_or(u32::MAX),
        };
    }
    out
}

/// Characters in UTF-8 bytes: every byte that does not continue a character. Counted eight
/// bytes at a time: a continuation byte is `10xxxxxx`.
fn chars(bytes: &[u8]) -> usize {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let words = bytes.chunks_exact(8);
    let tail = words.remainder();
    let continuations: usize = words
        .map(|w| {
            let w = u64::from_le_bytes([w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7]]);
            ((w & HIGH) & !(w << 1)).count_ones() as usize
        })
        .sum::<usize>()
        + tail.iter().filter(|&&b| b & 0xC0 == 0x80).count();
    bytes.len() - continuations
}

/// The line starts of a text, for converting many offsets one at a time (a rule file with
/// thousands of rules asks for each rule's position separately). Each lookup costs a binary
/// search plus the length of one line.
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let starts = std::iter::once(0)
            .chain(
                text.bytes()
                    .enumerate()
                    .filter(|&(_, b)| b == b'\n')
                    .map(|(i, _)| i + 1),
            )
            .collect();
        Self { text, starts }
    }

    /// The same answer as [`line_col`], without rescanning the text before the line.
    pub fn line_col(&self, offset: usize) -> LineCol {
        let offset = offset.min(self.text.len());
        let line = self.starts.partition_point(|&s| s <= offset);
        let start = self.starts[line.saturating_sub(1)];
        let column = self.text.as_bytes()[start..offset]
            .iter()
            .filter(|&&b| b & 0xC0 != 0x80)
            .count()
            + 1;
        LineCol {
            line: u32::try_from(line).unwrap_or(u32::MAX),
            column: u32::try_from(column).unwrap_or(u32::MAX),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_lines_and_characters() {
        let text = "ab\ncé\nx";
        assert_eq!(line_col(text, 0), LineCol { line: 1, column: 1 });
        assert_eq!(line_col(text, 3), LineCol { line: 2, column: 1 });
        // `é` is two bytes but one column.
        assert_eq!(line_col(text, 6), LineCol { line: 2, column: 3 });
        assert_eq!(
            line_cols(text, &[7, 0, 3]),
            vec![
                LineCol { line: 3, column: 1 },
                LineCol { line: 1, column: 1 },
                LineCol { line: 2, column: 1 },
            ]
        );
    }

    #[test]
    fn counts_columns_incrementally_on_one_long_line() {
        let long = "aé–ü".repeat(12);
        let text = format!(
            "{{\"é\":1,\"b\":\"ü\",\"c\":[2],\"l\":\"{long}\"}}\n{{\"d\":3,\"e\":\"{long}\"}}"
        );
        let text = text.as_str();
        let offsets: Vec<usize> = (0..text.len())
            .filter(|&i| text.is_char_boundary(i))
            .collect();
        let slow: Vec<LineCol> = offsets.iter().map(|&o| line_col(text, o)).collect();
        assert_eq!(line_cols(text, &offsets), slow);
        let sparse: Vec<usize> = offsets.iter().step_by(29).copied().collect();
        let expected: Vec<LineCol> = sparse.iter().map(|&o| line_col(text, o)).collect();
        assert_eq!(line_cols(text, &sparse), expected);
        let reversed: Vec<usize> = offsets.iter().rev().copied().collect();
        assert_eq!(
            line_cols(text, &reversed),
            slow.into_iter().rev().collect::<Vec<_>>()
        );
    }
}
