//! Tables out of documents: a .docx (`word/document.xml`) or .odt (`content.xml`) is a zip of
//! XML, read with the zip crate and roxmltree; an HTML page's `<tr>` rows are read as text.
//! Each cell knows its table, row and column.

use super::ImportError;
use super::MAX_FILE_BYTES;
use super::position::{Place, Position};
use super::table::{Row, Table};
use std::collections::HashMap;
use std::io::Read;

/// The tables of a .docx or .odt file, and its opening text outside them (where a form names
/// its version).
pub fn office(file: &str, bytes: &[u8], odt: bool) -> Result<(Vec<Table>, String), ImportError> {
    let kind = if odt { ".odt" } else { ".docx" };
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| {
        ImportError::new(file, format!("not a readable {kind} document ({e}); open it in a word processor and save it again"))
    })?;
    let inner = if odt {
        "content.xml"
    } else {
        "word/document.xml"
    };
    let xml = unpack(&mut archive, file, inner)?.ok_or_else(|| {
        ImportError::new(
            file,
            format!("not a {kind} document: it has no `{inner}`; save it again as {kind}"),
        )
    })?;
    // A .docx keeps a hyperlink's address among the document's relationships.
    let rels = if odt {
        None
    } else {
        unpack(&mut archive, file, "word/_rels/document.xml.rels")?
    };
    let links = rels.as_deref().map(relationships).unwrap_or_default();
    let doc = roxmltree::Document::parse(&xml)
        .map_err(|e| ImportError::new(file, format!("`{inner}` is not well-formed XML: {e}")))?;
    Ok((tables(file, &doc, odt, &links), opening(&doc, odt, &links)))
}

/// The first paragraphs outside any table.
fn opening(doc: &roxmltree::Document<'_>, odt: bool, links: &HashMap<String, String>) -> String {
    let table = if odt { "table" } else { "tbl" };
    doc.descendants()
        .filter(|n| n.tag_name().name() == "p" || (odt && n.tag_name().name() == "h"))
        .filter(|n| !n.ancestors().any(|a| a.tag_name().name() == table))
        .take(20)
        .map(|p| {
            let mut text = String::new();
            paragraph(p, odt, links, &mut text);
            text
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// One file of the archive as text, or `None` when the archive has no such file; bounded.
fn unpack<R: std::io::Read + std::io::Seek>(
    archive: &mut zip::ZipArchive<R>,
    file: &str,
    inner: &str,
) -> Result<Option<String>, ImportError> {
    let Ok(mut entry) = archive.by_name(inner) else {
        return Ok(None);
    };
    if entry.size() > MAX_FILE_BYTES {
        return Err(ImportError::new(
            file,
            format!(
                "`{inner}` unpacks to {} bytes, more than an import reads",
                entry.size()
            ),
        ));
    }
    let mut xml = String::new();
    entry
        .by_ref()
        .take(MAX_FILE_BYTES)
        .read_to_string(&mut xml)
        .map_err(|e| ImportError::new(file, format!("cannot unpack `{inner}`: {e}")))?;
    Ok(Some(xml))
}

/// Relationship ids to their targets (a .docx's hyperlink addresses).
fn relationships(xml: &str) -> HashMap<String, String> {
    let Ok(doc) = roxmltree::Document::parse(xml) else {
        return HashMap::new();
    };
    doc.descendants()
        .filter(|n| n.tag_name().name() == "Relationship")
        .filter_map(|n| {
            Some((
                n.attribute("Id")?.to_owned(),
                n.attribute("Target")?.to_owned(),
            ))
        })
        .collect()
}

const RELATIONSHIPS_NS: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const XLINK_NS: &str = "http://www.w3.org/1999/xlink";

fn tables(
    file: &str,
    doc: &roxmltree::Document<'_>,
    odt: bool,
    links: &HashMap<String, String>,
) -> Vec<Table> {
    let (table, row, cell) = if odt {
        ("table", "table-row", "table-cell")
    } else {
        ("tbl", "tr", "tc")
    };
    let mut out = Vec::new();
    for (t, tbl) in doc
        .descendants()
        .filter(|n| n.tag_name().name() == table)
        .enumerate()
    {
        let mut rows = Vec::new();
        // Rows of this table, not of a table nested in one of its cells.
        let own_rows = tbl
            .descendants()
            .filter(|n| n.tag_name().name() == row)
            .filter(|n| n.ancestors().find(|a| a.tag_name().name() == table) == Some(tbl));
        for (r, tr) in own_rows.enumerate() {
            let cells = tr
                .children()
                .filter(|n| n.tag_name().name() == cell)
                .map(|tc| {
                    tc.descendants()
                        .filter(|n| n.tag_name().name() == "p")
                        .map(|p| {
                            let mut text = String::new();
                            paragraph(p, odt, links, &mut text);
                            text
                        })
                        .collect::<Vec<_>>()
                        .join("\n")
                        .trim()
                        .to_owned()
                })
                .collect();
            rows.push(Row {
                at: Position {
                    file: file.to_owned(),
                    place: Place::Table {
                        table: n32(t + 1),
                        row: n32(r + 1),
                        column: 1,
                    },
                },
                cells,
            });
        }
        out.push(Table { rows });
    }
    out
}

/// A paragraph's text: a .docx's `w:t` runs (not field codes), an .odt's text and spaces; a
/// hyperlink's address follows its text, so a link written as "CSCR v3" keeps where it points.
fn paragraph(
    node: roxmltree::Node<'_, '_>,
    odt: bool,
    links: &HashMap<String, String>,
    out: &mut String,
) {
    for child in node.children() {
        if child.is_text() {
            if odt {
                out.push_str(child.text().unwrap_or(""));
            }
            continue;
        }
        match (odt, child.tag_name().name()) {
            (false, "t") => out.push_str(child.text().unwrap_or("")),
            (false, "instrText" | "delText") => {}
            (false, "tab") | (true, "tab") => out.push('\t'),
            (true, "s") => out.push(' '),
            (_, name) => {
                paragraph(child, odt, links, out);
                let href = match (odt, name) {
                    (false, "hyperlink") => child
                        .attribute((RELATIONSHIPS_NS, "id"))
                        .and_then(|id| links.get(id))
                        .map(String::as_str),
                    (true, "a") => child.attribute((XLINK_NS, "href")),
                    _ => None,
                };
                if let Some(url) = href.filter(|u| u.starts_with("http") && !out.contains(*u)) {
                    out.push_str(&format!(" ({url})"));
                }
            }
        }
    }
}

fn n32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The rows of an HTML page's tables, each at its line (one table: rows are matched by code).
pub fn html(file: &str, text: &str) -> Vec<Table> {
    let lower = text.to_ascii_lowercase();
    let mut rows = Vec::new();
    let mut from = 0;
    while let Some(start) = lower[from..].find("<tr").map(|i| i + from) {
        let end = lower[start..]
            .find("</tr")
            .map_or(lower.len(), |i| i + start);
        let line = n32(text[..start].matches('\n').count() + 1);
        let inner = &text[start..end];
        let inner_lower = &lower[start..end];
        let mut cells = Vec::new();
        let mut p = 0;
        while let Some(open) = next_cell(&inner_lower[p..]).map(|i| i + p) {
            let Some(gt) = inner_lower[open..].find('>').map(|i| i + open + 1) else {
                break;
            };
            let close = next_cell_end(&inner_lower[gt..]).map_or(inner.len(), |i| i + gt);
            cells.push(strip_tags(&inner[gt..close]));
            p = close;
        }
        rows.push(Row {
            at: Position::line(file, line, 1),
            cells,
        });
        from = end.max(start + 3);
    }
    vec![Table { rows }]
}

fn next_cell(s: &str) -> Option<usize> {
    [s.find("<td"), s.find("<th")].into_iter().flatten().min()
}

fn next_cell_end(s: &str) -> Option<usize> {
    [s.find("</td"), s.find("</th"), s.find("<td"), s.find("<th")]
        .into_iter()
        .flatten()
        .min()
}

/// Text without tags, links kept as their address after the text, entities decoded.
fn strip_tags(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        out.push_str(&rest[..lt]);
        let Some(gt) = rest[lt..].find('>') else {
            break;
        };
        let tag = &rest[lt..lt + gt + 1];
        if let Some(href) = tag
            .split("href=\"")
            .nth(1)
            .and_then(|h| h.split('"').next())
        {
            out.push_str(&format!(" {href} "));
        }
        if tag.starts_with("<br") || tag.starts_with("</p") {
            out.push('\n');
        }
        rest = &rest[lt + gt + 1..];
    }
    out.push_str(rest);
    out.replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&nbsp;", " ")
        .replace("&#39;", "'")
        .replace("&quot;", "\"")
        .trim()
        .to_owned()
}
