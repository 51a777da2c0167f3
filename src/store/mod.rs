//! The event store: every delivery `whk listen` receives, in one SQLite file.
//!
//! Durability is the point: the listener answers 2xx only after the row is
//! committed, so the database runs in WAL mode with `synchronous = FULL` (a
//! commit survives a killed process and a power cut). Concurrent deliveries
//! are committed together by `insert_batch` (group commit) so durability costs
//! one fsync per batch, not per request. Duplicate detection happens inside
//! the same transaction, so two copies of an event arriving at once cannot both
//! be first. The listener copies the WAL into the database file on a thread of
//! its own (`Store::checkpoint_behind`), so a commit seldom waits on a
//! checkpoint: SQLite's own, in the writer, finds little left to copy.

use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{sync_channel, SyncSender};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine;
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::Serialize;
use serde_json::value::RawValue;
use serde_json::{json, Value};

mod migrations;

use crate::config::create_private_dir;
use crate::http::{Headers, Redactor};
use crate::payload::schema::SchemaCheck;
use crate::signing::doctor::{self, Diagnosis, Suspect};
use crate::signing::{
    Finding, Request, Scheme, Secret, TimePolicy, Verdict, Verification, VerifyError,
};

pub use migrations::MigrationError;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot open the event store {path}: {source}")]
    Open {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },
    #[error("cannot create the store directory {path}: {source}")]
    CreateDir {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot use the event store {path}: {source}")]
    Schema {
        path: PathBuf,
        #[source]
        source: MigrationError,
    },
    #[error("cannot make the event store {path} private to its owner: {source}")]
    Private {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot start the event store's checkpoint thread: {source}")]
    Checkpointer {
        #[source]
        source: std::io::Error,
    },
    #[error("event store error: {0}")]
    Sql(#[from] rusqlite::Error),
}

/// Creates the store file owner-only (0600) before SQLite opens it, so the
/// `-wal` and `-shm` files SQLite creates next to it get the same mode; a
/// store left readable by an older whk is narrowed, with its companions.
fn make_private(path: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        if !path.exists() {
            std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .mode(0o600)
                .open(path)?;
        }
        for suffix in ["", "-wal", "-shm", "-journal"] {
            let mut name = path.as_os_str().to_owned();
            name.push(suffix);
            let file = PathBuf::from(name);
            if let Ok(meta) = std::fs::metadata(&file) {
                if meta.permissions().mode() & 0o077 != 0 {
                    // Not ours to change (another user's store): leave it, SQLite may still read it.
                    let _ = std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600));
                }
            }
        }
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

/// What happened when a delivery was relayed to the app being built.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ForwardOutcome {
    pub target: String,
    /// `None` when the target could not be reached.
    pub status: Option<u16>,
    pub latency_ms: u64,
    pub error: Option<String>,
}

/// A delivery as received, before it has a sequence number.
#[derive(Debug, Clone, PartialEq)]
pub struct NewDelivery {
    pub received_at: SystemTime,
    pub method: String,
    /// Path and query, as requested.
    pub path: String,
    pub headers: Headers,
    pub body: Vec<u8>,
    pub provider: String,
    /// What verification concluded, and why.
    pub verification: Verification,
    pub event_id: Option<String>,
    pub event_type: Option<String>,
    /// The status answered to the sender.
    pub status: u16,
    pub forward: Option<ForwardOutcome>,
    /// The payload checked against its schema; `None` when not checked.
    pub schema: Option<SchemaCheck>,
    /// The size the request declared when its body was not kept (413).
    pub declared_size: Option<u64>,
    /// For a `custom` delivery, the scheme's parameters as JSON
    /// (`HmacScheme::to_params`), so it can be re-signed exactly.
    pub custom_scheme: Option<String>,
    /// The handshake this request was (`url_verification`, `subscribe`, ...),
    /// answered by the listener itself; `None` for a delivery.
    pub handshake: Option<String>,
}

/// A recorded delivery.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredDelivery {
    pub seq: u64,
    /// The first earlier accepted (2xx) delivery with the same provider and event id.
    pub duplicate_of: Option<u64>,
    pub delivery: NewDelivery,
}

/// `10m`, `2h` (that long before `now`) or an RFC 3339 time: the `--since`
/// forms every command that filters deliveries accepts.
pub fn parse_since(value: &str, now: SystemTime) -> Option<SystemTime> {
    let value = value.trim();
    if let Ok(ago) = humantime::parse_duration(value) {
        return Some(now.checked_sub(ago).unwrap_or(UNIX_EPOCH));
    }
    humantime::parse_rfc3339_weak(value).ok()
}

/// Which deliveries to list.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub event_type: Option<String>,
    pub provider: Option<String>,
    pub since: Option<SystemTime>,
}

/// The shortest time between two of [`Checkpointer`]'s passes: commits
/// that land meanwhile are copied by the next one.
const CHECKPOINT_EVERY: Duration = Duration::from_millis(50);

/// The thread of [`Store::checkpoint_behind`].
struct Checkpointer {
    /// Tells the thread that a commit landed; dropped, it stops the thread.
    committed: SyncSender<()>,
    thread: std::thread::JoinHandle<()>,
}

pub struct Store {
    conn: Connection,
    path: PathBuf,
    checkpointer: Option<Checkpointer>,
}

impl Drop for Store {
    /// Stops the checkpoint thread and waits for it, so the writer's
    /// connection closes last and SQLite folds the WAL away as it does.
    fn drop(&mut self) {
        if let Some(Checkpointer { committed, thread }) = self.checkpointer.take() {
            drop(committed);
            let _ = thread.join();
        }
    }
}

const COLUMNS: &str = "seq, received_at_ms, method, path, headers, body, provider, verdict, \
                       findings, event_id, event_type, status, duplicate_of, forward, schema, declared_size, \
                       custom_scheme, handshake";

impl Store {
    /// Opens (creating if needed) the store at `path`.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            create_private_dir(dir).map_err(|source| StoreError::CreateDir {
                path: dir.to_path_buf(),
                source,
            })?;
        }
        make_private(path).map_err(|source| StoreError::Private {
            path: path.to_path_buf(),
            source,
        })?;
        let open = || -> rusqlite::Result<Connection> {
            let conn = Connection::open(path)?;
            conn.busy_timeout(Duration::from_secs(10))?;
            // Rows carry whole bodies: 16 KiB pages hold several per page, so a
            // group commit writes fewer WAL frames, and checkpoints run every
            // 32 MiB of WAL rather than every 4 MiB (measured ~10% more
            // deliveries/s in bench/). page_size only applies to a new file.
            conn.pragma_update(None, "page_size", 16384)?;
            conn.pragma_update(None, "journal_mode", "WAL")?;
            conn.pragma_update(None, "wal_autocheckpoint", 2000)?;
            conn.pragma_update(None, "synchronous", "FULL")?;
            Ok(conn)
        };
        let mut conn = open().map_err(|source| StoreError::Open {
            path: path.to_path_buf(),
            source,
        })?;
        migrations::migrate(&mut conn).map_err(|source| StoreError::Schema {
            path: path.to_path_buf(),
            source,
        })?;
        Ok(Store {
            conn,
            path: path.to_path_buf(),
            checkpointer: None,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Starts copying committed WAL frames into the database file on a
    /// thread of its own, after each commit, until the store is dropped.
    ///
    /// A checkpoint run inline by the committing connection holds up every
    /// delivery waiting on the next commit while it copies up to 32 MiB of
    /// pages (the listener's p99 was 40-145 ms). Behind the writer, passive
    /// checkpoints never block a commit, and the writer's own automatic one
    /// finds little left to copy, so the WAL still restarts from its start.
    /// The thread sleeps while nothing is committed: an idle listener does
    /// not wake.
    pub fn checkpoint_behind(&mut self) -> Result<(), StoreError> {
        let conn = Connection::open(&self.path).map_err(|source| StoreError::Open {
            path: self.path.clone(),
            source,
        })?;
        // One pending wake-up is enough: a pass copies every commit before it.
        let (committed, woken) = sync_channel::<()>(1);
        let thread = std::thread::Builder::new()
            .name("whk-checkpoint".into())
            .spawn(move || {
                while woken.recv().is_ok() {
                    // A busy or failed pass is retried after the next commit;
                    // the writer's own checkpoint stays the backstop.
                    let _ = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()));
                    std::thread::sleep(CHECKPOINT_EVERY);
                }
            })
            .map_err(|source| StoreError::Checkpointer { source })?;
        self.checkpointer = Some(Checkpointer { committed, thread });
        Ok(())
    }

    /// Records a batch in one transaction and returns each delivery's sequence
    /// number and the delivery it duplicates, in order. When this returns Ok,
    /// every row is durable.
    pub fn insert_batch(
        &mut self,
        batch: &[NewDelivery],
    ) -> Result<Vec<(u64, Option<u64>)>, StoreError> {
        let tx = self.conn.transaction()?;
        let mut results = Vec::with_capacity(batch.len());
        {
            // ORDER BY + LIMIT walks the (provider, event_id) index in seq
            // order and stops at the first accepted copy; min() would visit
            // every copy, which grows without bound for a busy event id.
            let mut find_first = tx.prepare_cached(
                "SELECT seq FROM deliveries
                 WHERE provider = ?1 AND event_id = ?2 AND status BETWEEN 200 AND 299
                 ORDER BY seq LIMIT 1",
            )?;
            let mut insert = tx.prepare_cached(
                "INSERT INTO deliveries (received_at_ms, method, path, headers, body, provider,
                     verified, reason, event_id, event_type, status, duplicate_of, forward,
                     verdict, findings, schema, declared_size, custom_scheme, handshake)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,
                     ?17, ?18, ?19)",
            )?;
            for d in batch {
                let duplicate_of: Option<u64> = match &d.event_id {
                    Some(id) => find_first
                        .query_row(params![d.provider, id], |row| row.get::<_, u64>(0))
                        .optional()?,
                    None => None,
                };
                insert.execute(params![
                    unix_ms(d.received_at),
                    d.method,
                    d.path,
                    serde_json::to_string(&d.headers).unwrap_or_else(|_| "[]".into()),
                    d.body,
                    d.provider,
                    d.verification.verdict.verified_flag(),
                    d.verification.reason(),
                    d.event_id,
                    d.event_type,
                    d.status,
                    duplicate_of,
                    d.forward
                        .as_ref()
                        .map(forward_to_json)
                        .map(|v| v.to_string()),
                    d.verification.verdict.name(),
                    findings_json(&d.verification.findings),
                    d.schema
                        .as_ref()
                        .map(|check| serde_json::to_string(check).unwrap_or_default()),
                    d.declared_size.map(|size| size.min(i64::MAX as u64) as i64),
                    d.custom_scheme,
                    d.handshake,
                ])?;
                results.push((tx.last_insert_rowid() as u64, duplicate_of));
            }
        }
        tx.commit()?;
        if let Some(checkpointer) = &self.checkpointer {
            // Full: a pass is due already.
            let _ = checkpointer.committed.try_send(());
        }
        Ok(results)
    }

    pub fn get(&self, seq: u64) -> Result<Option<StoredDelivery>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM deliveries WHERE seq = ?1");
        Ok(self.conn.query_row(&sql, [seq], from_row).optional()?)
    }

    pub fn last(&self) -> Result<Option<StoredDelivery>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM deliveries ORDER BY seq DESC LIMIT 1");
        Ok(self.conn.query_row(&sql, [], from_row).optional()?)
    }

    /// The newest `limit` deliveries matching `filter`, oldest first.
    pub fn list(
        &self,
        filter: &Filter,
        limit: Option<u64>,
    ) -> Result<Vec<StoredDelivery>, StoreError> {
        let sql = format!(
            "SELECT * FROM (SELECT {COLUMNS} FROM deliveries
               WHERE (?1 IS NULL OR event_type = ?1 COLLATE NOCASE)
                 AND (?2 IS NULL OR provider = ?2 COLLATE NOCASE)
                 AND (?3 IS NULL OR received_at_ms >= ?3)
               ORDER BY seq DESC LIMIT ?4) ORDER BY seq ASC"
        );
        let limit = limit.map_or(-1, |l| l.min(i64::MAX as u64) as i64);
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(
            params![
                filter.event_type,
                filter.provider,
                filter.since.map(unix_ms),
                limit
            ],
            from_row,
        )?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }

    /// Up to `limit` deliveries matching `filter` recorded after `seq`,
    /// oldest first: one page of a walk over the store that never holds
    /// more than a page in memory (`replay --all`).
    pub fn page(
        &self,
        filter: &Filter,
        after: u64,
        limit: u64,
    ) -> Result<Vec<StoredDelivery>, StoreError> {
        let sql = format!(
            "SELECT {COLUMNS} FROM deliveries
               WHERE seq > ?1
                 AND (?2 IS NULL OR event_type = ?2 COLLATE NOCASE)
                 AND (?3 IS NULL OR provider = ?3 COLLATE NOCASE)
                 AND (?4 IS NULL OR received_at_ms >= ?4)
               ORDER BY seq ASC LIMIT ?5"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(
            params![
                after,
                filter.event_type,
                filter.provider,
                filter.since.map(unix_ms),
                limit.min(i64::MAX as u64) as i64
            ],
            from_row,
        )?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }

    /// How many deliveries match `filter`.
    pub fn count_matching(&self, filter: &Filter) -> Result<u64, StoreError> {
        Ok(self.conn.query_row(
            "SELECT count(*) FROM deliveries
               WHERE (?1 IS NULL OR event_type = ?1 COLLATE NOCASE)
                 AND (?2 IS NULL OR provider = ?2 COLLATE NOCASE)
                 AND (?3 IS NULL OR received_at_ms >= ?3)",
            params![
                filter.event_type,
                filter.provider,
                filter.since.map(unix_ms)
            ],
            |r| r.get(0),
        )?)
    }

    /// Up to `limit` deliveries recorded after `seq`, oldest first (a live
    /// view catching up on what it missed).
    pub fn after(&self, seq: u64, limit: u64) -> Result<Vec<StoredDelivery>, StoreError> {
        let sql =
            format!("SELECT {COLUMNS} FROM deliveries WHERE seq > ?1 ORDER BY seq ASC LIMIT ?2");
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params![seq, limit.min(i64::MAX as u64) as i64], from_row)?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }

    pub fn count(&self) -> Result<u64, StoreError> {
        Ok(self
            .conn
            .query_row("SELECT count(*) FROM deliveries", [], |r| r.get(0))?)
    }
}

fn unix_ms(at: SystemTime) -> i64 {
    at.duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

fn forward_to_json(f: &ForwardOutcome) -> Value {
    json!({"target": f.target, "status": f.status, "latency_ms": f.latency_ms, "error": f.error})
}

/// Findings as stored: `NULL` when there are none.
fn findings_json(findings: &[Finding]) -> Option<String> {
    (!findings.is_empty()).then(|| serde_json::to_string(findings).unwrap_or_default())
}

fn from_row(row: &Row) -> rusqlite::Result<StoredDelivery> {
    let headers: String = row.get(4)?;
    let forward: Option<String> = row.get(13)?;
    let forward = forward
        .and_then(|text| serde_json::from_str::<Value>(&text).ok())
        .map(|v| ForwardOutcome {
            target: v["target"].as_str().unwrap_or_default().to_string(),
            status: v["status"].as_u64().map(|s| s as u16),
            latency_ms: v["latency_ms"].as_u64().unwrap_or(0),
            error: v["error"].as_str().map(str::to_string),
        });
    Ok(StoredDelivery {
        seq: row.get(0)?,
        duplicate_of: row.get(12)?,
        delivery: NewDelivery {
            received_at: UNIX_EPOCH + Duration::from_millis(row.get::<_, i64>(1)?.max(0) as u64),
            method: row.get(2)?,
            path: row.get(3)?,
            headers: serde_json::from_str(&headers).unwrap_or_default(),
            body: row.get(5)?,
            provider: row.get(6)?,
            verification: Verification {
                verdict: row
                    .get::<_, Option<String>>(7)?
                    .as_deref()
                    .and_then(Verdict::from_name)
                    .unwrap_or(Verdict::Skipped),
                findings: row
                    .get::<_, Option<String>>(8)?
                    .and_then(|text| serde_json::from_str(&text).ok())
                    .unwrap_or_default(),
            },
            event_id: row.get(9)?,
            event_type: row.get(10)?,
            status: row.get(11)?,
            forward,
            schema: row
                .get::<_, Option<String>>(14)?
                .and_then(|text| serde_json::from_str(&text).ok()),
            declared_size: row
                .get::<_, Option<i64>>(15)?
                .map(|size| size.max(0) as u64),
            custom_scheme: row.get(16)?,
            handshake: row.get(17)?,
        },
    })
}

impl StoredDelivery {
    /// Verification re-run on the request as recorded, at the time it
    /// arrived, and when it fails the doctor's diagnosis: how `events show
    /// --explain` and the inspector explain a rejection. `None` when it
    /// verifies with this secret.
    pub fn rediagnose(
        &self,
        scheme: &Scheme,
        secret: &Secret,
        tolerance: Option<u64>,
        suspects: &[Suspect],
    ) -> Option<(VerifyError, Diagnosis)> {
        let d = &self.delivery;
        let policy = TimePolicy {
            now: crate::clock::unix_seconds(d.received_at),
            tolerance,
        };
        // The URL as a proxy's headers or the request say (a listener's
        // --public-url is not recorded).
        let url = scheme
            .signs_url()
            .then(|| crate::http::sender_url::rebuild(None, &d.headers, &d.path))
            .flatten();
        let request = Request::post(&d.headers, &d.body).at(url.as_deref());
        let error = scheme.verify(secret, &request, policy).err()?;
        let diagnosis = doctor::diagnose_among(scheme, secret, &request, policy, &error, suspects);
        Some((error, diagnosis))
    }

    /// The NDJSON record of `whk listen --json` and `whk events list --json`;
    /// its shape is the contract in `schema/delivery.schema.json`. Serialise it
    /// directly (`serde_json::to_writer`): a JSON body is embedded as the raw
    /// bytes received, without being parsed into a tree and written out again.
    /// Header values are shown through `redactor`: the store keeps the
    /// original bytes, the record never shows a credential unless asked to.
    pub fn record<'a>(&'a self, redactor: &'a Redactor) -> Record<'a> {
        let d = &self.delivery;
        // A body spanning lines cannot be embedded raw in one NDJSON line.
        let raw = serde_json::from_slice::<&RawValue>(&d.body)
            .ok()
            .filter(|_| !d.body.contains(&b'\n') && !d.body.contains(&b'\r'));
        let (body, body_base64) = match raw {
            Some(raw) => (Some(BodyField::Raw(raw)), None),
            None => match serde_json::from_slice::<Value>(&d.body) {
                Ok(value) => (Some(BodyField::Parsed(value)), None),
                Err(_) => (
                    None,
                    Some(base64::engine::general_purpose::STANDARD.encode(&d.body)),
                ),
            },
        };
        let redactor = redactor.within(&d.headers);
        Record {
            redacted: Some(redacted_names(&d.headers, &redactor)),
            headers: Some(HeaderObject(&d.headers, redactor)),
            body,
            body_base64,
            ..self.summary()
        }
    }

    /// The record without headers and body: what a live view needs to list
    /// a delivery, small whatever the body's size.
    pub fn summary(&self) -> Record<'_> {
        let d = &self.delivery;
        Record {
            seq: self.seq,
            received_at: humantime::format_rfc3339_millis(d.received_at).to_string(),
            method: &d.method,
            path: &d.path,
            provider: &d.provider,
            event_id: d.event_id.as_deref(),
            event_type: d.event_type.as_deref(),
            verified: d.verification.verdict.verified_flag(),
            reason: d.verification.reason(),
            verdict: d.verification.verdict,
            findings: &d.verification.findings,
            duplicate: self.duplicate_of.is_some(),
            duplicate_of: self.duplicate_of,
            status: d.status,
            forward: d.forward.as_ref().map(forward_to_json),
            schema: d.schema.as_ref(),
            handshake: d.handshake.as_deref(),
            headers: None,
            redacted: None,
            size: d.declared_size.unwrap_or(d.body.len() as u64),
            body: None,
            body_base64: None,
        }
    }

    /// The same record as a JSON value.
    pub fn to_json(&self, redactor: &Redactor) -> Value {
        serde_json::to_value(self.record(redactor)).unwrap_or(Value::Null)
    }
}

/// The lower-case names of the headers `redactor` hides, each once.
fn redacted_names(headers: &Headers, redactor: &Redactor) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for (name, value) in headers.iter() {
        if redactor.hides(name, value) {
            let name = name.to_ascii_lowercase();
            if !names.contains(&name) {
                names.push(name);
            }
        }
    }
    names
}

/// One delivery as the NDJSON contract spells it.
#[derive(Debug, Serialize)]
pub struct Record<'a> {
    pub seq: u64,
    pub received_at: String,
    pub method: &'a str,
    pub path: &'a str,
    pub provider: &'a str,
    pub event_id: Option<&'a str>,
    pub event_type: Option<&'a str>,
    pub verified: Option<bool>,
    pub reason: Option<&'a str>,
    pub verdict: Verdict,
    pub findings: &'a [Finding],
    pub duplicate: bool,
    pub duplicate_of: Option<u64>,
    pub status: u16,
    pub forward: Option<Value>,
    /// `null` when the payload was not checked against its schema.
    pub schema: Option<&'a SchemaCheck>,
    /// The handshake the listener answered by itself (`url_verification`,
    /// ...); `null` for a delivery.
    pub handshake: Option<&'a str>,
    /// Always present in a full record; left out of a [`StoredDelivery::summary`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub headers: Option<HeaderObject<'a>>,
    /// Names of the headers whose values are shown redacted; present with `headers`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub redacted: Option<Vec<String>>,
    pub size: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<BodyField<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body_base64: Option<String>,
}

/// A JSON body: the received bytes when they fit on one line, else re-written.
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum BodyField<'a> {
    Raw(&'a RawValue),
    Parsed(Value),
}

/// Headers as a JSON object with lower-case names; repeated headers join with
/// ", " as HTTP allows. Credentials are shown as the [`Redactor`] decides.
#[derive(Debug)]
pub struct HeaderObject<'a>(&'a Headers, Cow<'a, Redactor>);

impl Serialize for HeaderObject<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        // Written once per delivery in `--json` mode: names hyper received are
        // already lower-case and rarely repeat, so borrow whenever possible.
        let mut merged: Vec<(Cow<'_, str>, Cow<'_, str>)> = Vec::with_capacity(self.0.len());
        for (name, value) in self.0.iter() {
            let value = self.1.show(name, value);
            let name = if name.bytes().any(|b| b.is_ascii_uppercase()) {
                Cow::Owned(name.to_ascii_lowercase())
            } else {
                Cow::Borrowed(name)
            };
            match merged.iter_mut().find(|(n, _)| *n == name) {
                Some((_, existing)) => {
                    let joined = existing.to_mut();
                    joined.push_str(", ");
                    joined.push_str(&value);
                }
                None => merged.push((name, value)),
            }
        }
        let mut map = serializer.serialize_map(Some(merged.len()))?;
        for (name, value) in &merged {
            map.serialize_entry(name, value)?;
        }
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn delivery(event_id: &str, status: u16) -> NewDelivery {
        let mut headers = Headers::new();
        headers.push("Content-Type", "application/json");
        NewDelivery {
            received_at: SystemTime::now(),
            method: "POST".into(),
            path: "/hook?x=1".into(),
            headers,
            body: br#"{"id":"e"}"#.to_vec(),
            provider: "izi".into(),
            verification: Verification::new(Verdict::Verified),
            event_id: Some(event_id.into()),
            event_type: Some("SESSION_ENDED".into()),
            status,
            forward: None,
            schema: None,
            declared_size: None,
            custom_scheme: None,
            handshake: None,
        }
    }

    #[test]
    fn the_checkpointer_copies_commits_into_the_database_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("events.db");
        let size = || std::fs::metadata(&path).unwrap().len();
        let mut store = Store::open(&path).unwrap();
        let batch: Vec<_> = (0..64)
            .map(|i| NewDelivery {
                body: vec![b'x'; 4096],
                ..delivery(&format!("e-{i}"), 200)
            })
            .collect();
        store.insert_batch(&batch).unwrap();
        // 256 KiB of rows is far below the writer's automatic checkpoint, so
        // until something checkpoints, they are in the WAL only.
        assert!(
            size() < 128 * 1024,
            "checkpointed already: {} bytes",
            size()
        );
        store.checkpoint_behind().unwrap();
        // Started with nothing newly committed, it sleeps.
        std::thread::sleep(Duration::from_millis(300));
        assert!(
            size() < 128 * 1024,
            "woke without a commit: {} bytes",
            size()
        );
        // The next commit wakes it, and the pass copies what came before too.
        store.insert_batch(&[delivery("wake", 200)]).unwrap();
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        while size() < 256 * 1024 {
            assert!(
                std::time::Instant::now() < deadline,
                "no checkpoint in 10 s"
            );
            std::thread::sleep(Duration::from_millis(10));
        }
        store.insert_batch(&[delivery("after", 200)]).unwrap();
        assert_eq!(store.count().unwrap(), 66);
        // Dropped, the store stops its thread and closes last, so the rows
        // are all there for the next opener.
        drop(store);
        assert_eq!(Store::open(&path).unwrap().count().unwrap(), 66);
    }

    #[test]
    fn duplicates_point_at_the_first_accepted_copy() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("sub/events.db")).unwrap();
        let first = store
            .insert_batch(&[delivery("a", 500), delivery("a", 200), delivery("b", 200)])
            .unwrap();
        assert_eq!(first, [(1, None), (2, None), (3, None)]);
        let again = store.insert_batch(&[delivery("a", 200)]).unwrap();
        assert_eq!(again, [(4, Some(2))]);
        let stored = store.get(4).unwrap().unwrap();
        assert_eq!(
            stored.delivery,
            delivery("a", 200).clone_with_time(stored.delivery.received_at)
        );
        assert_eq!(store.count().unwrap(), 4);
        assert_eq!(store.last().unwrap().unwrap().seq, 4);
    }

    #[test]
    fn list_filters_and_keeps_the_newest() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("events.db")).unwrap();
        let mut other = delivery("c", 200);
        other.event_type = Some("SHIFT_OPENED".into());
        store
            .insert_batch(&[delivery("a", 200), other, delivery("b", 200)])
            .unwrap();
        let filter = Filter {
            event_type: Some("session_ended".into()),
            ..Filter::default()
        };
        let seqs: Vec<u64> = store
            .list(&filter, None)
            .unwrap()
            .iter()
            .map(|d| d.seq)
            .collect();
        assert_eq!(seqs, [1, 3]);
        let newest: Vec<u64> = store
            .list(&Filter::default(), Some(2))
            .unwrap()
            .iter()
            .map(|d| d.seq)
            .collect();
        assert_eq!(newest, [2, 3]);
        let after: Vec<u64> = store.after(1, 1).unwrap().iter().map(|d| d.seq).collect();
        assert_eq!(after, [2]);
        assert!(store.after(3, 10).unwrap().is_empty());
    }

    #[test]
    fn json_record_carries_body_or_base64() {
        let stored = StoredDelivery {
            seq: 7,
            duplicate_of: None,
            delivery: NewDelivery {
                body: vec![0xff, 0x00],
                ..delivery("a", 200)
            },
        };
        let record = stored.to_json(&Redactor::default());
        assert_eq!(record["body_base64"], "/wA=");
        assert!(record.get("body").is_none());
        assert_eq!(record["headers"]["content-type"], "application/json");
        let json = StoredDelivery {
            seq: 8,
            duplicate_of: Some(7),
            delivery: delivery("a", 200),
        }
        .to_json(&Redactor::default());
        assert_eq!(json["body"]["id"], "e");
        assert_eq!(json["duplicate"], true);
    }

    #[test]
    fn a_store_written_by_whk_0_1_0_opens_and_upgrades_in_place() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.db");
        let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/store-0.1.0.db");
        std::fs::copy(fixture, &path).unwrap();
        let mut store = Store::open(&path).unwrap();
        let version: u32 = store
            .conn
            .pragma_query_value(None, "user_version", |row| row.get(0))
            .unwrap();
        assert_eq!(version, migrations::CURRENT);

        let old = store.list(&Filter::default(), None).unwrap();
        let verdicts: Vec<Verdict> = old
            .iter()
            .map(|d| d.delivery.verification.verdict)
            .collect();
        use Verdict::{Rejected, Verified};
        assert_eq!(verdicts, [Verified, Verified, Rejected, Rejected, Rejected]);
        assert_eq!(old[1].duplicate_of, Some(1));
        let rejected = &old[2].delivery.verification;
        assert_eq!(rejected.findings[0].code, "rejected");
        assert!(rejected
            .reason()
            .unwrap()
            .contains("no signature in webhook-signature"));
        assert_eq!(
            old[3].delivery.verification.findings[0].code,
            "body_too_large"
        );
        assert_eq!(old[3].delivery.status, 413);

        // New rows follow the old ones, and a repeat of an old event id is a duplicate.
        let repeat = NewDelivery {
            provider: "standard".into(),
            event_id: old[0].delivery.event_id.clone(),
            ..delivery("x", 200)
        };
        assert_eq!(store.insert_batch(&[repeat]).unwrap(), [(6, Some(1))]);
        drop(store);
        // Opening again applies nothing twice.
        assert_eq!(Store::open(&path).unwrap().count().unwrap(), 6);
    }

    impl NewDelivery {
        fn clone_with_time(mut self, at: SystemTime) -> Self {
            self.received_at = at;
            self
        }
    }
}
