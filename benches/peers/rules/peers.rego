# The 30 rules of the peer comparison in Rego (regorus), one `fail` entry per failing rule.
# A missing value fails a plain check (as in assure); a quantifier over an empty or absent
# list, and a rule whose condition (`when`) does not hold, do not fail.
package peers

import rego.v1

hazards := object.get(input, ["clinical_safety", "hazard_log", "hazards"], [])

fail contains "PEER-01" if not regex.match(`^([0-9]{8}|(SC|NI|OC)[0-9]{6})$`, input.company.companies_house_number)
fail contains "PEER-02" if not regex.match(`^Z[A-Z0-9]{7}$`, input.data_protection.ico.registration_number)
fail contains "PEER-03" if not input.data_protection.dspt.status in {"standards_met", "standards_exceeded"}
fail contains "PEER-04" if not input.technical_security.cyber_essentials.certified == true
fail contains "PEER-05" if not input.technical_security.penetration_test.external == true
fail contains "PEER-06" if not input.technical_security.penetration_test.owasp_top_10 == true
fail contains "PEER-07" if not input.technical_security.penetration_test.open_findings_cvss_7_or_above <= 0
fail contains "PEER-08" if not input.technical_security.supplier_privileged_mfa == "yes"
fail contains "PEER-09" if not input.technical_security.mfa_privileged_accounts == true
fail contains "PEER-10" if not input.usability_accessibility.wcag.level in {"AA", "AAA"}
fail contains "PEER-11" if not input.usability_accessibility.availability_percent >= 99.0
fail contains "PEER-12" if not input.clinical_safety.cso.training.completed == true
fail contains "PEER-13" if not input.clinical_safety.cso.registration_current == true
fail contains "PEER-14" if not input.clinical_safety.hazard_log.approved_by_cso == true
fail contains "PEER-20" if not input.data_protection.dpia.completed == true
fail contains "PEER-25" if not input.interoperability.nhs_number.used == "yes"
fail contains "PEER-26" if not input.data_protection.storage.location == "uk_only"
fail contains "PEER-27" if not input.product.medical_device.mhra_registration_number
fail contains "PEER-28" if not input.processing.scale in {"local", "regional"}
fail contains "PEER-29" if not input.clinical_safety.crm_system.review_interval_months <= 12

fail contains "PEER-15" if {
	some h in hazards
	not count(object.get(h, "controls", [])) >= 1
}

fail contains "PEER-16" if {
	some h in hazards
	not h.residual.risk <= 3
}

fail contains "PEER-17" if {
	some h in hazards
	not h.residual.risk <= h.initial.risk
}

fail contains "PEER-18" if {
	some h in hazards
	not h.status in {"open", "closed", "transferred"}
}

fail contains "PEER-19" if {
	count(hazards) > 0
	not some_severe
}

some_severe if {
	some h in hazards
	h.initial.severity >= 4
}

fail contains "PEER-21" if {
	some r in object.get(input, ["data_protection", "dpia", "risks"], [])
	not r.likelihood
}

fail contains "PEER-30" if {
	some h in hazards
	not likely_in_range(h)
}

likely_in_range(h) if {
	h.initial.likelihood >= 1
	h.initial.likelihood <= 5
}

fail contains "PEER-22" if {
	input.product.ai.uses_ai == true
	not input.processing.uses_innovative_technology == true
}

fail contains "PEER-23" if {
	input.atrs.public_sector_body == true
	not input.atrs.in_scope == true
}

fail contains "PEER-24" if {
	input.submission.role == "manufacturer_and_deployer"
	not input.deployment.cso.registration_current == true
}
