//! OpenAPI 3.1 documents as a source of events: each top-level `webhooks`
//! entry is an event whose schema is its request body's (with `$ref`s into
//! `components` resolved by `jsonschema`), and whose sample body is the
//! operation's example, else one generated from the schema. Sample bodies are
//! templates (see `template`): uuids, date-times and the event id are
//! placeholders, so every send is fresh.

use std::path::Path;

use serde_json::{json, Map, Value};

use super::catalog::suggestions;
use super::schema::{escape_pointer, EventSchema, SchemaSet, DRAFT};
use super::UnknownEvent;

/// Why a document cannot be used as a source of events.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SpecError {
    #[error("cannot read the OpenAPI document {file}: {reason}")]
    Read { file: String, reason: String },
    #[error("{file} is not valid {format}: {reason}")]
    Parse {
        file: String,
        format: &'static str,
        reason: String,
    },
    #[error("{file} is not an OpenAPI document: it has no 'openapi' version field (expected openapi: 3.1.x)")]
    NotOpenApi { file: String },
    #[error("{file} is OpenAPI {version}, not 3.1: top-level 'webhooks' exist from OpenAPI 3.1.0 on (expected openapi: 3.1.x)")]
    WrongVersion { file: String, version: String },
    #[error("{file} has no 'webhooks' section: an OpenAPI 3.1 document lists the webhooks it sends under a top-level 'webhooks' map")]
    NoWebhooks { file: String },
    #[error("{file}: webhook '{entry}' {problem}")]
    Entry {
        file: String,
        entry: String,
        problem: String,
    },
}

/// One `webhooks` entry.
#[derive(Debug, Clone)]
pub struct SpecEvent {
    /// The entry's name in `webhooks`.
    pub name: String,
    /// The type the body carries: the type property's `const` (or single
    /// `enum`) when the schema has one, else the entry name.
    pub event_type: String,
    pub description: String,
    /// A template body: the example, or a body generated from the schema.
    pub body: Value,
    /// Whether `body` came from the document's example(s).
    pub from_example: bool,
}

/// A loaded document: its events and their schemas.
#[derive(Debug)]
pub struct Spec {
    /// The file, as the user named it (for messages).
    pub file: String,
    pub title: String,
    pub version: String,
    pub events: Vec<SpecEvent>,
    schemas: SchemaSet,
}

/// Where the chosen provider keeps the event type and id in the body, so the
/// document's events line up with them.
#[derive(Debug, Clone, Copy, Default)]
pub struct Fields<'a> {
    /// Dotted body path of the event type, e.g. `type`.
    pub event_type: Option<&'a str>,
    /// Dotted body path of the event id, e.g. `id`.
    pub id: Option<&'a str>,
}

impl Spec {
    pub fn load(path: &Path, fields: Fields<'_>) -> Result<Spec, SpecError> {
        let file = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|err| SpecError::Read {
            file: file.clone(),
            reason: err.to_string(),
        })?;
        let json = path
            .extension()
            .is_some_and(|ext| ext.eq_ignore_ascii_case("json"));
        Spec::parse(&text, &file, json, fields)
    }

    /// Parses a document's text: JSON when `json`, else YAML.
    pub fn parse(
        text: &str,
        file: &str,
        json: bool,
        fields: Fields<'_>,
    ) -> Result<Spec, SpecError> {
        let doc: Value = if json {
            serde_json::from_str(text).map_err(|err| SpecError::Parse {
                file: file.into(),
                format: "JSON",
                reason: err.to_string(),
            })?
        } else {
            serde_yaml_ng::from_str(text).map_err(|err| SpecError::Parse {
                file: file.into(),
                format: "YAML",
                reason: err.to_string(),
            })?
        };
        Spec::from_value(doc, file, fields)
    }

    pub fn from_value(doc: Value, file: &str, fields: Fields<'_>) -> Result<Spec, SpecError> {
        let version = match doc.get("openapi") {
            Some(Value::String(v)) => v.clone(),
            Some(other) => other.to_string(),
            None => return Err(SpecError::NotOpenApi { file: file.into() }),
        };
        if !version.starts_with("3.1") {
            return Err(SpecError::WrongVersion {
                file: file.into(),
                version,
            });
        }
        let webhooks = match doc.get("webhooks").and_then(Value::as_object) {
            Some(map) if !map.is_empty() => map,
            _ => return Err(SpecError::NoWebhooks { file: file.into() }),
        };
        let mut events = Vec::new();
        let mut schemas = Vec::new();
        for (name, item) in webhooks {
            let entry_error = |problem: String| SpecError::Entry {
                file: file.into(),
                entry: name.clone(),
                problem,
            };
            let (event, schema) = read_entry(&doc, name, item, fields).map_err(entry_error)?;
            schemas.push(EventSchema::new(event.event_type.clone(), schema));
            events.push(event);
        }
        Ok(Spec {
            file: file.into(),
            title: doc
                .pointer("/info/title")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string(),
            version,
            events,
            schemas: SchemaSet::new(schemas),
        })
    }

    /// Finds an event by entry name or type, exact first, then case- and
    /// separator-insensitive; did-you-mean otherwise. `source` names the
    /// document in the error, e.g. `standard --spec api.yaml`.
    pub fn find(&self, source: &str, name: &str) -> Result<&SpecEvent, UnknownEvent> {
        let exact = self
            .events
            .iter()
            .find(|e| e.name == name || e.event_type == name);
        let wanted = super::normalize_event_name(name);
        let loose = || {
            self.events.iter().find(|e| {
                super::normalize_event_name(&e.name) == wanted
                    || super::normalize_event_name(&e.event_type) == wanted
            })
        };
        exact.or_else(loose).ok_or_else(|| UnknownEvent {
            name: name.to_string(),
            provider: source.to_string(),
            suggestions: suggestions(name, self.events.iter().map(|e| e.name.as_str())),
        })
    }

    /// The events' schemas, keyed by event type.
    pub fn schemas(&self) -> &SchemaSet {
        &self.schemas
    }
}

/// Follows a local `$ref` (`#/components/...`) in a non-schema object.
fn follow<'d>(doc: &'d Value, value: &'d Value) -> Result<&'d Value, String> {
    let mut current = value;
    for _ in 0..16 {
        let Some(reference) = current.get("$ref").and_then(Value::as_str) else {
            return Ok(current);
        };
        let pointer = reference
            .strip_prefix('#')
            .ok_or_else(|| format!("has a $ref outside the document ({reference}); whk resolves only '#/...' references"))?;
        current = doc.pointer(pointer).ok_or_else(|| {
            format!("has a $ref to {reference}, which the document does not have")
        })?;
    }
    Err("has a $ref chain more than 16 deep".into())
}

fn read_entry(
    doc: &Value,
    name: &str,
    item: &Value,
    fields: Fields<'_>,
) -> Result<(SpecEvent, Value), String> {
    let item = follow(doc, item)?;
    let (method, operation) = ["post", "put", "patch"]
        .iter()
        .find_map(|m| item.get(*m).map(|op| (*m, op)))
        .ok_or("has no post (or put, patch) operation")?;
    let body = follow(
        doc,
        operation
            .get("requestBody")
            .ok_or_else(|| format!("{method} has no requestBody"))?,
    )?;
    let content = body
        .get("content")
        .and_then(Value::as_object)
        .ok_or_else(|| format!("{method} requestBody has no content"))?;
    let media = content
        .get("application/json")
        .or_else(|| {
            content
                .iter()
                .find(|(kind, _)| kind.contains("json"))
                .map(|(_, media)| media)
        })
        .ok_or_else(|| {
            format!("{method} requestBody has no JSON content (expected application/json)")
        })?;
    let body_schema = media
        .get("schema")
        .ok_or_else(|| format!("{method} requestBody's JSON content has no schema"))?;

    // A self-contained root: the body schema with the document's components
    // beside it, so `#/components/...` resolves the same way as in the file.
    let mut root = match body_schema {
        Value::Object(map) => map.clone(),
        other => Map::from_iter([("allOf".to_string(), json!([other]))]),
    };
    root.insert("$schema".into(), json!(DRAFT));
    if let Some(components) = doc.get("components") {
        root.insert("components".into(), components.clone());
    }
    let root = Value::Object(root);
    let mut resolved = jsonschema::dereference(&root)
        .map_err(|err| format!("has a schema whose $ref cannot be resolved: {err}"))?;
    if let Some(map) = resolved.as_object_mut() {
        map.remove("components");
    }
    let resolved = flatten(&resolved);

    let constant = fields
        .event_type
        .and_then(|path| type_constant(&resolved, path));
    let example = media.get("example").cloned().or_else(|| {
        media
            .get("examples")
            .and_then(Value::as_object)
            .and_then(|all| all.values().next())
            .and_then(|ex| follow(doc, ex).ok())
            .and_then(|ex| ex.get("value").cloned())
    });
    let from_example = example.is_some();
    let mut body = match example {
        Some(example) => freshen(&example, &resolved, fields.id, ""),
        None => generate(&resolved, fields.id, "", 0),
    };
    let event_type = match constant {
        Some(constant) => constant,
        None => {
            // The entry name is the type, so the body says so where the
            // provider reads it (a generated one would say "type").
            if let Some(path) = fields.event_type {
                let _ = super::template::set_path(&mut body, &format!("{path}={}", json!(name)));
            }
            name.to_string()
        }
    };
    let description = [operation.get("summary"), operation.get("description")]
        .into_iter()
        .flatten()
        .find_map(Value::as_str)
        .unwrap_or("")
        .lines()
        .next()
        .unwrap_or("")
        .to_string();
    Ok((
        SpecEvent {
            name: name.to_string(),
            event_type,
            description,
            body,
            from_example,
        },
        root,
    ))
}

/// The subschema of a property (after [`flatten`], `allOf` is gone).
fn property<'s>(schema: &'s Value, key: &str) -> Option<&'s Value> {
    schema.pointer(&format!("/properties/{}", escape_pointer(key)))
}

/// Merges every `allOf` into its parent: properties merged key by key,
/// `required` united, other keywords kept from the first that has them. For
/// reading types and generating bodies only; validation uses the real schema.
fn flatten(schema: &Value) -> Value {
    let Value::Object(map) = schema else {
        return schema.clone();
    };
    let mut out = Map::new();
    for (key, value) in map {
        let value = match (key.as_str(), value) {
            ("allOf", _) => continue,
            ("properties", Value::Object(props)) => Value::Object(
                props
                    .iter()
                    .map(|(name, sub)| (name.clone(), flatten(sub)))
                    .collect(),
            ),
            ("items", sub) => flatten(sub),
            _ => value.clone(),
        };
        out.insert(key.clone(), value);
    }
    if let Some(Value::Array(parts)) = map.get("allOf") {
        for part in parts {
            if let Value::Object(part) = flatten(part) {
                merge_into(&mut out, part);
            }
        }
    }
    Value::Object(out)
}

fn merge_into(out: &mut Map<String, Value>, part: Map<String, Value>) {
    for (key, value) in part {
        match (key.as_str(), out.get_mut(&key), value) {
            ("properties", Some(Value::Object(mine)), Value::Object(theirs)) => {
                for (name, sub) in theirs {
                    match (mine.get_mut(&name), sub) {
                        (Some(Value::Object(a)), Value::Object(b)) => merge_into(a, b),
                        (None, sub) => {
                            mine.insert(name, sub);
                        }
                        _ => {}
                    }
                }
            }
            ("required", Some(Value::Array(mine)), Value::Array(theirs)) => {
                for name in theirs {
                    if !mine.contains(&name) {
                        mine.push(name);
                    }
                }
            }
            (_, None, value) => {
                out.insert(key, value);
            }
            _ => {}
        }
    }
}

/// The `const`, or the single `enum` value, of the type property.
fn type_constant(schema: &Value, path: &str) -> Option<String> {
    let leaf = path
        .split('.')
        .try_fold(schema, |node, key| property(node, key))?;
    let value = leaf.get("const").or_else(|| match leaf.get("enum") {
        Some(Value::Array(items)) if items.len() == 1 => items.first(),
        _ => None,
    })?;
    value.as_str().map(str::to_string)
}

/// The placeholder a string of this format gets, so each send is fresh.
fn fresh_string(schema: &Value, at: &str, id_field: Option<&str>) -> Option<Value> {
    let is_id = id_field.is_some_and(|id| at == id);
    match schema.get("format").and_then(Value::as_str) {
        Some("uuid") => Some(json!("{{uuid}}")),
        Some("date-time") => Some(json!("{{now}}")),
        // An id of no declared format takes the provider's own id form.
        None if is_id => Some(json!("{{id}}")),
        _ => None,
    }
}

fn is_string_schema(schema: &Value) -> bool {
    match schema.get("type") {
        Some(Value::String(t)) => t == "string",
        Some(Value::Array(types)) => types.iter().any(|t| t == "string"),
        _ => schema.get("format").is_some(),
    }
}

/// The example, with uuids, date-times and the id turned into placeholders.
fn freshen(example: &Value, schema: &Value, id_field: Option<&str>, at: &str) -> Value {
    match example {
        Value::String(_) if is_string_schema(schema) => {
            fresh_string(schema, at, id_field).unwrap_or_else(|| example.clone())
        }
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(key, value)| {
                    let path = join(at, key);
                    let sub = property(schema, key).unwrap_or(&Value::Null);
                    (key.clone(), freshen(value, sub, id_field, &path))
                })
                .collect(),
        ),
        Value::Array(items) => {
            let sub = schema.get("items").unwrap_or(&Value::Null);
            Value::Array(
                items
                    .iter()
                    .map(|v| freshen(v, sub, id_field, &format!("{at}[]")))
                    .collect(),
            )
        }
        other => other.clone(),
    }
}

fn join(at: &str, key: &str) -> String {
    if at.is_empty() {
        key.to_string()
    } else {
        format!("{at}.{key}")
    }
}

/// A body that satisfies `schema`: required fields, types, formats, enums,
/// bounds, arrays of one item (or `minItems`).
fn generate(schema: &Value, id_field: Option<&str>, at: &str, depth: usize) -> Value {
    if depth > 32 {
        return Value::Null;
    }
    if let Some(value) = schema.get("const") {
        return value.clone();
    }
    if let Some(Value::Array(options)) = schema.get("enum") {
        if let Some(first) = options.first() {
            return first.clone();
        }
    }
    for combinator in ["oneOf", "anyOf"] {
        if let Some(first) = schema
            .get(combinator)
            .and_then(Value::as_array)
            .and_then(|a| a.first())
        {
            return generate(first, id_field, at, depth + 1);
        }
    }
    generate_own(schema, id_field, at, depth)
}

fn schema_type(schema: &Value) -> &str {
    match schema.get("type") {
        Some(Value::String(t)) => t,
        Some(Value::Array(types)) => types
            .iter()
            .filter_map(Value::as_str)
            .find(|t| *t != "null")
            .unwrap_or("null"),
        _ if schema.get("properties").is_some() => "object",
        _ if schema.get("items").is_some() => "array",
        _ if schema.get("format").is_some() => "string",
        _ => "",
    }
}

fn generate_own(schema: &Value, id_field: Option<&str>, at: &str, depth: usize) -> Value {
    if let Some(value) = schema.get("default") {
        return value.clone();
    }
    match schema_type(schema) {
        "object" => {
            let mut out = Map::new();
            let required: Vec<&str> = schema
                .get("required")
                .and_then(Value::as_array)
                .map(|r| r.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            for key in required {
                let sub = property(schema, key).unwrap_or(&Value::Null);
                out.insert(
                    key.to_string(),
                    generate(sub, id_field, &join(at, key), depth + 1),
                );
            }
            Value::Object(out)
        }
        "array" => {
            let count = schema
                .get("minItems")
                .and_then(Value::as_u64)
                .unwrap_or(1)
                .max(1);
            let item = schema.get("items").cloned().unwrap_or(json!({}));
            Value::Array(
                (0..count)
                    .map(|_| generate(&item, id_field, &format!("{at}[]"), depth + 1))
                    .collect(),
            )
        }
        "string" => generate_string(schema, id_field, at),
        "integer" => {
            let n = bounded(schema, 1.0, true);
            json!(n as i64)
        }
        "number" => json!(bounded(schema, 1.5, false)),
        "boolean" => json!(true),
        "null" => Value::Null,
        _ => match schema
            .get("examples")
            .and_then(Value::as_array)
            .and_then(|e| e.first())
        {
            Some(example) => example.clone(),
            None => Value::Null,
        },
    }
}

fn generate_string(schema: &Value, id_field: Option<&str>, at: &str) -> Value {
    if let Some(fresh) = fresh_string(schema, at, id_field) {
        return fresh;
    }
    if let Some(example) = schema
        .get("examples")
        .and_then(Value::as_array)
        .and_then(|e| e.first())
    {
        return example.clone();
    }
    let text = match schema.get("format").and_then(Value::as_str) {
        Some("email") => "jane.doe@example.com".to_string(),
        Some("uri") | Some("url") => "https://example.com/".to_string(),
        Some("date") => humantime::format_rfc3339_seconds(std::time::SystemTime::now())
            .to_string()
            .chars()
            .take(10)
            .collect(),
        Some("ipv4") => "192.0.2.1".to_string(),
        Some("hostname") => "example.com".to_string(),
        _ => {
            let base = at
                .rsplit('.')
                .next()
                .unwrap_or("value")
                .trim_end_matches("[]");
            if base.is_empty() {
                "value".to_string()
            } else {
                base.to_string()
            }
        }
    };
    let min = schema.get("minLength").and_then(Value::as_u64).unwrap_or(0) as usize;
    let max = schema
        .get("maxLength")
        .and_then(Value::as_u64)
        .map(|m| m as usize);
    let mut text = text;
    while text.chars().count() < min {
        text.push('x');
    }
    if let Some(max) = max {
        text = text.chars().take(max).collect();
    }
    Value::String(text)
}

/// A number within `minimum`/`maximum` (and their exclusive forms).
fn bounded(schema: &Value, preferred: f64, integer: bool) -> f64 {
    let get = |key: &str| schema.get(key).and_then(Value::as_f64);
    let step = if integer { 1.0 } else { 0.5 };
    let low = get("minimum").or_else(|| get("exclusiveMinimum").map(|m| m + step));
    let high = get("maximum").or_else(|| get("exclusiveMaximum").map(|m| m - step));
    let mut n = preferred;
    if let Some(low) = low {
        n = n.max(low);
    }
    if let Some(high) = high {
        n = n.min(high);
    }
    if integer {
        n = n.ceil();
        if high.is_some_and(|h| n > h) {
            n = n.floor() - 1.0;
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIELDS: Fields<'static> = Fields {
        event_type: Some("type"),
        id: None,
    };

    fn parse(yaml: &str) -> Result<Spec, SpecError> {
        Spec::parse(yaml, "api.yaml", false, FIELDS)
    }

    #[test]
    fn wrong_versions_and_missing_webhooks_are_named() {
        let err = parse("openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths: {}\n").unwrap_err();
        assert_eq!(
            err,
            SpecError::WrongVersion {
                file: "api.yaml".into(),
                version: "3.0.3".into()
            }
        );
        let err = parse("openapi: 3.1.0\ninfo: {title: x, version: '1'}\npaths: {}\n").unwrap_err();
        assert_eq!(
            err,
            SpecError::NoWebhooks {
                file: "api.yaml".into()
            }
        );
        let err = parse("swagger: '2.0'\n").unwrap_err();
        assert_eq!(
            err,
            SpecError::NotOpenApi {
                file: "api.yaml".into()
            }
        );
        assert!(matches!(
            parse("a: [\n"),
            Err(SpecError::Parse { format: "YAML", .. })
        ));
    }

    #[test]
    fn generated_bodies_follow_the_schema() {
        let spec = parse(
            r#"
openapi: 3.1.0
info: {title: Shop, version: '1'}
webhooks:
  orderCreated:
    post:
      summary: An order was placed
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/OrderEvent'}
components:
  schemas:
    OrderEvent:
      type: object
      required: [type, id, at, data]
      properties:
        type: {type: string, enum: [order.created]}
        id: {type: string, format: uuid}
        at: {type: string, format: date-time}
        data: {$ref: '#/components/schemas/Order'}
    Order:
      type: object
      required: [qty, email, tags, status]
      properties:
        qty: {type: integer, minimum: 3, maximum: 9}
        email: {type: string, format: email}
        tags: {type: array, items: {type: string, minLength: 4}}
        status: {enum: [open, closed]}
        note: {type: string}
"#,
        )
        .unwrap();
        let event = spec
            .find("standard --spec api.yaml", "order-created")
            .unwrap();
        assert_eq!(event.event_type, "order.created");
        assert_eq!(event.name, "orderCreated");
        assert!(!event.from_example);
        assert_eq!(
            event.body,
            json!({"type": "order.created", "id": "{{uuid}}", "at": "{{now}}",
                   "data": {"qty": 3, "email": "jane.doe@example.com", "tags": ["tags"], "status": "open"}})
        );
        let unknown = spec
            .find("standard --spec api.yaml", "orderCreate")
            .unwrap_err();
        assert_eq!(unknown.suggestions, vec!["orderCreated".to_string()]);
        let schema = spec.schemas().get("order.created").unwrap();
        let filled = crate::payload::template::Fill::new("evt_1").value(&event.body);
        assert_eq!(schema.check(&filled).unwrap(), vec![]);
        let mut broken = filled.clone();
        broken["data"]["qty"] = json!(10);
        let violations = schema.check(&broken).unwrap();
        assert_eq!(violations[0].pointer, "/data/qty", "{violations:?}");
    }
}
