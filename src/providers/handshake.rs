//! Handshakes: the requests a provider makes to prove an endpoint is really
//! the subscriber's (or to tell it something about the subscription) rather
//! than to deliver an event, and which a receiver answers in a fixed way.
//!
//! Which provider makes which handshakes is data (`handshakes = [...]` in the
//! provider file, by [`Handshake::name`]); this module holds the kinds and
//! their pure logic: recognising one in a request, the answer a receiver
//! gives, a sample request a provider would send, and whether an app's
//! answer to that sample is right. The listener, `whk send` and `whk audit`
//! all go through these functions.

use std::fmt;

use serde_json::{json, Value};

use crate::http::Headers;
use crate::signing::{constant_time_eq, hmac, Algorithm, Secret};

/// What stands for a token in a recorded query.
pub const REDACTED: &str = "(redacted)";

/// The Twitch EventSub header that says what a message is.
const TWITCH_MESSAGE_TYPE: &str = "Twitch-Eventsub-Message-Type";

/// One kind of handshake, named as the provider's request names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Handshake {
    /// Slack Events API: POST `{"type":"url_verification","challenge":...}`,
    /// answered with the challenge.
    UrlVerification,
    /// Zoom: POST `{"event":"endpoint.url_validation","payload":{"plainToken":...}}`,
    /// answered with `{"plainToken", "encryptedToken": hex HMAC-SHA256(secret, plainToken)}`.
    EndpointUrlValidation,
    /// Twitch EventSub: `Twitch-Eventsub-Message-Type: webhook_callback_verification`,
    /// answered with the body's `challenge` as text/plain.
    CallbackVerification,
    /// Twitch EventSub: `Twitch-Eventsub-Message-Type: revocation`, answered with a 2xx.
    Revocation,
    /// Meta (Graph API webhooks): GET `?hub.mode=subscribe&hub.verify_token=...&hub.challenge=...`,
    /// answered with the challenge when the verify token is the configured one, else 403.
    Subscribe,
    /// Dropbox: GET `?challenge=...`, answered with the challenge as text/plain
    /// with `X-Content-Type-Options: nosniff`.
    Challenge,
    /// Discord interactions: POST `{"type":1}` (PING), answered with `{"type":1}` (PONG).
    Ping,
}

/// Every kind, in the order `whk providers show` lists them.
pub const ALL: [Handshake; 7] = [
    Handshake::UrlVerification,
    Handshake::EndpointUrlValidation,
    Handshake::CallbackVerification,
    Handshake::Revocation,
    Handshake::Subscribe,
    Handshake::Challenge,
    Handshake::Ping,
];

/// A handshake name no kind has.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown handshake '{name}'; the handshakes are {}", names().collect::<Vec<_>>().join(", "))]
pub struct UnknownHandshake {
    pub name: String,
}

/// The names provider files may list.
pub fn names() -> impl Iterator<Item = &'static str> {
    ALL.iter().map(|h| h.name())
}

/// A request as the listener read it, enough to recognise and answer a handshake.
#[derive(Debug, Clone, Copy)]
pub struct Inbound<'a> {
    pub method: &'a str,
    /// The raw query string, without `?`.
    pub query: Option<&'a str>,
    pub headers: &'a Headers,
    pub body: &'a [u8],
}

/// What answering needs from the configuration.
#[derive(Debug, Clone, Copy, Default)]
pub struct Keys<'a> {
    /// The provider's secret (Zoom's secret token keys the encryptedToken).
    pub secret: Option<&'a Secret>,
    /// Meta's verify token (`--verify-token`, `verify_token` in whk.toml).
    pub verify_token: Option<&'a str>,
}

/// A handshake found in a request, with what its answer needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recognised {
    pub kind: Handshake,
    /// The value to echo (or Zoom's plainToken); none for Twitch revocation and Discord PING.
    pub challenge: Option<String>,
    /// The verify token the request carried (Meta).
    pub verify_token: Option<String>,
}

/// The answer a receiver gives to a handshake.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    pub status: u16,
    /// Content-Type and any other header the provider asks for, names in
    /// lower case (as HTTP/2 writes them).
    pub headers: Vec<(&'static str, &'static str)>,
    pub body: Vec<u8>,
    /// Whether answering proved who asked (Meta's verify token matched), so
    /// the record says verified rather than unsigned.
    pub authenticated: bool,
}

/// A handshake the receiver must not answer as asked (a verify token that
/// does not match, or a missing key).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub status: u16,
    /// A stable code, as findings carry.
    pub code: &'static str,
    /// What is wrong and what to do; never quotes a secret or token.
    pub reason: String,
}

/// A handshake as the provider sends it, for `whk send` and `whk audit`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sample {
    pub kind: Handshake,
    pub method: &'static str,
    /// Added to the target URL's query (GET handshakes).
    pub query: Vec<(String, String)>,
    /// Headers besides the provider's usual ones and its signature.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// What a right answer echoes (or Zoom's plainToken).
    pub challenge: String,
}

/// An app's answer to a [`Sample`], as received.
#[derive(Debug, Clone, Copy)]
pub struct Reply<'a> {
    pub status: u16,
    pub headers: &'a Headers,
    pub body: &'a [u8],
}

impl Handshake {
    /// The name provider files and `whk send` use: the word the provider's
    /// own request carries.
    pub fn name(self) -> &'static str {
        match self {
            Handshake::UrlVerification => "url_verification",
            Handshake::EndpointUrlValidation => "endpoint.url_validation",
            Handshake::CallbackVerification => "webhook_callback_verification",
            Handshake::Revocation => "revocation",
            Handshake::Subscribe => "subscribe",
            Handshake::Challenge => "challenge",
            Handshake::Ping => "ping",
        }
    }

    pub fn from_name(name: &str) -> Result<Handshake, UnknownHandshake> {
        ALL.into_iter()
            .find(|h| h.name().eq_ignore_ascii_case(name.trim()))
            .ok_or_else(|| UnknownHandshake {
                name: name.to_string(),
            })
    }

    /// The method the provider uses.
    pub fn method(self) -> &'static str {
        match self {
            Handshake::Subscribe | Handshake::Challenge => "GET",
            _ => "POST",
        }
    }

    /// Whether the provider's request carries a verify token the app
    /// compares (Meta's hub.verify_token), so sending one needs it.
    pub fn carries_verify_token(self) -> bool {
        self == Handshake::Subscribe
    }

    /// Whether the provider signs it with its usual scheme (then it is
    /// verified like any delivery before it is answered). The GET handshakes
    /// carry no signature: Meta's is checked by its verify token, Dropbox's
    /// by nothing.
    pub fn is_signed(self) -> bool {
        self.method() == "POST"
    }

    /// The request target as recorded: a token the query carries (Meta's
    /// hub.verify_token) is replaced by `REDACTED`, so neither the store
    /// nor anything showing the record holds it.
    pub fn recorded_target(self, target: &str) -> String {
        const TOKEN: &str = "hub.verify_token=";
        let Some((path, query)) = target.split_once('?') else {
            return target.to_string();
        };
        if self != Handshake::Subscribe {
            return target.to_string();
        }
        let query: Vec<String> = query
            .split('&')
            .map(|pair| match pair.strip_prefix(TOKEN) {
                Some(_) => format!("{TOKEN}{REDACTED}"),
                None => pair.to_string(),
            })
            .collect();
        format!("{path}?{}", query.join("&"))
    }

    /// For a signed handshake: what answering a forged one (signed with
    /// another secret) as if it were real gives away, and whether that is a
    /// failure (`true`) or only a risk. `None` for the unsigned GET ones.
    pub fn if_forged_answered(self) -> Option<(bool, &'static str)> {
        Some(match self {
            Handshake::EndpointUrlValidation => (
                true,
                "answered a forged endpoint.url_validation with its encryptedToken: that is HMAC-SHA256 keyed by your secret over any text an attacker picks, so it forges Zoom's v0 signature for any body; verify x-zm-signature first and answer 401",
            ),
            Handshake::Ping => (
                true,
                "answered a PING with a bad signature: Discord sends such PINGs on purpose and refuses an endpoint that answers them; verify X-Signature-Ed25519 first and answer 401",
            ),
            Handshake::UrlVerification => (
                false,
                "answered a url_verification signed with another secret: it only echoes, but verify every request Slack sends (X-Slack-Signature) before acting on it",
            ),
            Handshake::CallbackVerification => (
                false,
                "answered a webhook_callback_verification signed with another secret: verify Twitch-Eventsub-Message-Signature on every message, handshakes included",
            ),
            Handshake::Revocation => (
                false,
                "acknowledged a revocation signed with another secret: if your app drops the subscription on it, anyone can; verify Twitch-Eventsub-Message-Signature first",
            ),
            Handshake::Subscribe | Handshake::Challenge => return None,
        })
    }

    /// The right answer, in a few words, for `whk providers show`.
    pub fn answers_with(self) -> &'static str {
        match self {
            Handshake::UrlVerification => "with the challenge",
            Handshake::EndpointUrlValidation => {
                "with the plainToken and its encryptedToken (hex HMAC-SHA256 keyed by the secret)"
            }
            Handshake::CallbackVerification => "with the raw challenge as text/plain",
            Handshake::Revocation => "with a 2xx",
            Handshake::Subscribe => {
                "with hub.challenge when hub.verify_token is --verify-token, else 403"
            }
            Handshake::Challenge => {
                "with the challenge as text/plain, X-Content-Type-Options: nosniff"
            }
            Handshake::Ping => "with {\"type\":1} (PONG)",
        }
    }

    /// What the listener did, in a few words, for its one line.
    pub fn describe_answer(self) -> &'static str {
        match self {
            Handshake::UrlVerification
            | Handshake::CallbackVerification
            | Handshake::Subscribe
            | Handshake::Challenge => "echoed the challenge",
            Handshake::EndpointUrlValidation => "answered the plainToken with its encryptedToken",
            Handshake::Revocation => "acknowledged the revocation",
            Handshake::Ping => "answered PONG",
        }
    }

    /// The handshake in `inbound`, if it is one of this kind.
    pub fn recognise(self, inbound: &Inbound) -> Option<Recognised> {
        if !inbound.method.eq_ignore_ascii_case(self.method()) {
            return None;
        }
        let found = |challenge: Option<String>| Recognised {
            kind: self,
            challenge,
            verify_token: None,
        };
        match self {
            Handshake::UrlVerification => {
                let json = json_object(inbound.body)?;
                if json.get("type")? != "url_verification" {
                    return None;
                }
                let challenge = json.get("challenge")?.as_str()?;
                Some(found(Some(challenge.to_string())))
            }
            Handshake::EndpointUrlValidation => {
                let json = json_object(inbound.body)?;
                if json.get("event")? != "endpoint.url_validation" {
                    return None;
                }
                let token = json.get("payload")?.get("plainToken")?.as_str()?;
                Some(found(Some(token.to_string())))
            }
            Handshake::CallbackVerification => {
                if !twitch_type_is(inbound.headers, "webhook_callback_verification") {
                    return None;
                }
                let json = json_object(inbound.body)?;
                let challenge = json.get("challenge")?.as_str()?;
                Some(found(Some(challenge.to_string())))
            }
            Handshake::Revocation => {
                twitch_type_is(inbound.headers, "revocation").then(|| found(None))
            }
            Handshake::Subscribe => {
                let query = query_pairs(inbound.query?);
                if query_value(&query, "hub.mode")? != "subscribe" {
                    return None;
                }
                Some(Recognised {
                    kind: self,
                    challenge: Some(query_value(&query, "hub.challenge")?.to_string()),
                    verify_token: query_value(&query, "hub.verify_token").map(str::to_string),
                })
            }
            Handshake::Challenge => {
                let query = query_pairs(inbound.query?);
                Some(found(Some(query_value(&query, "challenge")?.to_string())))
            }
            Handshake::Ping => {
                let json = json_object(inbound.body)?;
                (json.get("type")?.as_u64()? == 1).then(|| found(None))
            }
        }
    }

    /// The answer to a recognised handshake of this kind.
    pub fn answer(self, recognised: &Recognised, keys: Keys) -> Result<Answer, Refusal> {
        let challenge = recognised.challenge.clone().unwrap_or_default();
        // Every echo reflects what the request said: never let a browser
        // sniff it as HTML (Dropbox asks for nosniff; it costs the others nothing).
        let text_plain = |body: String| Answer {
            status: 200,
            headers: vec![
                ("content-type", "text/plain; charset=utf-8"),
                ("x-content-type-options", "nosniff"),
            ],
            body: body.into_bytes(),
            authenticated: false,
        };
        match self {
            // Slack accepts the challenge as plain text, form-encoded or JSON;
            // plain text is the shortest that needs no escaping thought.
            Handshake::UrlVerification | Handshake::CallbackVerification => {
                Ok(text_plain(challenge))
            }
            Handshake::EndpointUrlValidation => {
                let Some(secret) = keys.secret else {
                    return Err(Refusal {
                        status: 500,
                        code: "handshake_needs_secret",
                        reason: "cannot answer Zoom's endpoint.url_validation without the secret token: \
                                 its encryptedToken is an HMAC keyed by it; listen with --secret (not --skip-verify)"
                            .to_string(),
                    });
                };
                Ok(Answer {
                    status: 200,
                    headers: vec![("content-type", "application/json")],
                    body: json!({
                        "plainToken": challenge,
                        "encryptedToken": encrypted_token(secret, &challenge),
                    })
                    .to_string()
                    .into_bytes(),
                    authenticated: false,
                })
            }
            Handshake::Revocation => Ok(Answer {
                status: 204,
                headers: Vec::new(),
                body: Vec::new(),
                authenticated: false,
            }),
            Handshake::Subscribe => {
                let expected = keys.verify_token.filter(|t| !t.is_empty());
                match (expected, recognised.verify_token.as_deref()) {
                    (Some(expected), Some(sent))
                        if constant_time_eq(expected.as_bytes(), sent.as_bytes()) =>
                    {
                        Ok(Answer {
                            authenticated: true,
                            ..text_plain(challenge)
                        })
                    }
                    (None, _) => Err(Refusal {
                        status: 403,
                        code: "verify_token_unset",
                        reason: "hub.verify_token cannot be checked: no verify token is configured; \
                                 listen with --verify-token (or verify_token in whk.toml) set to the one given to Meta"
                            .to_string(),
                    }),
                    (Some(_), None) => Err(Refusal {
                        status: 403,
                        code: "verify_token_missing",
                        reason: "the subscription request carries no hub.verify_token".to_string(),
                    }),
                    (Some(_), Some(_)) => Err(Refusal {
                        status: 403,
                        code: "verify_token_mismatch",
                        reason: "hub.verify_token is not the configured verify token (--verify-token, verify_token in whk.toml)"
                            .to_string(),
                    }),
                }
            }
            Handshake::Challenge => Ok(text_plain(challenge)),
            Handshake::Ping => Ok(Answer {
                status: 200,
                headers: vec![("content-type", "application/json")],
                body: br#"{"type":1}"#.to_vec(),
                authenticated: false,
            }),
        }
    }

    /// The request the provider sends, carrying `challenge` (a fresh random
    /// value from [`fresh_challenge`]); `verify_token` goes into Meta's.
    /// `now_ms` dates the bodies that carry a time.
    pub fn sample(self, challenge: &str, verify_token: Option<&str>, now_ms: i64) -> Sample {
        let mut sample = Sample {
            kind: self,
            method: self.method(),
            query: Vec::new(),
            headers: Vec::new(),
            body: Vec::new(),
            challenge: challenge.to_string(),
        };
        let json_body = |value: Value| value.to_string().into_bytes();
        match self {
            // The shape of Slack's Events API documentation; `token` is the
            // deprecated verification token, made up here.
            Handshake::UrlVerification => {
                sample.body = json_body(json!({
                    "token": "Jhj5dZrVaK7ZwHHjRyZWjbDl",
                    "challenge": challenge,
                    "type": "url_verification",
                }));
            }
            Handshake::EndpointUrlValidation => {
                sample.body = json_body(json!({
                    "payload": { "plainToken": challenge },
                    "event_ts": now_ms,
                    "event": "endpoint.url_validation",
                }));
            }
            Handshake::CallbackVerification | Handshake::Revocation => {
                let (message_type, status) = match self {
                    Handshake::Revocation => ("revocation", "authorization_revoked"),
                    _ => (
                        "webhook_callback_verification",
                        "webhook_callback_verification_pending",
                    ),
                };
                sample
                    .headers
                    .push((TWITCH_MESSAGE_TYPE.to_string(), message_type.to_string()));
                sample.headers.push((
                    "Twitch-Eventsub-Subscription-Type".to_string(),
                    "channel.follow".to_string(),
                ));
                sample.headers.push((
                    "Twitch-Eventsub-Subscription-Version".to_string(),
                    "2".to_string(),
                ));
                let created = humantime::format_rfc3339_millis(
                    std::time::UNIX_EPOCH + std::time::Duration::from_millis(now_ms.max(0) as u64),
                )
                .to_string();
                let mut body = json!({
                    "subscription": {
                        "id": "f1c2a387-161a-49f9-a165-0f21d7a4e1c4",
                        "status": status,
                        "type": "channel.follow",
                        "version": "2",
                        "cost": 0,
                        "condition": {
                            "broadcaster_user_id": "12826",
                            "moderator_user_id": "12826"
                        },
                        "transport": {
                            "method": "webhook",
                            "callback": "https://example.com/webhooks/callback"
                        },
                        "created_at": created,
                    }
                });
                if self == Handshake::CallbackVerification {
                    // The documented order: challenge first.
                    let subscription = body["subscription"].take();
                    body = json!({ "challenge": challenge, "subscription": subscription });
                }
                sample.body = json_body(body);
            }
            Handshake::Subscribe => {
                sample.query = vec![
                    ("hub.mode".to_string(), "subscribe".to_string()),
                    (
                        "hub.verify_token".to_string(),
                        verify_token.unwrap_or_default().to_string(),
                    ),
                    ("hub.challenge".to_string(), challenge.to_string()),
                ];
            }
            Handshake::Challenge => {
                sample.query = vec![("challenge".to_string(), challenge.to_string())];
            }
            // An interaction of type 1 as Discord sends it to an interactions
            // endpoint; the ids are made up.
            Handshake::Ping => {
                sample.body = json_body(json!({
                    "id": "1234567890123456789",
                    "application_id": "987654321098765432",
                    "type": 1,
                    "token": challenge,
                    "version": 1,
                }));
            }
        }
        if !sample.body.is_empty() {
            sample
                .headers
                .push(("Content-Type".to_string(), "application/json".to_string()));
        }
        sample
    }

    /// Whether `reply` is a right answer to `sample`: `Err` says what is
    /// wrong with it, in the provider's terms.
    pub fn judge(self, sample: &Sample, keys: Keys, reply: &Reply) -> Result<(), String> {
        let body = String::from_utf8_lossy(reply.body);
        let content_type = reply.headers.get("content-type").unwrap_or_default();
        let is_text_plain = media_type(content_type) == "text/plain";
        let ok_status = |expected: u16| -> Result<(), String> {
            if reply.status == expected {
                Ok(())
            } else {
                Err(format!(
                    "answered {} to {}: the provider expects {expected}",
                    reply.status,
                    self.name()
                ))
            }
        };
        let challenge = sample.challenge.as_str();
        match self {
            Handshake::UrlVerification => {
                ok_status(200)?;
                // Slack: "respond with the challenge attribute value" as plain
                // text, form-encoded (challenge=...) or JSON ({"challenge": ...}).
                let echoed = body.trim() == challenge
                    || json_object(reply.body)
                        .and_then(|json| json.get("challenge").cloned())
                        .is_some_and(|c| c == challenge)
                    || query_value(&query_pairs(body.trim()), "challenge") == Some(challenge);
                if echoed {
                    Ok(())
                } else {
                    Err(format!(
                        "the answer does not carry the challenge: Slack expects its value as the body \
                         (text/plain), as {{\"challenge\": ...}} or as challenge=...; got {}",
                        shown(&body)
                    ))
                }
            }
            Handshake::EndpointUrlValidation => {
                ok_status(200)?;
                let Some(json) = json_object(reply.body) else {
                    return Err(format!(
                        "Zoom expects a JSON object {{\"plainToken\", \"encryptedToken\"}}; got {}",
                        shown(&body)
                    ));
                };
                if json.get("plainToken").and_then(Value::as_str) != Some(challenge) {
                    return Err("plainToken is not the one Zoom sent".to_string());
                }
                let Some(secret) = keys.secret else {
                    return Err("no secret token to check encryptedToken with".to_string());
                };
                let expected = encrypted_token(secret, challenge);
                match json.get("encryptedToken").and_then(Value::as_str) {
                    Some(token) if token.eq_ignore_ascii_case(&expected) => Ok(()),
                    Some(_) => Err(
                        "encryptedToken is not hex HMAC-SHA256 of the plainToken keyed by the secret token: \
                         check the secret and that the plainToken is hashed as sent"
                            .to_string(),
                    ),
                    None => Err("the answer has no encryptedToken".to_string()),
                }
            }
            Handshake::CallbackVerification => {
                if reply.status != 200 {
                    return Err(format!(
                        "answered {} to webhook_callback_verification: Twitch expects 200 with the challenge",
                        reply.status
                    ));
                }
                if body != challenge {
                    return Err(format!(
                        "the body is not the raw challenge: Twitch expects exactly the challenge string; got {}",
                        shown(&body)
                    ));
                }
                if !is_text_plain {
                    return Err(format!(
                        "the challenge is right but its Content-Type is {}: Twitch expects text/plain",
                        shown(content_type)
                    ));
                }
                Ok(())
            }
            Handshake::Revocation => {
                if (200..300).contains(&reply.status) {
                    Ok(())
                } else {
                    Err(format!(
                        "answered {} to a revocation: Twitch expects a 2xx (and keeps trying otherwise)",
                        reply.status
                    ))
                }
            }
            Handshake::Subscribe | Handshake::Challenge => {
                ok_status(200)?;
                if body != challenge {
                    return Err(format!(
                        "the body is not the challenge: the provider expects exactly hub.challenge / challenge echoed; got {}",
                        shown(&body)
                    ));
                }
                if self == Handshake::Challenge {
                    if !is_text_plain {
                        return Err(format!(
                            "the challenge is right but its Content-Type is {}: Dropbox expects text/plain",
                            shown(content_type)
                        ));
                    }
                    let nosniff = reply
                        .headers
                        .get("x-content-type-options")
                        .is_some_and(|v| v.trim().eq_ignore_ascii_case("nosniff"));
                    if !nosniff {
                        return Err(
                            "the answer lacks X-Content-Type-Options: nosniff, which Dropbox asks for \
                             (an echoed value must not be sniffed as HTML)"
                                .to_string(),
                        );
                    }
                }
                Ok(())
            }
            Handshake::Ping => {
                ok_status(200)?;
                match json_object(reply.body).and_then(|json| json.get("type")?.as_u64()) {
                    Some(1) if media_type(content_type) == "application/json" => Ok(()),
                    Some(1) => Err(format!(
                        "the PONG is right but its Content-Type is {}: Discord expects application/json",
                        shown(content_type)
                    )),
                    _ => Err(format!(
                        "Discord expects {{\"type\":1}} (PONG) to its PING; got {}",
                        shown(&body)
                    )),
                }
            }
        }
    }
}

impl fmt::Display for Handshake {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl<'de> serde::Deserialize<'de> for Handshake {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = String::deserialize(deserializer)?;
        Handshake::from_name(&name).map_err(serde::de::Error::custom)
    }
}

impl serde::Serialize for Handshake {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

/// The first of `kinds` that `inbound` is.
pub fn detect(kinds: &[Handshake], inbound: &Inbound) -> Option<Recognised> {
    kinds.iter().find_map(|kind| kind.recognise(inbound))
}

/// Zoom's encryptedToken: hex HMAC-SHA256 of the plainToken keyed by the secret token.
pub fn encrypted_token(secret: &Secret, plain_token: &str) -> String {
    hex::encode(hmac(
        Algorithm::Sha256,
        secret.expose().as_bytes(),
        &[plain_token.as_bytes()],
    ))
}

/// A random challenge, as providers make them (32 hex digits).
pub fn fresh_challenge() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}

fn json_object(body: &[u8]) -> Option<serde_json::Map<String, Value>> {
    match serde_json::from_slice(body).ok()? {
        Value::Object(map) => Some(map),
        _ => None,
    }
}

fn twitch_type_is(headers: &Headers, wanted: &str) -> bool {
    headers
        .get(TWITCH_MESSAGE_TYPE)
        .is_some_and(|v| v.trim().eq_ignore_ascii_case(wanted))
}

fn query_pairs(query: &str) -> Vec<(String, String)> {
    url::form_urlencoded::parse(query.as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

fn query_value<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// `text/plain; charset=utf-8` -> `text/plain`.
fn media_type(content_type: &str) -> String {
    content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

/// A body or header value in an error message, quoted and cut short.
fn shown(text: &str) -> String {
    const MAX: usize = 80;
    if text.is_empty() {
        return "nothing".to_string();
    }
    let cut: String = text.chars().take(MAX).collect();
    if cut.len() < text.len() {
        format!("{cut:?}…")
    } else {
        format!("{cut:?}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inbound<'a>(
        method: &'a str,
        query: Option<&'a str>,
        headers: &'a Headers,
        body: &'a [u8],
    ) -> Inbound<'a> {
        Inbound {
            method,
            query,
            headers,
            body,
        }
    }

    #[test]
    fn names_round_trip_and_unknown_names_list_the_known() {
        for kind in ALL {
            assert_eq!(Handshake::from_name(kind.name()), Ok(kind));
        }
        let err = Handshake::from_name("url_verify").unwrap_err().to_string();
        assert!(err.contains("unknown handshake 'url_verify'"), "{err}");
        assert!(
            err.contains("url_verification, endpoint.url_validation"),
            "{err}"
        );
        let parsed: Vec<Handshake> =
            serde_json::from_str(r#"["webhook_callback_verification","revocation"]"#).unwrap();
        assert_eq!(
            parsed,
            [Handshake::CallbackVerification, Handshake::Revocation]
        );
        assert!(serde_json::from_str::<Vec<Handshake>>(r#"["nope"]"#).is_err());
    }

    #[test]
    fn slack_url_verification_is_echoed() {
        let none = Headers::new();
        let body = br#"{"token":"Jhj5dZrVaK7ZwHHjRyZWjbDl","challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P","type":"url_verification"}"#;
        let found = detect(&ALL, &inbound("POST", None, &none, body)).unwrap();
        assert_eq!(found.kind, Handshake::UrlVerification);
        let answer = found.kind.answer(&found, Keys::default()).unwrap();
        assert_eq!(answer.status, 200);
        assert_eq!(
            answer.body,
            b"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"
        );
        // An event callback is not a handshake, nor is a GET.
        let event = br#"{"type":"event_callback","challenge":"x"}"#;
        assert_eq!(detect(&ALL, &inbound("POST", None, &none, event)), None);
        assert_eq!(detect(&ALL, &inbound("GET", None, &none, body)), None);
    }

    #[test]
    fn zoom_answer_is_the_hmac_of_the_plain_token() {
        let none = Headers::new();
        let body = br#"{"payload":{"plainToken":"qgg8vlvZRS6UYooatFL8Aw"},"event_ts":1654503849680,"event":"endpoint.url_validation"}"#;
        let found = Handshake::EndpointUrlValidation
            .recognise(&inbound("POST", None, &none, body))
            .unwrap();
        let secret = Secret::new("zoom-secret-token");
        let answer = found
            .kind
            .answer(
                &found,
                Keys {
                    secret: Some(&secret),
                    verify_token: None,
                },
            )
            .unwrap();
        let json: Value = serde_json::from_slice(&answer.body).unwrap();
        assert_eq!(json["plainToken"], "qgg8vlvZRS6UYooatFL8Aw");
        // The oracle: the hmac crate directly, keyed by the secret token.
        use hmac::Mac;
        let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(b"zoom-secret-token").unwrap();
        mac.update(b"qgg8vlvZRS6UYooatFL8Aw");
        assert_eq!(
            json["encryptedToken"],
            hex::encode(mac.finalize().into_bytes())
        );
        // Without the secret it cannot be answered, and says so.
        let refusal = found.kind.answer(&found, Keys::default()).unwrap_err();
        assert_eq!(refusal.code, "handshake_needs_secret");
    }

    #[test]
    fn twitch_messages_are_told_apart_by_their_type_header() {
        let verification = Headers::from_pairs(&[(
            "twitch-eventsub-message-type",
            "webhook_callback_verification",
        )]);
        let body = br#"{"challenge":"pogchamp-kappa-360noscope-vohiyo","subscription":{}}"#;
        let found = detect(&ALL, &inbound("POST", None, &verification, body)).unwrap();
        assert_eq!(found.kind, Handshake::CallbackVerification);
        let answer = found.kind.answer(&found, Keys::default()).unwrap();
        assert_eq!(answer.body, b"pogchamp-kappa-360noscope-vohiyo");
        assert_eq!(answer.headers[0].1, "text/plain; charset=utf-8");

        let revocation = Headers::from_pairs(&[("Twitch-Eventsub-Message-Type", "revocation")]);
        let found = detect(&ALL, &inbound("POST", None, &revocation, b"{}")).unwrap();
        assert_eq!(found.kind, Handshake::Revocation);
        assert_eq!(
            found.kind.answer(&found, Keys::default()).unwrap().status,
            204
        );

        let notification = Headers::from_pairs(&[("Twitch-Eventsub-Message-Type", "notification")]);
        assert_eq!(
            detect(&ALL, &inbound("POST", None, &notification, body)),
            None
        );
    }

    #[test]
    fn meta_echoes_only_for_the_configured_verify_token() {
        let none = Headers::new();
        let query = "hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=meatyhamhock";
        let found = detect(&ALL, &inbound("GET", Some(query), &none, b"")).unwrap();
        assert_eq!(found.kind, Handshake::Subscribe);
        let right = Keys {
            secret: None,
            verify_token: Some("meatyhamhock"),
        };
        assert_eq!(
            found.kind.answer(&found, right).unwrap().body,
            b"1158201444"
        );
        let wrong = Keys {
            secret: None,
            verify_token: Some("other"),
        };
        let refusal = found.kind.answer(&found, wrong).unwrap_err();
        assert_eq!(
            (refusal.status, refusal.code),
            (403, "verify_token_mismatch")
        );
        assert!(!refusal.reason.contains("meatyhamhock") && !refusal.reason.contains("other"));
        let recorded = found.kind.recorded_target(&format!("/hook?{query}"));
        assert_eq!(
            recorded,
            "/hook?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=(redacted)"
        );
        assert_eq!(
            Handshake::Challenge.recorded_target("/?challenge=x"),
            "/?challenge=x"
        );
        let unset = found.kind.answer(&found, Keys::default()).unwrap_err();
        assert_eq!((unset.status, unset.code), (403, "verify_token_unset"));
        // Percent-encoding is decoded.
        let encoded = "hub.mode=subscribe&hub.challenge=a%20b&hub.verify_token=t%26u";
        let found = detect(&ALL, &inbound("GET", Some(encoded), &none, b"")).unwrap();
        let keys = Keys {
            secret: None,
            verify_token: Some("t&u"),
        };
        assert_eq!(found.kind.answer(&found, keys).unwrap().body, b"a b");
    }

    #[test]
    fn dropbox_challenge_is_plain_text_not_sniffed() {
        let none = Headers::new();
        let found = detect(&ALL, &inbound("GET", Some("challenge=abc123"), &none, b"")).unwrap();
        assert_eq!(found.kind, Handshake::Challenge);
        let answer = found.kind.answer(&found, Keys::default()).unwrap();
        assert_eq!(answer.body, b"abc123");
        assert!(answer
            .headers
            .contains(&("x-content-type-options", "nosniff")));
        assert_eq!(detect(&ALL, &inbound("GET", Some("x=1"), &none, b"")), None);
        assert_eq!(detect(&ALL, &inbound("GET", None, &none, b"")), None);
    }

    #[test]
    fn discord_ping_gets_pong() {
        let none = Headers::new();
        let found = detect(&ALL, &inbound("POST", None, &none, br#"{"type":1}"#)).unwrap();
        assert_eq!(found.kind, Handshake::Ping);
        let answer = found.kind.answer(&found, Keys::default()).unwrap();
        assert_eq!(answer.body, br#"{"type":1}"#);
        assert_eq!(answer.headers, [("content-type", "application/json")]);
        // An application command (type 2) is an ordinary delivery.
        assert_eq!(
            detect(&ALL, &inbound("POST", None, &none, br#"{"type":2}"#)),
            None
        );
    }

    #[test]
    fn only_the_listed_kinds_are_detected() {
        let none = Headers::new();
        let ping = inbound("POST", None, &none, br#"{"type":1}"#);
        assert_eq!(detect(&[Handshake::UrlVerification], &ping), None);
        assert_eq!(detect(&[], &ping), None);
    }

    /// Every kind's sample is recognised as that kind, its own answer is
    /// judged right, and a wrong answer is judged wrong.
    #[test]
    fn samples_are_recognised_and_answers_judged() {
        let secret = Secret::new("s3cr3t");
        let keys = Keys {
            secret: Some(&secret),
            verify_token: Some("vt"),
        };
        for kind in ALL {
            let sample = kind.sample("c0ffee", Some("vt"), 1_700_000_000_000);
            let sample_headers: Headers = sample.headers.iter().cloned().collect();
            let query = url::form_urlencoded::Serializer::new(String::new())
                .extend_pairs(&sample.query)
                .finish();
            let request = inbound(
                sample.method,
                (!query.is_empty()).then_some(query.as_str()),
                &sample_headers,
                &sample.body,
            );
            let found = detect(&ALL, &request).unwrap_or_else(|| panic!("{kind}"));
            assert_eq!(found.kind, kind);
            let answer = kind.answer(&found, keys).unwrap();
            let answer_headers: Headers = answer
                .headers
                .iter()
                .map(|(n, v)| (n.to_string(), v.to_string()))
                .collect();
            let reply = Reply {
                status: answer.status,
                headers: &answer_headers,
                body: &answer.body,
            };
            assert_eq!(kind.judge(&sample, keys, &reply), Ok(()), "{kind}");
            let wrong = Reply {
                status: 500,
                headers: &answer_headers,
                body: b"nope",
            };
            assert!(kind.judge(&sample, keys, &wrong).is_err(), "{kind}");
        }
    }

    #[test]
    fn judging_names_what_is_wrong() {
        let keys = Keys::default();
        let sample = Handshake::Challenge.sample("abc", None, 0);
        let json = Headers::from_pairs(&[("Content-Type", "application/json")]);
        let reply = Reply {
            status: 200,
            headers: &json,
            body: b"abc",
        };
        let err = Handshake::Challenge
            .judge(&sample, keys, &reply)
            .unwrap_err();
        assert!(err.contains("text/plain"), "{err}");
        let plain = Headers::from_pairs(&[("Content-Type", "text/plain")]);
        let reply = Reply {
            status: 200,
            headers: &plain,
            body: b"abc",
        };
        let err = Handshake::Challenge
            .judge(&sample, keys, &reply)
            .unwrap_err();
        assert!(err.contains("nosniff"), "{err}");

        // Slack's three accepted forms.
        let sample = Handshake::UrlVerification.sample("xyz", None, 0);
        for body in [&b"xyz"[..], br#"{"challenge":"xyz"}"#, b"challenge=xyz"] {
            let reply = Reply {
                status: 200,
                headers: &plain,
                body,
            };
            assert_eq!(
                Handshake::UrlVerification.judge(&sample, keys, &reply),
                Ok(())
            );
        }
        let reply = Reply {
            status: 200,
            headers: &plain,
            body: b"ok",
        };
        let err = Handshake::UrlVerification
            .judge(&sample, keys, &reply)
            .unwrap_err();
        assert!(err.contains("\"ok\""), "{err}");

        let secret = Secret::new("right");
        let sample = Handshake::EndpointUrlValidation.sample("pt", None, 0);
        let other = encrypted_token(&Secret::new("wrong"), "pt");
        let body = json!({"plainToken": "pt", "encryptedToken": other}).to_string();
        let reply = Reply {
            status: 200,
            headers: &json,
            body: body.as_bytes(),
        };
        let keys = Keys {
            secret: Some(&secret),
            verify_token: None,
        };
        let err = Handshake::EndpointUrlValidation
            .judge(&sample, keys, &reply)
            .unwrap_err();
        assert!(err.contains("encryptedToken"), "{err}");
    }
}
