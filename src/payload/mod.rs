//! The payload side of a delivery: where a provider keeps the event id and
//! type, the sample-event catalogs, and the placeholder templates that make
//! every generated event fresh. This is the only module that knows payload
//! shapes; `send`, `listen` and `replay` ask it.

pub mod catalog;
pub mod openapi;
pub mod schema;
pub mod template;

use serde_json::Value;

use crate::http::Headers;

pub use catalog::{Catalog, CatalogEntry, UnknownEvent};

/// Where a provider puts a field of the delivery.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldSource {
    /// A dotted path into the JSON body, e.g. `queue.requestID`.
    Body(&'static str),
    /// A request header, e.g. `X-GitHub-Delivery`.
    Header(&'static str),
}

impl FieldSource {
    /// Reads the field as text (numbers are rendered, objects are not ids).
    pub fn extract(&self, headers: &Headers, json: Option<&Value>) -> Option<String> {
        match self {
            FieldSource::Header(name) => headers.get(name).map(str::to_string),
            FieldSource::Body(path) => match lookup(json?, path)? {
                Value::String(text) => Some(text.clone()),
                Value::Number(number) => Some(number.to_string()),
                _ => None,
            },
        }
    }

    pub fn describe(&self) -> String {
        match self {
            FieldSource::Body(path) => format!("body.{path}"),
            FieldSource::Header(name) => format!("header {name}"),
        }
    }
}

/// Follows a dotted path through JSON objects.
pub fn lookup<'v>(value: &'v Value, path: &str) -> Option<&'v Value> {
    // A number is an array index too (`entry.0.id`, Meta's envelopes).
    path.split('.').try_fold(value, |node, key| {
        node.get(key)
            .or_else(|| node.get(key.parse::<usize>().ok()?))
    })
}

/// How a provider's event ids look, so generated ones look the same.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdFormat {
    /// A prefix and a ULID, e.g. `evt_01J…` or `msg_01J…`.
    Prefixed(&'static str),
    /// A UUID v4, as Unibo's `request_id` and GitHub's delivery id.
    Uuid,
}

impl IdFormat {
    pub fn generate(&self) -> String {
        match self {
            IdFormat::Prefixed(prefix) => format!("{prefix}{}", ulid::Ulid::new()),
            IdFormat::Uuid => uuid::Uuid::new_v4().to_string(),
        }
    }
}

/// What a received delivery says about itself.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EventInfo {
    pub id: Option<String>,
    pub event_type: Option<String>,
}

impl EventInfo {
    /// Extracts id and type from a delivery with the provider's field sources.
    pub fn inspect(
        id: FieldSource,
        event_type: FieldSource,
        headers: &Headers,
        body: &[u8],
    ) -> Self {
        // The body is parsed only for providers that keep a field in it: the
        // listener calls this for every delivery.
        let in_body = |source: FieldSource| matches!(source, FieldSource::Body(_));
        let json = if in_body(id) || in_body(event_type) {
            serde_json::from_slice::<Value>(body).ok()
        } else {
            None
        };
        EventInfo {
            id: id.extract(headers, json.as_ref()),
            event_type: event_type.extract(headers, json.as_ref()),
        }
    }
}

/// Event names compare case-insensitively with `-`, `_`, `.` and `/` alike,
/// so `test-event`, `TEST_EVENT` and `test.event` name the same thing.
pub fn normalize_event_name(name: &str) -> String {
    name.trim()
        .chars()
        .map(|c| match c {
            '-' | '.' | '/' => '_',
            c => c.to_ascii_lowercase(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn extracts_from_nested_body_paths_and_headers() {
        let body = br#"{"queue":{"requestID":"r-1","eventType":"renewal"},"n":7}"#;
        let mut headers = Headers::new();
        headers.push("X-GitHub-Delivery", "d-1");
        let info = EventInfo::inspect(
            FieldSource::Body("queue.requestID"),
            FieldSource::Body("queue.eventType"),
            &headers,
            body,
        );
        assert_eq!(info.id.as_deref(), Some("r-1"));
        assert_eq!(info.event_type.as_deref(), Some("renewal"));
        assert_eq!(
            FieldSource::Header("x-github-delivery").extract(&headers, None),
            Some("d-1".into())
        );
        let json: Value = serde_json::from_slice(body).unwrap();
        assert_eq!(
            FieldSource::Body("n").extract(&headers, Some(&json)),
            Some("7".into())
        );
        let batch =
            serde_json::json!([{"event": "open", "sg_event_id": "e-1"}, {"event": "click"}]);
        assert_eq!(
            FieldSource::Body("1.event").extract(&headers, Some(&batch)),
            Some("click".into())
        );
        assert_eq!(
            FieldSource::Body("2.event").extract(&headers, Some(&batch)),
            None
        );
        assert_eq!(
            FieldSource::Body("first.event").extract(&headers, Some(&batch)),
            None
        );
        assert_eq!(
            FieldSource::Body("queue").extract(&headers, Some(&json!({"queue": {}}))),
            None
        );
    }

    #[test]
    fn non_json_bodies_have_no_body_fields() {
        let info = EventInfo::inspect(
            FieldSource::Body("id"),
            FieldSource::Body("type"),
            &Headers::new(),
            b"\xff\xfe",
        );
        assert_eq!(info, EventInfo::default());
    }

    #[test]
    fn event_names_normalise() {
        assert_eq!(
            normalize_event_name("Test-Event"),
            normalize_event_name("TEST_EVENT")
        );
        assert_eq!(normalize_event_name("orders/create"), "orders_create");
    }

    #[test]
    fn generated_ids_follow_the_format() {
        assert!(IdFormat::Prefixed("evt_").generate().starts_with("evt_"));
        assert_eq!(IdFormat::Uuid.generate().len(), 36);
        assert_ne!(IdFormat::Uuid.generate(), IdFormat::Uuid.generate());
    }
}
