//! How often and when an event is attempted: the provider's retry schedule,
//! compressed by a time scale or replaced by an explicit list, the request
//! timeout, and duplicate copies.

use std::time::Duration;

use crate::providers::Provider;

/// The attempts one event gets.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plan {
    /// The wait before each retry; empty means a single attempt.
    pub waits: Vec<Duration>,
    /// Extra copies with the same id, each attempted (and retried) like the first.
    pub duplicates: u32,
}

/// The waits between attempts: none without `retry`; else `schedule` when
/// given, else the provider's own schedule; multiplied by `time_scale`.
pub fn waits(
    provider: &Provider,
    retry: bool,
    time_scale: Option<f64>,
    schedule: Option<&[Duration]>,
) -> Vec<Duration> {
    if !retry {
        return Vec::new();
    }
    let base = match schedule {
        Some(list) => list.to_vec(),
        None => provider.retry.waits(),
    };
    let scale = time_scale.unwrap_or(1.0);
    base.into_iter()
        .map(|wait| Duration::from_secs_f64(wait.as_secs_f64() * scale))
        .collect()
}

/// `--timeout` when given, else how long the provider waits.
pub fn timeout(provider: &Provider, flag: Option<Duration>) -> Duration {
    flag.unwrap_or(provider.timeout)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::providers::find;

    #[test]
    fn provider_schedule_scales() {
        let izi = find("izi").unwrap();
        let waits = waits(izi, true, Some(0.001), None);
        assert_eq!(waits[0], Duration::from_millis(30));
        assert_eq!(waits.len(), 5);
        assert!(super::waits(izi, false, None, None).is_empty());
    }

    #[test]
    fn explicit_schedule_wins_and_timeout_defaults_to_the_providers() {
        let izi = find("izi").unwrap();
        let explicit = [Duration::from_millis(10), Duration::from_secs(1)];
        assert_eq!(waits(izi, true, None, Some(&explicit)), explicit);
        assert_eq!(timeout(izi, None), Duration::from_secs(5));
        assert_eq!(
            timeout(izi, Some(Duration::from_millis(200))),
            Duration::from_millis(200)
        );
    }
}
