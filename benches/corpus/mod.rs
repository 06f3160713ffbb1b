//! A seeded generator of realistic submissions for benchmarks and batch tests. Each one is a
//! complete manufacturer's submission covering every section (company, product with third
//! parties, DCB0129 clinical safety with a hazard log of 20–28 hazards, data protection with a
//! DPIA, DPIA trigger facts, technical security, interoperability, usability and accessibility,
//! ATRS, and for a quarter of them a deploying trust's DCB0160 section), 23–31 KB (mean 26 KB) as
//! one JSON line. Names, dates, risk scores and a mix of gaps (a stale penetration test, no MFA,
//! WCAG level A, an unacceptable residual risk, a miscalculated risk, an in-scope ATRS record
//! with fields missing, AI use that fires DPIA triggers, …) vary with a seeded RNG, so the same
//! seed always gives the same corpus and the rules see a realistic spread of outcomes.
// Shared by the benches and tests/batch.rs; each uses part of it.
#![allow(dead_code)]

use jiff::ToSpan;
use jiff::civil::{Date, date};
use serde_json::{Value, json};
use std::io::Write;

/// The as-of date the corpus's dates are chosen around.
pub const AS_OF: Date = date(2026, 11, 1);

/// SplitMix64: tiny, seedable and good enough to vary test data.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `lo..=hi`.
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next() % (hi - lo + 1)
    }

    /// True with probability `percent` / 100.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[(self.next() % items.len() as u64) as usize]
    }
}

/// The `index`-th submission of the corpus seeded with `seed`.
pub fn submission(seed: u64, index: usize) -> Value {
    let mut rng = Rng::new(seed ^ (index as u64).wrapping_mul(0xD1B5_4A32_D192_ED03));
    let who = Who::new(&mut rng, index);
    let hazards: Vec<Value> = (0..rng.range(20, 28))
        .map(|i| hazard(&mut rng, &who, i as usize))
        .collect();
    let mut v = json!({
        "schema_version": "1",
        "submission": {
            "id": who.id,
            "submitted": days_ago(rng.range(2, 30)),
            "dtac_version": "2.0",
            "role": "manufacturer",
            "contact": contact(&who),
        },
        "company": company(&who),
        "product": product(&who),
        "clinical_safety": clinical_safety(&mut rng, &who, hazards),
        "data_protection": data_protection(&mut rng, &who),
        "processing": processing(&mut rng),
        "technical_security": technical_security(&mut rng, &who),
        "interoperability": interoperability(&who),
        "usability_accessibility": usability(&who),
        "atrs": { "in_scope": false, "public_sector_body": false, "significant_influence_on_decisions": false, "interacts_with_public": true },
    });
    if rng.chance(25) {
        v["submission"]["role"] = json!("manufacturer_and_deployer");
        v["deployment"] = deployment(&mut rng, &who);
    }
    dtac_2_0(&mut v);
    gaps(&mut rng, &mut v);
    v
}

/// The answers only the DTAC 2.0 form asks, and the transcribed documents (the hazard log and
/// the DPIA are given in full).
fn dtac_2_0(v: &mut Value) {
    let mut put = |pointer: &str, key: &str, value: Value| {
        if let Some(Value::Object(m)) = v.pointer_mut(pointer) {
            m.insert(key.to_owned(), value);
        }
    };
    put(
        "/product",
        "product_type",
        json!("standalone_or_mobile_app"),
    );
    put(
        "/product",
        "intended_use_categories",
        json!(["patient_care_or_support"]),
    );
    put("/product/medical_device", "standalone", json!(false));
    put(
        "/clinical_safety/hazard_log/document",
        "transcribed",
        json!(true),
    );
    put("/data_protection/dpia/document", "transcribed", json!(true));
    put("/data_protection/dspt", "confirmation", json!("confirmed"));
    put(
        "/data_protection",
        "privacy_notice",
        json!({ "status": "provided", "title": "Privacy notice" }),
    );
    put(
        "/technical_security",
        "cyber_security_charter",
        json!({ "signed": false }),
    );
    put(
        "/technical_security/penetration_test",
        "open_findings_cvss_7_or_above",
        json!(0),
    );
    put(
        "/technical_security",
        "software_security_code_of_practice",
        json!("confirmed"),
    );
    put("/technical_security", "mfa_plan", json!(true));
    put(
        "/technical_security",
        "supplier_privileged_mfa",
        json!("yes"),
    );
    put(
        "/interoperability",
        "standards_justification",
        json!("FHIR UK Core is what provider EPRs expose."),
    );
    put("/interoperability", "open_api", json!("confirmed"));
    put("/interoperability", "patient_identity", json!(true));
    put("/interoperability/nhs_number", "pds", json!(true));
    put("/interoperability", "nhs_login", json!("yes"));
    put("/interoperability", "dapb3051", json!("not_applicable"));
    put(
        "/usability_accessibility",
        "accessible_information_standard",
        json!("confirmed"),
    );
    put("/usability_accessibility", "web_or_mobile_app", json!(true));
}

/// `n` submissions as JSON Lines.
pub fn write_jsonl(out: &mut dyn Write, seed: u64, n: usize) -> std::io::Result<()> {
    for i in 0..n {
        serde_json::to_writer(&mut *out, &submission(seed, i))?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

/// `n` submissions, each as compact JSON text.
pub fn texts(seed: u64, n: usize) -> Vec<String> {
    (0..n).map(|i| submission(seed, i).to_string()).collect()
}

/// Who the submission is from, and what about.
struct Who {
    id: String,
    supplier: String,
    product: String,
    domain: String,
    ceo: String,
    cso: String,
    version: String,
}

const SUPPLIERS: &[&str] = &[
    "Kinetiq",
    "Meridian",
    "Larkspur",
    "Northwind",
    "Calder",
    "Brightwell",
    "Harbour",
    "Juniper",
    "Kestrel",
    "Lumen",
    "Marlow",
    "Oakridge",
];
const PRODUCTS: &[&str] = &[
    "PhysioPath",
    "CareFlow",
    "TriageNow",
    "WoundWatch",
    "BreatheWell",
    "MedsMinder",
    "ObsTrack",
    "RehabHub",
    "SleepSense",
    "HeartLink",
];
const PEOPLE: &[&str] = &[
    "Oliver Brennan",
    "Eilidh MacLeod",
    "Priya Raman",
    "Tomasz Nowak",
    "Aisha Bello",
    "Gareth Lloyd",
    "Siobhan Kelly",
    "Daniel Osei",
    "Hannah Whitfield",
    "Ravi Patel",
];

impl Who {
    fn new(rng: &mut Rng, index: usize) -> Self {
        let supplier = format!("{} Health {} Ltd", rng.pick(SUPPLIERS), index);
        let slug = supplier
            .split(' ')
            .next()
            .unwrap_or("supplier")
            .to_lowercase();
        Self {
            id: format!("SUP-2026-{index:06}"),
            domain: format!("{slug}{index}.health"),
            product: format!("{} {}", rng.pick(PRODUCTS), rng.range(1, 9)),
            ceo: (*rng.pick(PEOPLE)).to_owned(),
            cso: (*rng.pick(PEOPLE)).to_owned(),
            version: format!(
                "{}.{}.{}",
                rng.range(1, 9),
                rng.range(0, 9),
                rng.range(0, 20)
            ),
            supplier,
        }
    }

    fn url(&self, doc: &str) -> String {
        format!("https://assurance.{}/{doc}.pdf", self.domain)
    }
}

fn days_ago(days: u64) -> String {
    (AS_OF - (days as i64).days()).to_string()
}

fn doc(who: &Who, title: &str, file: &str, date: &str) -> Value {
    json!({ "provided": true, "title": format!("{title} – {}", who.product), "url": who.url(file), "date": date, "version": "2.1" })
}

fn contact(who: &Who) -> Value {
    json!({ "name": who.ceo, "job_title": "Chief Executive", "email": format!("ceo@{}", who.domain), "phone": "020 7946 0321" })
}

fn company(who: &Who) -> Value {
    json!({
        "legal_name": who.supplier,
        "trading_name": who.supplier.trim_end_matches(" Ltd"),
        "companies_house_number": "10458213",
        "country_of_registration": "England and Wales",
        "registered_address": "3rd Floor, 40 Bermondsey Street, London, SE1 3UD",
        "contact": contact(who),
        "cqc": {
            "registered": true,
            "provider_id": "1-10482765532",
            "last_assessment_date": "2025-03-18",
            "report": doc(who, "CQC assessment report", "cqc-report", "2025-05-02"),
        },
    })
}

fn product(who: &Who) -> Value {
    let third_party = |name: &str, supplier: &str, purpose: &str, file: &str| {
        json!({
            "name": name, "supplier": supplier, "purpose": purpose, "clinical_risk_assessed": true,
            "crm_documentation": doc(who, &format!("{name} clinical safety assessment"), file, "2026-03-20"),
        })
    };
    json!({
        "name": who.product,
        "version": who.version,
        "type": "Mobile app (iOS, Android) for patients and web dashboard for clinicians",
        "intended_use": "Supports adults with long-term conditions to follow a care plan prescribed by their NHS clinician, and lets the clinician monitor symptoms and adherence remotely. Not for children or for acute presentations that have not been assessed.",
        "description": "Clinicians prescribe plans from a library of content. Patients follow them in the app, record symptom scores and answer a red-flag check-in; clinicians review progress and alerts on a dashboard and adjust the plan.",
        "target_users": ["patients", "clinical_support"],
        "benefits": {
            "description": "Better adherence, fewer face-to-face follow-ups, shorter waits, outcomes measured for every patient.",
            "validated": true,
            "validation_method": "Pragmatic randomised evaluation with two community services (2024–25, 612 patients); NICE evidence standards framework tier C evidence submitted.",
        },
        "user_journeys": doc(who, "User journeys", "user-journeys", "2026-05-11"),
        "data_flows": doc(who, "Data flows and data inventory", "data-flows", "2026-05-11"),
        "clinical_function": true,
        "medical_device": {
            "in_scope_uk_mdr": true,
            "classification_rationale": "Software intended to support treatment of long-term conditions; no measuring function; Class I general medical device under UK MDR 2002, self-declared.",
            "class": "class_i",
            "mhra_registered": true,
            "mhra_registration_number": "2022091405512297",
            "declaration_of_conformity": doc(who, "UK Declaration of Conformity", "doc", "2026-04-02"),
            "conformity_marks": ["ukca"],
            "paq_completed": true,
            "paq": doc(who, "Medical devices Pre-Acquisition Questionnaire", "paq", "2026-06-08"),
        },
        "ai": { "uses_ai": false },
        "uses_third_party_products": true,
        "third_party_components": [
            third_party("NHS login", "NHS England", "Patient sign-in and verified NHS number.", "tp-nhs-login"),
            third_party("GOV.UK Notify", "Government Digital Service", "Reminders by SMS and email.", "tp-notify"),
        ],
    })
}

const HAZARDS: &[(&str, &str, &str, &str)] = &[
    (
        "Plan progressed too quickly",
        "Template not matched to the clinical protocol",
        "Patient does activity that is unsafe for them.",
        "Considerable harm: injury needing further treatment.",
    ),
    (
        "Red-flag symptoms not recognised",
        "Symptom reported only as free text",
        "Serious condition not assessed promptly.",
        "Major harm to one patient.",
    ),
    (
        "Content shows the wrong instructions",
        "Content library mis-tagged",
        "Patient follows the wrong instructions.",
        "Significant harm: minor injury.",
    ),
    (
        "Clinician misses an alert",
        "Alerts go to a clinician who is on leave",
        "Problem not reviewed.",
        "Significant harm to one patient.",
    ),
    (
        "Plan assigned to the wrong patient",
        "Patients with the same name",
        "Patient receives an unsuitable plan.",
        "Considerable harm to one patient.",
    ),
    (
        "App unavailable",
        "Hosting outage",
        "Patient cannot follow the plan.",
        "Minor harm: delayed progress.",
    ),
    (
        "Medication reminder not delivered",
        "Notification permissions revoked",
        "Dose missed.",
        "Significant harm to one patient.",
    ),
    (
        "Symptom score mis-recorded",
        "Slider defaults to zero",
        "Deterioration not visible to the clinician.",
        "Considerable harm to one patient.",
    ),
    (
        "Data shown for another organisation",
        "Tenant misconfiguration",
        "Clinician acts on another patient's data.",
        "Major harm to one patient.",
    ),
    (
        "Out-of-date plan shown offline",
        "Cached plan not refreshed",
        "Patient follows a withdrawn plan.",
        "Significant harm to one patient.",
    ),
];

/// The default NHS risk matrix (`rows[likelihood-1][severity-1]`).
const MATRIX: [[u64; 5]; 5] = [
    [1, 1, 2, 2, 3],
    [1, 2, 2, 3, 4],
    [2, 2, 3, 3, 4],
    [2, 3, 3, 4, 5],
    [3, 4, 4, 5, 5],
];

fn risk(likelihood: u64, severity: u64) -> Value {
    json!({ "likelihood": likelihood, "severity": severity, "risk": MATRIX[likelihood as usize - 1][severity as usize - 1] })
}

fn hazard(rng: &mut Rng, who: &Who, i: usize) -> Value {
    let (title, cause, effect, harm) = HAZARDS[i % HAZARDS.len()];
    let (l, s) = (rng.range(2, 4), rng.range(1, 4));
    json!({
        "id": format!("HZ-{:02}", i + 1),
        "title": title,
        "causes": [cause],
        "effect": effect,
        "hazard": "Delayed or inappropriate care.",
        "harm": harm,
        "initial": risk(l, s),
        "controls": [{ "description": "Design control, verified.", "type": "design", "implemented_by": "manufacturer", "verified": true }],
        "residual": risk(1, s),
        "status": "closed",
        "owner": who.cso,
    })
}

fn clinical_safety(rng: &mut Rng, who: &Who, hazards: Vec<Value>) -> Value {
    let log_date = days_ago(rng.range(30, 120));
    json!({
        "dcb0129_applies": true,
        "crm_system": {
            "documented": true,
            "document": doc(who, "Clinical Risk Management System", "crms", "2026-01-27"),
            "last_review_date": "2026-01-27",
            "review_interval_months": 12,
        },
        "crm_file": { "maintained": true, "location": "Git repository (protected main branch) with signed PDF releases" },
        "crm_plan": {
            "document": doc(who, "Clinical Risk Management Plan", "crmp", "2026-02-03"),
            "approved_by_cso": true,
            "approval_date": "2026-02-03",
            "acceptability_criteria": "Risk 1 acceptable; 2 acceptable where further reduction is impractical; 3 and above not acceptable for release without CSO-approved ALARP rationale. NHS default matrix.",
            "lifecycle_phases": ["development", "release", "post-market surveillance", "change", "decommissioning"],
        },
        "cso": {
            "name": who.cso,
            "email": format!("clinical.safety@{}", who.domain),
            "profession": "allied_health_professional",
            "registration_body": "hcpc",
            "registration_number": "PH112358",
            "registration_current": true,
            "training": {
                "completed": true,
                "course": "NHS England Clinical Safety Officer training (DCB0129/DCB0160)",
                "date": "2024-02-21",
                "certificate": { "provided": true, "title": "CSO training certificate", "url": who.url("cso-certificate"), "date": "2024-02-21" },
            },
            "outsourced": false,
            "organisation": who.supplier,
        },
        "hazard_log": {
            "version": "4.0",
            "document": doc(who, "Hazard Log", "hazard-log", &log_date),
            "approved_by_cso": true,
            "approval_date": log_date,
            "issued_with_cscr": true,
            "hazards": hazards,
        },
        "safety_case_report": {
            "version": "4.0",
            "date": log_date,
            "document": doc(who, "Clinical Safety Case Report", "cscr", &log_date),
            "approved_by_cso": true,
            "approval_date": log_date,
            "product_version_covered": who.version,
            "hazard_log_version": "4.0",
            "third_party_assessment_included": true,
            "pre_delivery_review_completed": true,
            "release_configuration_recorded": true,
            "made_available_to_receiving_organisation": true,
        },
        "incident_log": {
            "maintained": true,
            "process_documented": true,
            "incidents": [{
                "id": "INC-017", "date": "2026-02-09", "status": "closed", "safety_case_impact_assessed": true,
                "description": "A clinician reported that a video showed an exercise beyond the post-operative limit.",
                "corrective_action": "Content replaced and re-reviewed; controls strengthened; CSCR addendum.",
            }],
        },
        "modifications": { "change_process_documented": true, "version_audit_trail": true },
        "competency_records_kept": true,
        "mdt_hazard_analysis": true,
    })
}

fn data_protection(rng: &mut Rng, who: &Who) -> Value {
    let dpia_date = days_ago(rng.range(60, 300));
    let risk = |id: &str, d: &str, l: &str, s: &str, o: &str| json!({ "id": id, "description": d, "likelihood": l, "severity": s, "overall": o });
    let measure = |id: &str, m: &str| json!({ "risk_id": id, "measure": m, "effect": "reduced", "residual_risk": "low", "approved": true });
    json!({
        "processes_personal_data": true,
        "accesses_patient_data": true,
        "ico": { "registered": true, "registration_number": "ZA603317", "expiry_date": "2027-06-30", "exempt": false },
        "dpo": { "status": "appointed", "name": "Catherine Oduya", "email": format!("dpo@{}", who.domain) },
        "dspt": { "status": "standards_exceeded", "ods_or_dspt_code": "8HQ62", "year": "2025-26", "published_date": "2026-06-15" },
        "dpia": {
            "completed": true,
            "date_completed": dpia_date,
            "url": who.url("dpia"),
            "document": doc(who, "Data Protection Impact Assessment", "dpia", &dpia_date),
            "description": {
                "nature": "Patients' identity (via NHS login), contact details, condition, plan, symptom scores and adherence are collected in the app, stored in a UK cloud tenancy and shown to their clinician.",
                "scope": "About 85,000 patients a year across England; health data; retained 8 years after discharge.",
                "context": "Patients are referred by their NHS clinician and expect the data to be used for their care only.",
                "purposes": ["Deliver and monitor a prescribed care plan", "Measure outcomes for the treating service"],
                "lawful_basis_art6": "public_task",
                "condition_art9": "health_or_social_care",
            },
            "necessity_proportionality": "Remote care needs the plan, scores and adherence to be shared with the clinician; no other data is collected.",
            "data_minimisation": "No location, no camera; analytics are aggregated and pseudonymised.",
            "retention_period": "8 years after discharge, then deleted; analytics kept 2 years.",
            "international_transfers": "None; all data stored and processed in the UK.",
            "risks": [
                risk("R1", "Unauthorised access to patients' health data.", "possible", "significant", "medium"),
                risk("R2", "Patients do not understand who sees their scores.", "possible", "minimal", "low"),
                risk("R3", "Data kept longer than necessary.", "remote", "significant", "low"),
            ],
            "measures": [
                measure("R1", "Encryption at rest and in transit; NHS login; MFA and role-based access for staff."),
                measure("R2", "Onboarding screen and privacy notice explain who sees scores."),
                measure("R3", "Automated deletion job with quarterly audit."),
            ],
            "dpo_advice": "Proceed. Review when any AI feature is introduced.",
            "dpo_advice_followed": true,
            "consulted_data_subjects": true,
            "signed_off_by": "Catherine Oduya",
            "sign_off_date": dpia_date,
            "next_review_date": "2027-03-27",
            "residual_risk_max": "low",
        },
        "ico_prior_consultation": { "status": "not_required" },
        "processing_start_date": "2022-10-01",
        "policies_signed_off": true,
        "terms_and_conditions": doc(who, "Terms of use and privacy notice", "legal", "2026-04-01"),
        "storage": { "location": "uk_only", "countries": ["United Kingdom"] },
    })
}

fn processing(rng: &mut Rng) -> Value {
    json!({
        "processes_personal_data": true,
        "data_categories": ["identifiers", "contact", "health", "online_identifiers"],
        "processes_special_category_data": true,
        "processes_criminal_offence_data": false,
        "biometric_for_unique_identification": false,
        "genetic_context": "none",
        "scale": *rng.pick(&["local", "regional", "national"]),
        "data_subject_count": rng.range(500, 200_000),
        "retention_period": "P8Y",
        "data_subject_groups": ["patients", "clinicians"],
        "likely_to_be_accessed_by_children": false,
        "offers_online_service_directly_to_children": false,
        "uses_subject_data_for": ["care"],
        "profiling": false,
        "evaluation_or_scoring": false,
        "evaluation_is_systematic_and_extensive": false,
        "automated_decision_making": "none",
        "decision_effect": "none",
        "decides_access_to_service_or_benefit": false,
        "systematic_monitoring": false,
        "monitors_publicly_accessible_area": false,
        "tracks_location": false,
        "tracks_behaviour": false,
        "uses_innovative_technology": false,
        "uses_ai": false,
        "combines_datasets_from_multiple_sources": false,
        "data_obtained_indirectly": false,
        "privacy_notice_given_to_individual": true,
        "relies_on_art14_exemption": false,
        "breach_could_endanger_physical_safety": false,
        "prevents_exercise_of_rights_or_service_access": false,
    })
}

fn technical_security(rng: &mut Rng, who: &Who) -> Value {
    let ce = AS_OF - (rng.range(20, 300) as i64).days();
    let pen = days_ago(rng.range(20, 300));
    json!({
        "cyber_essentials": {
            "certified": true,
            "level": "cyber_essentials_plus",
            "certificate_number": "IASME-CEP-044102",
            "issue_date": ce.to_string(),
            "expiry_date": (ce + 1.year()).to_string(),
            "certificate": { "provided": true, "title": "Cyber Essentials Plus certificate", "url": who.url("ce-plus"), "date": ce.to_string() },
        },
        "penetration_test": {
            "date": pen,
            "external": true,
            "owasp_top_10": true,
            "scope": "Patient apps (iOS, Android), clinician dashboard, public API, cloud configuration review.",
            "tester": "Thamesgate Security Ltd (CREST, CHECK)",
            "summary_report": doc(who, "External penetration test summary", "pentest", &pen),
            "critical_findings_open": 0,
        },
        "code_review": { "status": "external", "date": "2026-08-04" },
        "mfa_privileged_accounts": true,
        "logging_requirements_defined": true,
        "audit_logging": true,
        "load_testing": { "performed": true, "date": "2026-08-19" },
    })
}

fn interoperability(who: &Who) -> Value {
    json!({
        "exposes_apis": true,
        "apis": [{
            "name": format!("{} Outcomes API", who.product),
            "standard": "HL7 FHIR R4 (UK Core): Patient, CarePlan, Observation, QuestionnaireResponse",
            "documented": true,
            "publicly_available": true,
            "url": format!("https://developer.{}/fhir", who.domain),
        }],
        "standards_used": ["HL7 FHIR R4 (UK Core)", "SNOMED CT"],
        "gds_open_api_practice": true,
        "third_party_access_reasonable": true,
        "nhs_number": { "used": "yes", "nhs_login": true },
        "ehr": { "reads_writes": "yes", "standard": "HL7 FHIR R4 over TLS 1.2 with OAuth 2.0 to provider EPRs" },
        "wearable": { "is_or_integrates": false },
    })
}

fn usability(who: &Who) -> Value {
    json!({
        "user_engagement": "yes",
        "user_needs_methods": "Continuous discovery: monthly interviews with patients and clinicians, in-app feedback reviewed weekly, annual accessibility testing with disabled users.",
        "user_journeys_mapped": "yes",
        "user_journeys_mapped_evidence": doc(who, "User journeys and pathway fit", "user-journeys", "2026-05-11"),
        "user_acceptance_testing": "yes",
        "user_acceptance_testing_evidence": doc(who, "UAT and usability report", "uat", "2026-09-03"),
        "wcag": { "version": "2.2", "level": "AA", "compliant": "yes" },
        "accessibility_statement_url": format!("https://www.{}/accessibility", who.domain),
        "multidisciplinary_team": "yes",
        "agile": "yes",
        "continuous_development": "yes",
        "benefits_case": "yes",
        "cloud_first": "yes",
        "internet_first": "yes",
        "common_components": "yes",
        "common_components_used": ["NHS login", "GOV.UK Notify", "NHS.UK frontend"],
        "sla_offered": true,
        "performance_reporting": true,
        "performance_report": { "provided": true, "title": "Monthly customer service report (sample)", "url": who.url("service-report"), "date": "2026-10-04" },
        "availability_percent": 99.96,
    })
}

fn deployment(rng: &mut Rng, who: &Who) -> Value {
    let hazards: Vec<Value> = (0..rng.range(2, 3))
        .map(|i| hazard(rng, who, i as usize + 3))
        .collect();
    json!({
        "organisation_name": "Northfleet Royal Hospitals NHS Trust",
        "ods_code": "R4Z",
        "product_version_deployed": who.version,
        "cso": {
            "name": "Dr Samuel Adeyemi", "email": "samuel.adeyemi@northfleetroyal.nhs.uk", "profession": "doctor",
            "registration_body": "gmc", "registration_number": "7362158", "registration_current": true,
            "training": { "completed": true, "course": "NHS England Clinical Safety Officer training (DCB0129/DCB0160)", "date": "2025-01-14" },
            "outsourced": false, "organisation": "Northfleet Royal Hospitals NHS Trust",
        },
        "crm_plan": {
            "document": doc(who, "CRM Plan (deployment)", "deploy-crmp", "2026-05-06"),
            "approved_by_cso": true,
            "approval_date": "2026-05-06",
            "acceptability_criteria": "Risk 1–2 acceptable; 3 with a CSO-approved rationale; 4–5 reduced before go-live. NHS default matrix.",
            "lifecycle_phases": ["pilot", "roll-out", "decommissioning of paper records"],
        },
        "local_hazard_log": {
            "version": "1.0",
            "document": doc(who, "Local Hazard Log", "local-hazard-log", "2026-10-15"),
            "approved_by_cso": true,
            "issued_with_cscr": true,
            "hazards": hazards,
        },
        "safety_case_report": {
            "version": "1.0",
            "date": "2026-10-19",
            "document": doc(who, "Deployment Clinical Safety Case Report", "deploy-cscr", "2026-10-19"),
            "approved_by_cso": true,
            "approval_date": "2026-10-20",
        },
        "supplier_dcb0129_verified": true,
        "supplier_evidence_reviewed": { "cscr_reviewed": true, "hazard_log_reviewed": true, "review_date": "2026-09-02", "reviewer": "Lucy Harrington" },
        "incident_management_process": true,
        "go_live_date": "2026-11-16",
        "training_plan": true,
        "decommissioning_plan": true,
    })
}

/// Gives the submission some of the gaps real ones have, each with its own chance.
fn gaps(rng: &mut Rng, v: &mut Value) {
    let set = |v: &mut Value, pointer: &str, to: Value| {
        if let Some(slot) = v.pointer_mut(pointer) {
            *slot = to;
        }
    };
    if rng.chance(15) {
        set(
            v,
            "/technical_security/penetration_test/date",
            json!(days_ago(rng.range(400, 700))),
        );
    }
    if rng.chance(10) {
        set(
            v,
            "/technical_security/supplier_privileged_mfa",
            json!("no"),
        );
    }
    if rng.chance(8) {
        set(
            v,
            "/technical_security/penetration_test/open_findings_cvss_7_or_above",
            json!(rng.range(1, 4)),
        );
    }
    if rng.chance(12) {
        set(v, "/usability_accessibility/wcag/level", json!("A"));
    }
    if rng.chance(10) {
        if let Some(u) = v["usability_accessibility"].as_object_mut() {
            u.remove("accessibility_statement_url");
        }
    }
    if rng.chance(10) {
        set(
            v,
            "/clinical_safety/hazard_log/hazards/1/residual",
            json!({ "likelihood": 2, "severity": 5, "risk": 4 }),
        );
    }
    if rng.chance(12) {
        set(
            v,
            "/clinical_safety/hazard_log/hazards/2/initial/risk",
            json!(1),
        );
    }
    if rng.chance(10) {
        set(v, "/clinical_safety/cso/training/completed", json!(false));
    }
    if rng.chance(15) {
        set(v, "/product/ai", json!({ "uses_ai": true }));
        set(v, "/processing/uses_ai", json!(true));
        set(v, "/processing/uses_innovative_technology", json!(true));
        set(v, "/processing/profiling", json!(true));
    }
    if rng.chance(8) {
        set(
            v,
            "/atrs",
            json!({ "in_scope": true, "public_sector_body": true, "significant_influence_on_decisions": true, "interacts_with_public": true }),
        );
    }
}
