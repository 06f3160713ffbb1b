//! Reading an input within bounds: a file larger than the input size limit is refused before it
//! is read (and reading stops at the limit, should it grow meanwhile); a FIFO, socket or device
//! named as an input is refused before it is opened, since a FIFO blocks until a writer comes and
//! a device such as `/dev/zero` never ends. Standard input is read up to the limit.

use super::io_reason;
use std::fmt;
use std::fs::{File, Metadata};
use std::io::Read;
use std::os::unix::fs::FileTypeExt;
use std::path::Path;
use std::str::FromStr;

/// A size in bytes, written and read as `64MiB`, `200MB`, `1G` or a number of bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Size(pub u64);

/// The default limit on one submission (a file, standard input, or a JSON Lines record): a real
/// submission is tens of kilobytes; this leaves room for a very large hazard log.
pub const DEFAULT_LIMIT: Size = Size(64 << 20);

impl FromStr for Size {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let t = s.trim();
        let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
        let (digits, unit) = t.split_at(split);
        let n: u64 = digits
            .parse()
            .map_err(|_| format!("`{s}` is not a size; write e.g. `64MiB`, `200MB` or `1G`"))?;
        let factor: u64 = match unit.trim().to_ascii_lowercase().as_str() {
            "" | "b" => 1,
            "k" | "kib" => 1 << 10,
            "kb" => 1_000,
            "m" | "mib" => 1 << 20,
            "mb" => 1_000_000,
            "g" | "gib" => 1 << 30,
            "gb" => 1_000_000_000,
            other => {
                return Err(format!(
                    "unknown unit `{other}` in `{s}`; use B, KiB, MiB, GiB (or KB, MB, GB)"
                ));
            }
        };
        n.checked_mul(factor)
            .map(Size)
            .ok_or_else(|| format!("`{s}` is too large"))
    }
}

impl fmt::Display for Size {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let b = self.0;
        for (unit, shift) in [("GiB", 30), ("MiB", 20), ("KiB", 10)] {
            if b >= 1 << shift {
                let whole = b >> shift;
                return if whole << shift == b {
                    write!(f, "{whole} {unit}")
                } else {
                    write!(f, "{:.1} {unit}", b as f64 / (1u64 << shift) as f64)
                };
            }
        }
        write!(f, "{b} bytes")
    }
}

/// The message for an input over the limit.
pub fn too_large(what: &str, size: Option<u64>, limit: Size) -> String {
    let size = size.map_or_else(|| "larger".to_owned(), |s| format!("{}", Size(s)));
    format!(
        "{what} is {size}, over the input size limit of {limit}; a submission is far smaller, so check that this is the right file (or raise the limit with `--max-input-size`)"
    )
}

/// Why a file that is not a regular file is refused, or `None` for a regular file.
pub fn not_regular(meta: &Metadata) -> Option<&'static str> {
    let t = meta.file_type();
    if t.is_file() {
        None
    } else if t.is_dir() {
        Some("it is a directory; name a file")
    } else if t.is_fifo() {
        Some(
            "it is a FIFO (named pipe), which blocks until something writes to it; to read a pipe, use `-` and redirect it (`assure check - < FILE`)",
        )
    } else if t.is_char_device() || t.is_block_device() {
        Some(
            "it is a device, which may never end (like `/dev/zero`); only regular files are read, or standard input with `-`",
        )
    } else if t.is_socket() {
        Some("it is a socket; only regular files are read, or standard input with `-`")
    } else {
        Some("it is not a regular file")
    }
}

/// Opens a regular file for reading, refusing anything else before opening it (a FIFO would
/// block here) and again after (in case the path was swapped in between).
pub fn open_regular(path: &Path) -> Result<(File, Metadata), String> {
    let check = |m: &Metadata| not_regular(m).map_or(Ok(()), |why| Err(why.to_owned()));
    let meta = std::fs::metadata(path).map_err(|e| io_reason(path, &e))?;
    check(&meta)?;
    let file = File::open(path).map_err(|e| io_reason(path, &e))?;
    let meta = file.metadata().map_err(|e| io_reason(path, &e))?;
    check(&meta)?;
    Ok((file, meta))
}

/// Reads a whole regular file of at most `limit` bytes.
pub fn read_file(path: &Path, limit: Size) -> Result<Vec<u8>, String> {
    let (file, meta) = open_regular(path)?;
    if meta.len() > limit.0 {
        return Err(too_large("the file", Some(meta.len()), limit));
    }
    let cap = usize::try_from(meta.len()).unwrap_or(0).saturating_add(1);
    read_bounded(file, limit, cap).map_err(|e| match e {
        Bounded::Io(e) => io_reason(path, &e),
        Bounded::TooLarge => too_large("the file", None, limit),
    })
}

/// Why a bounded read stopped.
pub enum Bounded {
    Io(std::io::Error),
    TooLarge,
}

/// Reads `r` to its end, or stops just past `limit` bytes.
pub fn read_bounded(r: impl Read, limit: Size, capacity: usize) -> Result<Vec<u8>, Bounded> {
    let mut bytes = Vec::with_capacity(capacity.min(1 << 20));
    r.take(limit.0.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(Bounded::Io)?;
    if bytes.len() as u64 > limit.0 {
        return Err(Bounded::TooLarge);
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_and_print() {
        assert_eq!("64MiB".parse::<Size>(), Ok(Size(64 << 20)));
        assert_eq!("200MB".parse::<Size>(), Ok(Size(200_000_000)));
        assert_eq!("1g".parse::<Size>(), Ok(Size(1 << 30)));
        assert_eq!("512".parse::<Size>(), Ok(Size(512)));
        assert!("lots".parse::<Size>().is_err());
        assert!("5 parsecs".parse::<Size>().is_err());
        assert_eq!(Size(64 << 20).to_string(), "64 MiB");
        assert_eq!(Size(1536).to_string(), "1.5 KiB");
    }
}
