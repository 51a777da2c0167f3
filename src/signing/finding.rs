//! Typed verification results: one [`Verdict`] plus a list of [`Finding`]s
//! (`{code, severity, message}`), the single shape that the listener's
//! record, NDJSON, `verify --explain`, the doctor and the inspector all
//! consume. Codes are stable snake_case identifiers that scripts may match
//! on; messages are for people and may change.

use serde::{Deserialize, Serialize};

use super::VerifyError;

/// What verification concluded about a delivery.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// A signature was present and matched.
    Verified,
    /// It did not verify (see the findings for why).
    Rejected,
    /// The provider signs nothing (Zotlo relies on IP allow-listing).
    Unsigned,
    /// Not checked (`--skip-verify`, or recorded before whk kept verdicts).
    Skipped,
}

impl Verdict {
    pub fn name(self) -> &'static str {
        match self {
            Verdict::Verified => "verified",
            Verdict::Rejected => "rejected",
            Verdict::Unsigned => "unsigned",
            Verdict::Skipped => "skipped",
        }
    }

    /// The verdict spelled `name`, as stored.
    pub fn from_name(name: &str) -> Option<Verdict> {
        [
            Verdict::Verified,
            Verdict::Rejected,
            Verdict::Unsigned,
            Verdict::Skipped,
        ]
        .into_iter()
        .find(|v| v.name() == name)
    }

    /// The NDJSON contract's older `verified` field: true, false, or null
    /// when nothing was checked.
    pub fn verified_flag(self) -> Option<bool> {
        match self {
            Verdict::Verified => Some(true),
            Verdict::Rejected => Some(false),
            Verdict::Unsigned | Verdict::Skipped => None,
        }
    }
}

/// How much a finding matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// A detail for `--explain`: signed content, signature prefixes, skew.
    Info,
    /// A likely cause or a fix worth trying.
    Warning,
    /// Why the delivery was rejected.
    Error,
}

/// One thing verification or the doctor found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    pub code: String,
    pub severity: Severity,
    pub message: String,
}

impl Finding {
    pub fn new(code: &str, severity: Severity, message: impl Into<String>) -> Finding {
        Finding {
            code: code.to_string(),
            severity,
            message: message.into(),
        }
    }
}

impl From<&VerifyError> for Finding {
    fn from(error: &VerifyError) -> Finding {
        Finding::new(error.kind(), Severity::Error, error.to_string())
    }
}

/// A verdict and what led to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verification {
    pub verdict: Verdict,
    pub findings: Vec<Finding>,
}

impl Verification {
    pub fn new(verdict: Verdict) -> Verification {
        Verification {
            verdict,
            findings: Vec::new(),
        }
    }

    /// Rejected, for the reason `finding` gives.
    pub fn rejected(finding: Finding) -> Verification {
        Verification {
            verdict: Verdict::Rejected,
            findings: vec![finding],
        }
    }

    /// The first error's message: the NDJSON contract's older `reason` field.
    pub fn reason(&self) -> Option<&str> {
        self.findings
            .iter()
            .find(|f| f.severity == Severity::Error)
            .map(|f| f.message.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verdicts_round_trip_by_name_and_keep_the_old_flag() {
        for verdict in [
            Verdict::Verified,
            Verdict::Rejected,
            Verdict::Unsigned,
            Verdict::Skipped,
        ] {
            assert_eq!(Verdict::from_name(verdict.name()), Some(verdict));
        }
        assert_eq!(Verdict::Verified.verified_flag(), Some(true));
        assert_eq!(Verdict::Rejected.verified_flag(), Some(false));
        assert_eq!(Verdict::Unsigned.verified_flag(), None);
    }

    #[test]
    fn a_rejection_carries_the_error_as_its_reason() {
        let error = VerifyError::NoValidSignature {
            header: "webhook-signature".into(),
        };
        let rejected = Verification::rejected(Finding::from(&error));
        assert_eq!(rejected.findings[0].code, "no_valid_signature");
        assert_eq!(rejected.reason(), Some(error.to_string().as_str()));
        assert_eq!(Verification::new(Verdict::Verified).reason(), None);
    }
}
