//! JSON Lines, minimally: split a batch into records (one submission per line; blank lines and a
//! leading byte-order mark skipped, `\r\n` accepted) and parse one record so that its positions
//! name the batch's line. This is what the fuzzers exercise until the batch reader lands.

use super::{InputError, Submission};

/// The non-blank lines of `bytes`, each with its 1-based line number.
pub fn records(bytes: &[u8]) -> impl Iterator<Item = (u32, &[u8])> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    bytes
        .split(|&b| b == b'\n')
        .enumerate()
        .map(|(i, line)| {
            let line = line.strip_suffix(b"\r").unwrap_or(line);
            (u32::try_from(i + 1).unwrap_or(u32::MAX), line)
        })
        .filter(|(_, line)| !line.iter().all(u8::is_ascii_whitespace))
}

/// Parses the record on line `line` of the batch `name`, named `name:line`.
pub fn parse_record(name: &str, line: u32, bytes: &[u8]) -> Result<Submission, InputError> {
    let mut sub = Submission::parse(format!("{name}:{line}"), bytes)?;
    sub.line_base = line.saturating_sub(1);
    Ok(sub)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_records_and_numbers_lines() {
        let batch = b"\xEF\xBB\xBF{\"a\":1}\r\n\n  \n{\"b\":2}";
        let got: Vec<(u32, &[u8])> = records(batch).collect();
        assert_eq!(got, vec![(1, &b"{\"a\":1}"[..]), (4, &b"{\"b\":2}"[..])]);
        let sub = parse_record("b.jsonl", 4, br#"{"schema_version": "1"}"#).unwrap();
        assert_eq!(sub.name, "b.jsonl:4");
        assert_eq!(sub.line_base, 3);
    }
}
