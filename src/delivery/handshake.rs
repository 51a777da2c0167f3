//! `whk send <handshake>`: a provider's handshake as the provider sends it
//! (signed like its deliveries when the provider signs it), so a developer
//! can test their own app's answer; and whether that answer is right, judged
//! by [`Handshake::judge`].

use std::time::{Duration, Instant};

use bytes::Bytes;

use crate::http::Headers;
use crate::providers::handshake::{fresh_challenge, Keys, Reply, Sample};
use crate::providers::{Handshake, Provider};
use crate::signing::Secret;

use super::{DeliveryError, Outgoing, Signing};

/// The most of an app's answer read to judge it.
const ANSWER_LIMIT: usize = 64 * 1024;

/// A handshake ready to send.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub kind: Handshake,
    pub sample: Sample,
    pub outgoing: Outgoing,
    secret: Secret,
}

/// What the app answered and whether it is right.
#[derive(Debug, Clone)]
pub struct Checked {
    pub status: u16,
    pub latency: Duration,
    /// `Err` says what is wrong with the answer.
    pub verdict: Result<(), String>,
}

/// Builds `kind` of `provider` for `target`: a fresh challenge, the
/// provider's headers, then `extra` (`-H`), signed with `secret` where the
/// provider signs it; `verify_token` goes into Meta's query.
pub fn prepare(
    provider: &Provider,
    kind: Handshake,
    secret: Secret,
    target: &str,
    verify_token: Option<&str>,
    extra: &Headers,
) -> Result<Prepared, DeliveryError> {
    let now_ms = crate::clock::unix_now() * 1000;
    let sample = kind.sample(&fresh_challenge(), verify_token, now_ms);
    let mut url = reqwest::Url::parse(target).map_err(|err| DeliveryError::InvalidUrl {
        url: target.to_string(),
        reason: err.to_string(),
    })?;
    if !sample.query.is_empty() {
        url.query_pairs_mut().extend_pairs(&sample.query);
    }
    let mut headers = Headers::new();
    if kind.is_signed() {
        for (name, value) in provider.headers {
            headers.set(name, *value);
        }
    } else if let Some((_, agent)) = provider
        .headers
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case("user-agent"))
    {
        // A GET has no body to describe: only who sends it.
        headers.set("User-Agent", *agent);
    }
    for (name, value) in &sample.headers {
        headers.set(name, value.as_str());
    }
    for (name, value) in extra.iter() {
        headers.set(name, value);
    }
    let signing = match kind.is_signed() {
        true => Signing::Sign,
        false => Signing::Verbatim,
    };
    let method = match sample.method {
        "GET" => reqwest::Method::GET,
        _ => reqwest::Method::POST,
    };
    let outgoing = Outgoing::new(
        provider.clone(),
        secret.clone(),
        method,
        url.as_str(),
        Some(provider.id_format.generate()),
        Some(kind.name().to_string()),
        Bytes::from(sample.body.clone()),
        &headers,
        signing,
    )?;
    Ok(Prepared {
        kind,
        sample,
        outgoing,
        secret,
    })
}

impl Prepared {
    /// Sends it once and judges the answer; `Err` when no answer came (the
    /// app is not reachable, or the request could not be signed).
    pub async fn check(
        &self,
        client: &reqwest::Client,
        verify_token: Option<&str>,
    ) -> Result<Checked, String> {
        let request = self
            .outgoing
            .request_with(
                client,
                self.outgoing.id(),
                self.outgoing.body.clone(),
                crate::clock::unix_now(),
            )
            .map_err(|reason| format!("cannot sign the handshake: {reason}"))?;
        let started = Instant::now();
        let mut response = request
            .send()
            .await
            .map_err(|err| crate::http::describe_error(&err, self.outgoing.url.as_str()))?;
        let latency = started.elapsed();
        let status = response.status().as_u16();
        let headers = Headers::from(response.headers());
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(|err| err.to_string())? {
            body.extend_from_slice(&chunk);
            if body.len() > ANSWER_LIMIT {
                body.truncate(ANSWER_LIMIT);
                break;
            }
        }
        let keys = Keys {
            secret: Some(&self.secret),
            verify_token,
        };
        let reply = Reply {
            status,
            headers: &headers,
            body: &body,
        };
        Ok(Checked {
            status,
            latency,
            verdict: self.kind.judge(&self.sample, keys, &reply),
        })
    }
}
