//! How a path is named in reports and messages, and why it could not be read, in words a user
//! can act on. A name keeps every character of the path: bytes that are not UTF-8 are written as
//! `\xNN` (instead of the lossy U+FFFD), so two such files never get the same name.

use std::io::ErrorKind;
use std::os::unix::ffi::OsStrExt;
use std::path::Path;

/// The path as text: UTF-8 as it is, any other byte as `\xNN`.
pub fn name(path: &Path) -> String {
    let bytes = path.as_os_str().as_bytes();
    let mut out = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        out.push_str(chunk.valid());
        for b in chunk.invalid() {
            out.push_str(&format!("\\x{b:02x}"));
        }
    }
    out
}

/// Why `path` could not be read or written, with what to do about it.
pub fn io_reason(path: &Path, e: &std::io::Error) -> String {
    // ELOOP: std has no stable ErrorKind for it yet.
    const ELOOP: i32 = 40;
    match e.kind() {
        ErrorKind::NotFound => match std::fs::read_link(path) {
            Ok(target) => format!(
                "a symbolic link to `{}`, which does not exist; fix or remove the link",
                name(&target)
            ),
            Err(_) => "no such file or directory; check the path".to_owned(),
        },
        ErrorKind::PermissionDenied => {
            "permission denied; check the file's permissions (`ls -l`), or run as a user who may read it"
                .to_owned()
        }
        ErrorKind::IsADirectory => {
            "it is a directory; name a file (for `check`, a directory's submissions are read when the directory itself is named)"
                .to_owned()
        }
        _ if e.raw_os_error() == Some(ELOOP) => {
            "a loop of symbolic links (it leads back to itself); fix or remove the link".to_owned()
        }
        _ => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::OsStr;

    #[test]
    fn names_keep_every_byte() {
        assert_eq!(name(Path::new("a/b.json")), "a/b.json");
        let p = Path::new(OsStr::from_bytes(b"caf\xe9.json"));
        assert_eq!(name(p), "caf\\xe9.json");
    }
}
