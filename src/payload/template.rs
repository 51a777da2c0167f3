//! Placeholders that make a saved body a reusable fixture: `{{id}}`,
//! `{{uuid}}`, `{{ulid}}`, `{{now}}` (RFC 3339) and `{{now_unix}}`, filled
//! fresh on every send; and `--set path=value` overrides.

use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::Value;

/// The values one delivery's placeholders take.
#[derive(Debug, Clone)]
pub struct Fill {
    pub id: String,
    pub now: SystemTime,
}

impl Fill {
    pub fn new(id: impl Into<String>) -> Self {
        Fill {
            id: id.into(),
            now: SystemTime::now(),
        }
    }

    pub fn now_unix(&self) -> i64 {
        self.now
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0)
    }

    fn now_rfc3339(&self) -> String {
        humantime::format_rfc3339_seconds(self.now).to_string()
    }

    /// Replaces every placeholder in `text`; a fresh uuid/ulid per occurrence.
    pub fn text(&self, text: &str) -> String {
        if !text.contains("{{") {
            return text.to_string();
        }
        let mut out = String::with_capacity(text.len() + 32);
        let mut rest = text;
        while let Some(start) = rest.find("{{") {
            out.push_str(&rest[..start]);
            let after = &rest[start + 2..];
            let Some(end) = after.find("}}") else {
                out.push_str(&rest[start..]);
                return out;
            };
            match after[..end].trim() {
                "id" => out.push_str(&self.id),
                "uuid" => out.push_str(&uuid::Uuid::new_v4().to_string()),
                "ulid" => out.push_str(&ulid::Ulid::new().to_string()),
                "now" => out.push_str(&self.now_rfc3339()),
                "now_unix" => out.push_str(&self.now_unix().to_string()),
                _ => out.push_str(&rest[start..start + 2 + end + 2]),
            }
            rest = &after[end + 2..];
        }
        out.push_str(rest);
        out
    }

    /// Fills a catalog body. A string that is exactly `{{now_unix}}` becomes a
    /// number, since JSON templates cannot hold a bare placeholder.
    pub fn value(&self, template: &Value) -> Value {
        match template {
            Value::String(text) if text == "{{now_unix}}" => Value::from(self.now_unix()),
            Value::String(text) => Value::String(self.text(text)),
            Value::Array(items) => Value::Array(items.iter().map(|v| self.value(v)).collect()),
            Value::Object(map) => Value::Object(
                map.iter()
                    .map(|(k, v)| (k.clone(), self.value(v)))
                    .collect(),
            ),
            other => other.clone(),
        }
    }
}

/// Applies `path=value`: the value is JSON when it parses as JSON (`200`,
/// `true`, `{"a":1}`), a string otherwise; missing objects on the path are made.
pub fn set_path(target: &mut Value, assignment: &str) -> Result<(), String> {
    let (path, raw) = assignment.split_once('=').ok_or_else(|| {
        format!("invalid --set '{assignment}': expected path=value, e.g. data.cost=200")
    })?;
    if path.is_empty() || path.split('.').any(str::is_empty) {
        return Err(format!(
            "invalid --set path '{path}': use dotted keys, e.g. data.cost"
        ));
    }
    let value = serde_json::from_str(raw).unwrap_or_else(|_| Value::String(raw.to_string()));
    let mut node = target;
    let keys: Vec<&str> = path.split('.').collect();
    for (i, key) in keys.iter().enumerate() {
        let last = i + 1 == keys.len();
        node = match node {
            Value::Array(items) if key.parse::<usize>().is_ok_and(|n| n < items.len()) => {
                &mut items[key.parse::<usize>().unwrap_or_default()]
            }
            Value::Object(map) => map
                .entry(key.to_string())
                .or_insert_with(|| Value::Object(Default::default())),
            _ => {
                return Err(format!(
                    "cannot set '{path}': '{}' is not an object",
                    keys[..i].join(".")
                ))
            }
        };
        if last {
            *node = value;
            return Ok(());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn fills_text_placeholders() {
        let fill = Fill::new("evt_1");
        let out =
            fill.text(r#"{"id":"{{id}}","t":{{now_unix}},"u":"{{uuid}}","x":"{{other}}","o":"{{"#);
        assert!(out.starts_with(r#"{"id":"evt_1","t":1"#), "{out}");
        assert!(out.contains(r#""x":"{{other}}""#));
        assert!(out.ends_with(r#""o":"{{"#));
        assert!(!out.contains("{{uuid}}"));
    }

    #[test]
    fn uuids_are_fresh_per_occurrence() {
        let out = Fill::new("x").text("{{uuid}} {{uuid}}");
        let (a, b) = out.split_once(' ').unwrap();
        assert_ne!(a, b);
    }

    #[test]
    fn now_unix_becomes_a_number_in_values() {
        let v = Fill::new("x").value(&json!({"created": "{{now_unix}}", "s": "at {{now}}"}));
        assert!(v["created"].is_i64());
        assert!(v["s"].as_str().unwrap().starts_with("at 20"));
    }

    #[test]
    fn set_path_parses_json_and_creates_objects() {
        let mut v = json!({"data": {"cost": 150}, "list": [1, 2]});
        set_path(&mut v, "data.cost=200").unwrap();
        set_path(&mut v, "data.reason=MANUAL").unwrap();
        set_path(&mut v, "new.deep={\"a\":true}").unwrap();
        set_path(&mut v, "list.1=5").unwrap();
        assert_eq!(
            v,
            json!({"data": {"cost": 200, "reason": "MANUAL"}, "list": [1, 5], "new": {"deep": {"a": true}}})
        );
        assert!(set_path(&mut v, "data.cost.x=1").is_err());
        assert!(set_path(&mut v, "nothing").is_err());
        assert!(set_path(&mut v, "a..b=1").is_err());
    }
}
