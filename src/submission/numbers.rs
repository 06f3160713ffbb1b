//! Numbers as the supplier wrote them. serde_json turns `1e-400` into `0` silently (so a count
//! of open critical findings written that way would pass as none) and shows `-9223372036854775809`
//! as `-9.223372036854776e+18`; this finds the first kind in the text, and gives back the written
//! form of a number for messages.

/// The byte offset and text of the first number in `text` that is not zero but reads as zero.
pub fn first_underflow(text: &str) -> Option<(usize, &str)> {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => i = skip_string(bytes, i),
            b'-' | b'0'..=b'9' => {
                let token = token_at(text, i);
                if underflows(token) {
                    return Some((i, token));
                }
                i += token.len().max(1);
            }
            _ => i += 1,
        }
    }
    None
}

/// The number token that starts at `offset` (empty when none does).
pub fn token_at(text: &str, offset: usize) -> &str {
    let rest = text.get(offset..).unwrap_or_default();
    let end = rest
        .find(|c: char| !matches!(c, '0'..='9' | '-' | '+' | '.' | 'e' | 'E'))
        .unwrap_or(rest.len());
    &rest[..end]
}

/// Whether a number token has a non-zero digit before its exponent but parses to zero.
fn underflows(token: &str) -> bool {
    let mantissa = token.split(['e', 'E']).next().unwrap_or(token);
    mantissa.bytes().any(|b| matches!(b, b'1'..=b'9'))
        && token.parse::<f64>().is_ok_and(|n| n == 0.0)
}

/// The offset just past the string that starts at `start`.
fn skip_string(bytes: &[u8], start: usize) -> usize {
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_numbers_that_read_as_zero() {
        assert_eq!(
            first_underflow(r#"{"a": "1e-400", "b": 0.0, "c": 1e-400}"#),
            Some((31, "1e-400"))
        );
        assert_eq!(first_underflow(r#"{"a": 0, "b": 0e5, "c": -0.0}"#), None);
        assert_eq!(token_at("[12.5e3, 1]", 1), "12.5e3");
    }
}
