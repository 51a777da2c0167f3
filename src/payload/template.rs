//! Placeholders that make a saved body a reusable fixture: `{{id}}` (and
//! `{{id_number}}`, a numeric id as a JSON number),
//! `{{uuid}}`, `{{ulid}}`, `{{now}}` (RFC 3339), `{{now_unix}}` and
//! `{{now_unix_ms}}` (milliseconds, as Linear's `webhookTimestamp`), filled
//! fresh on every send; times may be offset (`{{now+30d}}`, `{{now_unix-1h}}`)
//! so a sample's dates stay consistent (a trial ends after it starts) however
//! late it is sent; and `--set path=value` overrides.

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

    /// `now` moved by `offset` (`+30d`, `-90m`, or nothing).
    fn shifted(&self, offset: &str) -> Option<SystemTime> {
        let offset = offset.trim();
        if offset.is_empty() {
            return Some(self.now);
        }
        let (sign, amount) = offset.split_at(1);
        let by = humantime::parse_duration(amount.trim()).ok()?;
        match sign {
            "+" => self.now.checked_add(by),
            "-" => self.now.checked_sub(by),
            _ => None,
        }
    }

    /// `{{now_unix...}}` alone, as a number.
    fn bare_unix_time(&self, text: &str) -> Option<i64> {
        let name = text.strip_prefix("{{")?.strip_suffix("}}")?.trim();
        if !name.starts_with("now_unix") {
            return None;
        }
        self.time(name)?.parse().ok()
    }

    /// The text of a time placeholder (`now...` or `now_unix...`), if it is one.
    fn time(&self, name: &str) -> Option<String> {
        if let Some(offset) = name.strip_prefix("now_unix_ms") {
            let at = self.shifted(offset)?;
            let unix = at.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_millis());
            return Some(unix.to_string());
        }
        if let Some(offset) = name.strip_prefix("now_unix") {
            let at = self.shifted(offset)?;
            let unix = at.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
            return Some(unix.to_string());
        }
        let at = self.shifted(name.strip_prefix("now")?)?;
        Some(humantime::format_rfc3339_seconds(at).to_string())
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
                "id" | "id_number" => out.push_str(&self.id),
                "uuid" => out.push_str(&uuid::Uuid::new_v4().to_string()),
                "ulid" => out.push_str(&ulid::Ulid::new().to_string()),
                name => match self.time(name) {
                    Some(time) => out.push_str(&time),
                    None => out.push_str(&rest[start..start + 2 + end + 2]),
                },
            }
            rest = &after[end + 2..];
        }
        out.push_str(rest);
        out
    }

    /// Fills a catalog body. A string that is exactly `{{now_unix...}}`
    /// becomes a number, since JSON templates cannot hold a bare placeholder;
    /// so does `{{id_number}}` when the id is one (HubSpot's `eventId`).
    pub fn value(&self, template: &Value) -> Value {
        match template {
            Value::String(text) if text == "{{id_number}}" => match self.id.parse::<u64>() {
                Ok(number) => Value::from(number),
                Err(_) => Value::String(self.id.clone()),
            },
            Value::String(text) => match self.bare_unix_time(text) {
                Some(unix) => Value::from(unix),
                None => Value::String(self.text(text)),
            },
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
    fn a_numeric_id_fills_id_number_as_a_number() {
        let body = json!([{"eventId": "{{id_number}}", "ref": "e-{{id_number}}"}]);
        assert_eq!(
            Fill::new("123456789012").value(&body),
            json!([{"eventId": 123456789012u64, "ref": "e-123456789012"}])
        );
        assert_eq!(
            Fill::new("evt_1").value(&body),
            json!([{"eventId": "evt_1", "ref": "e-evt_1"}])
        );
    }

    #[test]
    fn times_can_be_offset_either_way() {
        let fill = Fill {
            id: "x".into(),
            now: UNIX_EPOCH + std::time::Duration::from_secs(1_700_000_000),
        };
        assert_eq!(fill.text("{{now}}"), "2023-11-14T22:13:20Z");
        assert_eq!(fill.text("{{now+30d}}"), "2023-12-14T22:13:20Z");
        assert_eq!(fill.text("{{now-1h}}"), "2023-11-14T21:13:20Z");
        assert_eq!(fill.text("{{now_unix+1m}}"), "1700000060");
        assert_eq!(fill.value(&json!("{{now_unix-10s}}")), json!(1_699_999_990));
        // Not a time: left as written.
        assert_eq!(
            fill.text("{{now*2}} {{now+soon}}"),
            "{{now*2}} {{now+soon}}"
        );
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
