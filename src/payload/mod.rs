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

/// Follows a dotted path through JSON objects (a number indexes an array,
/// `0.eventId`); `a|b` is the first of several paths that is there (Twilio
/// keeps the type in `CallStatus` or `MessageStatus`).
pub fn lookup<'v>(value: &'v Value, path: &str) -> Option<&'v Value> {
    path.split('|').find_map(|path| {
        path.split('.').try_fold(value, |node, key| {
            node.get(key)
                .or_else(|| node.get(key.parse::<usize>().ok()?))
        })
    })
}

/// The media type of form-encoded bodies (Twilio's callbacks).
pub const FORM_CONTENT_TYPE: &str = "application/x-www-form-urlencoded";

/// A body's fields for id and type lookups: the JSON, or a form-encoded
/// body's parameters as an object of strings.
pub fn body_fields(body: &[u8]) -> Option<Value> {
    if let Ok(json) = serde_json::from_slice::<Value>(body) {
        return Some(json);
    }
    let text = std::str::from_utf8(body).ok()?;
    if !text.contains('=') || text.trim_start().starts_with(['{', '[']) {
        return None;
    }
    let mut fields = serde_json::Map::new();
    for (name, value) in url::form_urlencoded::parse(text.as_bytes()) {
        fields
            .entry(name.into_owned())
            .or_insert(Value::String(value.into_owned()));
    }
    Some(Value::Object(fields))
}

/// `fields` (a JSON object) as a form-encoded body, in its order; strings
/// are written as they are, other values as JSON text.
pub fn form_encode(fields: &Value) -> Option<Vec<u8>> {
    let object = fields.as_object()?;
    let mut form = url::form_urlencoded::Serializer::new(String::new());
    for (name, value) in object {
        match value {
            Value::String(text) => form.append_pair(name, text),
            other => form.append_pair(name, &other.to_string()),
        };
    }
    Some(form.finish().into_bytes())
}

/// How a provider's event ids look, so generated ones look the same.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdFormat {
    /// A prefix and a ULID, e.g. `evt_01J…` or `msg_01J…`.
    Prefixed(&'static str),
    /// A UUID v4, as Unibo's `request_id` and GitHub's delivery id.
    Uuid,
    /// A positive integer of 12 digits, as HubSpot's `eventId` (written
    /// into a body as a number by the `{{id_number}}` placeholder).
    Number,
}

impl IdFormat {
    pub fn generate(&self) -> String {
        match self {
            // Encoded into buffers rather than formatted: load mode makes
            // one id per request.
            IdFormat::Prefixed(prefix) => {
                let mut id = String::with_capacity(prefix.len() + ulid::ULID_LEN);
                id.push_str(prefix);
                id.push_str(ulid::Ulid::new().array_to_str(&mut [0; ulid::ULID_LEN]));
                id
            }
            IdFormat::Uuid => uuid::Uuid::new_v4()
                .hyphenated()
                .encode_lower(&mut uuid::Uuid::encode_buffer())
                .to_owned(),
            IdFormat::Number => {
                let random = uuid::Uuid::new_v4().as_u128() % 900_000_000_000;
                (100_000_000_000 + random).to_string()
            }
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
            body_fields(body)
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
    fn form_bodies_have_fields_and_paths_have_alternatives() {
        let info = EventInfo::inspect(
            FieldSource::Header("I-Twilio-Idempotency-Token"),
            FieldSource::Body("CallStatus|MessageStatus"),
            &Headers::new(),
            b"MessageSid=SM1&MessageStatus=delivered&To=%2B1555",
        );
        assert_eq!(info.event_type.as_deref(), Some("delivered"));
        let fields = body_fields(b"To=%2B1555&Body=a+b").unwrap();
        assert_eq!(fields["To"], "+1555");
        assert_eq!(fields["Body"], "a b");
        assert_eq!(
            form_encode(&json!({"To": "+1555", "Body": "a b&c", "N": 1})).unwrap(),
            b"To=%2B1555&Body=a+b%26c&N=1"
        );
        let array = json!([{"eventId": "e1"}]);
        assert_eq!(lookup(&array, "0.eventId"), Some(&json!("e1")));
        assert_eq!(lookup(&array, "1.eventId"), None);
        assert_eq!(lookup(&json!({"b": 2}), "a|b"), Some(&json!(2)));
        assert_eq!(body_fields(b"{not json"), None);
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
        let number = IdFormat::Number.generate();
        assert_eq!(number.len(), 12, "{number}");
        assert!(number.parse::<u64>().is_ok(), "{number}");
    }
}
