//! Sample events per provider, from the `[catalog]` of its provider file: every
//! event type the provider documents, each with a body in the provider's own
//! envelope, plus a generic test event. Bodies are templates (see `template`).

use serde::Deserialize;
use serde_json::Value;

use super::normalize_event_name;

#[derive(Debug, Clone, Deserialize)]
pub struct CatalogEntry {
    #[serde(rename = "type")]
    pub event_type: String,
    pub description: String,
    pub body: Value,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Catalog {
    pub test_event: CatalogEntry,
    pub events: Vec<CatalogEntry>,
}

/// The name `whk send` uses for each provider's generic test event.
pub const TEST_EVENT: &str = "test-event";

/// An event name the catalog does not have, with the names closest to it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown event '{name}' for provider {provider}; {}see 'whk providers show {provider}'",
    match suggestions.first() { Some(s) => format!("did you mean {s}? "), None => String::new() })]
pub struct UnknownEvent {
    pub name: String,
    pub provider: String,
    pub suggestions: Vec<String>,
}

impl Catalog {
    /// Parses an embedded catalog; the files are checked by tests, so a failure
    /// here is a build defect, reported rather than panicked on.
    pub fn parse(source: &str) -> Result<Catalog, serde_json::Error> {
        serde_json::from_str(source)
    }

    /// Finds an event by name: exact first, then case- and separator-insensitive.
    /// `test-event` is always the generic test event.
    pub fn find(&self, provider: &str, name: &str) -> Result<&CatalogEntry, UnknownEvent> {
        if name.eq_ignore_ascii_case(TEST_EVENT) {
            return Ok(&self.test_event);
        }
        let all = || self.events.iter().chain(std::iter::once(&self.test_event));
        if let Some(entry) = all().find(|e| e.event_type == name) {
            return Ok(entry);
        }
        let wanted = normalize_event_name(name);
        if let Some(entry) = all().find(|e| normalize_event_name(&e.event_type) == wanted) {
            return Ok(entry);
        }
        Err(UnknownEvent {
            name: name.to_string(),
            provider: provider.to_string(),
            suggestions: suggestions(name, self.events.iter().map(|e| e.event_type.as_str())),
        })
    }

    /// Every event type, test event last.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.events
            .iter()
            .map(|e| e.event_type.as_str())
            .chain(std::iter::once(TEST_EVENT))
    }
}

/// Up to three of `names` closest to `wanted`, best first (did-you-mean).
pub fn suggestions<'a>(wanted: &str, names: impl Iterator<Item = &'a str>) -> Vec<String> {
    let wanted = normalize_event_name(wanted);
    let mut scored: Vec<(f64, &str)> = names
        .map(|name| {
            let score = strsim::jaro_winkler(&wanted, &normalize_event_name(name));
            (score, name)
        })
        .filter(|(score, _)| *score > 0.8)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    scored
        .into_iter()
        .take(3)
        .map(|(_, name)| name.to_string())
        .collect()
}
