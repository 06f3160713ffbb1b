//! The 30 rules written by hand over `serde_json::Value`: what a bespoke checker would cost.

use serde_json::Value;

fn at<'v>(v: &'v Value, path: &str) -> Option<&'v Value> {
    path.split('.')
        .try_fold(v, |v, k| v.get(k))
        .filter(|v| !v.is_null())
}

fn is(v: &Value, path: &str, want: &Value) -> bool {
    at(v, path) == Some(want)
}

fn num(v: &Value, path: &str) -> Option<f64> {
    at(v, path).and_then(Value::as_f64)
}

fn text<'v>(v: &'v Value, path: &str) -> Option<&'v str> {
    at(v, path).and_then(Value::as_str)
}

fn one_of(v: &Value, path: &str, options: &[&str]) -> bool {
    text(v, path).is_some_and(|s| options.contains(&s))
}

fn items<'v>(v: &'v Value, path: &str) -> &'v [Value] {
    at(v, path)
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

fn companies_house(s: &str) -> bool {
    let b = s.as_bytes();
    let digits = |b: &[u8]| b.iter().all(u8::is_ascii_digit);
    (b.len() == 8 && digits(b))
        || (b.len() == 8 && [&b"SC"[..], b"NI", b"OC"].contains(&&b[..2]) && digits(&b[2..]))
}

fn ico(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 8
        && b[0] == b'Z'
        && b[1..]
            .iter()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
}

/// The failing rule ids, sorted.
pub fn failing(v: &Value) -> Vec<&'static str> {
    let t = Value::Bool(true);
    let hazards = items(v, "clinical_safety.hazard_log.hazards");
    let every = |f: &dyn Fn(&Value) -> bool| hazards.iter().all(f);
    let checks: [(&str, bool); 30] = [
        (
            "PEER-01",
            text(v, "company.companies_house_number").is_some_and(companies_house),
        ),
        (
            "PEER-02",
            text(v, "data_protection.ico.registration_number").is_some_and(ico),
        ),
        (
            "PEER-03",
            one_of(
                v,
                "data_protection.dspt.status",
                &["standards_met", "standards_exceeded"],
            ),
        ),
        (
            "PEER-04",
            is(v, "technical_security.cyber_essentials.certified", &t),
        ),
        (
            "PEER-05",
            is(v, "technical_security.penetration_test.external", &t),
        ),
        (
            "PEER-06",
            is(v, "technical_security.penetration_test.owasp_top_10", &t),
        ),
        (
            "PEER-07",
            num(
                v,
                "technical_security.penetration_test.open_findings_cvss_7_or_above",
            )
            .is_some_and(|n| n <= 0.0),
        ),
        (
            "PEER-08",
            text(v, "technical_security.supplier_privileged_mfa") == Some("yes"),
        ),
        (
            "PEER-09",
            is(v, "technical_security.mfa_privileged_accounts", &t),
        ),
        (
            "PEER-10",
            one_of(v, "usability_accessibility.wcag.level", &["AA", "AAA"]),
        ),
        (
            "PEER-11",
            num(v, "usability_accessibility.availability_percent").is_some_and(|n| n >= 99.0),
        ),
        (
            "PEER-12",
            is(v, "clinical_safety.cso.training.completed", &t),
        ),
        (
            "PEER-13",
            is(v, "clinical_safety.cso.registration_current", &t),
        ),
        (
            "PEER-14",
            is(v, "clinical_safety.hazard_log.approved_by_cso", &t),
        ),
        ("PEER-15", every(&|h| !items(h, "controls").is_empty())),
        (
            "PEER-16",
            every(&|h| num(h, "residual.risk").is_some_and(|r| r <= 3.0)),
        ),
        (
            "PEER-17",
            every(
                &|h| matches!((num(h, "residual.risk"), num(h, "initial.risk")), (Some(r), Some(i)) if r <= i),
            ),
        ),
        (
            "PEER-18",
            every(&|h| one_of(h, "status", &["open", "closed", "transferred"])),
        ),
        (
            "PEER-19",
            hazards.is_empty()
                || hazards
                    .iter()
                    .any(|h| num(h, "initial.severity").is_some_and(|s| s >= 4.0)),
        ),
        ("PEER-20", is(v, "data_protection.dpia.completed", &t)),
        (
            "PEER-21",
            items(v, "data_protection.dpia.risks")
                .iter()
                .all(|r| at(r, "likelihood").is_some()),
        ),
        (
            "PEER-22",
            !is(v, "product.ai.uses_ai", &t) || is(v, "processing.uses_innovative_technology", &t),
        ),
        (
            "PEER-23",
            !is(v, "atrs.public_sector_body", &t) || is(v, "atrs.in_scope", &t),
        ),
        (
            "PEER-24",
            text(v, "submission.role") != Some("manufacturer_and_deployer")
                || is(v, "deployment.cso.registration_current", &t),
        ),
        (
            "PEER-25",
            text(v, "interoperability.nhs_number.used") == Some("yes"),
        ),
        (
            "PEER-26",
            text(v, "data_protection.storage.location") == Some("uk_only"),
        ),
        (
            "PEER-27",
            at(v, "product.medical_device.mhra_registration_number").is_some(),
        ),
        (
            "PEER-28",
            one_of(v, "processing.scale", &["local", "regional"]),
        ),
        (
            "PEER-29",
            num(v, "clinical_safety.crm_system.review_interval_months").is_some_and(|n| n <= 12.0),
        ),
        (
            "PEER-30",
            every(&|h| num(h, "initial.likelihood").is_some_and(|l| (1.0..=5.0).contains(&l))),
        ),
    ];
    let mut out: Vec<&str> = checks
        .iter()
        .filter(|(_, ok)| !ok)
        .map(|(id, _)| *id)
        .collect();
    out.sort_unstable();
    out
}
