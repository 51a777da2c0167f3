//! Failure simulation, to exercise a sender's retry logic: answer every
//! delivery with a fixed status (`--status`), fail the first N attempts of
//! each event (`--fail-first`), answer late (`--delay`).

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Mutex;
use std::time::Duration;

#[derive(Debug, Default)]
pub struct Simulation {
    pub status: Option<u16>,
    pub fail_first: u32,
    pub delay: Option<Duration>,
    /// Attempts seen per event, counted in memory for `--fail-first`.
    attempts: Mutex<HashMap<String, u32>>,
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
        let key = match event_id {
            Some(id) => format!("id:{id}"),
            None => {
                let mut hasher = DefaultHasher::new();
                body.hash(&mut hasher);
                format!("body:{:x}", hasher.finish())
            }
        };
        let mut attempts = self.attempts.lock().unwrap_or_else(|e| e.into_inner());
        let seen = attempts.entry(key).or_insert(0);
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
}
