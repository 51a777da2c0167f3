//! What a scripted listener waits for (`--max-events`, `--expect`,
//! `--timeout`), the running tally of what arrived, and the verdict at the end.

use std::collections::BTreeSet;
use std::fmt;
use std::time::Duration;

use crate::payload::normalize_event_name;
use crate::store::StoredDelivery;

/// When a listener is done and what counts as success.
#[derive(Debug, Clone, Default)]
pub struct Goal {
    /// Stop after this many accepted (2xx) deliveries.
    pub max_events: Option<u64>,
    /// Event types that must arrive, accepted and not rejected.
    pub expect: Vec<String>,
    /// Give up after this long.
    pub timeout: Option<Duration>,
}

impl Goal {
    /// Whether the listener runs as a check (CI) rather than for a developer:
    /// then a rejected delivery makes it exit 1.
    pub fn scripted(&self) -> bool {
        self.max_events.is_some() || !self.expect.is_empty() || self.timeout.is_some()
    }

    /// Whether the listener may stop now.
    pub fn reached(&self, tally: &Tally) -> bool {
        match self.max_events {
            Some(n) => tally.accepted >= n,
            None => !self.expect.is_empty() && self.missing(tally).is_empty(),
        }
    }

    /// Expected types that have not arrived, as the user spelled them.
    pub fn missing<'a>(&'a self, tally: &Tally) -> Vec<&'a str> {
        self.expect
            .iter()
            .filter(|want| !tally.arrived.contains(&normalize_event_name(want)))
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
                if tally.arrived.is_empty() {
                    String::new()
                } else {
                    let seen: Vec<&str> =
                        tally.arrived_as_sent.iter().map(String::as_str).collect();
                    format!(" (accepted: {})", seen.join(", "))
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
        failures
    }
}

/// Why the listener stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stop {
    /// `--max-events` or `--expect` was satisfied, or stdout closed.
    Done,
    Timeout,
    /// Ctrl-C or SIGTERM.
    Signal,
}

/// Counts of what was recorded.
#[derive(Debug, Clone, Default)]
pub struct Tally {
    pub received: u64,
    pub verified: u64,
    pub unverified: u64,
    pub rejected: u64,
    pub duplicates: u64,
    /// Answered 2xx.
    pub accepted: u64,
    /// Normalised types of accepted, non-rejected deliveries.
    arrived: BTreeSet<String>,
    arrived_as_sent: BTreeSet<String>,
}

impl Tally {
    pub fn count(&mut self, stored: &StoredDelivery) {
        let d = &stored.delivery;
        self.received += 1;
        match d.verified {
            Some(true) => self.verified += 1,
            Some(false) => self.rejected += 1,
            None => self.unverified += 1,
        }
        if stored.duplicate_of.is_some() {
            self.duplicates += 1;
        }
        if (200..300).contains(&d.status) {
            self.accepted += 1;
            if d.verified != Some(false)
                && !self
                    .arrived_as_sent
                    .contains(d.event_type.as_deref().unwrap_or_default())
            {
                if let Some(kind) = &d.event_type {
                    self.arrived.insert(normalize_event_name(kind));
                    self.arrived_as_sent.insert(kind.clone());
                }
            }
        }
    }
}

impl fmt::Display for Tally {
    /// The one-line summary printed when the listener stops.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "received {}, verified {}, rejected {}, duplicates {}",
            self.received, self.verified, self.rejected, self.duplicates
        )?;
        if self.unverified > 0 {
            write!(f, ", unverified {}", self.unverified)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::Headers;
    use crate::store::NewDelivery;

    fn stored(event_type: &str, verified: Option<bool>, status: u16) -> StoredDelivery {
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
                verified,
                reason: None,
                event_id: None,
                event_type: Some(event_type.into()),
                status,
                forward: None,
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
        tally.count(&stored("invoice.paid", Some(false), 401));
        tally.count(&stored("invoice.paid", Some(true), 500));
        assert!(!goal.reached(&tally));
        tally.count(&stored("INVOICE_PAID", Some(true), 200));
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
        tally.count(&stored("a", None, 200));
        assert!(!goal.reached(&tally));
        assert_eq!(
            goal.failures(&tally, Stop::Timeout),
            ["timed out after 5s with 1 of 2 deliveries accepted"]
        );
        tally.count(&stored("a", None, 202));
        assert!(goal.reached(&tally));
        assert!(goal.failures(&tally, Stop::Done).is_empty());
        assert_eq!(
            tally.to_string(),
            "received 2, verified 0, rejected 0, duplicates 0, unverified 2"
        );
    }

    #[test]
    fn an_unscripted_listener_never_fails() {
        let mut tally = Tally::default();
        tally.count(&stored("a", Some(false), 401));
        assert!(Goal::default().failures(&tally, Stop::Signal).is_empty());
    }
}
