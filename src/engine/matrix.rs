//! The DCB0129 clinical risk matrix: risk level from likelihood and severity. The default is the
//! NHS CRM training matrix (see `shared/domain`); it is not likelihood × severity. A submission
//! may give its own in its CRM plan (DCB0129 3.2.1), which then takes precedence.

use serde_json::Value;

/// `rows[likelihood - 1][severity - 1]` is the risk level, 1–5.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Matrix(pub [[u8; 5]; 5]);

/// Rows are likelihood 1 (very low) … 5 (very high); columns severity 1 (minor) … 5 (catastrophic).
pub const DEFAULT: Matrix = Matrix([
    [1, 1, 2, 2, 3],
    [1, 2, 2, 3, 4],
    [2, 2, 3, 3, 4],
    [2, 3, 3, 4, 5],
    [3, 4, 4, 5, 5],
]);

impl Matrix {
    pub fn level(&self, likelihood: u8, severity: u8) -> Option<u8> {
        let row = self.0.get(usize::from(likelihood).checked_sub(1)?)?;
        row.get(usize::from(severity).checked_sub(1)?).copied()
    }

    /// Reads a submission's matrix: an object whose `rows` are five lists of five levels 1–5.
    pub fn from_value(v: &Value) -> Result<Self, String> {
        let bad = || {
            "the risk matrix must have `rows`: five lists (likelihood 1–5) of five risk levels 1–5 (severity 1–5)".to_owned()
        };
        let rows = v.get("rows").and_then(Value::as_array).ok_or_else(bad)?;
        let mut m = [[0u8; 5]; 5];
        if rows.len() != 5 {
            return Err(bad());
        }
        for (l, row) in rows.iter().enumerate() {
            let cells = row.as_array().filter(|c| c.len() == 5).ok_or_else(bad)?;
            for (s, cell) in cells.iter().enumerate() {
                m[l][s] = cell
                    .as_u64()
                    .filter(|n| (1..=5).contains(n))
                    .and_then(|n| u8::try_from(n).ok())
                    .ok_or_else(bad)?;
            }
        }
        Ok(Self(m))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_matrix_is_not_a_product() {
        assert_eq!(DEFAULT.level(4, 4), Some(4));
        assert_eq!(DEFAULT.level(5, 1), Some(3));
        assert_eq!(DEFAULT.level(1, 5), Some(3));
        assert_eq!(DEFAULT.level(0, 1), None);
        assert_eq!(DEFAULT.level(6, 1), None);
        let own = serde_json::json!({"rows": [[1,1,1,2,3],[1,2,2,3,4],[2,2,3,3,4],[2,3,3,4,5],[3,4,4,5,5]]});
        assert_eq!(Matrix::from_value(&own).unwrap().level(1, 3), Some(1));
        assert!(Matrix::from_value(&serde_json::json!({"rows": [[1]]})).is_err());
    }
}
