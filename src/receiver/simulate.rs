//! Failure simulation, to exercise a sender's retry logic: answer every
//! delivery with a fixed status (`--status`), fail the first N attempts of
//! each event (`--fail-first`), answer late (`--delay`).

use std::collections::{HashMap, VecDeque};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Mutex;
use std::time::Duration;

#[derive(Debug, Default)]
pub struct Simulation {
    pub status: Option<u16>,
    pub fail_first: u32,
    pub delay: Option<Duration>,
    /// Attempts seen per event, counted in memory for `--fail-first`.
    attempts: Mutex<Attempts>,
}

/// How many events `--fail-first` remembers. Past that the oldest is
/// forgotten (it would fail again if it came back, as a new event): a
/// listener run for days under load must not grow without bound. 16 bytes
/// plus the map's overhead each, a few MiB at most.
pub const TRACKED_EVENTS: usize = 100_000;

/// Attempt counts keyed by a hash of the event id (or body), oldest first.
#[derive(Debug, Default)]
struct Attempts {
    counts: HashMap<u64, u32>,
    order: VecDeque<u64>,
}

/// A simulated failure for one attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SimulatedFailure {
    pub attempt: u32,
    pub of: u32,
}

impl Simulation {
    pub fn new(status: Option<u16>, fail_first: u32, delay: Option<Duration>) -> Self {
        Simulation {
            status,
            fail_first,
            delay,
            attempts: Mutex::default(),
        }
    }

    /// Counts an attempt at an event and says whether it must fail. Events
    /// without an id are told apart by their body.
    pub fn attempt(&self, event_id: Option<&str>, body: &[u8]) -> Option<SimulatedFailure> {
        if self.fail_first == 0 {
            return None;
        }
        let mut hasher = DefaultHasher::new();
        match event_id {
            Some(id) => ("id", id).hash(&mut hasher),
            None => ("body", body).hash(&mut hasher),
        }
        let key = hasher.finish();
        let mut attempts = self.attempts.lock().unwrap_or_else(|e| e.into_inner());
        let Attempts { counts, order } = &mut *attempts;
        if !counts.contains_key(&key) {
            if order.len() >= TRACKED_EVENTS {
                if let Some(oldest) = order.pop_front() {
                    counts.remove(&oldest);
                }
            }
            order.push_back(key);
        }
        let seen = counts.entry(key).or_insert(0);
        *seen = seen.saturating_add(1);
        (*seen <= self.fail_first).then_some(SimulatedFailure {
            attempt: *seen,
            of: self.fail_first,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fails_the_first_attempts_of_each_event() {
        let sim = Simulation::new(None, 2, None);
        assert_eq!(
            sim.attempt(Some("a"), b""),
            Some(SimulatedFailure { attempt: 1, of: 2 })
        );
        assert_eq!(
            sim.attempt(Some("b"), b""),
            Some(SimulatedFailure { attempt: 1, of: 2 })
        );
        assert_eq!(
            sim.attempt(Some("a"), b""),
            Some(SimulatedFailure { attempt: 2, of: 2 })
        );
        assert_eq!(sim.attempt(Some("a"), b""), None);
        assert!(sim.attempt(None, b"x").is_some());
        assert!(Simulation::default().attempt(Some("a"), b"").is_none());
    }

    #[test]
    fn the_attempt_map_is_bounded() {
        let sim = Simulation::new(None, 1, None);
        for n in 0..TRACKED_EVENTS + 10 {
            assert!(sim.attempt(Some(&format!("evt_{n}")), b"").is_some());
        }
        let attempts = sim.attempts.lock().unwrap();
        assert_eq!(attempts.counts.len(), TRACKED_EVENTS);
        assert_eq!(attempts.order.len(), TRACKED_EVENTS);
        drop(attempts);
        // The newest are remembered: a retry of one is accepted.
        let newest = format!("evt_{}", TRACKED_EVENTS + 9);
        assert_eq!(sim.attempt(Some(&newest), b""), None);
    }
}
