//! Bytes to text: a UTF-8 byte-order mark is dropped; anything that is not UTF-8 is refused at
//! its first bad byte, and UTF-16 (what some Windows editors save as "Unicode") is named as such,
//! since "not UTF-8 at 1:1" would not tell the supplier what to change.

use super::InputError;
use crate::source::line_col;

/// The UTF-8 text of `bytes`, without a byte-order mark; `file` names errors.
pub fn decode(file: &str, mut bytes: Vec<u8>) -> Result<String, InputError> {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    if let Some(big_endian) = utf16(&bytes) {
        return Err(InputError::Utf16 {
            file: file.to_owned(),
            order: if big_endian { "big" } else { "little" },
        });
    }
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let before = String::from_utf8_lossy(&e.as_bytes()[..valid]);
        InputError::NotUtf8 {
            file: file.to_owned(),
            at: line_col(&before, before.len()),
        }
    })
}

/// `Some(big_endian)` when the bytes look like UTF-16: a UTF-16 byte-order mark, or JSON's first
/// character (ASCII) with a zero byte beside it.
fn utf16(bytes: &[u8]) -> Option<bool> {
    match bytes {
        [0xFF, 0xFE, ..] => Some(false),
        [0xFE, 0xFF, ..] => Some(true),
        [a, 0, ..] if a.is_ascii() && *a != 0 => Some(false),
        [0, b, ..] if b.is_ascii() && *b != 0 => Some(true),
        _ => None,
    }
}
