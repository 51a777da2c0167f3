//! Provider presets, as data: one file per provider (`providers/<name>.toml`,
//! embedded at build time, plus the user's own in `$WHK_HOME/providers/` and
//! `./.whk/providers/`) with its signature scheme, where the event id and type
//! live, its retry schedule, what counts as success, its request timeout, its
//! published test vectors and its sample catalog.
//!
//! IZI, Unibo, Zotlo and IriSync follow their own documents exactly; the rest
//! follow the providers' public documentation, and each file names where a
//! value is whk's assumption. Commands never `match` on a provider name: they
//! read these fields.

mod file;
pub mod handshake;

use std::time::Duration;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::payload::{Catalog, FieldSource, IdFormat};
use crate::signing::{Credential, Scheme};

pub use file::{ProviderFileError, Vector};
pub use handshake::Handshake;

/// One built-in provider file as build.rs embeds it.
pub(crate) struct Embedded {
    stem: &'static str,
    /// The file without its catalog, as JSON.
    file: &'static str,
    /// `[catalog]` as JSON, parsed only when a command asks for it.
    catalog: &'static str,
}

include!(concat!(env!("OUT_DIR"), "/built_in_providers.rs"));

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

/// Where a provider's file came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    BuiltIn,
    /// A user's file, which takes the place of a built-in one of the same name.
    User(PathBuf),
}

impl Origin {
    pub fn describe(&self) -> String {
        match self {
            Origin::BuiltIn => "built-in".to_string(),
            Origin::User(path) => path.display().to_string(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Provider {
    pub name: &'static str,
    /// Other names it answers to (ngrok's identifiers are the names; the
    /// short forms are aliases).
    pub aliases: &'static [&'static str],
    pub title: &'static str,
    /// Where the preset's facts come from: a URL or the document's title.
    pub source: &'static str,
    pub origin: Origin,
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
    /// Published test vectors, run by the test suite.
    pub vectors: &'static [Vector],
    /// The handshakes it makes (`handshakes = [...]`), which the listener
    /// answers by itself.
    pub handshakes: &'static [Handshake],
    catalog: std::sync::Arc<file::LazyCatalog>,
}

impl Provider {
    /// The provider's sample events.
    pub fn catalog(&self) -> &Catalog {
        self.catalog.get()
    }

    /// Whether a delivery may go without its credential: a bearer token is
    /// sent only "if you provide an API key" (Unibo's document).
    pub fn credential_is_optional(&self) -> bool {
        matches!(
            self.scheme.credential(),
            Credential::Token { optional: true }
        )
    }

    /// Whether the sender is expected to sign (for the "unverified" mark).
    pub fn is_signed(&self) -> bool {
        self.scheme.credential() != Credential::None
    }

    /// The same preset with another scheme (for `--provider custom` flags).
    pub fn with_scheme(&self, scheme: Scheme) -> Provider {
        Provider {
            scheme,
            ..self.clone()
        }
    }

    /// Every name it answers to.
    pub fn answers_to(&self, name: &str) -> bool {
        let name = name.trim();
        self.name.eq_ignore_ascii_case(name)
            || self.aliases.iter().any(|a| a.eq_ignore_ascii_case(name))
    }
}

/// The name used when neither flag, env nor config names one.
pub const DEFAULT_PROVIDER: &str = "standard";

/// The directories user provider files are read from, most specific last.
fn user_dirs() -> Vec<PathBuf> {
    vec![
        crate::home::home_dir().join("providers"),
        Path::new(".whk").join("providers"),
    ]
}

/// Every user provider file, parsed once per process. A broken file is an
/// error for every command that reads providers: it says which file, which
/// line and what is wrong.
fn user_providers() -> Result<&'static [&'static Provider], ProviderFileError> {
    static USER: OnceLock<Result<Vec<&'static Provider>, ProviderFileError>> = OnceLock::new();
    USER.get_or_init(|| file::load_dirs(&user_dirs()))
        .as_ref()
        .map(Vec::as_slice)
        .map_err(Clone::clone)
}

/// A built-in provider, parsed when first asked for (a short command reads
/// one file, not forty).
fn built_in(index: usize) -> &'static Provider {
    static PARSED: OnceLock<Vec<OnceLock<&'static Provider>>> = OnceLock::new();
    let slots = PARSED.get_or_init(|| BUILT_IN.iter().map(|_| OnceLock::new()).collect());
    slots[index].get_or_init(|| {
        let embedded = &BUILT_IN[index];
        let name = embedded.stem;
        file::parse_built_in(embedded).unwrap_or_else(|err| {
            // Every built-in file is parsed by a test, so this is a build
            // defect; say so rather than panic.
            eprintln!("error: internal: the built-in provider file {name}.toml is invalid: {err}; please report it");
            std::process::exit(crate::exit::ERROR)
        })
    })
}

/// Every provider, built-in and the user's (a user file of a built-in's
/// name takes its place), sorted by name.
pub fn all() -> Result<Vec<&'static Provider>, ProviderFileError> {
    let user = user_providers()?;
    let mut list: Vec<&'static Provider> = (0..BUILT_IN.len())
        .map(built_in)
        .filter(|p| !user.iter().any(|u| u.name == p.name))
        .collect();
    list.extend(user.iter().copied());
    list.sort_by_key(|p| p.name);
    Ok(list)
}

/// Every other preset's signature header, for the doctor to recognise a
/// sender that uses another provider's scheme.
pub fn suspects(except: &Provider) -> Vec<crate::signing::doctor::Suspect<'static>> {
    all()
        .unwrap_or_default()
        .into_iter()
        .filter(|p| p.name != except.name && p.name != "custom")
        .filter_map(|p| {
            Some(crate::signing::doctor::Suspect {
                provider: p.title,
                header: p.scheme.signature_header()?,
            })
        })
        .collect()
}

/// Why a provider name finds no preset.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProviderError {
    #[error("unknown provider '{name}'; {}see 'whk providers' for the list",
        match suggestion { Some(s) => format!("did you mean {s}? "), None => String::new() })]
    Unknown {
        name: String,
        suggestion: Option<&'static str>,
    },
    #[error(transparent)]
    File(#[from] ProviderFileError),
}

/// Looks a preset up by name or alias, case-insensitively.
pub fn find(name: &str) -> Result<&'static Provider, ProviderError> {
    let user = user_providers()?;
    if let Some(provider) = user.iter().find(|p| p.answers_to(name)) {
        return Ok(provider);
    }
    let wanted = name.trim().to_ascii_lowercase();
    if let Some(index) = BUILT_IN.iter().position(|e| e.stem == wanted) {
        return Ok(built_in(index));
    }
    let all = all()?;
    if let Some(provider) = all.iter().find(|p| p.answers_to(name)) {
        return Ok(provider);
    }
    Err(ProviderError::Unknown {
        name: name.to_string(),
        suggestion: all
            .iter()
            .map(|p| (strsim::jaro_winkler(&wanted, p.name), p.name))
            .filter(|(score, _)| *score > 0.7)
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, n)| n),
    })
}

/// Every provider's name (built-in ones when a user file is broken: this
/// feeds completions and suggestions, which must not fail).
pub fn names() -> Vec<&'static str> {
    match all() {
        Ok(list) => list.iter().map(|p| p.name).collect(),
        Err(_) => BUILT_IN.iter().map(|e| e.stem).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_catalog_parses_and_has_unique_types() {
        for (index, embedded) in BUILT_IN.iter().enumerate() {
            file::parse_built_in(embedded).unwrap_or_else(|e| panic!("{}: {e}", embedded.stem));
            let provider = built_in(index);
            let catalog = provider.catalog();
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
        assert!(matches!(
            err,
            ProviderError::Unknown {
                suggestion: Some("stripe"),
                ..
            }
        ));
        assert!(err.to_string().contains("did you mean stripe?"));
        assert_eq!(format_duration(90), "1m30s");
        assert_eq!(format_duration(7200), "2h");
    }
}
