//! The one clock every command reads: the current time, or a fixed one.
//!
//! Signing timestamps, tolerance checks and `--since` all compare against
//! "now"; keeping that in one injectable value lets a test (or `whk verify
//! --now`) pin it without touching the system clock.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Where "now" comes from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Clock {
    /// The system clock.
    #[default]
    System,
    /// Always this instant (tests, `--now`).
    Fixed(SystemTime),
}

impl Clock {
    /// A clock stopped at `unix` seconds.
    pub fn at_unix(unix: i64) -> Clock {
        let at = if unix >= 0 {
            UNIX_EPOCH + Duration::from_secs(unix as u64)
        } else {
            UNIX_EPOCH - Duration::from_secs(unix.unsigned_abs())
        };
        Clock::Fixed(at)
    }

    pub fn now(self) -> SystemTime {
        match self {
            Clock::System => SystemTime::now(),
            Clock::Fixed(at) => at,
        }
    }

    /// Unix time in whole seconds (before 1970 reads as negative).
    pub fn unix(self) -> i64 {
        unix_seconds(self.now())
    }
}

/// The system clock's unix time in seconds: the shorthand most callers want.
pub fn unix_now() -> i64 {
    Clock::System.unix()
}

/// `at` as unix seconds.
pub fn unix_seconds(at: SystemTime) -> i64 {
    match at.duration_since(UNIX_EPOCH) {
        Ok(after) => after.as_secs() as i64,
        Err(before) => -(before.duration().as_secs() as i64),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fixed_clock_stays_put_on_both_sides_of_the_epoch() {
        assert_eq!(Clock::at_unix(1_700_000_000).unix(), 1_700_000_000);
        assert_eq!(Clock::at_unix(-5).unix(), -5);
        let system = Clock::System.unix();
        assert!(system > 1_700_000_000, "{system}");
    }
}
