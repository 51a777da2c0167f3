//! Payload contracts of one source of events: a provider preset's catalog
//! schemas, or an OpenAPI 3.1 document's `webhooks` (signed as the provider
//! signs). Says which schema a body answers to, from an explicit event name or
//! from where the provider keeps the type, and checks the body against it.
//! `validate`, `send --validate` and `listen --validate` all ask this.

use std::path::Path;

use serde_json::Value;

use crate::http::Headers;
use crate::payload::catalog::{suggestions, TEST_EVENT};
use crate::payload::openapi::{Fields, Spec, SpecError, SpecEvent};
use crate::payload::schema::{self, EventSchema, SchemaError, SchemaSet, Violation};
use crate::payload::{FieldSource, UnknownEvent};
use crate::providers::Provider;

/// Why a body could not be checked (a usage error, not an invalid body).
#[derive(Debug, thiserror::Error)]
pub enum ContractError {
    #[error(transparent)]
    UnknownEvent(#[from] UnknownEvent),
    #[error("cannot tell which event this body is: {0}; name it with --event TYPE")]
    NoEventType(String),
    #[error(transparent)]
    Schema(#[from] SchemaError),
    #[error(transparent)]
    Spec(#[from] SpecError),
    #[error(
        "whk has no payload schemas for {provider} yet (it has them for {known}); check its payloads against \
         an OpenAPI document with --spec FILE"
    )]
    NoSchemas { provider: String, known: String },
}

/// The outcome of checking one body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    pub event_type: String,
    pub violations: Vec<Violation>,
}

impl Checked {
    pub fn valid(&self) -> bool {
        self.violations.is_empty()
    }
}

/// The schemas a provider's deliveries (or a document's) answer to.
#[derive(Debug)]
pub struct Contract {
    provider: Provider,
    spec: Option<Spec>,
}

impl Contract {
    /// The provider's catalog schemas, or `spec`'s when given.
    pub fn load(provider: &Provider, spec: Option<&Path>) -> Result<Contract, ContractError> {
        let spec = match spec {
            Some(path) => Some(Spec::load(path, fields(provider))?),
            None => {
                if schema::for_provider(provider.name).is_none() {
                    return Err(ContractError::NoSchemas {
                        provider: provider.name.to_string(),
                        known: schema::providers_with_schemas().join(", "),
                    });
                }
                None
            }
        };
        Ok(Contract {
            provider: provider.clone(),
            spec,
        })
    }

    pub fn provider(&self) -> &Provider {
        &self.provider
    }

    pub fn spec(&self) -> Option<&Spec> {
        self.spec.as_ref()
    }

    /// How errors name this source: `izi`, or `standard --spec api.yaml`.
    pub fn source_name(&self) -> String {
        match &self.spec {
            Some(spec) => format!("{} --spec {}", self.provider.name, spec.file),
            None => self.provider.name.to_string(),
        }
    }

    fn schemas(&self) -> &SchemaSet {
        match &self.spec {
            Some(spec) => spec.schemas(),
            // `load` checked that the provider has a set.
            None => schema::for_provider(self.provider.name).unwrap_or_else(|| empty()),
        }
    }

    /// The document's event named `name` (entry name or type), with `--spec`.
    pub fn spec_event(&self, name: &str) -> Option<Result<&SpecEvent, UnknownEvent>> {
        let spec = self.spec.as_ref()?;
        Some(spec.find(&self.source_name(), name))
    }

    /// The schema of an event a user named: case- and separator-insensitive,
    /// `test-event` for the catalog's test event, did-you-mean otherwise.
    pub fn named(&self, name: &str) -> Result<&EventSchema, UnknownEvent> {
        if let Some(found) = self.spec_event(name) {
            let event = found?;
            return self
                .schemas()
                .get(&event.event_type)
                .ok_or_else(|| self.unknown(name));
        }
        let name = if name.eq_ignore_ascii_case(TEST_EVENT) {
            self.provider.catalog().test_event.event_type.clone()
        } else {
            name.to_string()
        };
        self.schemas().get(&name).ok_or_else(|| self.unknown(&name))
    }

    fn unknown(&self, name: &str) -> UnknownEvent {
        UnknownEvent {
            name: name.to_string(),
            provider: self.source_name(),
            suggestions: suggestions(name, self.schemas().events().map(|e| e.event_type())),
        }
    }

    /// Checks a body: against `event` when given, else against the schema of
    /// the type the body or headers carry.
    pub fn check(
        &self,
        event: Option<&str>,
        headers: &Headers,
        body: &[u8],
    ) -> Result<Checked, ContractError> {
        let json = serde_json::from_slice::<Value>(body);
        let schema = match event {
            Some(name) => self.named(name)?,
            None => {
                let source = self.provider.event_type;
                let found = source.extract(headers, json.as_ref().ok());
                let Some(event_type) = found else {
                    return Err(ContractError::NoEventType(match (&json, source) {
                        (Err(err), FieldSource::Body(_)) => format!("the body is not JSON ({err})"),
                        _ => format!(
                            "there is no event type where {} keeps it ({})",
                            self.provider.name,
                            source.describe()
                        ),
                    }));
                };
                self.named(&event_type)?
            }
        };
        let violations = match &json {
            Ok(json) => schema.check(json)?,
            Err(err) => vec![schema::not_json(err)],
        };
        Ok(Checked {
            event_type: schema.event_type().to_string(),
            violations,
        })
    }

    /// What the listener records for a delivery whose type was already read:
    /// an unknown or missing type is itself a violation.
    pub fn assess(&self, event_type: Option<&str>, body: &[u8]) -> Vec<Violation> {
        let pointer = match self.provider.event_type {
            FieldSource::Body(path) => format!(
                "/{}",
                path.split('.')
                    .map(schema::escape_pointer)
                    .collect::<Vec<_>>()
                    .join("/")
            ),
            FieldSource::Header(_) => String::new(),
        };
        let where_ = self.provider.event_type.describe();
        let Some(event_type) = event_type else {
            return vec![Violation {
                pointer,
                message: format!("no event type (expected one in {where_}, got none)"),
            }];
        };
        let Some(schema) = self.schemas().get(event_type) else {
            return vec![Violation {
                pointer,
                message: format!(
                    "unknown event type (expected one of the {} types of {}, got \"{event_type}\")",
                    self.schemas().events().count(),
                    self.source_name()
                ),
            }];
        };
        match schema.check_bytes(body) {
            Ok(violations) => violations,
            Err(err) => vec![Violation {
                pointer: String::new(),
                message: err.to_string(),
            }],
        }
    }
}

/// Where the provider keeps type and id in the body, for an OpenAPI document.
fn fields(provider: &Provider) -> Fields<'static> {
    let body = |source: FieldSource| match source {
        FieldSource::Body(path) => Some(path),
        FieldSource::Header(_) => None,
    };
    Fields {
        event_type: body(provider.event_type),
        id: body(provider.id),
    }
}

fn empty() -> &'static SchemaSet {
    static EMPTY: std::sync::OnceLock<SchemaSet> = std::sync::OnceLock::new();
    EMPTY.get_or_init(SchemaSet::default)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::providers::find;

    #[test]
    fn the_type_comes_from_where_the_provider_keeps_it() {
        let zotlo = Contract::load(find("zotlo").unwrap(), None).unwrap();
        let body = br#"{"queue":{"type":"TransactionRefund","eventType":"refund","requestID":"r","createDate":{},"appId":1},"parameters":{}}"#;
        let checked = zotlo.check(None, &Headers::new(), body).unwrap();
        assert_eq!(checked.event_type, "refund");
        assert!(checked.valid(), "{checked:?}");

        let github = Contract::load(find("github").unwrap(), None).unwrap();
        let err = github.check(None, &Headers::new(), b"{}").unwrap_err();
        assert!(err.to_string().contains("header X-GitHub-Event"), "{err}");
    }

    #[test]
    fn unknown_names_suggest_and_unknown_types_are_violations() {
        let izi = Contract::load(find("izi").unwrap(), None).unwrap();
        let err = izi.named("SESION_ENDED").unwrap_err();
        assert_eq!(
            err.suggestions.first().map(String::as_str),
            Some("SESSION_ENDED")
        );
        assert_eq!(izi.named("test-event").unwrap().event_type(), "TEST_EVENT");
        let violations = izi.assess(Some("NOPE"), b"{}");
        assert_eq!(violations[0].pointer, "/type");
        assert!(violations[0].message.contains("got \"NOPE\""));
    }
}
