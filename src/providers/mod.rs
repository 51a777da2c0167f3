//! Provider presets, as data: one row per provider with its signature scheme,
//! where the event id and type live, its retry schedule, what counts as
//! success, its request timeout and its sample catalog.
//!
//! The first four rows come from the seed documents in `shared/seeds/` (IZI,
//! Unibo, Zotlo, IriSync) and every value there is the document's; the rest
//! follow the providers' public documentation. Commands never `match` on a
//! provider name: they read these fields.

pub mod handshake;

use std::time::Duration;

pub use handshake::Handshake;

use crate::payload::{Catalog, FieldSource, IdFormat};
use crate::signing::{
    Algorithm, BearerScheme, Encoding, HmacScheme, Scheme, StandardScheme, StripeScheme,
};

/// How a provider spaces its retries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetryBasis {
    /// Each delay counts from the previous failed attempt.
    PreviousAttempt,
    /// Each delay counts from the first failure (IriSync: "5 minutes after
    /// initial failure", "30 minutes after initial failure", ...).
    FirstFailure,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetrySchedule {
    /// Seconds, as the provider documents them.
    pub delays: &'static [u64],
    pub basis: RetryBasis,
}

impl RetrySchedule {
    pub const NONE: RetrySchedule = RetrySchedule {
        delays: &[],
        basis: RetryBasis::PreviousAttempt,
    };

    /// The wait before each retry, counted from the attempt before it.
    pub fn waits(&self) -> Vec<Duration> {
        let mut previous = 0;
        self.delays
            .iter()
            .map(|&delay| {
                let wait = match self.basis {
                    RetryBasis::PreviousAttempt => delay,
                    RetryBasis::FirstFailure => delay.saturating_sub(previous),
                };
                previous = delay;
                Duration::from_secs(wait)
            })
            .collect()
    }

    /// `30s, 5m, 30m, 2h, 24h`, as documented.
    pub fn describe(&self) -> String {
        if self.delays.is_empty() {
            return "none".to_string();
        }
        let list: Vec<String> = self.delays.iter().map(|&s| format_duration(s)).collect();
        match self.basis {
            RetryBasis::PreviousAttempt => list.join(", "),
            RetryBasis::FirstFailure => format!("{} after the first failure", list.join(", ")),
        }
    }
}

/// `90` -> `1m30s`, `7200` -> `2h`.
pub fn format_duration(seconds: u64) -> String {
    let (h, m, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    let mut out = String::new();
    if h > 0 {
        out.push_str(&format!("{h}h"));
    }
    if m > 0 {
        out.push_str(&format!("{m}m"));
    }
    if s > 0 || out.is_empty() {
        out.push_str(&format!("{s}s"));
    }
    out
}

/// Which responses the provider treats as delivered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Success {
    Any2xx,
    Exactly200,
}

impl Success {
    pub fn accepts(&self, status: u16) -> bool {
        match self {
            Success::Any2xx => (200..300).contains(&status),
            Success::Exactly200 => status == 200,
        }
    }

    pub fn describe(&self) -> &'static str {
        match self {
            Success::Any2xx => "any 2xx",
            Success::Exactly200 => "exactly 200",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Provider {
    pub name: &'static str,
    pub title: &'static str,
    /// Where the preset's facts come from.
    pub source: &'static str,
    pub scheme: Scheme,
    pub id: FieldSource,
    pub event_type: FieldSource,
    pub id_format: IdFormat,
    /// Default verification tolerance in seconds for timestamped schemes.
    pub tolerance: Option<u64>,
    pub retry: RetrySchedule,
    pub success: Success,
    /// How long the provider waits for an answer before counting a failure.
    pub timeout: Duration,
    /// What whk assumes where the provider's document is silent, said
    /// wherever the preset is shown.
    pub assumptions: &'static [&'static str],
    /// Headers the provider sends besides the signature.
    pub headers: &'static [(&'static str, &'static str)],
    /// The handshakes it makes, which the listener answers by itself.
    pub handshakes: &'static [Handshake],
    catalog: &'static str,
}

impl Provider {
    /// The provider's sample events.
    pub fn catalog(&self) -> Catalog {
        Catalog::parse(self.catalog).unwrap_or_else(|err| {
            // Tests parse every embedded catalog, so this is unreachable in a
            // released binary; degrade to an empty catalog rather than abort.
            eprintln!(
                "error: internal: the catalog of {} is invalid ({err}); please report it",
                self.name
            );
            Catalog {
                test_event: crate::payload::CatalogEntry {
                    event_type: "test-event".into(),
                    description: String::new(),
                    body: serde_json::json!({}),
                },
                events: Vec::new(),
            }
        })
    }

    /// Whether a delivery may go without its credential: a bearer token is
    /// sent only "if you provide an API key" (Unibo's document).
    pub fn credential_is_optional(&self) -> bool {
        matches!(self.scheme, Scheme::Bearer(_))
    }

    /// Whether the sender is expected to sign (for the "unverified" mark).
    pub fn is_signed(&self) -> bool {
        !matches!(self.scheme, Scheme::Unsigned)
    }

    /// The same preset with another scheme (for `--provider custom` flags).
    pub fn with_scheme(&self, scheme: Scheme) -> Provider {
        Provider {
            scheme,
            ..self.clone()
        }
    }
}

const JSON: (&str, &str) = ("Content-Type", "application/json");
const MINUTE: u64 = 60;
const HOUR: u64 = 3600;

/// Standard Webhooks' (and Svix's) documented schedule.
const STANDARD_RETRIES: RetrySchedule = RetrySchedule {
    delays: &[
        5,
        5 * MINUTE,
        30 * MINUTE,
        2 * HOUR,
        5 * HOUR,
        10 * HOUR,
        10 * HOUR,
    ],
    basis: RetryBasis::PreviousAttempt,
};

/// The name used when neither flag, env nor config names one.
pub const DEFAULT_PROVIDER: &str = "standard";

pub static PROVIDERS: [Provider; 11] = [
    Provider {
        name: "standard",
        title: "Standard Webhooks",
        source: "standardwebhooks.com specification",
        scheme: Scheme::Standard(StandardScheme::standard()),
        id: FieldSource::Header("webhook-id"),
        event_type: FieldSource::Body("type"),
        id_format: IdFormat::Prefixed("msg_"),
        tolerance: Some(300),
        retry: STANDARD_RETRIES,
        success: Success::Any2xx,
        timeout: Duration::from_secs(15),
        assumptions: &[],
        headers: &[JSON, ("User-Agent", "whk (Standard Webhooks)")],
        handshakes: &[],
        catalog: include_str!("../payload/catalog/standard.json"),
    },
    Provider {
        name: "svix",
        title: "Svix",
        source: "docs.svix.com",
        scheme: Scheme::Standard(StandardScheme::svix()),
        id: FieldSource::Header("svix-id"),
        event_type: FieldSource::Body("type"),
        id_format: IdFormat::Prefixed("msg_"),
        tolerance: Some(300),
        retry: STANDARD_RETRIES,
        success: Success::Any2xx,
        timeout: Duration::from_secs(15),
        assumptions: &[],
        headers: &[JSON, ("User-Agent", "Svix-Webhooks/1.0")],
        handshakes: &[],
        catalog: include_str!("../payload/catalog/svix.json"),
    },
    Provider {
        name: "stripe",
        title: "Stripe",
        source: "docs.stripe.com/webhooks",
        scheme: Scheme::Stripe(StripeScheme),
        id: FieldSource::Body("id"),
        event_type: FieldSource::Body("type"),
        id_format: IdFormat::Prefixed("evt_"),
        tolerance: Some(300),
        // Stripe documents "up to three days with an exponential back off"
        // without exact delays; these follow that shape.
        retry: RetrySchedule {
            delays: &[HOUR, 2 * HOUR, 4 * HOUR, 8 * HOUR, 16 * HOUR, 24 * HOUR, 17 * HOUR],
            basis: RetryBasis::PreviousAttempt,
        },
        success: Success::Any2xx,
        timeout: Duration::from_secs(30),
        assumptions: &[
            "retry delays: Stripe documents \"up to three days with an exponential back off\" without figures; whk's follow that shape",
        ],
        headers: &[JSON, ("User-Agent", "Stripe/1.0 (+https://stripe.com/docs/webhooks)")],
        handshakes: &[],
        catalog: include_str!("../payload/catalog/stripe.json"),
    },
    Provider {
        name: "github",
        title: "GitHub",
        source: "docs.github.com webhooks",
        scheme: Scheme::Hmac(HmacScheme::body(
            Algorithm::Sha256,
            "X-Hub-Signature-256",
            Encoding::Hex,
            "sha256=",
        )),
        id: FieldSource::Header("X-GitHub-Delivery"),
        event_type: FieldSource::Header("X-GitHub-Event"),
        id_format: IdFormat::Uuid,
        tolerance: None,
        // GitHub does not redeliver failed deliveries on its own.
        retry: RetrySchedule::NONE,
        success: Success::Any2xx,
        timeout: Duration::from_secs(10),
        assumptions: &[],
        headers: &[JSON, ("User-Agent", "GitHub-Hookshot/whk")],
        handshakes: &[],
        catalog: include_str!("../payload/catalog/github.json"),
    },
    Provider {
        name: "slack",
        title: "Slack",
        source: "api.slack.com/authentication/verifying-requests-from-slack",
        scheme: Scheme::Hmac(HmacScheme {
            algorithm: Algorithm::Sha256,
            signature_header: std::borrow::Cow::Borrowed("X-Slack-Signature"),
            encoding: Encoding::Hex,
            prefix: std::borrow::Cow::Borrowed("v0="),
            template: std::borrow::Cow::Borrowed("v0:{timestamp}:{body}"),
            timestamp_header: Some(std::borrow::Cow::Borrowed("X-Slack-Request-Timestamp")),
            id_header: None,
            exact: false,
        }),
        id: FieldSource::Body("event_id"),
        event_type: FieldSource::Body("event.type"),
        id_format: IdFormat::Prefixed("Ev"),
        tolerance: Some(300),
        // Events API: a retry nearly immediately, then after 1 and 5 minutes.
        retry: RetrySchedule {
            delays: &[1, MINUTE, 5 * MINUTE],
            basis: RetryBasis::PreviousAttempt,
        },
        success: Success::Any2xx,
        timeout: Duration::from_secs(3),
        assumptions: &[
            "retry delays from the prose of Slack's Events API documentation (nearly at once, then after 1 and 5 minutes)",
        ],
        headers: &[JSON, ("User-Agent", "Slackbot 1.0 (+https://api.slack.com/robots)")],
        handshakes: &[Handshake::UrlVerification],
        catalog: include_str!("../payload/catalog/slack.json"),
    },
    Provider {
        name: "shopify",
        title: "Shopify",
        source: "shopify.dev webhooks",
        scheme: Scheme::Hmac(HmacScheme::body(
            Algorithm::Sha256,
            "X-Shopify-Hmac-Sha256",
            Encoding::Base64,
            "",
        )),
        id: FieldSource::Header("X-Shopify-Webhook-Id"),
        event_type: FieldSource::Header("X-Shopify-Topic"),
        id_format: IdFormat::Uuid,
        tolerance: None,
        // Shopify retries 8 times over 4 hours.
        retry: RetrySchedule {
            delays: &[MINUTE, 2 * MINUTE, 4 * MINUTE, 8 * MINUTE, 16 * MINUTE, 32 * MINUTE, 64 * MINUTE, 114 * MINUTE],
            basis: RetryBasis::PreviousAttempt,
        },
        success: Success::Any2xx,
        timeout: Duration::from_secs(5),
        assumptions: &[],
        headers: &[JSON, ("User-Agent", "Shopify-Captain-Hook")],
        handshakes: &[],
        catalog: include_str!("../payload/catalog/shopify.json"),
    },
    Provider {
        name: "izi",
        title: "IZI",
        source: "IZI Webhooks: Subscribing to Events",
        // The document's check compares the hex strings exactly (timingSafeEqual).
        scheme: Scheme::Hmac(
            HmacScheme::body(Algorithm::Sha256, "X-IZI-Signature", Encoding::Hex, "").compared_exactly(),
        ),
        id: FieldSource::Body("id"),
        event_type: FieldSource::Body("type"),
        id_format: IdFormat::Prefixed("evt_"),
        tolerance: None,
        retry: RetrySchedule {
            delays: &[30, 5 * MINUTE, 30 * MINUTE, 2 * HOUR, 24 * HOUR],
            basis: RetryBasis::PreviousAttempt,
        },
        // "If your endpoint doesn't respond 200 OK within 5 seconds, IZI retries".
        success: Success::Exactly200,
        timeout: Duration::from_secs(5),
        assumptions: &[],
        headers: &[JSON],
        handshakes: &[],
        catalog: include_str!("../payload/catalog/izi.json"),
    },
    Provider {
        name: "unibo",
        title: "Unibo",
        source: "Unibo: Webhook Integration Guide",
        scheme: Scheme::Bearer(BearerScheme {
            header: std::borrow::Cow::Borrowed("Authorization"),
        }),
        id: FieldSource::Body("request_id"),
        event_type: FieldSource::Body("event_type"),
        id_format: IdFormat::Uuid,
        tolerance: None,
        // "we'll log the failure but won't retry".
        retry: RetrySchedule::NONE,
        success: Success::Any2xx,
        // The guide asks endpoints to answer within 30 seconds.
        timeout: Duration::from_secs(30),
        assumptions: &[
            "timeout 30 s: the guide asks endpoints to process within 30 seconds",
            "PLAYER_OPTED_IN/OUT carry no request_id in the document, so they have no idempotency key",
        ],
        headers: &[JSON, ("User-Agent", "Unibo-Webhooks/1.0")],
        handshakes: &[],
        catalog: include_str!("../payload/catalog/unibo.json"),
    },
    Provider {
        name: "zotlo",
        title: "Zotlo",
        source: "Zotlo: Webhooks Overview",
        // The document relies on IP allow-listing; there is no signature.
        scheme: Scheme::Unsigned,
        id: FieldSource::Body("queue.requestID"),
        event_type: FieldSource::Body("queue.eventType"),
        id_format: IdFormat::Uuid,
        tolerance: None,
        retry: RetrySchedule {
            delays: &[10 * MINUTE, 30 * MINUTE, 30 * MINUTE, 30 * MINUTE, HOUR],
            basis: RetryBasis::PreviousAttempt,
        },
        success: Success::Exactly200,
        timeout: Duration::from_secs(30),
        assumptions: &[
            "the queue.type and eventType of Registered Users (RegisteredUser/registered) and Completed Quizzes (CompletedQuiz/quizCompleted) are named by whk: the document gives none",
        ],
        headers: &[JSON],
        handshakes: &[],
        catalog: include_str!("../payload/catalog/zotlo.json"),
    },
    Provider {
        name: "irisync",
        title: "IriSync",
        source: "IriSync: Using Webhooks",
        scheme: Scheme::Hmac(HmacScheme {
            algorithm: Algorithm::Sha256,
            signature_header: std::borrow::Cow::Borrowed("X-IriSync-Signature"),
            encoding: Encoding::Hex,
            prefix: std::borrow::Cow::Borrowed(""),
            template: std::borrow::Cow::Borrowed("{timestamp}.{body}"),
            timestamp_header: Some(std::borrow::Cow::Borrowed("X-IriSync-Timestamp")),
            id_header: None,
            // The document's check compares the hex strings exactly (`!==`).
            exact: true,
        }),
        id: FieldSource::Body("id"),
        event_type: FieldSource::Body("type"),
        id_format: IdFormat::Prefixed("evt_"),
        // The document names no tolerance; `--tolerance` adds one.
        tolerance: None,
        retry: RetrySchedule {
            delays: &[5 * MINUTE, 30 * MINUTE, 2 * HOUR, 5 * HOUR, 10 * HOUR],
            basis: RetryBasis::FirstFailure,
        },
        success: Success::Any2xx,
        timeout: Duration::from_secs(30),
        assumptions: &[
            "X-IriSync-Timestamp carries unix seconds: the document does not give its format (milliseconds are rejected as such)",
            "no timestamp tolerance: the document names none (--tolerance adds one)",
            "the retry delays count from the first failure, as the document words them",
        ],
        headers: &[JSON],
        handshakes: &[],
        catalog: include_str!("../payload/catalog/irisync.json"),
    },
    Provider {
        name: "custom",
        title: "Custom scheme",
        source: "described by --algorithm, --signature-header, --encoding, --signature-prefix, --template",
        scheme: Scheme::Hmac(HmacScheme::body(Algorithm::Sha256, "X-Webhook-Signature", Encoding::Hex, "")),
        id: FieldSource::Body("id"),
        event_type: FieldSource::Body("type"),
        id_format: IdFormat::Prefixed("evt_"),
        tolerance: Some(300),
        retry: RetrySchedule {
            delays: &[5, 30, 2 * MINUTE, 10 * MINUTE],
            basis: RetryBasis::PreviousAttempt,
        },
        success: Success::Any2xx,
        timeout: Duration::from_secs(30),
        assumptions: &[],
        headers: &[JSON],
        handshakes: &[],
        catalog: include_str!("../payload/catalog/custom.json"),
    },
];

/// Every other preset's signature header, for the doctor to recognise a
/// sender that uses another provider's scheme.
pub fn suspects(except: &Provider) -> Vec<crate::signing::doctor::Suspect<'static>> {
    PROVIDERS
        .iter()
        .filter(|p| p.name != except.name && p.name != "custom")
        .filter_map(|p| {
            Some(crate::signing::doctor::Suspect {
                provider: p.title,
                header: p.scheme.signature_header()?,
            })
        })
        .collect()
}

/// A provider name no preset has.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown provider '{name}'; {}see 'whk providers' for the list",
    match suggestion { Some(s) => format!("did you mean {s}? "), None => String::new() })]
pub struct UnknownProvider {
    pub name: String,
    pub suggestion: Option<&'static str>,
}

/// Looks a preset up by name, case-insensitively.
pub fn find(name: &str) -> Result<&'static Provider, UnknownProvider> {
    PROVIDERS
        .iter()
        .find(|p| p.name.eq_ignore_ascii_case(name.trim()))
        .ok_or_else(|| UnknownProvider {
            name: name.to_string(),
            suggestion: PROVIDERS
                .iter()
                .map(|p| {
                    (
                        strsim::jaro_winkler(&name.to_ascii_lowercase(), p.name),
                        p.name,
                    )
                })
                .filter(|(score, _)| *score > 0.7)
                .max_by(|a, b| a.0.total_cmp(&b.0))
                .map(|(_, n)| n),
        })
}

pub fn names() -> impl Iterator<Item = &'static str> {
    PROVIDERS.iter().map(|p| p.name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_catalog_parses_and_has_unique_types() {
        for provider in &PROVIDERS {
            let catalog = Catalog::parse(provider.catalog)
                .unwrap_or_else(|e| panic!("{}: {e}", provider.name));
            assert!(!catalog.events.is_empty(), "{}", provider.name);
            let mut names: Vec<&str> = catalog
                .events
                .iter()
                .map(|e| e.event_type.as_str())
                .collect();
            names.sort();
            names.dedup();
            assert_eq!(names.len(), catalog.events.len(), "{}", provider.name);
        }
    }

    #[test]
    fn seed_catalogs_name_every_documented_event() {
        let counts = [("izi", 12), ("unibo", 5), ("irisync", 12)];
        for (name, count) in counts {
            assert_eq!(find(name).unwrap().catalog().events.len(), count, "{name}");
        }
        assert!(find("zotlo").unwrap().catalog().events.len() >= 5);
    }

    fn waits(name: &str) -> Vec<u64> {
        let provider = find(name).unwrap();
        provider.retry.waits().iter().map(|d| d.as_secs()).collect()
    }

    #[test]
    fn irisync_waits_count_from_the_first_failure() {
        assert_eq!(waits("irisync"), [300, 1500, 5400, 10800, 18000]);
        assert_eq!(waits("izi"), [30, 300, 1800, 7200, 86400]);
    }

    #[test]
    fn unknown_provider_suggests() {
        let err = find("strpe").unwrap_err();
        assert_eq!(err.suggestion, Some("stripe"));
        assert!(err.to_string().contains("did you mean stripe?"));
        assert_eq!(format_duration(90), "1m30s");
        assert_eq!(format_duration(7200), "2h");
    }
}
