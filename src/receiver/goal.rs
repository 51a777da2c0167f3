//! What a scripted listener waits for (`--max-events`, `--expect`,
//! `--timeout`) and the verdict at the end, judged on the [`Tally`].

use std::time::Duration;

use crate::feed::{Stop, Tally};
use crate::payload::normalize_event_name;

/// When a listener is done and what counts as success.
#[derive(Debug, Clone, Default)]
pub struct Goal {
    /// Stop after this many accepted (2xx) deliveries.
    pub max_events: Option<u64>,
    /// Event types that must arrive, accepted and not rejected.
    pub expect: Vec<String>,
    /// Give up after this long.
    pub timeout: Option<Duration>,
    /// Fail the run when a payload broke its schema (`--expect-valid`).
    pub expect_valid: bool,
    /// Stop at the first rejected delivery instead of waiting for the rest.
    pub fail_fast: bool,
}

impl Goal {
    /// Whether the listener runs as a check (CI) rather than for a developer:
    /// then a rejected delivery makes it exit 1.
    pub fn scripted(&self) -> bool {
        self.max_events.is_some()
            || !self.expect.is_empty()
            || self.timeout.is_some()
            || self.fail_fast
    }

    /// Whether the listener may stop now.
    pub fn reached(&self, tally: &Tally) -> bool {
        if self.fail_fast && tally.rejected > 0 {
            return true;
        }
        match self.max_events {
            Some(n) => tally.accepted >= n,
            None => !self.expect.is_empty() && self.missing(tally).is_empty(),
        }
    }

    /// Expected types that have not arrived, as the user spelled them.
    pub fn missing<'a>(&'a self, tally: &Tally) -> Vec<&'a str> {
        self.expect
            .iter()
            .filter(|want| !tally.has_arrived(&normalize_event_name(want)))
            .map(String::as_str)
            .collect()
    }

    /// The reasons the run failed, empty when it succeeded.
    pub fn failures(&self, tally: &Tally, stopped: Stop) -> Vec<String> {
        let mut failures = Vec::new();
        if let (Stop::Timeout, Some(n)) = (stopped, self.max_events) {
            if tally.accepted < n {
                failures.push(format!(
                    "timed out after {} with {} of {n} deliveries accepted",
                    humantime::format_duration(self.timeout.unwrap_or_default()),
                    tally.accepted
                ));
            }
        }
        let missing = self.missing(tally);
        if !missing.is_empty() {
            failures.push(format!(
                "expected a verified {} delivery, none was accepted{}",
                missing.join(", "),
                match tally.arrived_as_sent().collect::<Vec<_>>() {
                    seen if seen.is_empty() => String::new(),
                    seen => format!(" (accepted: {})", seen.join(", ")),
                }
            ));
        }
        if self.scripted() && tally.rejected > 0 {
            failures.push(format!(
                "{} {} failed verification",
                tally.rejected,
                if tally.rejected == 1 {
                    "delivery"
                } else {
                    "deliveries"
                }
            ));
        }
        if self.expect_valid && tally.invalid > 0 {
            failures.push(format!(
                "{} {} its schema (--expect-valid)",
                tally.invalid,
                if tally.invalid == 1 {
                    "payload broke"
                } else {
                    "payloads broke"
                }
            ));
        }
        failures
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::Headers;
    use crate::signing::{Verdict, Verification};
    use crate::store::{NewDelivery, StoredDelivery};

    fn stored(event_type: &str, verdict: Verdict, status: u16) -> StoredDelivery {
        StoredDelivery {
            seq: 1,
            duplicate_of: None,
            delivery: NewDelivery {
                received_at: std::time::SystemTime::now(),
                method: "POST".into(),
                path: "/".into(),
                headers: Headers::new(),
                body: Vec::new(),
                provider: "standard".into(),
                verification: Verification::new(verdict),
                event_id: None,
                event_type: Some(event_type.into()),
                status,
                forward: None,
                schema: None,
                declared_size: None,
                custom_scheme: None,
                handshake: None,
            },
        }
    }

    #[test]
    fn expectations_need_an_accepted_unrejected_delivery() {
        let goal = Goal {
            expect: vec!["invoice.paid".into()],
            ..Goal::default()
        };
        let mut tally = Tally::default();
        tally.count(&stored("invoice.paid", Verdict::Rejected, 401));
        tally.count(&stored("invoice.paid", Verdict::Verified, 500));
        assert!(!goal.reached(&tally));
        tally.count(&stored("INVOICE_PAID", Verdict::Verified, 200));
        assert!(goal.reached(&tally));
        let failures = goal.failures(&tally, Stop::Done);
        assert_eq!(failures, ["1 delivery failed verification"]);
    }

    #[test]
    fn max_events_counts_accepted_and_timeouts_say_how_far_they_got() {
        let goal = Goal {
            max_events: Some(2),
            timeout: Some(Duration::from_secs(5)),
            ..Goal::default()
        };
        let mut tally = Tally::default();
        tally.count(&stored("a", Verdict::Skipped, 200));
        assert!(!goal.reached(&tally));
        assert_eq!(
            goal.failures(&tally, Stop::Timeout),
            ["timed out after 5s with 1 of 2 deliveries accepted"]
        );
        tally.count(&stored("a", Verdict::Unsigned, 202));
        assert!(goal.reached(&tally));
        assert!(goal.failures(&tally, Stop::Done).is_empty());
        assert_eq!(
            tally.to_string(),
            "received 2, verified 0, rejected 0, duplicates 0, unverified 2"
        );
    }

    #[test]
    fn fail_fast_stops_at_the_first_rejection() {
        let goal = Goal {
            max_events: Some(5),
            fail_fast: true,
            ..Goal::default()
        };
        let mut tally = Tally::default();
        tally.count(&stored("a", Verdict::Verified, 200));
        assert!(!goal.reached(&tally));
        tally.count(&stored("a", Verdict::Rejected, 401));
        assert!(goal.reached(&tally));
        assert_eq!(
            goal.failures(&tally, Stop::Done),
            ["1 delivery failed verification"]
        );
    }

    #[test]
    fn an_unscripted_listener_never_fails() {
        let mut tally = Tally::default();
        tally.count(&stored("a", Verdict::Rejected, 401));
        assert!(Goal::default().failures(&tally, Stop::Signal).is_empty());
    }
}
