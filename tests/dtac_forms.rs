//! DTAC by the form version: a submission on the v2.0 form is assessed on the v2.0 questions and
//! their skip logic, never on a v1.0-only question; a v1.0 form made after 6 April 2026 is the
//! wrong form; a v2.0 device answers through the PAQ; a signatory of the Cyber Security Charter
//! is not asked C3.3–C3.6.

use assure::report::{Finding, Report, Status};
use assure::rules::Outcome;
use assure::rules::forms::Question;

fn check(fixture: &str) -> Report<'static> {
    let set = rules();
    let file = std::path::PathBuf::from(format!("fixtures/{fixture}.json"));
    let run = assure::check_inputs(
        set,
        &[assure::inputs::Input::Path(file)],
        "2026-11-01".parse().expect("date"),
    );
    assert!(run.errors.is_empty(), "{fixture}: {:?}", run.errors);
    run.reports.into_iter().next().expect("a report")
}

/// The built-in rules, compiled once for every test here (reports borrow their words).
fn rules() -> &'static assure::rules::RuleSet {
    static SET: std::sync::OnceLock<assure::rules::RuleSet> = std::sync::OnceLock::new();
    SET.get_or_init(|| assure::load_rules(&[]).expect("the built-in rules load"))
}

fn finding<'a>(r: &'a Report, rule: &str) -> &'a Finding<'a> {
    r.findings
        .iter()
        .find(|f| f.rule == rule)
        .unwrap_or_else(|| panic!("no finding for {rule}"))
}

fn part(r: &Report, part: &str) -> Status {
    r.decision("dtac")
        .and_then(|d| d.parts.iter().find(|p| p.part == part))
        .map_or(Status::NotApplicable, |p| p.status)
}

const V2: &[&str] = &[
    "v2-saas-clinical",
    "v2-device-paq",
    "v2-non-clinical-out-of-scope",
    "v2-charter-signatory",
];

#[test]
fn a_v2_form_is_assessed_on_v2_questions_only() {
    for fixture in V2 {
        let r = check(fixture);
        let d = r.decision("dtac").expect("a DTAC decision");
        assert_eq!(d.form_version.as_deref(), Some("2.0"), "{fixture}");
        for f in r
            .findings
            .iter()
            .filter(|f| f.outcome != Outcome::NotApplicable)
            .filter(|f| f.decision == "dtac" || f.also.iter().any(|a| a.starts_with("dtac.")))
        {
            let asked: Vec<Question> = f.refs.iter().filter_map(|r| Question::parse(r)).collect();
            assert!(
                asked.is_empty() || asked.iter().any(|q| q.version == "2.0"),
                "{fixture}: {} counts towards DTAC but cites only {:?}",
                f.rule,
                f.refs
            );
        }
        for p in ["C1", "C2", "C3", "C4"] {
            assert_eq!(part(&r, p), Status::Met, "{fixture}: DTAC {p}");
        }
        assert_eq!(d.status, Status::Met, "{fixture}");
    }
}

#[test]
fn a_v2_device_answers_through_the_paq_without_mhra_blockers() {
    let r = check("v2-device-paq");
    assert_eq!(finding(&r, "DTAC-C1-16").outcome, Outcome::Pass, "the PAQ");
    for rule in ["DTAC-C1-05", "DTAC-C1-06", "DTAC-C1-09"] {
        let f = finding(&r, rule);
        assert_eq!(f.outcome, Outcome::NotApplicable, "{rule}");
        assert!(f.message.starts_with("not asked"), "{rule}: {}", f.message);
    }
    // A standalone device: the rest of C1 is the PAQ's, so DCB0129 counts for DCB0129 only.
    assert_eq!(finding(&r, "DTAC-SKIP-C1-DEVICE").outcome, Outcome::Fired);
    let cscr = finding(&r, "DCB0129-CSCR-01");
    assert!(cscr.also.is_empty(), "{:?}", cscr.also);
    assert!(
        r.decision("dcb0129")
            .is_some_and(|d| d.status == Status::Met)
    );
}

#[test]
fn a_charter_signatory_is_not_asked_c3_3_to_c3_6() {
    let r = check("v2-charter-signatory");
    assert_eq!(finding(&r, "DTAC-SKIP-C3-CHARTER").outcome, Outcome::Fired);
    for rule in [
        "DTAC-C3-02",
        "DTAC-C3-02-REPORT",
        "DTAC-C3.3-CVSS",
        "DTAC-C3.4",
        "DTAC-C3.5",
        "DTAC-C3.5.1",
        "DTAC-C3-05",
    ] {
        let f = finding(&r, rule);
        assert_eq!(f.outcome, Outcome::NotApplicable, "{rule}");
        assert!(
            f.message.contains("Cyber Security Charter"),
            "{rule}: {}",
            f.message
        );
    }
    assert_eq!(
        finding(&r, "DTAC-C3-01").outcome,
        Outcome::Pass,
        "C3.1 is still asked"
    );
    assert_eq!(part(&r, "C3"), Status::Met);
}

#[test]
fn a_product_justified_out_of_dcb0129_scope_is_not_asked_c1_2_2_to_c1_2_5() {
    let r = check("v2-non-clinical-out-of-scope");
    assert_eq!(finding(&r, "DTAC-SKIP-C1-SCOPE").outcome, Outcome::Fired);
    assert_eq!(
        finding(&r, "DCB0129-APP-01").outcome,
        Outcome::Pass,
        "C1.2.1"
    );
    assert!(
        r.decision("dcb0129")
            .is_some_and(|d| d.status == Status::NotApplicable || d.status == Status::Met)
    );
    assert_eq!(part(&r, "C1"), Status::Met);
}

#[test]
fn a_v1_form_dated_after_the_transition_is_the_wrong_form() {
    let r = check("v1-form-after-transition");
    let d = r.decision("dtac").expect("a DTAC decision");
    assert_eq!(d.status, Status::NotMet);
    assert_eq!(d.words, "wrong form: resubmit on v2.0");
    assert_eq!(d.form_version.as_deref(), Some("1.0"));
    // No question of the retired form is assessed; the other standards still are.
    let assessed: Vec<&str> = r
        .findings
        .iter()
        .filter(|f| f.decision == "dtac" && !matches!(f.outcome, Outcome::NotApplicable))
        .map(|f| f.rule)
        .filter(|id| !id.starts_with("DTAC-FORM"))
        .filter(|id| {
            r.findings
                .iter()
                .find(|f| f.rule == *id)
                .is_some_and(|f| f.refs.iter().any(|x| x.starts_with("DTAC 1.0")))
        })
        .collect();
    assert!(
        assessed.is_empty(),
        "assessed on the retired form: {assessed:?}"
    );
    assert!(
        r.decision("dcb0129")
            .is_some_and(|d| d.status == Status::Met)
    );
    assert!(r.decision("dpia").is_some_and(|d| d.status == Status::Met));
}

#[test]
fn v1_forms_made_before_the_transition_are_assessed_on_v1_questions() {
    let r = check("complete-exemplar");
    let d = r.decision("dtac").expect("a DTAC decision");
    assert_eq!(d.form_version.as_deref(), Some("1.0"));
    assert_eq!(d.status, Status::Met);
    assert_eq!(
        finding(&r, "DTAC-C3-04").outcome,
        Outcome::Pass,
        "1.0 C3.4 is asked"
    );
    let f = finding(&r, "DTAC-C3.5.1");
    assert_eq!(f.outcome, Outcome::NotApplicable);
    assert!(f.message.starts_with("not asked"), "{}", f.message);
}
