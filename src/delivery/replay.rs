//! Replay: turning recorded deliveries back into outgoing events. This is the
//! one code path for re-delivery; `whk replay` and the web inspector both call it.
//!
//! By default a replay is the same event delivered again: same body bytes, same
//! event id, the recorded headers, but signed afresh (a stale timestamp would
//! rightly be rejected) with the provider it was received with and that
//! provider's secret from the configuration. Verbatim replays send the recorded
//! headers unchanged, old signature and all, to test replay protection.

use bytes::Bytes;

use crate::config::Config;
use crate::http::{is_hop_by_hop, Headers};
use crate::providers::{self, Provider, ProviderError};
use crate::signing::Secret;
use crate::store::{Filter, Store, StoreError, StoredDelivery};

use super::{DeliveryError, Outgoing, Signing};

/// Which recorded deliveries to replay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selection {
    Seqs(Vec<u64>),
    /// The most recent one matching the filter.
    Last,
    /// Every one matching the filter, oldest first.
    All,
}

/// A replay as asked for.
#[derive(Debug, Clone)]
pub struct ReplayRequest {
    pub selection: Selection,
    pub filter: Filter,
    pub target: String,
    pub verbatim: bool,
    /// Re-sign as this provider instead of the recorded one.
    pub provider: Option<&'static Provider>,
    /// Re-sign with this secret instead of the configured one.
    pub secret: Option<Secret>,
}

#[derive(Debug, thiserror::Error)]
pub enum ReplayError {
    #[error("the event store {0} is empty: run 'whk listen' and send it something first")]
    EmptyStore(String),
    #[error("no recorded delivery #{seq} in {store} (it holds #{first} to #{last}); see 'whk events list'")]
    UnknownSeq {
        seq: u64,
        store: String,
        first: u64,
        last: u64,
    },
    #[error("no recorded delivery matches the filters in {0}; see 'whk events list'")]
    NoMatch(String),
    #[error(
        "no secret for {provider} to re-sign delivery #{seq}: pass --secret, set it in whk.toml, \
         or use --verbatim to send the recorded signature"
    )]
    NoSecret { provider: String, seq: u64 },
    #[error("delivery #{seq} was recorded with provider '{name}', which whk does not know; pass --provider")]
    UnknownProvider {
        seq: u64,
        name: String,
        #[source]
        source: ProviderError,
    },
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("cannot replay delivery #{seq}: {source}")]
    Delivery {
        seq: u64,
        #[source]
        source: DeliveryError,
    },
    #[error(transparent)]
    Config(#[from] anyhow::Error),
}

/// The recorded deliveries a selection names, in order.
pub fn select(
    store: &Store,
    selection: &Selection,
    filter: &Filter,
) -> Result<Vec<StoredDelivery>, ReplayError> {
    let name = || store.path().display().to_string();
    let Some(newest) = store.last()? else {
        return Err(ReplayError::EmptyStore(name()));
    };
    let found = match selection {
        Selection::Seqs(seqs) => {
            let mut found = Vec::with_capacity(seqs.len());
            for &seq in seqs {
                let Some(stored) = store.get(seq)? else {
                    // Only now is the oldest worth looking up (not every row loaded per replay).
                    let first = store.after(0, 1)?.first().map_or(1, |d| d.seq);
                    return Err(ReplayError::UnknownSeq {
                        seq,
                        store: name(),
                        first,
                        last: newest.seq,
                    });
                };
                found.push(stored);
            }
            found
        }
        Selection::Last => store.list(filter, Some(1))?,
        Selection::All => store.list(filter, None)?,
    };
    if found.is_empty() {
        return Err(ReplayError::NoMatch(name()));
    }
    Ok(found)
}

/// The outgoing event that re-delivers `stored`.
pub fn prepare(
    stored: &StoredDelivery,
    config: &Config,
    request: &ReplayRequest,
) -> Result<Outgoing, ReplayError> {
    let seq = stored.seq;
    let recorded = &stored.delivery;
    let known = providers::find(&recorded.provider);
    let provider = match (request.provider, &known) {
        (Some(chosen), _) => chosen,
        (None, Ok(found)) => found,
        // A verbatim replay does not sign, so any provider will do for the rules.
        (None, Err(_)) if request.verbatim => {
            providers::find(providers::DEFAULT_PROVIDER).map_err(anyhow::Error::from)?
        }
        (None, Err(source)) => {
            return Err(ReplayError::UnknownProvider {
                seq,
                name: recorded.provider.clone(),
                source: source.clone(),
            })
        }
    };
    // A custom delivery carries its own scheme: re-sign with exactly that one.
    let stored_scheme = match (&request.provider, &recorded.custom_scheme) {
        (None, Some(params)) if provider.name == "custom" => {
            crate::signing::HmacScheme::from_params(params)
                .map(|scheme| provider.with_scheme(crate::signing::Scheme::new(scheme)))
        }
        _ => None,
    };
    let provider: &Provider = stored_scheme.as_ref().unwrap_or(provider);
    let mut headers: Headers = recorded
        .headers
        .iter()
        .filter(|(name, _)| !is_hop_by_hop(name))
        .map(|(n, v)| (n.to_string(), v.to_string()))
        .collect();
    let (signing, secret) = if request.verbatim {
        (Signing::Verbatim, Secret::new(""))
    } else {
        // Drop the old signature (of the recorded scheme and the new one): it is re-made.
        let mut stale: Vec<&str> = Vec::new();
        for scheme in [
            known.as_ref().ok().map(|p| &p.scheme),
            Some(&provider.scheme),
        ]
        .into_iter()
        .flatten()
        {
            stale.extend(scheme.signature_header());
            stale.extend(scheme.timestamp_header());
        }
        headers = headers
            .iter()
            .filter(|(name, _)| !stale.iter().any(|s| name.eq_ignore_ascii_case(s)))
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect();
        (Signing::Sign, secret_for(provider, config, request, seq)?)
    };
    let event_id = recorded
        .event_id
        .clone()
        .or_else(|| {
            provider
                .scheme
                .claimed_id(&recorded.headers)
                .map(str::to_string)
        })
        .or_else(|| match provider.id {
            // A header-id scheme signs an id: make one up if the record had none.
            crate::payload::FieldSource::Header(_) => Some(provider.id_format.generate()),
            crate::payload::FieldSource::Body(_) => None,
        });
    let method =
        reqwest::Method::from_bytes(recorded.method.as_bytes()).unwrap_or(reqwest::Method::POST);
    let mut outgoing = Outgoing::new(
        provider.clone(),
        secret,
        method,
        &request.target,
        event_id,
        recorded.event_type.clone(),
        Bytes::from(recorded.body.clone()),
        &headers,
        signing,
    )
    .map_err(|source| ReplayError::Delivery { seq, source })?;
    outgoing.seq = Some(seq);
    Ok(outgoing)
}

fn secret_for(
    provider: &Provider,
    config: &Config,
    request: &ReplayRequest,
    seq: u64,
) -> Result<Secret, ReplayError> {
    if let Some(secret) = &request.secret {
        return Ok(secret.clone());
    }
    match config.secret(None, None, provider.name)? {
        Some(found) => Ok(found.value),
        None if !provider.is_signed() => Ok(Secret::new("")),
        None => Err(ReplayError::NoSecret {
            provider: provider.name.to_string(),
            seq,
        }),
    }
}

/// Every outgoing event a replay request names, checked before anything is sent.
pub fn plan(
    store: &Store,
    config: &Config,
    request: &ReplayRequest,
) -> Result<Vec<Outgoing>, ReplayError> {
    select(store, &request.selection, &request.filter)?
        .iter()
        .map(|stored| prepare(stored, config, request))
        .collect()
}

/// Rows read from the store per step of a streamed replay.
pub const PAGE: u64 = 256;

/// Walks the deliveries matching `filter` page by page on `store`, prepares
/// each for `request` and sends it on `events` (blocking while the channel
/// is full: the sender's pace sets the reading's). Stops at the first row
/// that cannot be prepared and returns why; the events sent before it are
/// delivered.
pub fn stream(
    store: &Store,
    config: &Config,
    request: &ReplayRequest,
    events: tokio::sync::mpsc::Sender<Outgoing>,
) -> Result<u64, ReplayError> {
    let mut after = 0;
    let mut sent = 0;
    loop {
        let page = store.page(&request.filter, after, PAGE)?;
        let Some(last) = page.last() else {
            return Ok(sent);
        };
        after = last.seq;
        for stored in &page {
            let outgoing = prepare(stored, config, request)?;
            if events.blocking_send(outgoing).is_err() {
                // The sending side stopped (Ctrl-C): nothing more to read.
                return Ok(sent);
            }
            sent += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::signing::{Verdict, Verification};
    use crate::store::NewDelivery;
    use std::time::SystemTime;

    fn recorded(provider: &str, headers: &[(&str, &str)]) -> NewDelivery {
        NewDelivery {
            received_at: SystemTime::now(),
            method: "POST".into(),
            path: "/hook".into(),
            headers: headers
                .iter()
                .map(|(n, v)| (n.to_string(), v.to_string()))
                .collect(),
            body: br#"{"id":"evt_1","type":"SESSION_ENDED"}"#.to_vec(),
            provider: provider.into(),
            verification: Verification::new(Verdict::Verified),
            event_id: Some("evt_1".into()),
            event_type: Some("SESSION_ENDED".into()),
            status: 200,
            forward: None,
            schema: None,
            declared_size: None,
            custom_scheme: None,
            handshake: None,
        }
    }

    fn request(selection: Selection) -> ReplayRequest {
        ReplayRequest {
            selection,
            filter: Filter::default(),
            target: "http://127.0.0.1:9/".into(),
            verbatim: false,
            provider: None,
            secret: Some(Secret::new("s3cret")),
        }
    }

    #[test]
    fn selections_and_their_errors() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("e.db")).unwrap();
        assert!(matches!(
            select(&store, &Selection::Last, &Filter::default()),
            Err(ReplayError::EmptyStore(_))
        ));
        store
            .insert_batch(&[recorded("izi", &[]), recorded("github", &[])])
            .unwrap();
        let last = select(&store, &Selection::Last, &Filter::default()).unwrap();
        assert_eq!(last[0].seq, 2);
        let err = select(&store, &Selection::Seqs(vec![1, 9]), &Filter::default()).unwrap_err();
        assert!(err.to_string().contains("#9"), "{err}");
        let izi = Filter {
            provider: Some("izi".into()),
            ..Filter::default()
        };
        assert_eq!(select(&store, &Selection::All, &izi).unwrap().len(), 1);
    }

    #[test]
    fn resigning_drops_the_old_signature_and_hop_headers() {
        let stored = StoredDelivery {
            seq: 3,
            duplicate_of: None,
            delivery: recorded(
                "izi",
                &[("Host", "x"), ("X-IZI-Signature", "old"), ("X-Custom", "1")],
            ),
        };
        let out = prepare(&stored, &Config::default(), &request(Selection::Last)).unwrap();
        assert_eq!(out.event_id.as_deref(), Some("evt_1"));
        assert_eq!(out.seq, Some(3));
        assert!(out.headers.get("x-izi-signature").is_none());
        assert!(out.headers.get("host").is_none());
        assert_eq!(out.headers.get("x-custom").unwrap(), "1");
        let verbatim = ReplayRequest {
            verbatim: true,
            ..request(Selection::Last)
        };
        let out = prepare(&stored, &Config::default(), &verbatim).unwrap();
        assert_eq!(out.headers.get("x-izi-signature").unwrap(), "old");
    }
}
