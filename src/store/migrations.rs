//! The store's schema, as numbered migrations.
//!
//! `PRAGMA user_version` says how many have been applied; opening a store
//! applies the rest in order, each in its own transaction, so a store written
//! by any earlier whk is upgraded in place (whk 0.1.0 wrote version 0 with the
//! first migration's table). A store from a newer whk than this one is refused
//! rather than half-understood.

use rusqlite::Connection;

/// Every index costs the writer on each delivery, so there is one: the
/// duplicate lookup. Rows are never deleted, so the rowid alone gives stable
/// sequence numbers (AUTOINCREMENT would add a write per commit). Filters by
/// type or time scan the table, which `events list` can afford.
const MIGRATIONS: [&str; 6] = [
    // 1: the deliveries table of whk 0.1.0.
    "CREATE TABLE IF NOT EXISTS deliveries (
        seq            INTEGER PRIMARY KEY,
        received_at_ms INTEGER NOT NULL,
        method         TEXT NOT NULL,
        path           TEXT NOT NULL,
        headers        TEXT NOT NULL,
        body           BLOB NOT NULL,
        provider       TEXT NOT NULL,
        verified       INTEGER,
        reason         TEXT,
        event_id       TEXT,
        event_type     TEXT,
        status         INTEGER NOT NULL,
        duplicate_of   INTEGER,
        forward        TEXT
    );
    CREATE INDEX IF NOT EXISTS deliveries_event ON deliveries (provider, event_id);",
    // 2: typed verification results: a verdict and findings ({code, severity,
    // message} as JSON). Older rows get the verdict their `verified` column
    // implies (unsigned and --skip-verify were not told apart: 'skipped') and
    // their reason as one error finding.
    "ALTER TABLE deliveries ADD COLUMN verdict TEXT;
    ALTER TABLE deliveries ADD COLUMN findings TEXT;
    UPDATE deliveries SET verdict = CASE verified
        WHEN 1 THEN 'verified' WHEN 0 THEN 'rejected' ELSE 'skipped' END;
    UPDATE deliveries SET findings = json_array(json_object(
        'code', CASE WHEN status = 413 THEN 'body_too_large' ELSE 'rejected' END,
        'severity', 'error',
        'message', reason))
    WHERE reason IS NOT NULL;",
    // 3: what checking the payload against its schema found (`listen
    // --validate`), as JSON {valid, errors}; NULL when it was not checked,
    // which is what every older row says.
    "ALTER TABLE deliveries ADD COLUMN schema TEXT;",
    // 4: the size a request declared when its body was not kept (413), so
    // the record still says how large it was; NULL for every kept body.
    "ALTER TABLE deliveries ADD COLUMN declared_size INTEGER;",
    // 5: a `custom` delivery's scheme parameters (algorithm, headers,
    // encoding, prefix, template) as JSON, so replay re-signs it exactly;
    // NULL for every other provider and every older row.
    "ALTER TABLE deliveries ADD COLUMN custom_scheme TEXT;",
    // 6: the handshake a request was (Slack's url_verification, Meta's
    // subscribe, ...), answered by the listener itself; NULL for every
    // delivery and every older row.
    "ALTER TABLE deliveries ADD COLUMN handshake TEXT;",
];

/// The schema version this whk writes.
pub const CURRENT: u32 = MIGRATIONS.len() as u32;

/// Why a store's schema cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum MigrationError {
    #[error("it was written by a newer whk (schema version {found}; this whk knows up to {CURRENT}): upgrade whk, or pass another --store")]
    TooNew { found: u32 },
    #[error(transparent)]
    Sql(#[from] rusqlite::Error),
}

/// Applies every migration `conn` lacks; returns the version it started at.
pub fn migrate(conn: &mut Connection) -> Result<u32, MigrationError> {
    let found: u32 = conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
    if found > CURRENT {
        return Err(MigrationError::TooNew { found });
    }
    for (done, sql) in MIGRATIONS.iter().enumerate().skip(found as usize) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", done as u32 + 1)?;
        tx.commit()?;
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_store_gets_every_migration_once() {
        let mut conn = Connection::open_in_memory().unwrap();
        assert_eq!(migrate(&mut conn).unwrap(), 0);
        assert_eq!(migrate(&mut conn).unwrap(), CURRENT);
        let columns: Vec<String> = conn
            .prepare("SELECT name FROM pragma_table_info('deliveries')")
            .unwrap()
            .query_map([], |row| row.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert!(columns.iter().any(|c| c == "verdict"), "{columns:?}");
        assert!(columns.iter().any(|c| c == "findings"), "{columns:?}");
        assert!(columns.iter().any(|c| c == "schema"), "{columns:?}");
        assert!(columns.iter().any(|c| c == "custom_scheme"), "{columns:?}");
        assert!(columns.iter().any(|c| c == "handshake"), "{columns:?}");
    }

    #[test]
    fn a_store_from_a_newer_whk_is_refused() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.pragma_update(None, "user_version", CURRENT + 1)
            .unwrap();
        let err = migrate(&mut conn).unwrap_err().to_string();
        assert!(err.contains("newer whk"), "{err}");
    }
}
