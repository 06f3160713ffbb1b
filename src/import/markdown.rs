//! Hazards kept as markdown: one file per hazard (a folder of them), its fields as headed
//! sections (`## Causes`, `## Initial assessment` with `Severity: Major` lines); the same
//! section reader serves the body of an issue-tracker hazard. Also markdown tables
//! (`| C1.1.1 | question | answer |`) as [`Table`]s for forms.

use super::hazards::Draft;
use super::headers::{Classified, Field, Measure, Stage, classify};
use super::position::Position;
use super::table::{Row, Table, normalise};

/// One headed section: its heading, the line the heading is on, and its body lines.
#[derive(Debug)]
pub struct Section {
    pub level: usize,
    pub heading: String,
    pub line: u32,
    pub body: Vec<(u32, String)>,
}

/// The sections of a markdown text; text before the first heading is a section with no heading.
pub fn sections(text: &str, first_line: u32) -> Vec<Section> {
    let mut out = vec![Section {
        level: 0,
        heading: String::new(),
        line: first_line,
        body: Vec::new(),
    }];
    for (i, line) in text.lines().enumerate() {
        let n = first_line + u32::try_from(i).unwrap_or(u32::MAX - first_line);
        let t = line.trim_end();
        let hashes = t.chars().take_while(|c| *c == '#').count();
        if (1..=6).contains(&hashes) && t[hashes..].starts_with(' ') {
            out.push(Section {
                level: hashes,
                heading: t[hashes..].trim().trim_end_matches('#').trim().to_owned(),
                line: n,
                body: Vec::new(),
            });
        } else if let Some(last) = out.last_mut() {
            last.body.push((n, line.to_owned()));
        }
    }
    out
}

/// A hazard from markdown sections: the first top heading gives the id and title
/// (`# H-004: Wrong patient`), each other heading the field it names; `fallback_id` (the file
/// name) is used when no heading or section gives an id. Headings that name no field are
/// returned as unmapped, with their line.
pub fn hazard(
    file: &str,
    text: &str,
    fallback_id: Option<&str>,
) -> (Draft, Vec<(String, Position)>) {
    let secs = sections(text, 1);
    let mut fields = Vec::new();
    let mut unmapped = Vec::new();
    let mut at = Position::line(file, 1, 1);
    let mut titled = false;
    for s in &secs {
        let here = Position::line(file, s.line, 1);
        if s.level == 0 {
            continue;
        }
        if s.level == 1 && !titled {
            titled = true;
            at = here.clone();
            let (id, title) = split_title(&s.heading);
            if let Some(id) = id {
                fields.push((Field::Id, id.to_owned(), here.clone()));
            }
            fields.push((Field::Title, title.to_owned(), here.clone()));
            if !body_text(&s.body).is_empty() {
                let line = first_line(&s.body).unwrap_or(s.line);
                fields.push((
                    Field::Description,
                    body_text(&s.body),
                    Position::line(file, line, 1),
                ));
            }
            continue;
        }
        section_fields(file, s, &mut fields, &mut unmapped);
    }
    if !fields.iter().any(|(f, _, _)| *f == Field::Id) {
        if let Some(id) = fallback_id {
            fields.insert(0, (Field::Id, id.to_owned(), at.clone()));
        }
    }
    (Draft { at, fields }, unmapped)
}

/// The fields one section gives: a field's text, or (under a heading naming a stage, such as
/// `Initial assessment`) `Severity: …` lines.
pub fn section_fields(
    file: &str,
    s: &Section,
    fields: &mut Vec<(Field, String, Position)>,
    unmapped: &mut Vec<(String, Position)>,
) {
    let heading = normalise(&s.heading);
    let stage = stage_of(&heading);
    let measures: Vec<(Measure, String, u32)> = s
        .body
        .iter()
        .filter_map(|(n, l)| {
            let (k, v) = l.trim().trim_start_matches(['-', '*']).split_once(':')?;
            match classify(k.trim().trim_matches('*')) {
                Some(Classified::Measure(_, m)) => {
                    Some((m, v.trim().trim_matches('*').trim().to_owned(), *n))
                }
                _ => None,
            }
        })
        .collect();
    if let (Some(stage), false) = (stage, measures.is_empty()) {
        for (m, v, n) in measures {
            let f = match stage {
                Stage::Initial => Field::Initial(m),
                Stage::Residual => Field::Residual(m),
            };
            fields.push((f, v, Position::line(file, n, 1)));
        }
        return;
    }
    let line = first_line(&s.body).unwrap_or(s.line);
    let at = Position::line(file, line, 1);
    match classify(&s.heading) {
        Some(Classified::Field(Field::Id)) if heading == "hazard" => {
            fields.push((Field::Hazard, body_text(&s.body), at));
        }
        Some(Classified::Field(f)) => fields.push((f, body_text(&s.body), at)),
        Some(Classified::Measure(st, m)) => {
            let f = match st.unwrap_or(Stage::Initial) {
                Stage::Initial => Field::Initial(m),
                Stage::Residual => Field::Residual(m),
            };
            fields.push((f, body_text(&s.body), at));
        }
        None => unmapped.push((s.heading.clone(), Position::line(file, s.line, 1))),
    }
}

fn stage_of(heading: &str) -> Option<Stage> {
    let has = |w: &str| heading.split(' ').any(|x| x == w);
    if has("residual") || has("post") {
        Some(Stage::Residual)
    } else if has("initial") || has("pre") {
        Some(Stage::Initial)
    } else {
        None
    }
}

/// `H-004: Wrong patient` → (`H-004`, `Wrong patient`); a heading without an id-like first
/// word is all title.
fn split_title(heading: &str) -> (Option<&str>, &str) {
    for sep in [": ", " – ", " - ", " — "] {
        if let Some((id, title)) = heading.split_once(sep) {
            let id = id.trim();
            if !id.contains(' ') && id.chars().any(|c| c.is_ascii_digit()) {
                return (Some(id), title.trim());
            }
        }
    }
    (None, heading.trim())
}

fn first_line(body: &[(u32, String)]) -> Option<u32> {
    body.iter()
        .find(|(_, l)| !l.trim().is_empty())
        .map(|(n, _)| *n)
}

/// A section's body as a cell's text: lines joined, blank lines and comments dropped.
fn body_text(body: &[(u32, String)]) -> String {
    body.iter()
        .map(|(_, l)| l.trim())
        .filter(|l| !l.is_empty() && !l.starts_with("<!--"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The pipe tables of a markdown text, each row at its line; separator rows (`|---|`) left out.
pub fn tables(file: &str, text: &str) -> Vec<Table> {
    let mut out: Vec<Table> = Vec::new();
    let mut current: Option<Table> = None;
    for (i, line) in text.lines().enumerate() {
        let t = line.trim();
        let n = u32::try_from(i + 1).unwrap_or(u32::MAX);
        if !t.starts_with('|') {
            if let Some(table) = current.take() {
                out.push(table);
            }
            continue;
        }
        let inner = t.trim_start_matches('|');
        let inner = inner.strip_suffix('|').unwrap_or(inner);
        let cells: Vec<String> = split_cells(inner);
        if cells
            .iter()
            .all(|c| !c.is_empty() && c.chars().all(|ch| matches!(ch, '-' | ':' | ' ')))
        {
            continue;
        }
        current.get_or_insert_with(Table::default).rows.push(Row {
            at: Position::line(file, n, 1),
            cells,
        });
    }
    out.extend(current);
    out
}

/// Cells of a table row, honouring `\|` escapes.
fn split_cells(inner: &str) -> Vec<String> {
    let mut cells = vec![String::new()];
    let mut chars = inner.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'|') => {
                if let Some(s) = cells.last_mut() {
                    s.push('|');
                }
                chars.next();
            }
            '|' => cells.push(String::new()),
            _ => {
                if let Some(s) = cells.last_mut() {
                    s.push(c);
                }
            }
        }
    }
    cells
        .into_iter()
        .map(|c| c.trim().replace("<br>", "\n"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hazard_file_gives_its_fields_with_lines() {
        let text = "# H-004: Wrong patient shown\n\n## Causes\n- Stale cache\n\n## Initial assessment\n- Severity: Major\n- Likelihood: Low\n- Risk: 3\n\n## Colour\nred\n";
        let (draft, unmapped) = hazard("hazards/H-004.md", text, None);
        let risk = draft
            .fields
            .iter()
            .find(|(f, _, _)| *f == Field::Initial(Measure::Risk))
            .unwrap();
        assert_eq!(risk.1, "3");
        assert_eq!(risk.2.to_string(), "hazards/H-004.md:9:1");
        assert_eq!(
            draft.fields[0],
            (
                Field::Id,
                "H-004".into(),
                Position::line("hazards/H-004.md", 1, 1)
            )
        );
        assert_eq!(unmapped[0].0, "Colour");
    }

    #[test]
    fn pipe_tables_skip_their_separator() {
        let t = tables("f.md", "intro\n| a | b \\| c |\n|---|---|\n| 1 | 2 |\n");
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].rows[0].cells, vec!["a", "b | c"]);
        assert_eq!(t[0].rows[1].at.to_string(), "f.md:4:1");
    }
}
