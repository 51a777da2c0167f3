//! Building the events `whk send` fires: a catalog sample or a fixture file,
//! placeholders filled fresh, `--set` overrides applied, serialised once, and
//! the headers the provider sends with it.

use bytes::Bytes;
use serde_json::Value;

use crate::http::Headers;
use crate::payload::template::{set_path, Fill};
use crate::payload::{lookup, FieldSource, UnknownEvent};
use crate::providers::Provider;
use crate::signing::Secret;

use super::{DeliveryError, Outgoing, Signing};

/// Why an event could not be built (a usage error).
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error(transparent)]
    UnknownEvent(#[from] UnknownEvent),
    #[error("{0}")]
    Set(String),
    #[error("--set needs a JSON body, but the --data body is not JSON ({0})")]
    DataNotJson(serde_json::Error),
    #[error(transparent)]
    Delivery(#[from] DeliveryError),
}

#[derive(Debug, Clone)]
enum BodySource {
    /// A catalog body: a JSON template.
    Catalog(Value),
    /// A fixture's bytes; `{{...}}` placeholders are filled when it is text.
    Data(Vec<u8>),
}

/// How to make one event of a kind: each [`Blueprint::render`] fills in a
/// fresh id, fresh timestamps and the overrides.
#[derive(Debug, Clone)]
pub struct Blueprint {
    pub provider: Provider,
    pub event_type: Option<String>,
    source: BodySource,
    sets: Vec<String>,
    /// The URL URL-signed schemes sign, when it is not the target (`send --url`).
    signed_url: Option<String>,
}

/// A name no generated id or template text will contain; load mode splits the
/// rendered body at it.
const ID_MARK: &str = "whk-id-mark-7f3a9c1e";

impl Blueprint {
    /// The catalog sample `event` of `provider` (did-you-mean when unknown).
    pub fn catalog(provider: &Provider, event: &str) -> Result<Blueprint, BuildError> {
        let catalog = provider.catalog();
        let entry = catalog.find(provider.name, event)?;
        Ok(Blueprint {
            provider: provider.clone(),
            event_type: Some(entry.event_type.clone()),
            source: BodySource::Catalog(entry.body.clone()),
            sets: Vec::new(),
            signed_url: None,
        })
    }

    /// A template body of a known event type, e.g. an OpenAPI webhook's
    /// example or generated body; filled like a catalog sample.
    pub fn template(provider: &Provider, event_type: String, body: Value) -> Blueprint {
        Blueprint {
            provider: provider.clone(),
            event_type: Some(event_type),
            source: BodySource::Catalog(body),
            sets: Vec::new(),
            signed_url: None,
        }
    }

    /// A fixture body, any bytes. Where the provider keeps the type in the
    /// body, the type is the body's (never a name the body does not carry);
    /// where it keeps it in a header (X-GitHub-Event), `event_type` fills it.
    pub fn data(provider: &Provider, bytes: Vec<u8>, event_type: Option<String>) -> Blueprint {
        let event_type = match provider.event_type {
            FieldSource::Body(path) => crate::payload::body_fields(&bytes).and_then(|json| {
                lookup(&json, path)
                    .and_then(Value::as_str)
                    .map(str::to_string)
            }),
            FieldSource::Header(_) => event_type,
        };
        Blueprint {
            provider: provider.clone(),
            event_type,
            source: BodySource::Data(bytes),
            sets: Vec::new(),
            signed_url: None,
        }
    }

    /// Signs `url` instead of the target, for schemes that sign the URL.
    pub fn with_signed_url(mut self, url: Option<String>) -> Blueprint {
        self.signed_url = url;
        self
    }

    /// Adds `path=value` overrides; checked now by rendering once.
    pub fn with_sets(mut self, sets: Vec<String>) -> Result<Blueprint, BuildError> {
        self.sets = sets;
        self.render("evt_check")?;
        Ok(self)
    }

    /// The body of one event with this id, as it will be signed and sent.
    pub fn render(&self, id: &str) -> Result<Vec<u8>, BuildError> {
        let fill = Fill::new(id);
        let mut json = match &self.source {
            BodySource::Data(bytes) => {
                // Placeholders are text; other bytes go out exactly as given.
                let filled = match std::str::from_utf8(bytes) {
                    Ok(text) => fill.text(text).into_bytes(),
                    Err(_) => bytes.clone(),
                };
                if self.sets.is_empty() {
                    return Ok(filled);
                }
                serde_json::from_slice(&filled).map_err(BuildError::DataNotJson)?
            }
            BodySource::Catalog(template) => fill.value(template),
        };
        for assignment in &self.sets {
            set_path(&mut json, assignment).map_err(BuildError::Set)?;
        }
        if self.is_form() && matches!(self.source, BodySource::Catalog(_)) {
            if let Some(form) = crate::payload::form_encode(&json) {
                return Ok(form);
            }
        }
        // Compact, keys in the catalog's order (serde_json preserve_order).
        Ok(serde_json::to_vec(&json).unwrap_or_default())
    }

    /// Whether the provider posts form-encoded bodies (Twilio's callbacks):
    /// catalog samples, written as JSON objects, are then sent as forms
    /// (a `--data` body goes out as given).
    fn is_form(&self) -> bool {
        self.provider.headers.iter().any(|(name, value)| {
            name.eq_ignore_ascii_case("content-type")
                && value.starts_with(crate::payload::FORM_CONTENT_TYPE)
        })
    }

    /// The id the event will be known by: where the provider keeps it in the
    /// body, the body's (a fixture may carry a literal id, or none: then
    /// `None`, since no id goes on the wire); else `generated`, sent in a header.
    pub fn event_id(&self, body: &[u8], generated: &str) -> Option<String> {
        match self.provider.id {
            FieldSource::Body(path) => {
                crate::payload::body_fields(body).and_then(|json| match lookup(&json, path)? {
                    Value::String(text) => Some(text.clone()),
                    Value::Number(number) => Some(number.to_string()),
                    _ => None,
                })
            }
            FieldSource::Header(_) => Some(generated.to_string()),
        }
    }

    /// Renders once for many events: the body split where the id goes, so
    /// each load-mode request costs a concatenation, not a template render.
    pub fn body_template(&self) -> Result<BodyTemplate, BuildError> {
        let rendered = self.render(ID_MARK)?;
        let text = String::from_utf8_lossy(&rendered);
        Ok(BodyTemplate {
            parts: text
                .split(ID_MARK)
                .map(|part| part.as_bytes().to_vec())
                .collect(),
        })
    }

    /// The outgoing event: provider headers, the type header where the
    /// provider keeps the type in one, then `extra` (`-H`, replacing same-named ones).
    pub fn outgoing(
        &self,
        secret: Secret,
        url: &str,
        id: Option<String>,
        body: Vec<u8>,
        extra: &Headers,
    ) -> Result<Outgoing, BuildError> {
        let mut headers = Headers::new();
        for (name, value) in self.provider.headers {
            headers.push(*name, *value);
        }
        if let (FieldSource::Header(name), Some(event_type)) =
            (self.provider.event_type, &self.event_type)
        {
            headers.set(name, event_type.as_str());
        }
        // A provider that posts forms posts JSON as JSON (Twilio's Event
        // Streams, signed through bodySHA256): a `--data` JSON body says so.
        if self.is_form() && serde_json::from_slice::<serde::de::IgnoredAny>(&body).is_ok() {
            headers.set("Content-Type", "application/json");
        }
        for (name, value) in extra.iter() {
            headers.set(name, value);
        }
        Ok(Outgoing::new(
            self.provider.clone(),
            secret,
            reqwest::Method::POST,
            url,
            id,
            self.event_type.clone(),
            Bytes::from(body),
            &headers,
            Signing::Sign,
        )?
        .with_signed_url(self.signed_url.clone()))
    }

    /// A fresh event: new id, filled body, ready to send.
    pub fn fresh(
        &self,
        secret: Secret,
        url: &str,
        extra: &Headers,
    ) -> Result<Outgoing, BuildError> {
        let generated = self.provider.id_format.generate();
        let body = self.render(&generated)?;
        let id = self.event_id(&body, &generated);
        self.outgoing(secret, url, id, body, extra)
    }
}

/// A rendered body with holes where the event id goes.
#[derive(Debug, Clone)]
pub struct BodyTemplate {
    parts: Vec<Vec<u8>>,
}

impl BodyTemplate {
    pub fn with_id(&self, id: &str) -> Bytes {
        let mut body = Vec::new();
        self.write_with_id(id, &mut body);
        Bytes::from(body)
    }

    /// The body with `id` into `body`, replacing what it held: load mode
    /// reuses one buffer per worker, since a body of a kilobyte or more is
    /// past the allocator's fast path.
    pub fn write_with_id(&self, id: &str, body: &mut Vec<u8>) {
        body.clear();
        body.reserve(
            self.parts.iter().map(Vec::len).sum::<usize>() + id.len() * (self.parts.len() - 1),
        );
        for (i, part) in self.parts.iter().enumerate() {
            if i > 0 {
                body.extend_from_slice(id.as_bytes());
            }
            body.extend_from_slice(part);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::providers::find;

    #[test]
    fn catalog_bodies_carry_the_id_and_overrides() {
        let izi = find("izi").unwrap();
        let blueprint = Blueprint::catalog(izi, "session_ended")
            .unwrap()
            .with_sets(vec!["data.cost=200".into()])
            .unwrap();
        assert_eq!(blueprint.event_type.as_deref(), Some("SESSION_ENDED"));
        let body = blueprint.render("evt_1").unwrap();
        let json: Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(json["id"], "evt_1");
        assert_eq!(json["data"]["cost"], 200);
        assert!(!body.contains(&b'\n'), "compact");
        assert_eq!(blueprint.event_id(&body, "other").as_deref(), Some("evt_1"));
    }

    #[test]
    fn unknown_events_and_bad_sets_are_errors() {
        let izi = find("izi").unwrap();
        assert!(matches!(
            Blueprint::catalog(izi, "SESION_ENDED"),
            Err(BuildError::UnknownEvent(_))
        ));
        let bad = Blueprint::catalog(izi, "SESSION_ENDED")
            .unwrap()
            .with_sets(vec!["nope".into()]);
        assert!(matches!(bad, Err(BuildError::Set(_))));
    }

    #[test]
    fn data_keeps_bytes_unless_set() {
        let izi = find("izi").unwrap();
        let text = b"{ \"id\": \"{{id}}\",  \"type\": \"X\" }\n".to_vec();
        let blueprint = Blueprint::data(izi, text, None);
        assert_eq!(blueprint.event_type.as_deref(), Some("X"));
        assert_eq!(
            blueprint.render("e1").unwrap(),
            b"{ \"id\": \"e1\",  \"type\": \"X\" }\n"
        );
        let set = blueprint.with_sets(vec!["a=1".into()]).unwrap();
        assert_eq!(
            set.render("e2").unwrap(),
            br#"{"id":"e2","type":"X","a":1}"#
        );
    }

    #[test]
    fn data_reports_only_what_the_body_carries() {
        let izi = find("izi").unwrap();
        // IZI keeps type and id in the body: a name the body lacks is not its type.
        let bare = Blueprint::data(izi, b"{\"x\":1}".to_vec(), Some("SESSION_ENDED".into()));
        assert_eq!(bare.event_type, None);
        assert_eq!(bare.event_id(b"{\"x\":1}", "evt_made_up"), None);
        // GitHub keeps the type in a header, which the named event fills.
        let github = find("github").unwrap();
        let push = Blueprint::data(github, b"{}".to_vec(), Some("push".into()));
        assert_eq!(push.event_type.as_deref(), Some("push"));
        // Bytes that are not text go out untouched.
        let binary = Blueprint::data(izi, vec![0xff, b'{', b'{', b'}', b'}'], None);
        assert_eq!(binary.render("e").unwrap(), [0xff, b'{', b'{', b'}', b'}']);
    }

    #[test]
    fn body_template_places_each_id() {
        let izi = find("izi").unwrap();
        let template = Blueprint::catalog(izi, "TEST_EVENT")
            .unwrap()
            .body_template()
            .unwrap();
        let body = template.with_id("evt_XYZ");
        let json: Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(json["id"], "evt_XYZ");
        let standard = find("standard").unwrap();
        let template = Blueprint::catalog(standard, "test-event")
            .unwrap()
            .body_template()
            .unwrap();
        assert!(serde_json::from_slice::<Value>(&template.with_id("msg_1")).is_ok());
    }
}
