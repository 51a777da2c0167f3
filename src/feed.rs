//! What a running listener tells whoever watches it.
//!
//! The receiver records deliveries and publishes typed [`ListenEvent`]s; it
//! never prints. Each way of showing them (the coloured lines, NDJSON, the
//! inspector's live feed, a test collecting what arrived) is a [`Sink`]
//! consuming the same stream, so a new view is a new sink and the delivery
//! path does not change.

use std::collections::BTreeSet;
use std::fmt;
use std::io;
use std::sync::Arc;

use crate::payload::normalize_event_name;
use crate::providers::Handshake;
use crate::signing::Verdict;
use crate::store::StoredDelivery;

/// One thing that happened in a listener, in the order it happened.
#[derive(Debug, Clone)]
pub enum ListenEvent {
    /// The listener is bound and serving: the first event of every run.
    Listening {
        /// `http://127.0.0.1:PORT/`
        url: String,
        provider: String,
    },
    /// A request that is not a delivery was refused (wrong path or method):
    /// shown, never recorded, so a misconfigured sender does not look like
    /// "nothing arrived".
    Refused {
        method: String,
        path: String,
        status: u16,
    },
    /// A delivery was committed to the store (its forward result included).
    Recorded(Arc<StoredDelivery>),
    /// A handshake (Slack's url_verification, Meta's subscribe, ...) was
    /// answered by the listener itself and committed to the store, marked as
    /// one: not an event, so it counts towards no goal.
    Handshake {
        stored: Arc<StoredDelivery>,
        kind: Handshake,
    },
    /// What the app answered to a forwarded delivery, for views that show it.
    AppAnswered {
        seq: u64,
        /// The answer's body as text, cut at [`APP_ANSWER_SHOWN`] bytes.
        body: String,
    },
    /// The store could not commit; deliveries are answered 503 until it recovers.
    StoreFailed { message: String },
    /// The listener stopped accepting and everything in flight is recorded.
    Stopped { tally: Tally, stopped: Stop },
}

/// How much of an app's answer a [`ListenEvent::AppAnswered`] carries.
pub const APP_ANSWER_SHOWN: usize = 64 * 1024;

/// A consumer of a listener's events. Sinks run one after the other on a
/// thread of their own, never on the delivery path; an error (stdout closed)
/// removes the sink and stops the listener, as a Unix filter would.
pub trait Sink: Send {
    fn handle(&mut self, event: &ListenEvent) -> io::Result<()>;

    /// Called after each batch of events: the moment to flush buffered output.
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
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
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    pub received: u64,
    pub verified: u64,
    /// Not checked: `--skip-verify`, or a provider that signs nothing.
    pub unverified: u64,
    pub rejected: u64,
    pub duplicates: u64,
    /// Answered 2xx.
    pub accepted: u64,
    /// Checked against their schema and found breaking it (`--validate`).
    pub invalid: u64,
    /// Handshakes answered by the listener (not in `received`; a rejected
    /// one counts in `rejected` too).
    pub handshakes: u64,
    /// Normalised types of accepted, non-rejected deliveries.
    arrived: BTreeSet<String>,
    arrived_as_sent: BTreeSet<String>,
}

impl Tally {
    pub fn count(&mut self, stored: &StoredDelivery) {
        let d = &stored.delivery;
        let verdict = d.verification.verdict;
        if d.handshake.is_some() {
            self.handshakes += 1;
            if verdict == Verdict::Rejected {
                self.rejected += 1;
            }
            return;
        }
        self.received += 1;
        match verdict {
            Verdict::Verified => self.verified += 1,
            Verdict::Rejected => self.rejected += 1,
            Verdict::Unsigned | Verdict::Skipped => self.unverified += 1,
        }
        if stored.duplicate_of.is_some() {
            self.duplicates += 1;
        }
        if d.schema.as_ref().is_some_and(|check| !check.valid) {
            self.invalid += 1;
        }
        if (200..300).contains(&d.status) {
            self.accepted += 1;
            if verdict != Verdict::Rejected
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

    /// Whether an accepted, non-rejected delivery of this (normalised) type arrived.
    pub fn has_arrived(&self, normalized_type: &str) -> bool {
        self.arrived.contains(normalized_type)
    }

    /// The types that arrived, as the senders spelled them.
    pub fn arrived_as_sent(&self) -> impl Iterator<Item = &str> {
        self.arrived_as_sent.iter().map(String::as_str)
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
        if self.invalid > 0 {
            write!(f, ", breaking their schema {}", self.invalid)?;
        }
        if self.handshakes > 0 {
            write!(f, ", handshakes {}", self.handshakes)?;
        }
        Ok(())
    }
}
