//! The one table from DTAC question codes (per form version) to the submission fields that
//! answer them, and how each answer is read. The codes and fields are those the schema's field
//! descriptions and the rules' `refs` cite (`DTAC 2.0 C3.4` → `technical_security.
//! software_security_code_of_practice`); a test checks that every field exists in the schema.

/// How an answer is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    /// Yes / No.
    Bool,
    /// Free text.
    Text,
    /// A document: "Provided (link)", "No evidence", "Not applicable as …", "Working towards".
    Doc,
    /// One of the form's options, by the words people write, to the schema's value.
    Choice(&'static [(&'static str, &'static str)]),
    /// A number (availability, to two decimal places).
    Number,
    /// A Companies House number, or else another organisational reference (DTAC 2.0 A10).
    OrgRef,
}

/// One question: form version, code, the field it fills, how its answer is read.
pub struct Question {
    pub version: &'static str,
    pub code: &'static str,
    pub path: &'static str,
    pub answer: Answer,
}

const fn q(
    version: &'static str,
    code: &'static str,
    path: &'static str,
    answer: Answer,
) -> Question {
    Question {
        version,
        code,
        path,
        answer,
    }
}

const CONFIRM: &[(&str, &str)] = &[
    ("unable to confirm", "unable_to_confirm"),
    ("cannot confirm", "unable_to_confirm"),
    ("confirmed", "confirmed"),
    ("confirm", "confirmed"),
    ("yes", "confirmed"),
];
const CONFIRM_CANNOT: &[(&str, &str)] = &[
    ("unable to confirm", "cannot_confirm"),
    ("cannot confirm", "cannot_confirm"),
    ("confirmed", "confirmed"),
    ("confirm", "confirmed"),
    ("yes", "confirmed"),
];
const DSPT: &[(&str, &str)] = &[
    ("unable to confirm", "unable_to_confirm"),
    ("no access", "no_access"),
    ("confirmed", "confirmed"),
    ("confirm", "confirmed"),
];
const YES_NO_NA: &[(&str, &str)] = &[
    ("not applicable", "not_applicable"),
    ("n a", "not_applicable"),
    ("yes", "yes"),
    ("no", "no"),
];
const MFA: &[(&str, &str)] = &[
    ("not applicable", "not_applicable_no_access"),
    ("n a", "not_applicable_no_access"),
    ("yes", "yes"),
    ("no", "no"),
];
const STORAGE: &[(&str, &str)] = &[
    ("uk only", "uk_only"),
    ("outside the uk", "outside_eu"),
    ("eu", "eu"),
];
const PRODUCT_TYPE: &[(&str, &str)] = &[
    ("standalone", "standalone_or_mobile_app"),
    ("mobile app", "standalone_or_mobile_app"),
    ("wearable", "wearable"),
    ("software as a service", "saas"),
    ("saas", "saas"),
    ("other", "other"),
];
const WCAG: &[(&str, &str)] = &[
    ("working towards", "working_towards"),
    ("plan", "working_towards"),
    ("yes", "yes"),
    ("no", "no"),
];
const YES_NO_WORKING: &[(&str, &str)] = &[
    ("working towards", "working_towards"),
    ("yes", "yes"),
    ("no", "no"),
];

const DPO: &[(&str, &str)] = &[
    ("we do not need one", "not_required"),
    ("not required", "not_required"),
    ("yes", "appointed"),
    ("no", "none"),
];
const STORAGE_V1: &[(&str, &str)] = &[
    ("uk only", "uk_only"),
    ("outside of eu", "outside_eu"),
    ("outside the eu", "outside_eu"),
    ("in eu", "eu"),
    ("eu", "eu"),
];
const CODE_REVIEW: &[(&str, &str)] = &[
    ("yes internal", "internal"),
    ("yes external", "external"),
    ("no because there is no custom code", "no_custom_code"),
    ("no custom code", "no_custom_code"),
    ("no", "none"),
];

use Answer::{Bool, Doc, Number, OrgRef, Text};

/// Every question mapped onto the submission. Questions a form asks that are not here (a
/// contact's phone, say) are reported as not mapped when they appear.
pub const QUESTIONS: &[Question] = &[
    q("2.0", "A1", "company.legal_name", Text),
    q("2.0", "A2", "product.name", Text),
    q("2.0", "A3", "product.version", Text),
    q(
        "2.0",
        "A4",
        "product.product_type",
        Answer::Choice(PRODUCT_TYPE),
    ),
    q("2.0", "A5", "company.contact.name", Text),
    q("2.0", "A6", "company.contact.email", Text),
    q("2.0", "A7", "company.contact.phone", Text),
    q("2.0", "A8", "company.registered_address", Text),
    q("2.0", "A9", "company.country_of_registration", Text),
    q("2.0", "A10", "company.companies_house_number", OrgRef),
    q("2.0", "A12", "company.cqc.report", Doc),
    q("2.0", "B1", "product.intended_use", Text),
    q("2.0", "B2", "product.description", Text),
    q("2.0", "B4", "product.data_flows", Doc),
    q(
        "2.0",
        "C1.1.1",
        "product.medical_device.in_scope_uk_mdr",
        Bool,
    ),
    q("2.0", "C1.1.2", "product.medical_device.standalone", Bool),
    q("2.0", "C1.2", "clinical_safety.dcb0129_applies", Bool),
    q(
        "2.0",
        "C1.2.1",
        "clinical_safety.not_applicable_rationale",
        Text,
    ),
    q(
        "2.0",
        "C1.2.2",
        "clinical_safety.crm_system.documented",
        Bool,
    ),
    q("2.0", "C1.2.3", "clinical_safety.crm_system.document", Doc),
    q(
        "2.0",
        "C1.2.4",
        "clinical_safety.safety_case_report.document",
        Doc,
    ),
    q("2.0", "C1.2.5", "clinical_safety.cso.name", Text),
    q(
        "2.0",
        "C2.1",
        "data_protection.dspt.confirmation",
        Answer::Choice(DSPT),
    ),
    q(
        "2.0",
        "C2.2",
        "data_protection.processes_personal_data",
        Bool,
    ),
    q(
        "2.0",
        "C2.2.1",
        "data_protection.ico.registration_number",
        Text,
    ),
    q("2.0", "C2.2.2", "data_protection.dpia.document", Doc),
    q("2.0", "C2.2.3", "data_protection.privacy_notice", Doc),
    q("2.0", "C2.2.4", "data_protection.terms_and_conditions", Doc),
    q(
        "2.0",
        "C2.2.5",
        "data_protection.storage.location",
        Answer::Choice(STORAGE),
    ),
    q(
        "2.0",
        "C2.2.6",
        "data_protection.storage.transfer_basis",
        Text,
    ),
    q(
        "2.0",
        "C3.1",
        "technical_security.cyber_essentials.certificate",
        Doc,
    ),
    q(
        "2.0",
        "C3.2",
        "technical_security.cyber_security_charter.signed",
        Bool,
    ),
    q(
        "2.0",
        "C3.3",
        "technical_security.penetration_test.summary_report",
        Doc,
    ),
    q(
        "2.0",
        "C3.4",
        "technical_security.software_security_code_of_practice",
        Answer::Choice(CONFIRM),
    ),
    q("2.0", "C3.5", "technical_security.mfa_plan", Bool),
    q(
        "2.0",
        "C3.5.1",
        "technical_security.supplier_privileged_mfa",
        Answer::Choice(MFA),
    ),
    q(
        "2.0",
        "C3.6",
        "technical_security.logging_requirements_defined",
        Bool,
    ),
    q("2.0", "C4.1", "interoperability.exposes_apis", Bool),
    q(
        "2.0",
        "C4.1.1",
        "interoperability.standards_justification",
        Text,
    ),
    q(
        "2.0",
        "C4.1.2",
        "interoperability.open_api",
        Answer::Choice(CONFIRM_CANNOT),
    ),
    q("2.0", "C4.1.3", "interoperability.api_offer_basis", Text),
    q("2.0", "C4.2", "interoperability.patient_identity", Bool),
    q(
        "2.0",
        "C4.2.1",
        "interoperability.nhs_number.used",
        Answer::Choice(YES_NO_NA),
    ),
    q("2.0", "C4.2.2", "interoperability.nhs_number.pds", Bool),
    q(
        "2.0",
        "C4.2.3",
        "interoperability.nhs_number.record_matching",
        Text,
    ),
    q(
        "2.0",
        "C4.2.4",
        "interoperability.nhs_login",
        Answer::Choice(YES_NO_NA),
    ),
    q(
        "2.0",
        "C4.2.5",
        "interoperability.dapb3051",
        Answer::Choice(YES_NO_NA),
    ),
    q("2.0", "C4.2.6", "interoperability.authentication", Text),
    q(
        "2.0",
        "D1.1",
        "usability_accessibility.user_journeys_mapped_evidence",
        Doc,
    ),
    q(
        "2.0",
        "D1.2",
        "usability_accessibility.user_acceptance_testing",
        Answer::Choice(YES_NO_WORKING),
    ),
    q(
        "2.0",
        "D1.3",
        "usability_accessibility.accessible_information_standard",
        Answer::Choice(CONFIRM_CANNOT),
    ),
    q(
        "2.0",
        "D1.4",
        "usability_accessibility.web_or_mobile_app",
        Bool,
    ),
    q(
        "2.0",
        "D1.4.1",
        "usability_accessibility.wcag.compliant",
        Answer::Choice(WCAG),
    ),
    q(
        "2.0",
        "D1.4.2",
        "usability_accessibility.wcag.plan_timescale",
        Text,
    ),
    q(
        "2.0",
        "D1.4.3",
        "usability_accessibility.accessibility_statement_url",
        Text,
    ),
    q(
        "2.0",
        "D1.5",
        "usability_accessibility.availability_percent",
        Number,
    ),
    q("1.0", "A1", "company.legal_name", Text),
    q("1.0", "A2", "product.name", Text),
    q("1.0", "A3", "product.type", Text),
    q("1.0", "A4", "company.contact.name", Text),
    q("1.0", "A5", "company.contact.email", Text),
    q("1.0", "A6", "company.contact.phone", Text),
    q("1.0", "A7", "company.registered_address", Text),
    q("1.0", "A8", "company.country_of_registration", Text),
    q("1.0", "A9", "company.companies_house_number", OrgRef),
    q("1.0", "A11", "company.cqc.report", Doc),
    q("1.0", "B2", "product.description", Text),
    q("1.0", "B3", "product.benefits.description", Text),
    q("1.0", "B4", "product.user_journeys", Doc),
    q("1.0", "C1.1.1", "clinical_safety.crm_system.document", Doc),
    q(
        "1.0",
        "C1.1.2",
        "clinical_safety.safety_case_report.document",
        Doc,
    ),
    q("1.0", "C1.2", "clinical_safety.cso.name", Text),
    q(
        "1.0",
        "C1.3",
        "product.medical_device.mhra_registered",
        Bool,
    ),
    q(
        "1.0",
        "C1.3.1",
        "product.medical_device.mhra_registration_number",
        Text,
    ),
    q(
        "1.0",
        "C1.3.2",
        "product.medical_device.declaration_of_conformity",
        Doc,
    ),
    q("1.0", "C1.4", "product.uses_third_party_products", Bool),
    q(
        "1.0",
        "C2.1",
        "data_protection.ico.registration_number",
        Text,
    ),
    q(
        "1.0",
        "C2.2",
        "data_protection.dpo.status",
        Answer::Choice(DPO),
    ),
    q("1.0", "C2.2.1", "data_protection.dpo.name", Text),
    q("1.0", "C2.3", "data_protection.accesses_patient_data", Bool),
    q(
        "1.0",
        "C2.3.1",
        "data_protection.dspt.confirmation",
        Answer::Choice(CONFIRM),
    ),
    q("1.0", "C2.3.2", "data_protection.dpia.document", Doc),
    q("1.0", "C2.4", "data_protection.policies_signed_off", Bool),
    q(
        "1.0",
        "C2.5",
        "data_protection.storage.location",
        Answer::Choice(STORAGE_V1),
    ),
    q(
        "1.0",
        "C2.5.1",
        "data_protection.storage.transfer_basis",
        Text,
    ),
    q(
        "1.0",
        "C3.1",
        "technical_security.cyber_essentials.certificate",
        Doc,
    ),
    q(
        "1.0",
        "C3.2",
        "technical_security.penetration_test.summary_report",
        Doc,
    ),
    q(
        "1.0",
        "C3.3",
        "technical_security.code_review.status",
        Answer::Choice(CODE_REVIEW),
    ),
    q(
        "1.0",
        "C3.4",
        "technical_security.mfa_privileged_accounts",
        Bool,
    ),
    q(
        "1.0",
        "C3.5",
        "technical_security.logging_requirements_defined",
        Bool,
    ),
    q(
        "1.0",
        "C3.6",
        "technical_security.load_testing.performed",
        Bool,
    ),
    q("1.0", "C4.1", "interoperability.exposes_apis", Bool),
    q("1.0", "C4.1.1", "interoperability.no_api_rationale", Text),
    q(
        "1.0",
        "C4.2",
        "interoperability.nhs_number.used",
        Answer::Choice(YES_NO_NA),
    ),
    q(
        "1.0",
        "C4.2.1",
        "interoperability.nhs_number.rationale",
        Text,
    ),
    q(
        "1.0",
        "C4.3",
        "interoperability.ehr.reads_writes",
        Answer::Choice(YES_NO_NA),
    ),
    q("1.0", "C4.3.1", "interoperability.ehr.standard", Text),
    q("1.0", "C4.3.2", "interoperability.ehr.rationale", Text),
    q(
        "1.0",
        "C4.4",
        "interoperability.wearable.is_or_integrates",
        Bool,
    ),
    q("1.0", "C4.4.1", "interoperability.wearable.evidence", Doc),
    q(
        "1.0",
        "D1.1",
        "usability_accessibility.user_engagement",
        Answer::Choice(YES_NO_WORKING),
    ),
    q(
        "1.0",
        "D1.1.1",
        "usability_accessibility.user_needs_methods",
        Text,
    ),
    q(
        "1.0",
        "D1.2",
        "usability_accessibility.user_journeys_mapped",
        Answer::Choice(YES_NO_WORKING),
    ),
    q(
        "1.0",
        "D1.2.1",
        "usability_accessibility.user_journeys_mapped_evidence",
        Doc,
    ),
    q(
        "1.0",
        "D1.3",
        "usability_accessibility.user_acceptance_testing",
        Answer::Choice(YES_NO_WORKING),
    ),
    q(
        "1.0",
        "D1.3.1",
        "usability_accessibility.user_acceptance_testing_evidence",
        Doc,
    ),
    q(
        "1.0",
        "D1.4",
        "usability_accessibility.wcag.compliant",
        Answer::Choice(YES_NO_WORKING),
    ),
    q(
        "1.0",
        "D1.4.1",
        "usability_accessibility.accessibility_statement_url",
        Text,
    ),
    q(
        "1.0",
        "D1.5",
        "usability_accessibility.multidisciplinary_team",
        Answer::Choice(YES_NO_WORKING),
    ),
    q(
        "1.0",
        "D1.6",
        "usability_accessibility.agile",
        Answer::Choice(YES_NO_WORKING),
    ),
    q(
        "1.0",
        "D1.7",
        "usability_accessibility.continuous_development",
        Answer::Choice(YES_NO_WORKING),
    ),
    q(
        "1.0",
        "D1.8",
        "usability_accessibility.benefits_case",
        Answer::Choice(YES_NO_WORKING),
    ),
    q(
        "1.0",
        "D1.9",
        "usability_accessibility.cloud_first",
        Answer::Choice(YES_NO_NA),
    ),
    q(
        "1.0",
        "D1.9.1",
        "usability_accessibility.internet_first",
        Answer::Choice(YES_NO_NA),
    ),
    q(
        "1.0",
        "D1.10",
        "usability_accessibility.common_components",
        Answer::Choice(YES_NO_WORKING),
    ),
    q("1.0", "D1.11", "usability_accessibility.sla_offered", Bool),
    q(
        "1.0",
        "D1.12",
        "usability_accessibility.performance_reporting",
        Bool,
    ),
    q(
        "1.0",
        "D1.12.1",
        "usability_accessibility.performance_report",
        Doc,
    ),
    q(
        "1.0",
        "D1.12.2",
        "usability_accessibility.availability_percent",
        Number,
    ),
];

/// Codes the v1.0 form asks and v2.0 does not: seeing one says the form is v1.0.
pub const ONLY_V1: &[&str] = &[
    "C1.3", "C1.3.1", "C1.3.2", "C1.4", "C1.4.1", "C2.3", "C2.3.1", "C2.3.2", "C2.4", "C2.5",
    "C2.5.1", "C4.3.1", "C4.3.2", "C4.4", "C4.4.1", "D1.1.1", "D1.2.1", "D1.3.1", "D1.6", "D1.7",
    "D1.8", "D1.9", "D1.9.1", "D1.10", "D1.10.1", "D1.11", "D1.12", "D1.12.1", "D1.12.2",
];
/// Codes the v2.0 form asks and v1.0 does not.
pub const ONLY_V2: &[&str] = &[
    "A12", "C1.2.1", "C1.2.2", "C1.2.3", "C1.2.4", "C1.2.5", "C2.2.2", "C2.2.3", "C2.2.4",
    "C2.2.5", "C2.2.6", "C3.5.1", "C4.1.2", "C4.1.3", "C4.2.2", "C4.2.3", "C4.2.4", "C4.2.5",
    "C4.2.6", "D1.4.2", "D1.4.3",
];

/// The question `code` on form `version`.
pub fn find(version: &str, code: &str) -> Option<&'static Question> {
    QUESTIONS
        .iter()
        .find(|q| q.version == version && q.code == code)
}

/// The mapped questions of a version, in form order.
pub fn of(version: &str) -> impl Iterator<Item = &'static Question> {
    QUESTIONS.iter().filter(move |q| q.version == version)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::Schema;

    #[test]
    fn every_question_fills_a_field_of_the_schema() {
        let schema = Schema::submission();
        for q in QUESTIONS {
            let keys: Vec<Box<str>> = q.path.split('.').map(Into::into).collect();
            assert!(
                schema.walk(schema.root(), &keys).is_ok(),
                "DTAC {} {} maps to `{}`, which the schema does not have",
                q.version,
                q.code,
                q.path
            );
        }
    }

    #[test]
    fn a_code_only_one_version_asks_is_not_in_the_other() {
        for code in ONLY_V1 {
            assert!(
                find("2.0", code).is_none(),
                "{code} is listed as v1.0 only but mapped for 2.0"
            );
        }
        for code in ONLY_V2 {
            assert!(
                find("1.0", code).is_none(),
                "{code} is listed as v2.0 only but mapped for 1.0"
            );
        }
    }

    #[test]
    fn a_code_is_mapped_once_per_version() {
        for (i, a) in QUESTIONS.iter().enumerate() {
            assert!(
                QUESTIONS[i + 1..]
                    .iter()
                    .all(|b| (b.version, b.code) != (a.version, a.code)),
                "DTAC {} {} is mapped twice",
                a.version,
                a.code
            );
        }
    }
}
