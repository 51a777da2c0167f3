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

/// A flag value that does not describe a schedule, time scale or timeout.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ScheduleError {
    #[error("invalid --schedule '{value}': {reason}; e.g. --schedule 1s,2s,4s")]
    Schedule { value: String, reason: String },
    #[error("invalid --time-scale {0}: use a positive factor, e.g. 0.001 to turn 30 s into 30 ms")]
    TimeScale(f64),
    #[error("invalid --timeout '{value}': {reason}; e.g. --timeout 5s or 200ms")]
    Timeout { value: String, reason: String },
}

/// The retry flags as given.
#[derive(Debug, Clone, Default)]
pub struct RetryFlags<'a> {
    pub retry: bool,
    pub time_scale: Option<f64>,
    pub schedule: Option<&'a str>,
}

/// The waits between attempts: none without `retry`; else `schedule` when
/// given, else the provider's own schedule multiplied by `time_scale`.
pub fn waits(provider: &Provider, flags: &RetryFlags) -> Result<Vec<Duration>, ScheduleError> {
    let scale = match flags.time_scale {
        Some(scale) if !(scale.is_finite() && scale > 0.0) => {
            return Err(ScheduleError::TimeScale(scale))
        }
        Some(scale) => scale,
        None => 1.0,
    };
    if !flags.retry {
        return Ok(Vec::new());
    }
    let base = match flags.schedule {
        Some(list) => parse_schedule(list)?,
        None => provider.retry.waits(),
    };
    Ok(base
        .into_iter()
        .map(|wait| Duration::from_secs_f64(wait.as_secs_f64() * scale))
        .collect())
}

/// Parses `1s,2s,500ms` with humantime.
pub fn parse_schedule(list: &str) -> Result<Vec<Duration>, ScheduleError> {
    let invalid = |reason: String| ScheduleError::Schedule {
        value: list.to_string(),
        reason,
    };
    if list.trim().is_empty() {
        return Err(invalid("the list is empty".into()));
    }
    list.split(',')
        .map(|item| {
            humantime::parse_duration(item.trim())
                .map_err(|e| invalid(format!("'{}': {e}", item.trim())))
        })
        .collect()
}

/// `--timeout` when given, else how long the provider waits.
pub fn timeout(provider: &Provider, flag: Option<&str>) -> Result<Duration, ScheduleError> {
    let Some(value) = flag else {
        return Ok(provider.timeout);
    };
    let invalid = |reason: String| ScheduleError::Timeout {
        value: value.to_string(),
        reason,
    };
    let parsed = humantime::parse_duration(value.trim()).map_err(|e| invalid(e.to_string()))?;
    if parsed.is_zero() {
        return Err(invalid("it must be longer than zero".into()));
    }
    Ok(parsed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::providers::find;

    #[test]
    fn provider_schedule_scales() {
        let izi = find("izi").unwrap();
        let flags = RetryFlags {
            retry: true,
            time_scale: Some(0.001),
            schedule: None,
        };
        let waits = waits(izi, &flags).unwrap();
        assert_eq!(waits[0], Duration::from_millis(30));
        assert_eq!(waits.len(), 5);
        assert!(super::waits(izi, &RetryFlags::default())
            .unwrap()
            .is_empty());
    }

    #[test]
    fn explicit_schedule_wins_and_bad_values_say_why() {
        let izi = find("izi").unwrap();
        let flags = RetryFlags {
            retry: true,
            time_scale: None,
            schedule: Some("10ms, 1s"),
        };
        assert_eq!(
            waits(izi, &flags).unwrap(),
            [Duration::from_millis(10), Duration::from_secs(1)]
        );
        let err = parse_schedule("1s,soon").unwrap_err().to_string();
        assert!(err.contains("'soon'"), "{err}");
        assert!(waits(
            izi,
            &RetryFlags {
                retry: true,
                time_scale: Some(-1.0),
                schedule: None
            }
        )
        .is_err());
        assert_eq!(timeout(izi, None).unwrap(), Duration::from_secs(5));
        assert_eq!(
            timeout(izi, Some("200ms")).unwrap(),
            Duration::from_millis(200)
        );
        assert!(timeout(izi, Some("0s")).is_err());
    }
}
