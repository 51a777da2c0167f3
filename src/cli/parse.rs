//! Typed flag values: durations, sizes, times, schedules and scheme names are
//! parsed here, by clap, so a bad value is a usage error that names the flag
//! before any command runs, and `src/cmd/*` only ever sees checked values.

use std::time::{Duration, SystemTime};

use clap::builder::{PossibleValuesParser, TypedValueParser};

use crate::signing::{Algorithm, Encoding};

/// A list of waits, `1s,2s,500ms` (one flag value, hence the wrapper).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Schedule(pub Vec<Duration>);

/// A duration such as `500ms`, `30s`, `2m`; `0` alone means zero.
pub fn duration(text: &str) -> Result<Duration, String> {
    if text.trim() == "0" {
        return Ok(Duration::ZERO);
    }
    humantime::parse_duration(text.trim())
        .map_err(|e| format!("{e}; expected e.g. 500ms, 30s or 2m"))
}

/// An absolute http or https URL, kept as written: a URL-signed scheme
/// signs the text, so it is not normalised.
pub fn http_url(text: &str) -> Result<String, String> {
    match url::Url::parse(text) {
        Ok(url) if matches!(url.scheme(), "http" | "https") && url.host().is_some() => {
            Ok(text.to_string())
        }
        Ok(url) => Err(format!(
            "'{}' is a {} URL; expected http:// or https://, e.g. https://example.com/hooks",
            text,
            url.scheme()
        )),
        Err(err) => Err(format!(
            "'{text}' is not an absolute URL ({err}); expected e.g. https://example.com/hooks"
        )),
    }
}

/// A duration longer than zero.
pub fn positive_duration(text: &str) -> Result<Duration, String> {
    match duration(text)? {
        zero if zero.is_zero() => Err("it must be longer than zero, e.g. 5s or 200ms".into()),
        positive => Ok(positive),
    }
}

/// A byte size such as `1MiB`, `512KiB` or `65536`, more than zero.
pub fn size(text: &str) -> Result<usize, String> {
    let bytes = parse_size::parse_size(text)
        .map_err(|e| format!("{e}; expected e.g. 1MiB, 512KiB or 65536"))?;
    if bytes == 0 {
        return Err("it must be more than 0 bytes".into());
    }
    usize::try_from(bytes).map_err(|_| "it is too large for this machine".into())
}

/// `10m`, `2h` (that long ago) or an RFC 3339 time.
pub fn since(text: &str) -> Result<SystemTime, String> {
    crate::store::parse_since(text, SystemTime::now()).ok_or_else(|| {
        "expected a duration such as 10m or 2h, or a time such as 2024-05-01T12:00:00Z".into()
    })
}

/// `1s,2s,4s`: the waits before each retry.
pub fn schedule(text: &str) -> Result<Schedule, String> {
    if text.trim().is_empty() {
        return Err("the list is empty; e.g. 1s,2s,4s".into());
    }
    text.split(',')
        .map(|item| {
            humantime::parse_duration(item.trim())
                .map_err(|e| format!("'{}': {e}; e.g. 1s,2s,4s", item.trim()))
        })
        .collect::<Result<_, _>>()
        .map(Schedule)
}

/// A finite number above zero (a time scale, a rate).
pub fn positive_number(text: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(n) if n.is_finite() && n > 0.0 => Ok(n),
        _ => Err("expected a number above zero, e.g. 0.001 or 500".into()),
    }
}

/// A count of at least one.
pub fn at_least_one(text: &str) -> Result<usize, String> {
    match text.trim().parse::<usize>() {
        Ok(0) => Err("0 would never send: use 1 or more".into()),
        Ok(n) => Ok(n),
        Err(e) => Err(format!("{e}; expected a whole number, 1 or more")),
    }
}

/// An HMAC hash function by name.
pub fn algorithm() -> impl TypedValueParser<Value = Algorithm> {
    PossibleValuesParser::new(Algorithm::ALL.map(Algorithm::name))
        .map(|name| Algorithm::from_name(&name).unwrap_or(Algorithm::Sha256))
}

/// A MAC encoding by name.
pub fn encoding() -> impl TypedValueParser<Value = Encoding> {
    PossibleValuesParser::new(Encoding::ALL.map(Encoding::name))
        .map(|name| Encoding::from_name(&name).unwrap_or(Encoding::Hex))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_sizes_and_schedules_say_what_is_wrong() {
        assert_eq!(duration("0"), Ok(Duration::ZERO));
        assert_eq!(duration(" 30s "), Ok(Duration::from_secs(30)));
        assert!(duration("soon").unwrap_err().contains("e.g. 500ms"));
        assert!(positive_duration("0s").is_err());
        assert_eq!(positive_duration("200ms"), Ok(Duration::from_millis(200)));
        assert_eq!(size("1KiB"), Ok(1024));
        assert!(size("0").is_err());
        assert!(size("lots").is_err());
        assert_eq!(
            schedule("10ms, 1s"),
            Ok(Schedule(vec![
                Duration::from_millis(10),
                Duration::from_secs(1)
            ]))
        );
        assert!(schedule("1s,soon").unwrap_err().contains("'soon'"));
        assert!(schedule(" ").is_err());
        assert!(positive_number("-1").is_err());
        assert!(positive_number("NaN").is_err());
        assert_eq!(positive_number("0.001"), Ok(0.001));
        assert!(at_least_one("0").is_err());
        assert!(since("yesterday-ish").is_err());
        assert!(since("1h").unwrap() < SystemTime::now());
    }
}
