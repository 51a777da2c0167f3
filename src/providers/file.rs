//! The provider file format (`providers/<name>.toml`, documented by
//! `schema/provider.schema.json`): parsing, validation with the file and line
//! at fault, and turning a file into a [`Provider`].
//!
//! A parsed provider lives as long as the process (commands hold
//! `&'static Provider`), so its strings are leaked once at load: a handful of
//! kilobytes, once per provider a command actually reads.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;

use super::{Embedded, Handshake, Origin, Provider, RetryBasis, RetrySchedule, Success};
use crate::payload::{Catalog, CatalogEntry, FieldSource, IdFormat};
use crate::signing::Scheme;

/// A provider file that cannot be used, with where and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}{}: {message}", match line { Some(line) => format!(":{line}"), None => String::new() })]
pub struct ProviderFileError {
    pub file: String,
    pub line: Option<usize>,
    pub message: String,
}

/// A published test vector: a request the provider's own library accepts.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Vector {
    /// Where it was published.
    pub source: String,
    pub secret: String,
    #[serde(default = "post")]
    pub method: String,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    pub body: String,
    /// The clock to verify at, for timestamped schemes (unix seconds).
    #[serde(default)]
    pub now: Option<i64>,
}

fn post() -> String {
    "POST".to_string()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ProviderFile {
    name: String,
    #[serde(default)]
    aliases: Vec<String>,
    title: String,
    source: String,
    #[serde(default)]
    assumptions: Vec<String>,
    #[serde(default)]
    tolerance: Option<String>,
    timeout: String,
    success: SuccessFile,
    id: FieldFile,
    event_type: FieldFile,
    id_format: IdFormatFile,
    retry: RetryFile,
    #[serde(default)]
    headers: BTreeMap<String, String>,
    scheme: toml::Table,
    #[serde(default)]
    vectors: Vec<Vector>,
    /// By [`Handshake::name`]; an unknown name is an error naming the known ones.
    #[serde(default)]
    handshakes: Vec<Handshake>,
    /// Required in a user's file; a built-in file's is embedded apart.
    #[serde(default)]
    catalog: Option<CatalogFile>,
}

#[derive(Deserialize)]
enum SuccessFile {
    #[serde(rename = "2xx")]
    Any2xx,
    #[serde(rename = "200")]
    Exactly200,
}

#[derive(Deserialize)]
#[serde(rename_all = "lowercase", deny_unknown_fields)]
enum FieldFile {
    Header(String),
    Body(String),
}

#[derive(Deserialize)]
#[serde(untagged)]
enum IdFormatFile {
    Named(IdFormatName),
    Prefixed { prefix: String },
}

#[derive(Deserialize)]
#[serde(rename_all = "lowercase")]
enum IdFormatName {
    Uuid,
    Number,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RetryFile {
    delays: Vec<String>,
    #[serde(default = "previous")]
    counted_from: BasisFile,
}

fn previous() -> BasisFile {
    BasisFile::Previous
}

#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum BasisFile {
    Previous,
    FirstFailure,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CatalogFile {
    test_event: EntryFile,
    #[serde(default)]
    events: Vec<EntryFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct EntryFile {
    #[serde(rename = "type")]
    event_type: String,
    description: String,
    /// JSON text: TOML has no null, and the bytes stay as the provider sends them.
    body: String,
}

/// A catalog as written, turned into a [`Catalog`] when first asked for:
/// most commands never look at it, and its bodies are most of a file.
#[derive(Debug)]
pub struct LazyCatalog {
    written: Written,
    parsed: std::sync::OnceLock<Catalog>,
}

#[derive(Debug)]
enum Written {
    /// A user's file, read with the rest of it.
    File(CatalogFile),
    /// A built-in file's `[catalog]` as JSON, not even scanned until needed.
    Embedded(&'static str),
}

impl LazyCatalog {
    pub fn get(&self) -> &Catalog {
        self.parsed.get_or_init(|| {
            self.parse().unwrap_or_else(|(event, err)| {
                // A test parses every built-in catalog and a user's file is
                // parsed when loaded, so this is a build defect: say so.
                eprintln!("error: internal: the body of catalog event '{event}' is not JSON ({err}); please report it");
                Catalog {
                    test_event: CatalogEntry {
                        event_type: crate::payload::catalog::TEST_EVENT.into(),
                        description: String::new(),
                        body: serde_json::json!({}),
                    },
                    events: Vec::new(),
                }
            })
        })
    }

    /// The catalog, or the event whose body is not JSON.
    fn parse(&self) -> Result<Catalog, (String, serde_json::Error)> {
        let embedded;
        let written = match &self.written {
            Written::File(file) => file,
            Written::Embedded(json) => {
                embedded = serde_json::from_str::<CatalogFile>(json)
                    .map_err(|err| ("[catalog]".to_string(), err))?;
                &embedded
            }
        };
        let entry = |entry: &EntryFile| -> Result<CatalogEntry, (String, serde_json::Error)> {
            Ok(CatalogEntry {
                event_type: entry.event_type.clone(),
                description: entry.description.clone(),
                body: serde_json::from_str(&entry.body)
                    .map_err(|err| (entry.event_type.clone(), err))?,
            })
        };
        Ok(Catalog {
            test_event: entry(&written.test_event)?,
            events: written.events.iter().map(entry).collect::<Result<_, _>>()?,
        })
    }
}

fn leak(text: String) -> &'static str {
    Box::leak(text.into_boxed_str())
}

/// Parses a user's provider file. `stem` is the file name without `.toml`,
/// which must be the provider's name.
pub(super) fn parse(
    text: &str,
    stem: &str,
    origin: Origin,
) -> Result<&'static Provider, ProviderFileError> {
    let mut file: ProviderFile = toml::from_str(text).map_err(|err| ProviderFileError {
        file: file_name(stem, &origin),
        line: err.span().map(|span| line_of(text, span.start)),
        message: err.message().to_string(),
    })?;
    let Some(catalog) = file.catalog.take() else {
        return Err(ProviderFileError {
            file: file_name(stem, &origin),
            line: None,
            message: "missing [catalog]: a provider needs at least [catalog.test_event]".into(),
        });
    };
    build(file, text, stem, origin, Written::File(catalog))
}

/// Parses a built-in file, which build.rs embedded as JSON.
pub(super) fn parse_built_in(embedded: &Embedded) -> Result<&'static Provider, ProviderFileError> {
    let stem = embedded.stem;
    let file: ProviderFile =
        serde_json::from_str(embedded.file).map_err(|err| ProviderFileError {
            file: file_name(stem, &Origin::BuiltIn),
            line: None,
            message: err.to_string(),
        })?;
    let catalog = Written::Embedded(embedded.catalog);
    build(file, embedded.file, stem, Origin::BuiltIn, catalog)
}

fn file_name(stem: &str, origin: &Origin) -> String {
    match origin {
        Origin::BuiltIn => format!("providers/{stem}.toml (built in)"),
        Origin::User(path) => path.display().to_string(),
    }
}

/// Checks a parsed file's values and makes it a provider.
fn build(
    file: ProviderFile,
    text: &str,
    stem: &str,
    origin: Origin,
    catalog: Written,
) -> Result<&'static Provider, ProviderFileError> {
    let file_name = file_name(stem, &origin);
    let error = |line: Option<usize>, message: String| ProviderFileError {
        file: file_name.clone(),
        line,
        message,
    };
    // Later errors are about a value, not the syntax: point at its key.
    let at = |key: &str| line_of_key(text, key);
    if file.name != stem {
        return Err(error(
            at("name"),
            format!(
                "name '{}' must match the file name '{stem}.toml'",
                file.name
            ),
        ));
    }
    let duration = |key: &str, text: &str| {
        humantime::parse_duration(text).map_err(|err| {
            error(
                at(key),
                format!("{key} '{text}' is not a duration like 30s or 5m ({err})"),
            )
        })
    };
    let tolerance = match &file.tolerance {
        Some(text) => Some(duration("tolerance", text)?.as_secs()),
        None => None,
    };
    let timeout = duration("timeout", &file.timeout)?;
    let delays = file
        .retry
        .delays
        .iter()
        .map(|d| duration("retry", d).map(|d| d.as_secs()))
        .collect::<Result<Vec<u64>, _>>()?;
    let scheme = Scheme::from_table(file.scheme).map_err(|err| error(at("[scheme]"), err))?;
    let catalog = LazyCatalog {
        written: catalog,
        parsed: std::sync::OnceLock::new(),
    };
    // A user's file is checked whole when loaded; the built-in ones by a test.
    if let Origin::User(_) = origin {
        let parsed = catalog.parse().map_err(|(event, err)| {
            error(
                at(&event),
                format!("the body of catalog event '{event}' is not JSON: {err}"),
            )
        })?;
        let _ = catalog.parsed.set(parsed);
    }
    let field = |field: FieldFile| match field {
        FieldFile::Header(name) => FieldSource::Header(leak(name)),
        FieldFile::Body(path) => FieldSource::Body(leak(path)),
    };
    let provider = Provider {
        name: leak(file.name),
        aliases: Box::leak(file.aliases.into_iter().map(leak).collect()),
        title: leak(file.title),
        source: leak(file.source),
        origin,
        scheme,
        id: field(file.id),
        event_type: field(file.event_type),
        id_format: match file.id_format {
            IdFormatFile::Named(IdFormatName::Uuid) => IdFormat::Uuid,
            IdFormatFile::Named(IdFormatName::Number) => IdFormat::Number,
            IdFormatFile::Prefixed { prefix } => IdFormat::Prefixed(leak(prefix)),
        },
        tolerance,
        retry: RetrySchedule {
            delays: Box::leak(delays.into_boxed_slice()),
            basis: match file.retry.counted_from {
                BasisFile::Previous => RetryBasis::PreviousAttempt,
                BasisFile::FirstFailure => RetryBasis::FirstFailure,
            },
        },
        success: match file.success {
            SuccessFile::Any2xx => Success::Any2xx,
            SuccessFile::Exactly200 => Success::Exactly200,
        },
        timeout: Duration::max(timeout, Duration::from_millis(1)),
        assumptions: Box::leak(file.assumptions.into_iter().map(leak).collect()),
        headers: Box::leak(
            file.headers
                .into_iter()
                .map(|(name, value)| (leak(name), leak(value)))
                .collect(),
        ),
        vectors: Box::leak(file.vectors.into_boxed_slice()),
        handshakes: Box::leak(file.handshakes.into_boxed_slice()),
        catalog: std::sync::Arc::new(catalog),
    };
    Ok(Box::leak(Box::new(provider)))
}

/// Every `*.toml` in `dirs` (a missing directory has none), later
/// directories taking the place of earlier ones for the same name.
pub(super) fn load_dirs(dirs: &[PathBuf]) -> Result<Vec<&'static Provider>, ProviderFileError> {
    let mut providers: Vec<&'static Provider> = Vec::new();
    for dir in dirs {
        let Ok(entries) = std::fs::read_dir(dir) else {
            continue;
        };
        let mut paths: Vec<PathBuf> = entries
            .filter_map(|entry| Some(entry.ok()?.path()))
            .filter(|path| path.extension().is_some_and(|ext| ext == "toml"))
            .collect();
        paths.sort();
        for path in paths {
            let provider = load_file(&path)?;
            providers.retain(|p| p.name != provider.name);
            providers.push(provider);
        }
    }
    Ok(providers)
}

fn load_file(path: &Path) -> Result<&'static Provider, ProviderFileError> {
    let text = std::fs::read_to_string(path).map_err(|err| ProviderFileError {
        file: path.display().to_string(),
        line: None,
        message: format!("cannot read it: {err}"),
    })?;
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default();
    parse(&text, stem, Origin::User(path.to_path_buf()))
}

/// The 1-based line of byte offset `at`.
fn line_of(text: &str, at: usize) -> usize {
    text[..at.min(text.len())].matches('\n').count() + 1
}

/// The line where `key` is first written (as `key =`, `"key"` or a table
/// header), for errors about a value rather than the syntax.
fn line_of_key(text: &str, key: &str) -> Option<usize> {
    text.lines()
        .position(|line| {
            let line = line.trim_start();
            line.starts_with(&format!("{key} ="))
                || line.starts_with(&format!("{key}="))
                || line.starts_with(key) && key.starts_with('[')
                || line.contains(&format!("\"{key}\""))
        })
        .map(|index| index + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = r#"
name = "acme"
title = "Acme"
source = "https://acme.example/webhooks"
timeout = "10s"
success = "2xx"
id = { body = "id" }
event_type = { body = "type" }
id_format = { prefix = "evt_" }
retry = { delays = ["1m", "1h"] }

[scheme]
kind = "hmac"
signature_header = "X-Acme-Signature"
encoding = "hex"

[catalog.test_event]
type = "ping"
description = "a test"
body = '{"id": "evt_1", "type": "ping", "note": null}'
"#;

    fn user() -> Origin {
        Origin::User(PathBuf::from("acme.toml"))
    }

    #[test]
    fn every_built_in_file_also_parses_as_a_users_toml() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("providers");
        let loaded = load_dirs(&[dir]).unwrap();
        assert_eq!(loaded.len(), super::super::BUILT_IN.len());
    }

    #[test]
    fn a_minimal_file_becomes_a_provider() {
        let p = parse(MINIMAL, "acme", user()).unwrap();
        assert_eq!(p.name, "acme");
        assert_eq!(p.retry.delays, [60, 3600]);
        assert_eq!(p.scheme.signature_header(), Some("X-Acme-Signature"));
        assert_eq!(p.catalog().test_event.body["note"], serde_json::Value::Null);
        assert_eq!(p.timeout, Duration::from_secs(10));
    }

    #[test]
    fn errors_name_the_file_line_and_fault() {
        let wrong_name = parse(MINIMAL, "other", user()).unwrap_err();
        assert_eq!(wrong_name.line, Some(2), "{wrong_name}");
        assert!(
            wrong_name.message.contains("must match the file name"),
            "{wrong_name}"
        );

        let bad_kind = MINIMAL.replace("kind = \"hmac\"", "kind = \"hmca\"");
        let err = parse(&bad_kind, "acme", user()).unwrap_err();
        assert!(err.message.contains("unknown scheme kind 'hmca'"), "{err}");
        assert_eq!(err.line, Some(12), "{err}");

        let bad_timeout = MINIMAL.replace("\"10s\"", "\"ten\"");
        let err = parse(&bad_timeout, "acme", user()).unwrap_err();
        assert!(err.to_string().contains(":5: timeout 'ten'"), "{err}");

        let unknown_key = MINIMAL.replace("title =", "titel =");
        let err = parse(&unknown_key, "acme", user()).unwrap_err();
        assert_eq!(err.line, Some(3), "{err}");
        assert!(err.message.contains("titel"), "{err}");

        let bad_body = MINIMAL.replace("\"note\": null", "\"note\": nul");
        let err = parse(&bad_body, "acme", user()).unwrap_err();
        assert!(
            err.message.contains("catalog event 'ping' is not JSON"),
            "{err}"
        );
        let no_catalog = &MINIMAL[..MINIMAL.find("[catalog.test_event]").unwrap()];
        let err = parse(no_catalog, "acme", user()).unwrap_err();
        assert!(err.message.contains("missing [catalog]"), "{err}");
    }
}
