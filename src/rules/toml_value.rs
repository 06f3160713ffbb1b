//! A parsed TOML table as a JSON value: the one conversion both the rule loader and the build
//! script (which converts the built-in rules once, when the program is built) use.

use serde_json::{Map, Number, Value};
use toml::de::{DeTable, DeValue};

/// The JSON value of a TOML table.
pub fn convert_table(table: &DeTable<'_>) -> Value {
    let mut map = Map::with_capacity(table.len());
    for (key, value) in table.iter() {
        map.insert(key.get_ref().to_string(), convert(value.get_ref()));
    }
    Value::Object(map)
}

fn convert(value: &DeValue<'_>) -> Value {
    match value {
        DeValue::String(s) => Value::String(s.to_string()),
        DeValue::Integer(i) => {
            let digits: String = i.as_str().chars().filter(|c| *c != '_').collect();
            let digits = digits
                .trim_start_matches("0x")
                .trim_start_matches("0o")
                .trim_start_matches("0b");
            i64::from_str_radix(digits, i.radix()).map_or(Value::Null, |n| Value::Number(n.into()))
        }
        DeValue::Float(f) => {
            let text: String = f.as_str().chars().filter(|c| *c != '_').collect();
            text.parse::<f64>()
                .ok()
                .and_then(Number::from_f64)
                .map_or(Value::Null, Value::Number)
        }
        DeValue::Boolean(b) => Value::Bool(*b),
        // Dates in rules and examples are compared as `YYYY-MM-DD` strings, as in submissions.
        DeValue::Datetime(d) => Value::String(d.to_string()),
        DeValue::Array(items) => {
            Value::Array(items.iter().map(|item| convert(item.get_ref())).collect())
        }
        DeValue::Table(t) => convert_table(t),
    }
}
