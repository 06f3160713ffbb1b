//! Turns what a reader found for one hazard (field, text, position) into a hazard of the
//! submission schema: lists split into items, word scales read, statuses and control types
//! recognised; whatever cannot be read is a problem naming its cell, never dropped silently.

use super::headers::{Field, Measure};
use super::position::{Origins, Position, path};
use super::scales::Scale;
use super::table::normalise;
use super::{Problem, Unmapped};
use serde_json::{Map, Value, json};

/// One hazard as read: its fields in the order met, and where it starts.
#[derive(Debug, Clone)]
pub struct Draft {
    pub at: Position,
    pub fields: Vec<(Field, String, Position)>,
}

/// Hazards read from one file, with where each value came from.
#[derive(Debug, Default)]
pub struct Read {
    pub hazards: Vec<Value>,
    /// Paths relative to the hazards array (`[2].initial.risk`).
    pub origins: Origins,
    pub problems: Vec<Problem>,
    pub unmapped: Vec<Unmapped>,
}

impl Read {
    /// Adds one drafted hazard; a draft with nothing that identifies a hazard (no id, title,
    /// description or hazard statement) is a problem instead.
    pub fn push(&mut self, draft: Draft) {
        let identifies = draft.fields.iter().any(|(f, t, _)| {
            matches!(
                f,
                Field::Id | Field::Title | Field::Description | Field::Hazard
            ) && !t.trim().is_empty()
        });
        if !identifies {
            self.problems.push(Problem::new(
                draft.at,
                "this row has values but no hazard id, title, description or hazard: it was not read as a hazard; fill in its id or title, or delete the row",
            ));
            return;
        }
        let index = self.hazards.len();
        let mut origins = Origins::default();
        origins.push(vec![], draft.at.clone());
        let hazard = build(draft, &mut origins, &mut self.problems);
        self.origins
            .extend_under(&path(&[&index.to_string()]), origins);
        self.hazards.push(hazard);
    }
}

fn build(draft: Draft, origins: &mut Origins, problems: &mut Vec<Problem>) -> Value {
    let mut h = Map::new();
    let mut types: Option<(String, Position)> = None;
    for (field, text, at) in draft.fields {
        let text = text.trim();
        if text.is_empty() {
            continue;
        }
        let key = match field {
            Field::Id => "id",
            Field::Title => "title",
            Field::Description => "description",
            Field::HazardType => "hazard_type",
            Field::Effect => "effect",
            Field::Hazard => "hazard",
            Field::Harm => "harm",
            Field::Rationale => "residual_rationale",
            Field::Owner => "owner",
            Field::Causes => {
                set(&mut h, origins, &["causes"], Value::from(items(text)), &at);
                continue;
            }
            Field::ExistingControls => {
                set(
                    &mut h,
                    origins,
                    &["existing_controls"],
                    Value::from(items(text)),
                    &at,
                );
                continue;
            }
            Field::Controls => {
                let controls: Vec<Value> = items(text)
                    .into_iter()
                    .map(|d| json!({ "description": d }))
                    .collect();
                set(&mut h, origins, &["controls"], Value::from(controls), &at);
                continue;
            }
            Field::ControlType => {
                types = Some((text.to_owned(), at));
                continue;
            }
            Field::Status => {
                match status(text) {
                    Some(s) => set(&mut h, origins, &["status"], s.into(), &at),
                    None => problems.push(Problem::new(
                        at,
                        format!("status `{text}` is not one the hazard log schema knows: write open, transferred, closed or deprecated"),
                    )),
                }
                continue;
            }
            Field::Initial(m) | Field::Residual(m) => {
                let stage = if matches!(field, Field::Initial(_)) {
                    "initial"
                } else {
                    "residual"
                };
                measure(&mut h, origins, problems, stage, m, text, at);
                continue;
            }
        };
        set(&mut h, origins, &[key], Value::from(text), &at);
    }
    if let Some((text, at)) = types {
        control_types(&mut h, &text, &at, problems);
    }
    Value::Object(h)
}

fn set(h: &mut Map<String, Value>, origins: &mut Origins, keys: &[&str], v: Value, at: &Position) {
    match keys {
        [k] => {
            h.insert((*k).to_owned(), v);
        }
        [outer, inner] => {
            let o = h.entry(*outer).or_insert_with(|| json!({}));
            if let Some(o) = o.as_object_mut() {
                o.insert((*inner).to_owned(), v);
            }
        }
        _ => return,
    }
    origins.push(path(keys), at.clone());
}

fn measure(
    h: &mut Map<String, Value>,
    origins: &mut Origins,
    problems: &mut Vec<Problem>,
    stage: &str,
    m: Measure,
    text: &str,
    at: Position,
) {
    let (scale, key) = match m {
        Measure::Severity => (Scale::Severity, "severity"),
        Measure::Likelihood => (Scale::Likelihood, "likelihood"),
        Measure::Risk => (Scale::Risk, "risk"),
    };
    match scale.read(text) {
        Some(v) => set(h, origins, &[stage, key], Value::from(v), &at),
        None => problems.push(Problem::new(
            at,
            format!(
                "{stage} {} `{text}` is not on the DCB0129 {} scale: write {}",
                scale.name(),
                scale.name(),
                scale.accepted()
            ),
        )),
    }
}

/// A cell's list: one item a line, or separated by semicolons; bullets and numbering removed.
pub fn items(text: &str) -> Vec<String> {
    let split: Vec<&str> = if text.contains('\n') {
        text.lines().collect()
    } else {
        text.split(';').collect()
    };
    split
        .into_iter()
        .map(|s| {
            s.trim()
                .trim_start_matches(['-', '*', '•', '·'])
                .trim_start_matches(|c: char| c.is_ascii_digit())
                .trim_start_matches(['.', ')'])
                .trim()
                .to_owned()
        })
        .filter(|s| !s.is_empty())
        .collect()
}

fn status(text: &str) -> Option<&'static str> {
    match normalise(text).as_str() {
        "open" | "new" | "triage" | "in progress" | "active" | "under review" => Some("open"),
        "transferred" | "transfer" => Some("transferred"),
        "closed" | "accepted" | "resolved" => Some("closed"),
        "deprecated" | "obsolete" | "withdrawn" => Some("deprecated"),
        _ => None,
    }
}

fn control_type(word: &str) -> Option<&'static str> {
    let n = normalise(word);
    if n.starts_with("design") {
        Some("design")
    } else if n.starts_with("test") {
        Some("testing")
    } else if n.starts_with("training") {
        Some("training")
    } else if n.contains("business process") || n == "process" || n.contains("process change") {
        Some("business_process")
    } else {
        None
    }
}

/// Control types: one for every control, or one per control in order.
fn control_types(
    h: &mut Map<String, Value>,
    text: &str,
    at: &Position,
    problems: &mut Vec<Problem>,
) {
    let words = items(&text.replace(',', ";"));
    let mut kinds = Vec::new();
    for w in &words {
        match control_type(w) {
            Some(k) => kinds.push(k),
            None => {
                problems.push(Problem::new(
                    at.clone(),
                    format!("control type `{w}` is not one DCB0129 names: write design, test, training or business process change"),
                ));
                return;
            }
        }
    }
    let Some(controls) = h.get_mut("controls").and_then(Value::as_array_mut) else {
        if !kinds.is_empty() {
            problems.push(Problem::new(
                at.clone(),
                "control type given but no new or additional controls: the type was not recorded",
            ));
        }
        return;
    };
    let n = controls.len();
    for (i, c) in controls.iter_mut().enumerate() {
        let kind = match kinds.len() {
            1 => kinds[0],
            k if k == n => kinds[i],
            _ => {
                problems.push(Problem::new(
                    at.clone(),
                    format!("{} control types for {n} controls: give one type, or one per control in the same order", kinds.len()),
                ));
                return;
            }
        };
        if let Some(o) = c.as_object_mut() {
            o.insert("type".into(), kind.into());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(col: u32) -> Position {
        Position::cell("log.xlsx", "Hazards", 5, col)
    }

    #[test]
    fn a_row_becomes_a_hazard_with_its_cells() {
        let mut read = Read::default();
        read.push(Draft {
            at: at(1),
            fields: vec![
                (Field::Id, "H-001".into(), at(1)),
                (Field::Causes, "Network down\nServer fault".into(), at(2)),
                (Field::Initial(Measure::Severity), "Major".into(), at(3)),
                (
                    Field::Initial(Measure::Likelihood),
                    "sometimes".into(),
                    at(4),
                ),
                (Field::Controls, "Alert; Retry".into(), at(5)),
                (Field::ControlType, "Design, Training".into(), at(6)),
                (Field::Status, "Closed".into(), at(7)),
            ],
        });
        let h = &read.hazards[0];
        assert_eq!(h["causes"], json!(["Network down", "Server fault"]));
        assert_eq!(h["initial"]["severity"], json!(4));
        assert_eq!(
            h["controls"][1],
            json!({"description": "Retry", "type": "training"})
        );
        assert_eq!(h["status"], json!("closed"));
        assert_eq!(read.problems.len(), 1);
        assert_eq!(read.problems[0].at.to_string(), "log.xlsx:Hazards!D5");
        let risk = path(&["0", "initial", "severity"]);
        assert_eq!(
            read.origins
                .lookup(&risk)
                .map(ToString::to_string)
                .as_deref(),
            Some("log.xlsx:Hazards!C5")
        );
    }

    #[test]
    fn a_row_without_identity_is_a_problem() {
        let mut read = Read::default();
        read.push(Draft {
            at: at(1),
            fields: vec![(Field::Harm, "Delay".into(), at(3))],
        });
        assert!(read.hazards.is_empty());
        assert!(read.problems[0].message.contains("no hazard id"));
    }
}
