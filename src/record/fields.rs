//! Which dated fields of the submission schema are evidence, and how each one lapses. Every
//! `format: date` field of `schemas/submission.schema.json` is either named here, is a date of
//! the shared evidence-document shape (issued, or expected while in progress), or is listed in
//! [`EXCLUDED`] as a date that is not evidence; a test keeps it so.

/// How an evidence date turns into the day the evidence lapses or falls due.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lapse {
    /// The date is itself the expiry or next review (a certificate's expiry, the ICO fee).
    Itself,
    /// Valid for 12 months from the date (a penetration test, Cyber Essentials).
    TwelveMonths,
    /// Like [`Lapse::TwelveMonths`], unless the sibling field `expiry_date` is given (it wins).
    TwelveMonthsUnlessExpiry,
    /// The DSPT year: a published assessment stands until the next 30 June deadline.
    DsptYear,
    /// The last review plus the sibling `review_interval_months` (DCB0129 2.6.1).
    ReviewInterval,
    /// A dated record with no lapse fixed by the standard.
    None,
}

/// What a dated field is, for the register.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    /// The schema path, with `[]` for array items.
    pub path: &'static str,
    pub label: &'static str,
    pub lapse: Lapse,
    /// Where the lapse comes from, said in the register.
    pub basis: &'static str,
}

const fn f(path: &'static str, label: &'static str, lapse: Lapse, basis: &'static str) -> Field {
    Field {
        path,
        label,
        lapse,
        basis,
    }
}

/// The dated fields named one by one (the others are evidence documents or excluded).
#[rustfmt::skip]
pub const FIELDS: &[Field] = &[
    f("technical_security.penetration_test.date", "External penetration test", Lapse::TwelveMonths, "DTAC C3: a test within the previous 12 months"),
    f("technical_security.cyber_essentials.issue_date", "Cyber Essentials issued", Lapse::TwelveMonthsUnlessExpiry, "Cyber Essentials certificates are valid 12 months (IASME)"),
    f("technical_security.cyber_essentials.expiry_date", "Cyber Essentials certificate", Lapse::Itself, "the certificate's expiry date"),
    f("technical_security.cyber_security_charter.date", "Cyber Security Charter signed", Lapse::None, ""),
    f("technical_security.code_review.date", "Code review", Lapse::None, ""),
    f("technical_security.load_testing.date", "Load test", Lapse::None, ""),
    f("data_protection.dspt.published_date", "DSPT assessment published", Lapse::DsptYear, "the DSPT year ends on the 30 June deadline"),
    f("data_protection.ico.expiry_date", "ICO registration", Lapse::Itself, "the ICO fee is annual; the register shows the expiry"),
    f("data_protection.dpia.date_completed", "DPIA completed", Lapse::None, ""),
    f("data_protection.dpia.sign_off_date", "DPIA signed off", Lapse::None, ""),
    f("data_protection.dpia.next_review_date", "DPIA review", Lapse::Itself, "the DPIA's own review date (UK GDPR Art 35(11))"),
    f("data_protection.ico_prior_consultation.date", "ICO prior consultation submitted", Lapse::None, ""),
    f("data_protection.ico_prior_consultation.advice_date", "ICO prior consultation advice", Lapse::None, ""),
    f("product.medical_device.conformity_certificate.date", "Conformity certificate issued", Lapse::None, ""),
    f("product.medical_device.conformity_certificate.expiry_date", "Conformity certificate", Lapse::Itself, "the certificate's expiry date"),
    f("product.third_party_components[].conformity_certificate.date", "Component conformity certificate issued", Lapse::None, ""),
    f("product.third_party_components[].conformity_certificate.expiry_date", "Component conformity certificate", Lapse::Itself, "the certificate's expiry date"),
    f("company.cqc.last_assessment_date", "CQC assessment", Lapse::None, ""),
    f("clinical_safety.crm_system.last_review_date", "Clinical risk management system review", Lapse::ReviewInterval, "the last review plus the planned review interval (DCB0129 2.6.1)"),
    f("clinical_safety.crm_plan.approval_date", "CRM plan approved", Lapse::None, ""),
    f("clinical_safety.cso.training.date", "CSO training completed", Lapse::None, ""),
    f("clinical_safety.hazard_log.approval_date", "Hazard log approved", Lapse::None, ""),
    f("clinical_safety.safety_case_report.date", "Clinical safety case report issued", Lapse::None, ""),
    f("clinical_safety.safety_case_report.approval_date", "Clinical safety case report approved", Lapse::None, ""),
    f("deployment.cso.training.date", "Deployment CSO training completed", Lapse::None, ""),
    f("deployment.crm_plan.approval_date", "Deployment CRM plan approved", Lapse::None, ""),
    f("deployment.local_hazard_log.approval_date", "Local hazard log approved", Lapse::None, ""),
    f("deployment.safety_case_report.date", "Deployment safety case report issued", Lapse::None, ""),
    f("deployment.safety_case_report.approval_date", "Deployment safety case report approved", Lapse::None, ""),
    f("deployment.supplier_evidence_reviewed.review_date", "Supplier DCB0129 evidence reviewed", Lapse::None, ""),
    f("atrs.metadata.date_published", "ATRS record published", Lapse::None, ""),
    f("atrs.tier2.impact_assessments[].date_completed", "ATRS impact assessment completed", Lapse::None, ""),
];

/// Dated fields that are not evidence with a life of its own: when the submission was made,
/// events (incidents, going live, starting processing).
pub const EXCLUDED: &[&str] = &[
    "submission.submitted",
    "clinical_safety.incident_log.incidents[].date",
    "deployment.go_live_date",
    "data_protection.processing_start_date",
    // When the DPIA was first completed: judged against the start of processing, never lapses.
    "data_protection.dpia.first_completed_date",
    // The CSO's approval of a hazard's benefit–risk analysis: a sign-off, not evidence that lapses
    // (the hazard log's own review is what falls due).
    "clinical_safety.hazard_log.hazards[].benefit_risk.approval_date",
    "deployment.local_hazard_log.hazards[].benefit_risk.approval_date",
];

/// The named field at this schema path, if it is one.
pub fn field(path: &str) -> Option<&'static Field> {
    FIELDS.iter().find(|f| f.path == path)
}
