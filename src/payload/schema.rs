//! Payload contracts: a JSON Schema (draft 2020-12) per event type, checked
//! with the `jsonschema` crate. The catalogs' schemas are data, embedded from
//! `schemas/<provider>.json` next to the catalogs; an OpenAPI document's
//! `webhooks` give another set (see `openapi`). Each schema is compiled the
//! first time it is used and kept: the listener validates every delivery.

use std::collections::HashMap;
use std::sync::OnceLock;

use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::{ValidationError, Validator};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::normalize_event_name;

/// The draft every schema here is written in.
pub const DRAFT: &str = "https://json-schema.org/draft/2020-12/schema";

/// The embedded schema documents, one per provider preset.
const SOURCES: [(&str, &str); 11] = [
    ("standard", include_str!("schemas/standard.json")),
    ("svix", include_str!("schemas/svix.json")),
    ("stripe", include_str!("schemas/stripe.json")),
    ("github", include_str!("schemas/github.json")),
    ("slack", include_str!("schemas/slack.json")),
    ("shopify", include_str!("schemas/shopify.json")),
    ("izi", include_str!("schemas/izi.json")),
    ("unibo", include_str!("schemas/unibo.json")),
    ("zotlo", include_str!("schemas/zotlo.json")),
    ("irisync", include_str!("schemas/irisync.json")),
    ("custom", include_str!("schemas/custom.json")),
];

/// One way a body breaks its schema.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Violation {
    /// A JSON pointer (RFC 6901) to the offending value; for a missing field,
    /// to where it should be. Empty for the body itself.
    pub pointer: String,
    /// What is wrong, e.g. `wrong type (expected number, got string "abc")`.
    pub message: String,
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let pointer = if self.pointer.is_empty() {
            "(body)"
        } else {
            &self.pointer
        };
        write!(f, "{pointer}: {}", self.message)
    }
}

/// What checking a delivery against its schema found: the `schema` field of
/// the NDJSON contract and the store's `schema` column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SchemaCheck {
    pub valid: bool,
    pub errors: Vec<Violation>,
}

impl SchemaCheck {
    pub fn from_violations(errors: Vec<Violation>) -> Self {
        SchemaCheck {
            valid: errors.is_empty(),
            errors,
        }
    }
}

/// A schema that cannot be used (a defect of the document that holds it).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SchemaError {
    #[error("the schema of {event_type} is not a valid JSON Schema: {reason}")]
    Invalid { event_type: String, reason: String },
    #[error("the schema document is not valid: {0}")]
    Document(String),
}

/// An event type's schema, compiled on first use.
#[derive(Debug)]
pub struct EventSchema {
    event_type: String,
    schema: Value,
    compiled: OnceLock<Result<Validator, SchemaError>>,
}

impl EventSchema {
    pub fn new(event_type: impl Into<String>, schema: Value) -> Self {
        EventSchema {
            event_type: event_type.into(),
            schema,
            compiled: OnceLock::new(),
        }
    }

    pub fn event_type(&self) -> &str {
        &self.event_type
    }

    fn validator(&self) -> Result<&Validator, SchemaError> {
        self.compiled
            .get_or_init(|| {
                jsonschema::options()
                    .with_draft(jsonschema::Draft::Draft202012)
                    .should_validate_formats(true)
                    .build(&self.schema)
                    .map_err(|err| SchemaError::Invalid {
                        event_type: self.event_type.clone(),
                        reason: err.to_string(),
                    })
            })
            .as_ref()
            .map_err(Clone::clone)
    }

    /// Every violation of `body`, by pointer; empty when it conforms.
    pub fn check(&self, body: &Value) -> Result<Vec<Violation>, SchemaError> {
        let validator = self.validator()?;
        // The common case, a valid body, without building any error.
        if validator.is_valid(body) {
            return Ok(Vec::new());
        }
        let mut violations: Vec<Violation> =
            validator.iter_errors(body).flat_map(describe).collect();
        // By pointer, so the output does not depend on evaluation order.
        violations.sort_by(|a, b| a.pointer.cmp(&b.pointer));
        violations.dedup();
        Ok(violations)
    }

    /// Checks raw bytes: a body that is not JSON is one violation.
    pub fn check_bytes(&self, body: &[u8]) -> Result<Vec<Violation>, SchemaError> {
        match serde_json::from_slice::<Value>(body) {
            Ok(json) => self.check(&json),
            Err(err) => Ok(vec![not_json(&err)]),
        }
    }
}

/// The violation for a body that does not parse.
pub fn not_json(err: &serde_json::Error) -> Violation {
    Violation {
        pointer: String::new(),
        message: format!("not JSON (expected a JSON document, got a parse error: {err})"),
    }
}

/// The schemas of one source: a provider's catalog or an OpenAPI document.
#[derive(Debug, Default)]
pub struct SchemaSet {
    events: Vec<EventSchema>,
    index: HashMap<String, usize>,
}

impl SchemaSet {
    pub fn new(events: Vec<EventSchema>) -> Self {
        let mut index = HashMap::new();
        for (i, event) in events.iter().enumerate() {
            index.entry(event.event_type.clone()).or_insert(i);
            index
                .entry(normalize_event_name(&event.event_type))
                .or_insert(i);
        }
        SchemaSet { events, index }
    }

    /// Parses a schema document: `{"$defs": {...}, "events": {"TYPE": schema}}`.
    /// Each event's schema is made self-contained: the document's `$defs` and
    /// `$schema` are copied into it, so `#/$defs/...` resolves.
    pub fn from_document(source: &str) -> Result<SchemaSet, SchemaError> {
        let doc: Value =
            serde_json::from_str(source).map_err(|e| SchemaError::Document(e.to_string()))?;
        let events = doc
            .get("events")
            .and_then(Value::as_object)
            .ok_or_else(|| SchemaError::Document("no \"events\" object".into()))?;
        let defs = doc.get("$defs").cloned();
        let events = events
            .iter()
            .map(|(event_type, schema)| {
                let mut root = match schema {
                    Value::Object(map) => map.clone(),
                    other => {
                        let mut map = Map::new();
                        map.insert("allOf".into(), Value::Array(vec![other.clone()]));
                        map
                    }
                };
                root.insert("$schema".into(), Value::from(DRAFT));
                if let Some(defs) = &defs {
                    root.insert("$defs".into(), defs.clone());
                }
                EventSchema::new(event_type.clone(), Value::Object(root))
            })
            .collect();
        Ok(SchemaSet::new(events))
    }

    /// The schema of `event_type`: exact first, then case- and separator-insensitive.
    pub fn get(&self, event_type: &str) -> Option<&EventSchema> {
        self.index
            .get(event_type)
            .or_else(|| self.index.get(&normalize_event_name(event_type)))
            .map(|&i| &self.events[i])
    }

    pub fn events(&self) -> impl Iterator<Item = &EventSchema> {
        self.events.iter()
    }
}

/// The providers whose payloads have schemas here.
pub fn providers_with_schemas() -> Vec<&'static str> {
    SOURCES.iter().map(|(provider, _)| *provider).collect()
}

/// The schemas of a provider preset's catalog (parsed once per process).
pub fn for_provider(name: &str) -> Option<&'static SchemaSet> {
    static SETS: OnceLock<HashMap<&'static str, SchemaSet>> = OnceLock::new();
    let sets = SETS.get_or_init(|| {
        SOURCES
            .iter()
            .map(|(provider, source)| {
                // The embedded documents are checked by tests; a broken one
                // leaves its provider without schemas rather than aborting.
                let set = SchemaSet::from_document(source).unwrap_or_else(|err| {
                    eprintln!("error: internal: the schemas of {provider} are invalid ({err}); please report it");
                    SchemaSet::default()
                });
                (*provider, set)
            })
            .collect()
    });
    sets.get(name)
}

/// Turns one `jsonschema` error into violations in whk's words.
fn describe(error: ValidationError<'_>) -> Vec<Violation> {
    let at = error.instance_path().as_str().to_string();
    let got = || preview(error.instance());
    let single = |message: String| {
        vec![Violation {
            pointer: at.clone(),
            message,
        }]
    };
    match error.kind() {
        ValidationErrorKind::Required { property } => {
            let name = property
                .as_str()
                .map_or_else(|| property.to_string(), str::to_string);
            vec![Violation {
                pointer: format!("{at}/{}", escape_pointer(&name)),
                message: "required field is missing (expected a value, got none)".into(),
            }]
        }
        ValidationErrorKind::AdditionalProperties { unexpected }
        | ValidationErrorKind::UnevaluatedProperties { unexpected } => unexpected
            .iter()
            .map(|name| Violation {
                pointer: format!("{at}/{}", escape_pointer(name)),
                message: "field not allowed (expected no such field, got one)".into(),
            })
            .collect(),
        ValidationErrorKind::Type { kind } => {
            let expected = match kind {
                TypeKind::Single(ty) => ty.to_string(),
                TypeKind::Multiple(types) => types
                    .iter()
                    .map(|ty| ty.to_string())
                    .collect::<Vec<_>>()
                    .join(" or "),
            };
            single(format!("wrong type (expected {expected}, got {})", got()))
        }
        ValidationErrorKind::Enum { options } => {
            let list = match options.as_ref() {
                Value::Array(items) => items
                    .iter()
                    .map(|v| v.to_string())
                    .collect::<Vec<_>>()
                    .join(", "),
                other => other.to_string(),
            };
            single(format!(
                "value not in the list (expected one of {list}, got {})",
                got()
            ))
        }
        ValidationErrorKind::Constant { expected_value } => single(format!(
            "wrong value (expected {expected_value}, got {})",
            got()
        )),
        ValidationErrorKind::Format { format } => single(format!(
            "not a valid {format} (expected {format}, got {})",
            got()
        )),
        ValidationErrorKind::Minimum { limit } => single(format!(
            "too small (expected at least {limit}, got {})",
            got()
        )),
        ValidationErrorKind::Maximum { limit } => single(format!(
            "too large (expected at most {limit}, got {})",
            got()
        )),
        ValidationErrorKind::ExclusiveMinimum { limit } => single(format!(
            "too small (expected more than {limit}, got {})",
            got()
        )),
        ValidationErrorKind::ExclusiveMaximum { limit } => single(format!(
            "too large (expected less than {limit}, got {})",
            got()
        )),
        ValidationErrorKind::MinLength { limit } => single(format!(
            "too short (expected at least {limit} characters, got {})",
            got()
        )),
        ValidationErrorKind::MaxLength { limit } => single(format!(
            "too long (expected at most {limit} characters, got {})",
            got()
        )),
        ValidationErrorKind::MinItems { limit } => single(format!(
            "too few items (expected at least {limit}, got {})",
            error.instance().as_array().map_or(0, Vec::len)
        )),
        ValidationErrorKind::MaxItems { limit } => single(format!(
            "too many items (expected at most {limit}, got {})",
            error.instance().as_array().map_or(0, Vec::len)
        )),
        ValidationErrorKind::Pattern { pattern } => single(format!(
            "does not match (expected the pattern {pattern}, got {})",
            got()
        )),
        _ => single(format!("{error} (got {})", got())),
    }
}

/// `string "abc"`, `number 3`, `object`: the got-part of a message, short.
fn preview(value: &Value) -> String {
    let kind = match value {
        Value::Null => return "null".into(),
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => return "an array".into(),
        Value::Object(_) => return "an object".into(),
    };
    let mut text = value.to_string();
    if text.chars().count() > 60 {
        text = text.chars().take(57).collect::<String>() + "…";
    }
    format!("{kind} {text}")
}

/// RFC 6901: `~` as `~0`, `/` as `~1`.
pub fn escape_pointer(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn check(provider: &str, event: &str, body: Value) -> Vec<Violation> {
        for_provider(provider)
            .unwrap()
            .get(event)
            .unwrap_or_else(|| panic!("{provider} has no schema for {event}"))
            .check(&body)
            .unwrap()
    }

    fn session_ended() -> Value {
        json!({
            "id": "evt_01HZ3K", "type": "SESSION_ENDED", "timestamp": "2026-05-30T14:32:00Z",
            "clubId": "club_abc123",
            "data": {"sessionId": "s", "deviceId": "d", "clientId": "c", "duration": 3600, "cost": 150, "endReason": "MANUAL"}
        })
    }

    #[test]
    fn every_embedded_document_parses_and_compiles() {
        for (provider, _) in SOURCES {
            let set = for_provider(provider).unwrap();
            assert!(set.events().count() > 0, "{provider}");
            for event in set.events() {
                event.validator().unwrap();
            }
        }
    }

    #[test]
    fn the_seed_example_conforms() {
        assert_eq!(check("izi", "SESSION_ENDED", session_ended()), vec![]);
    }

    #[test]
    fn violations_name_the_pointer_and_what_was_expected() {
        let mut body = session_ended();
        body.as_object_mut().unwrap().remove("clubId");
        body["data"]["cost"] = json!("150");
        body["timestamp"] = json!("yesterday");
        let violations = check("izi", "SESSION_ENDED", body);
        let pointers: Vec<&str> = violations.iter().map(|v| v.pointer.as_str()).collect();
        assert!(pointers.contains(&"/clubId"), "{violations:?}");
        assert!(pointers.contains(&"/data/cost"), "{violations:?}");
        assert!(pointers.contains(&"/timestamp"), "{violations:?}");
        let cost = violations
            .iter()
            .find(|v| v.pointer == "/data/cost")
            .unwrap();
        assert_eq!(
            cost.message,
            "wrong type (expected number, got string \"150\")"
        );
    }

    #[test]
    fn a_wrong_type_constant_is_named() {
        let mut body = session_ended();
        body["type"] = json!("SESSION_STARTED");
        let violations = check("izi", "SESSION_ENDED", body);
        assert_eq!(
            violations,
            vec![Violation {
                pointer: "/type".into(),
                message: "wrong value (expected \"SESSION_ENDED\", got string \"SESSION_STARTED\")"
                    .into()
            }]
        );
    }

    #[test]
    fn lookups_ignore_case_and_separators() {
        let set = for_provider("izi").unwrap();
        assert_eq!(
            set.get("session-ended").unwrap().event_type(),
            "SESSION_ENDED"
        );
        assert!(set.get("SESSION_ENDS").is_none());
        assert!(for_provider("nope").is_none());
    }

    #[test]
    fn pointers_escape_slashes() {
        assert_eq!(escape_pointer("a/b~c"), "a~1b~0c");
    }
}
