//! The audit's cases, as data: each row names the case, says what is sent
//! and what a correct receiver answers (`{success}`, `{timeout}`,
//! `{signature}` and `{secret}` are filled from the provider), when it
//! applies, and which function runs it. Each function builds its request
//! from a correct delivery, changes the one thing the case is about, sends
//! it and judges the answer with [`delivered`] or [`rejected`].

use std::future::Future;
use std::pin::Pin;

use serde_json::{json, Value};

use crate::clock::unix_now;
use crate::delivery::build::BuildError;
use crate::signing::{Credential, Scheme, Secret};

use super::wire::{Answer, Exchange, Request};
use super::{format_elapsed, Event, Judged, Kit, Observed, Verdict};

/// What a case's function returns.
pub type Running<'a> = Pin<Box<dyn Future<Output = Observed> + 'a>>;

pub struct Case {
    pub name: &'static str,
    pub sent: &'static str,
    pub expect: &'static str,
    /// `Err(reason)` skips the case for this provider or body.
    pub applies: fn(&Kit) -> Result<(), String>,
    pub run: for<'a> fn(&'a Kit) -> Running<'a>,
}

/// Turns `async fn case(&Kit) -> Result<Observed, BuildError>` into a table entry.
macro_rules! runs {
    ($case:ident) => {
        |kit| Box::pin(finish($case(kit)))
    };
}

pub static CASES: [Case; 18] = [
    Case {
        name: "valid",
        sent: "a correctly signed event",
        expect: "{success} within {timeout}",
        applies: always,
        run: runs!(valid),
    },
    Case {
        name: "unsigned",
        sent: "the same without {signature}",
        expect: "4xx (401/403 best; 400 passes)",
        applies: signed,
        run: runs!(unsigned),
    },
    Case {
        name: "wrong-secret",
        sent: "signed with another {secret}",
        expect: "4xx",
        applies: signed,
        run: runs!(wrong_secret),
    },
    Case {
        name: "tampered-body",
        sent: "one body byte changed after signing",
        expect: "4xx",
        applies: body_signed,
        run: runs!(tampered_body),
    },
    Case {
        name: "raw-bytes",
        sent: "pretty-printed body, keys reordered, non-ASCII text, \\/ escapes",
        expect: "{success}",
        applies: json_object,
        run: runs!(raw_bytes),
    },
    Case {
        name: "stale-timestamp",
        sent: "correctly signed 10 minutes ago",
        expect: "4xx{untolerant}",
        applies: timestamped,
        run: runs!(stale_timestamp),
    },
    Case {
        name: "future-timestamp",
        sent: "correctly signed 10 minutes ahead",
        expect: "4xx{untolerant}",
        applies: timestamped,
        run: runs!(future_timestamp),
    },
    Case {
        name: "replayed-request",
        sent: "an accepted request again, byte for byte",
        expect: "{success} (4xx: warn)",
        applies: always,
        run: runs!(replayed_request),
    },
    Case {
        name: "duplicate-id",
        sent: "an accepted event's id again, re-signed now",
        expect: "{success}",
        applies: always,
        run: runs!(duplicate_id),
    },
    Case {
        name: "rotated-secret",
        sent: "one wrong and one right signature",
        expect: "{success}",
        applies: several_signatures,
        run: runs!(rotated_secret),
    },
    Case {
        name: "header-case",
        sent: "signature header names in upper case",
        expect: "{success}",
        applies: signed,
        run: runs!(header_case),
    },
    Case {
        name: "extra-fields",
        sent: "unknown fields at top level and in data",
        expect: "{success}",
        applies: json_object,
        run: runs!(extra_fields),
    },
    Case {
        name: "malformed-json",
        sent: "a correctly signed body that is not JSON",
        expect: "4xx (400 best), or 2xx",
        applies: always,
        run: runs!(malformed_json),
    },
    Case {
        name: "oversized-body",
        sent: "a correctly signed 10 MiB body",
        expect: "413 or another 4xx, or refused (2xx: warn)",
        applies: always,
        run: runs!(oversized_body),
    },
    Case {
        name: "wrong-method",
        sent: "GET",
        expect: "not 2xx (405 best)",
        applies: always,
        run: runs!(wrong_method),
    },
    Case {
        name: "handshake",
        sent: "{handshakes}, as {title} sends them{forged}",
        expect: "each answered as {title} expects",
        applies: makes_handshakes,
        run: runs!(handshake),
    },
    Case {
        name: "burst",
        sent: "20 valid deliveries at once",
        expect: "{success} for each, within {timeout}",
        applies: always,
        run: runs!(burst),
    },
    Case {
        name: "slow-answer",
        sent: "(the timings of valid and burst)",
        expect: "under half of {timeout}",
        applies: timed_before,
        run: runs!(slow_answer),
    },
];

/// How far off `stale-timestamp` and `future-timestamp` sign.
const SKEW: i64 = 10 * 60;
/// How many deliveries `burst` sends at once.
const BURST: usize = 20;
/// The size of `oversized-body`.
const OVERSIZED: usize = 10 * 1024 * 1024;

// ---- when cases apply ----------------------------------------------------

fn always(_: &Kit) -> Result<(), String> {
    Ok(())
}

fn signed(kit: &Kit) -> Result<(), String> {
    match kit.scheme().credential() {
        Credential::None => Err(format!(
            "{} signs nothing (it relies on IP allow-listing): there is no signature to check",
            kit.provider.title
        )),
        _ => Ok(()),
    }
}

fn body_signed(kit: &Kit) -> Result<(), String> {
    signed(kit)?;
    match kit.scheme().credential() {
        Credential::Token { .. } => Err(format!(
            "{} sends a token, which does not cover the body: a changed body cannot be detected",
            kit.provider.title
        )),
        _ => Ok(()),
    }
}

fn timestamped(kit: &Kit) -> Result<(), String> {
    if kit.scheme().is_timestamped() {
        Ok(())
    } else {
        Err(format!(
            "{}'s signature carries no timestamp",
            kit.provider.title
        ))
    }
}

fn several_signatures(kit: &Kit) -> Result<(), String> {
    match kit.scheme().carries_several_signatures() {
        true => Ok(()),
        false => Err(format!(
            "{}'s header carries one signature, so there is no secret rotation to test",
            kit.provider.title
        )),
    }
}

fn json_object(kit: &Kit) -> Result<(), String> {
    let event = kit.event().map_err(|e| e.to_string())?;
    match serde_json::from_slice::<Value>(&event.body) {
        Ok(Value::Object(_)) => Ok(()),
        _ => Err("the --data body is not a JSON object".into()),
    }
}

fn makes_handshakes(kit: &Kit) -> Result<(), String> {
    if kit.provider.handshakes.is_empty() {
        Err(format!("{} makes no handshake", kit.provider.title))
    } else {
        Ok(())
    }
}

fn timed_before(kit: &Kit) -> Result<(), String> {
    if kit.timings().is_empty() {
        Err("derived from valid and burst, and neither ran".into())
    } else {
        Ok(())
    }
}

// ---- the cases -----------------------------------------------------------

async fn valid(kit: &Kit) -> Result<Observed, BuildError> {
    let exchange = kit.send_timed("valid", &kit.valid()?).await;
    let judged = delivered(
        kit,
        &exchange,
        "rejected a correctly signed delivery: check the secret, and verify the raw body bytes with the provider's scheme",
    );
    Ok(observed(kit, &exchange, judged))
}

async fn unsigned(kit: &Kit) -> Result<Observed, BuildError> {
    let mut request = kit.valid()?;
    if let Some(header) = kit.scheme().signature_header() {
        request.remove(header);
    }
    let exchange = kit.send(&request).await;
    let mut judged = rejected(
        kit,
        &exchange,
        &format!(
            "accepted a delivery without {}: anyone who knows the URL can forge events; check it before anything else and answer 401",
            signature_header(kit)
        ),
    );
    if exchange.status() == Some(400) {
        judged = Judged::pass_noting("400 passes; 401 or 403 would say what is wrong");
    }
    Ok(observed(kit, &exchange, judged))
}

async fn wrong_secret(kit: &Kit) -> Result<Observed, BuildError> {
    let request = kit.signed_wrong(&kit.event()?, unix_now())?;
    let exchange = kit.send(&request).await;
    let judged = rejected(
        kit,
        &exchange,
        "accepted a delivery signed with another secret: the signature is read but never compared; compare it (constant-time) and answer 401",
    );
    Ok(observed(kit, &exchange, judged))
}

async fn tampered_body(kit: &Kit) -> Result<Observed, BuildError> {
    let mut request = kit.valid()?;
    let mut body = request.body.to_vec();
    tamper(&mut body);
    request.body = body.into();
    let exchange = kit.send(&request).await;
    let judged = rejected(
        kit,
        &exchange,
        "accepted a body changed after signing: the signature is not checked against the body as received",
    );
    Ok(observed(kit, &exchange, judged))
}

async fn raw_bytes(kit: &Kit) -> Result<Observed, BuildError> {
    let mut event = kit.event()?;
    if let Some(body) = unusual_bytes(&event.body) {
        event.body = body;
    }
    let exchange = kit.send(&kit.signed(&event, unix_now())?).await;
    let judged = delivered(
        kit,
        &exchange,
        "rejected a correctly signed body that is not compact JSON: verify the raw bytes as received, not a parsed and re-serialised body",
    );
    Ok(observed(kit, &exchange, judged))
}

async fn stale_timestamp(kit: &Kit) -> Result<Observed, BuildError> {
    skewed(kit, -SKEW, "10 minutes old").await
}

async fn future_timestamp(kit: &Kit) -> Result<Observed, BuildError> {
    skewed(kit, SKEW, "10 minutes in the future").await
}

async fn skewed(kit: &Kit, skew: i64, how: &str) -> Result<Observed, BuildError> {
    let request = kit.signed(&kit.event()?, unix_now() + skew)?;
    let exchange = kit.send(&request).await;
    let title = kit.provider.title;
    let judged = match kit.provider.tolerance {
        Some(seconds) => rejected(
            kit,
            &exchange,
            &format!("accepted a signature {how}: a captured delivery can be replayed at will; reject timestamps outside {title}'s {seconds} s tolerance"),
        ),
        // Without a documented tolerance, accepting is no protocol error (the
        // provider's retries may keep their first timestamp), only a risk.
        None => match rejected(kit, &exchange, "") {
            Judged { verdict: Verdict::Fail, .. } if exchange.status().is_some_and(|s| s < 400) => Judged::warn(format!(
                "accepted a signature {how}: {title} documents no tolerance, so this is allowed, but a captured delivery can be replayed at will; consider rejecting timestamps more than 5 minutes off (whk's assumption)"
            )),
            judged => judged,
        },
    };
    Ok(observed(kit, &exchange, judged))
}

async fn replayed_request(kit: &Kit) -> Result<Observed, BuildError> {
    let request = kit.valid()?;
    let first = kit.send(&request).await;
    if !accepted(kit, &first) {
        return Ok(observed(
            kit,
            &first,
            Judged::fail("the first copy was not accepted (see valid), so its replay says nothing"),
        ));
    }
    let again = kit.send(&request).await;
    let judged = match again.status() {
        Some(status) if (400..500).contains(&status) => Judged::warn(
            "rejected a byte-identical copy of an accepted delivery: safe against replay, but providers resend exactly that after a lost answer and retry until they give up; answer 2xx for what was already processed",
        ),
        _ => delivered(kit, &again, "unreachable: 4xx is a warning here"),
    };
    Ok(observed(kit, &again, judged))
}

async fn duplicate_id(kit: &Kit) -> Result<Observed, BuildError> {
    let event = kit.event()?;
    // Signed a little earlier, so the second copy's timestamp is fresh.
    let first = kit.send(&kit.signed(&event, unix_now() - 5)?).await;
    if !accepted(kit, &first) {
        return Ok(observed(
            kit,
            &first,
            Judged::fail(
                "the first copy was not accepted (see valid), so its duplicate says nothing",
            ),
        ));
    }
    let again = kit.send(&kit.signed(&event, unix_now())?).await;
    let judged = delivered(
        kit,
        &again,
        &format!(
            "rejected a retry of an event it had accepted: providers re-send the same id when they miss an answer; deduplicate on {} and answer 2xx",
            kit.provider.id.describe()
        ),
    );
    Ok(observed(kit, &again, judged))
}

async fn rotated_secret(kit: &Kit) -> Result<Observed, BuildError> {
    let (event, now) = (kit.event()?, unix_now());
    let mut request = kit.signed(&event, now)?;
    let wrong = kit.signed_wrong(&event, now)?;
    if let Some((header, value)) = both_signatures(kit.scheme(), &wrong, &request) {
        request.set(&header, value);
    }
    let exchange = kit.send(&request).await;
    let judged = delivered(
        kit,
        &exchange,
        "rejected a delivery whose header also carries a signature with an old secret: accept it when any one signature matches (that is how secrets rotate)",
    );
    Ok(observed(kit, &exchange, judged))
}

async fn header_case(kit: &Kit) -> Result<Observed, BuildError> {
    let mut request = kit.valid()?;
    let names = kit.signature_headers();
    for (name, _) in request.headers.iter_mut() {
        if names.iter().any(|n| n.eq_ignore_ascii_case(name)) {
            *name = name.to_ascii_uppercase();
        }
    }
    let exchange = kit.send(&request).await;
    let judged = delivered(
        kit,
        &exchange,
        "rejected signature headers written in upper case: HTTP header names are case-insensitive, look them up that way",
    );
    Ok(observed(kit, &exchange, judged))
}

async fn extra_fields(kit: &Kit) -> Result<Observed, BuildError> {
    let mut event = kit.event()?;
    if let Some(body) = with_extra_fields(&event.body) {
        event.body = body;
    }
    let exchange = kit.send(&kit.signed(&event, unix_now())?).await;
    let judged = delivered(
        kit,
        &exchange,
        "rejected an event with fields it does not know: providers add fields without notice; ignore unknown fields",
    );
    Ok(observed(kit, &exchange, judged))
}

async fn malformed_json(kit: &Kit) -> Result<Observed, BuildError> {
    let event = Event {
        body: b"{\"id\": \"whk-audit\", this is not JSON".to_vec(),
        ..kit.event()?
    };
    let exchange = kit.send(&kit.signed(&event, unix_now())?).await;
    let judged = match exchange.answer {
        Answer::Status(400) => Judged::pass(),
        Answer::Status(status) if (400..500).contains(&status) => {
            Judged::pass_noting(format!("{status} passes; 400 says what is wrong"))
        }
        Answer::Status(status) if (200..300).contains(&status) => {
            Judged::pass_noting("accepted: right for a receiver that stores raw deliveries")
        }
        Answer::Status(status) if status >= 500 => Judged::fail(format!(
            "answered {status} to a body that is not JSON: the parse error escapes the handler; answer 400"
        )),
        _ => not_an_answer(kit, &exchange, "answer 400"),
    };
    Ok(observed(kit, &exchange, judged))
}

async fn oversized_body(kit: &Kit) -> Result<Observed, BuildError> {
    let Event { id, body } = kit.event()?;
    let event = Event {
        id,
        body: padded(&body, OVERSIZED),
    };
    let exchange = kit.send(&kit.signed(&event, unix_now())?).await;
    let judged = match exchange.answer {
        Answer::Status(413) => Judged::pass(),
        Answer::Status(status) if (400..500).contains(&status) => {
            Judged::pass_noting(format!("{status} passes; 413 says what is wrong"))
        }
        Answer::Closed => Judged::pass_noting("refused: the connection was closed before the body was read"),
        Answer::Status(status) if (200..300).contains(&status) => Judged::warn(
            "accepted 10 MiB: fine if your events are that large, but an unbounded body lets anyone exhaust memory; cap it (413 above the limit)",
        ),
        Answer::Status(status) => Judged::fail(format!(
            "answered {status} to a 10 MiB body: cap the body size and answer 413 above it"
        )),
        _ => not_an_answer(kit, &exchange, "cap the body size and answer 413 before reading it all"),
    };
    Ok(observed(kit, &exchange, judged))
}

async fn wrong_method(kit: &Kit) -> Result<Observed, BuildError> {
    let mut request = kit.valid()?;
    request.method = "GET";
    request.body = Default::default();
    request.remove("content-type");
    let exchange = kit.send(&request).await;
    let judged = match exchange.answer {
        Answer::Status(405) => Judged::pass(),
        Answer::Status(status) if (200..300).contains(&status) => Judged::fail(format!(
            "answered {status} to GET: the route takes any method; accept POST only and answer 405"
        )),
        Answer::Status(status) => {
            Judged::pass_noting(format!("{status} passes; 405 says what is wrong"))
        }
        _ => not_an_answer(kit, &exchange, "answer 405"),
    };
    Ok(observed(kit, &exchange, judged))
}

/// Each handshake the provider makes, built and judged as `whk send
/// <handshake>` does; a verify token the app cannot know must be refused.
async fn handshake(kit: &Kit) -> Result<Observed, BuildError> {
    let client = match crate::http::client(Some(kit.timeout)) {
        Ok(client) => client,
        Err(err) => return Ok(unanswered(format!("cannot create the HTTP client: {err}"))),
    };
    let token = kit.verify_token.as_ref().map(Secret::expose);
    let mut answers = Vec::new();
    let mut problems = Vec::new();
    let mut notes = Vec::new();
    let mut risks = Vec::new();
    let mut slowest = std::time::Duration::ZERO;
    let mut shown_status = None;
    for &kind in kit.provider.handshakes {
        // (verify token, secret, whether a right answer is what it deserves)
        let mut attempts = Vec::new();
        if kind.carries_verify_token() {
            // A token the app cannot know: echoing it would subscribe anyone.
            attempts.push((Some("whk-audit-not-your-verify-token"), &kit.secret, false));
            match token {
                Some(token) => attempts.push((Some(token), &kit.secret, true)),
                None => notes.push(format!(
                    "{kind}: only a wrong verify token was tried; pass --verify-token to check the right answer too"
                )),
            }
        } else {
            attempts.push((None, &kit.secret, true));
        }
        let forged = kind.if_forged_answered();
        if forged.is_some() {
            attempts.push((None, &kit.wrong_secret, false));
        }
        for (token, secret, right) in attempts {
            let prepared = crate::delivery::handshake::prepare(
                &kit.provider,
                kind,
                secret.clone(),
                &kit.target.url,
                token,
                &kit.extra,
            )?;
            let checked = match prepared.check(&client, token).await {
                Ok(checked) => checked,
                Err(reason) => {
                    problems.push(format!("{kind}: no answer ({reason})"));
                    continue;
                }
            };
            slowest = slowest.max(checked.latency);
            if right {
                // The row's status: the answer to the genuine handshake.
                shown_status.get_or_insert(checked.status);
            }
            answers.push(format!("{kind} {}", checked.status));
            if !std::ptr::eq(secret, &kit.secret) {
                // Forged: a receiver that verifies first answers 4xx; any
                // 2xx answered it as if it were the provider's.
                if let (Some((fails, why)), true) = (forged, (200..300).contains(&checked.status)) {
                    let list = if fails { &mut problems } else { &mut risks };
                    list.push(format!("{kind}: {why}"));
                }
                continue;
            }
            match (right, checked.verdict) {
                (true, Err(problem)) => problems.push(format!("{kind}: {problem}")),
                (false, Ok(())) => problems.push(format!(
                    "{kind}: echoed the challenge for a verify token that is not yours: anyone could subscribe this endpoint; compare hub.verify_token and answer 403"
                )),
                (false, Err(_)) if checked.status != 403 => notes.push(format!(
                    "{kind}: a wrong verify token was refused with {}; 403 says why",
                    checked.status
                )),
                _ => {}
            }
        }
    }
    let judged = if !problems.is_empty() {
        Judged::fail(problems.join("; "))
    } else if !risks.is_empty() {
        Judged::warn(risks.join("; "))
    } else if !notes.is_empty() {
        Judged::pass_noting(notes.join("; "))
    } else {
        Judged::pass()
    };
    Ok(Observed {
        status: shown_status,
        elapsed: Some(slowest),
        got: if answers.is_empty() {
            "no answer".to_string()
        } else {
            answers.join(", ")
        },
        judged,
    })
}

fn unanswered(why: String) -> Observed {
    Observed {
        status: None,
        elapsed: None,
        got: "no answer".to_string(),
        judged: Judged::fail(why),
    }
}

async fn burst(kit: &Kit) -> Result<Observed, BuildError> {
    let requests = (0..BURST)
        .map(|_| kit.valid())
        .collect::<Result<Vec<_>, _>>()?;
    let mut tasks = tokio::task::JoinSet::new();
    for request in requests {
        let (target, timeout) = (kit.target.clone(), kit.timeout);
        tasks.spawn(async move { super::wire::send(&target, &request, timeout).await });
    }
    let mut exchanges = Vec::with_capacity(BURST);
    while let Some(done) = tasks.join_next().await {
        if let Ok(exchange) = done {
            kit.record_time("burst", exchange.elapsed);
            exchanges.push(exchange);
        }
    }
    let slowest = exchanges
        .iter()
        .map(|e| e.elapsed)
        .max()
        .unwrap_or_default();
    let failed: Vec<&Exchange> = exchanges.iter().filter(|e| !accepted(kit, e)).collect();
    let got = tally(kit, &exchanges);
    let judged = match failed.first() {
        None => Judged::pass(),
        Some(first) => {
            let why = delivered(kit, first, "rejected valid deliveries that came at once").detail;
            Judged::fail(format!(
                "{} of {BURST} concurrent deliveries failed ({got}); the first: {}",
                failed.len(),
                why.unwrap_or_default()
            ))
        }
    };
    let status = failed.first().map_or_else(
        || exchanges.first().and_then(Exchange::status),
        |e| e.status(),
    );
    Ok(Observed {
        status,
        elapsed: Some(slowest),
        got: format!("{got}, slowest {}", format_elapsed(slowest)),
        judged,
    })
}

async fn slow_answer(kit: &Kit) -> Result<Observed, BuildError> {
    let timings = kit.timings();
    let (case, slowest) = timings
        .iter()
        .copied()
        .max_by_key(|(_, elapsed)| *elapsed)
        .unwrap_or(("valid", Default::default()));
    let took = format_elapsed(slowest);
    let judged = if slowest >= kit.timeout {
        Judged::fail(format!(
            "{case} took {took}, not within {}: the provider counts that as a failure and retries; answer first and do the work after (a queue)",
            kit.timeout_phrase()
        ))
    } else if slowest * 2 > kit.timeout {
        Judged::warn(format!(
            "{case} took {took}, over half of {}: a busier moment will time out; answer first and do the work after",
            kit.timeout_phrase()
        ))
    } else {
        Judged::pass()
    };
    Ok(Observed {
        status: None,
        elapsed: Some(slowest),
        got: format!("slowest {took} ({case})"),
        judged,
    })
}

// ---- judging ----------------------------------------------------------------

/// Runs a case; a delivery that cannot be built fails the case, saying why.
async fn finish(case: impl Future<Output = Result<Observed, BuildError>>) -> Observed {
    case.await.unwrap_or_else(|err| Observed {
        status: None,
        elapsed: None,
        got: "not sent".into(),
        judged: Judged::fail(format!("whk could not build this case's delivery: {err}")),
    })
}

fn observed(kit: &Kit, exchange: &Exchange, judged: Judged) -> Observed {
    let took = format_elapsed(exchange.elapsed);
    let got = match &exchange.answer {
        Answer::Status(status) => format!("{status} in {took}"),
        Answer::Closed => format!("closed without an answer after {took}"),
        Answer::TimedOut => format!("no answer within {}", format_elapsed(kit.timeout)),
        Answer::Failed(_) => "no answer".to_string(),
    };
    Observed {
        status: exchange.status(),
        elapsed: Some(exchange.elapsed),
        got,
        judged,
    }
}

fn accepted(kit: &Kit, exchange: &Exchange) -> bool {
    exchange
        .status()
        .is_some_and(|status| kit.provider.success.accepts(status))
}

/// For deliveries a correct receiver accepts: the provider's success rule,
/// within its timeout. `on_4xx` is the likely cause when it refused.
fn delivered(kit: &Kit, exchange: &Exchange, on_4xx: &str) -> Judged {
    let provider = &kit.provider;
    match exchange.answer {
        _ if accepted(kit, exchange) => Judged::pass(),
        Answer::Status(status) if (200..300).contains(&status) => Judged::fail(format!(
            "{} counts only {} as delivered and retries on {status}: answer 200 OK",
            provider.title,
            provider.success.describe()
        )),
        Answer::Status(status) if (400..500).contains(&status) => {
            Judged::fail(format!("{status}: {on_4xx}"))
        }
        Answer::Status(status) if status >= 500 => Judged::fail(format!(
            "answered {status} to a delivery it should accept: the handler failed, see its log"
        )),
        Answer::Status(status) => Judged::fail(format!(
            "answered {status}; {} counts only {} as delivered",
            provider.title,
            provider.success.describe()
        )),
        _ => not_an_answer(kit, exchange, "answer as soon as the delivery is stored"),
    }
}

/// For deliveries a correct receiver refuses with a 4xx. `on_accept` is the
/// likely cause when it took them.
fn rejected(kit: &Kit, exchange: &Exchange, on_accept: &str) -> Judged {
    match exchange.answer {
        Answer::Status(status) if (400..500).contains(&status) => Judged::pass(),
        Answer::Status(status) if (200..400).contains(&status) => Judged::fail(on_accept),
        Answer::Status(status) => Judged::fail(format!(
            "answered {status} instead of rejecting: a 5xx makes the provider retry and hides an attack among errors; answer 401"
        )),
        _ => not_an_answer(kit, exchange, "reject it at once with 401"),
    }
}

/// Timeouts, hang-ups and connection failures.
fn not_an_answer(kit: &Kit, exchange: &Exchange, fix: &str) -> Judged {
    Judged::fail(match &exchange.answer {
        Answer::TimedOut => format!("no answer within {}: {fix}", kit.timeout_phrase()),
        Answer::Closed => format!("closed the connection without answering: {fix}"),
        Answer::Failed(reason) => format!("{reason}: {fix}"),
        Answer::Status(status) => format!("answered {status}: {fix}"),
    })
}

fn signature_header(kit: &Kit) -> String {
    kit.scheme()
        .signature_header()
        .unwrap_or("the signature")
        .to_string()
}

/// `20 × 200` or `18 × 200, 2 × no answer`.
fn tally(kit: &Kit, exchanges: &[Exchange]) -> String {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for exchange in exchanges {
        let label = match exchange.answer {
            Answer::Status(status) => status.to_string(),
            Answer::TimedOut => format!("no answer within {}", format_elapsed(kit.timeout)),
            _ => "no answer".to_string(),
        };
        match counts.iter_mut().find(|(l, _)| *l == label) {
            Some((_, n)) => *n += 1,
            None => counts.push((label, 1)),
        }
    }
    counts
        .iter()
        .map(|(label, n)| format!("{n} × {label}"))
        .collect::<Vec<_>>()
        .join(", ")
}

// ---- bodies and headers -----------------------------------------------------

/// Changes one character inside a JSON string (the last one before a closing
/// quote), so the body stays JSON and only the signature can tell.
fn tamper(body: &mut [u8]) {
    let inside_string = (2..body.len()).rev().find(|&at| {
        body[at] == b'"' && body[at - 1].is_ascii_alphanumeric() && body[at - 2] != b'\\'
    });
    let at = inside_string
        .map(|at| at - 1)
        .or_else(|| body.iter().rposition(u8::is_ascii_alphanumeric));
    match at {
        Some(at) => {
            body[at] = match body[at] {
                b'9' => b'0',
                b'z' => b'a',
                b'Z' => b'A',
                other => other + 1,
            }
        }
        None => {
            if let Some(first) = body.first_mut() {
                *first ^= 0x01;
            }
        }
    }
}

/// The same event as bytes a re-serialising receiver gets wrong: pretty
/// printed with a trailing newline, every object's keys in reverse order,
/// non-ASCII text, and `/` written as `\/` (valid JSON, rarely produced).
fn unusual_bytes(body: &[u8]) -> Option<Vec<u8>> {
    let Value::Object(map) = serde_json::from_slice(body).ok()? else {
        return None;
    };
    let mut value = reverse_keys(Value::Object(map));
    value.as_object_mut()?.insert(
        "whk_note".into(),
        json!("Grüße aus Köln, café ☕ — see https://example.com/naïve"),
    );
    let pretty = serde_json::to_string_pretty(&value).ok()?;
    // Outside strings JSON has no '/', so this escapes exactly the strings' slashes.
    Some(format!("{}\n", pretty.replace('/', "\\/")).into_bytes())
}

fn reverse_keys(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .rev()
                .map(|(k, v)| (k, reverse_keys(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(reverse_keys).collect()),
        other => other,
    }
}

/// The event with fields the receiver has never seen: one at the top level
/// and one in `data` (or the first nested object where there is no `data`).
fn with_extra_fields(body: &[u8]) -> Option<Vec<u8>> {
    let mut value: Value = serde_json::from_slice(body).ok()?;
    let object = value.as_object_mut()?;
    let nested = match object.contains_key("data") {
        true => Some("data".to_string()),
        false => object
            .iter()
            .find(|(_, v)| v.is_object())
            .map(|(k, _)| k.clone()),
    };
    if let Some(Value::Object(inner)) = nested.and_then(|key| object.get_mut(&key)) {
        inner.insert(
            "whk_added_later".into(),
            json!({"since": "v2", "flag": true}),
        );
    }
    object.insert(
        "whk_added_field".into(),
        json!({"note": "providers add fields without notice", "list": [1, 2, 3]}),
    );
    serde_json::to_vec(&value).ok()
}

/// The body grown to `size` bytes: a padding field inside a JSON object, or
/// trailing spaces for anything else.
fn padded(body: &[u8], size: usize) -> Vec<u8> {
    let text = String::from_utf8_lossy(body);
    let trimmed = text.trim_end();
    let mut out = Vec::with_capacity(size);
    match trimmed.strip_suffix('}') {
        Some(open) if serde_json::from_slice::<Value>(body).is_ok_and(|v| v.is_object()) => {
            let comma = if open.trim_end().ends_with('{') {
                ""
            } else {
                ","
            };
            let head = format!("{open}{comma}\"whk_padding\":\"");
            out.extend_from_slice(head.as_bytes());
            let fill = size.saturating_sub(head.len() + 2);
            out.resize(head.len() + fill, b'x');
            out.extend_from_slice(b"\"}");
        }
        _ => {
            out.extend_from_slice(body);
            out.resize(size.max(body.len()), b' ');
        }
    }
    out
}

/// The signature header of `right` also carrying `wrong`'s signature first,
/// in the scheme's own list syntax.
fn both_signatures(scheme: &Scheme, wrong: &Request, right: &Request) -> Option<(String, String)> {
    let header = scheme.signature_header()?;
    let (old, new) = (wrong.get(header)?, right.get(header)?);
    Some((header.to_string(), scheme.join_signatures(old, new)?))
}

/// `url_verification` or `webhook_callback_verification, revocation`.
fn handshakes(kit: &Kit) -> String {
    match kit.provider.handshakes {
        [] => "its handshakes".to_string(),
        list => list.iter().map(|h| h.name()).collect::<Vec<_>>().join(", "),
    }
}

/// Fills a case's `sent` or `expect` text for this provider.
pub fn describe(text: &str, kit: &Kit) -> String {
    let secret = match kit.scheme().credential() {
        Credential::Token { .. } => "token",
        _ => "secret",
    };
    let untolerant = match kit.provider.tolerance {
        None if kit.scheme().is_timestamped() => {
            format!(
                " (2xx warns: {} documents no tolerance)",
                kit.provider.title
            )
        }
        _ => String::new(),
    };
    let forged = match kit
        .provider
        .handshakes
        .iter()
        .any(|h| h.if_forged_answered().is_some())
    {
        true => ", and signed with another secret",
        false => "",
    };
    text.replace("{success}", kit.provider.success.describe())
        .replace("{untolerant}", &untolerant)
        .replace("{timeout}", &format_elapsed(kit.timeout))
        .replace("{signature}", &signature_header(kit))
        .replace("{secret}", secret)
        .replace("{title}", kit.provider.title)
        .replace("{handshakes}", &handshakes(kit))
        .replace("{forged}", forged)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_kebab_case() {
        let mut names: Vec<&str> = CASES.iter().map(|c| c.name).collect();
        assert!(names
            .iter()
            .all(|n| n.chars().all(|c| c.is_ascii_lowercase() || c == '-')));
        names.sort();
        names.dedup();
        assert_eq!(names.len(), CASES.len());
        assert_eq!(CASES.last().map(|c| c.name), Some("slow-answer"));
    }

    #[test]
    fn tampering_keeps_json_and_changes_one_byte() {
        let body = br#"{"id":"evt_1","data":{"note":"from IZI"}}"#;
        let mut changed = body.to_vec();
        tamper(&mut changed);
        assert_eq!(changed.iter().zip(body).filter(|(a, b)| a != b).count(), 1);
        assert!(serde_json::from_slice::<Value>(&changed).is_ok());
        assert_ne!(changed, body);
    }

    #[test]
    fn unusual_bytes_mean_the_same_but_differ_from_compact() {
        let body = br#"{"id":"evt_1","type":"A","data":{"url":"a/b","n":1}}"#;
        let unusual = unusual_bytes(body).unwrap();
        let text = String::from_utf8(unusual.clone()).unwrap();
        assert!(text.contains("a\\/b") && text.contains('\n') && text.contains('☕'));
        assert!(text.find("\"type\"").unwrap() < text.find("\"id\"").unwrap());
        let parsed: Value = serde_json::from_slice(&unusual).unwrap();
        assert_eq!(parsed["data"]["url"], "a/b");
        assert_eq!(parsed["id"], "evt_1");
    }

    #[test]
    fn padding_reaches_the_size_and_stays_json() {
        let body = padded(br#"{"id":"e"}"#, 4096);
        assert_eq!(body.len(), 4096);
        assert!(serde_json::from_slice::<Value>(&body).is_ok());
        assert_eq!(padded(b"{}", 64).len(), 64);
        assert!(serde_json::from_slice::<Value>(&padded(b"{}", 64)).is_ok());
        assert_eq!(padded(b"text", 64).len(), 64);
    }

    #[test]
    fn extra_fields_land_at_top_level_and_in_data() {
        let body = with_extra_fields(br#"{"id":"e","data":{"a":1}}"#).unwrap();
        let value: Value = serde_json::from_slice(&body).unwrap();
        assert!(value["whk_added_field"].is_object());
        assert_eq!(value["data"]["whk_added_later"]["flag"], true);
        let zotlo = with_extra_fields(br#"{"queue":{"requestID":"r"}}"#).unwrap();
        let value: Value = serde_json::from_slice(&zotlo).unwrap();
        assert!(value["queue"]["whk_added_later"].is_object());
    }

    #[test]
    fn both_signatures_use_each_schemes_list_syntax() {
        let request =
            |name: &str, value: &str| Request::post(vec![(name.into(), value.into())], "");
        let standard = Scheme::new(crate::signing::StandardScheme::standard());
        let (_, value) = both_signatures(
            &standard,
            &request("webhook-signature", "v1,OLD"),
            &request("webhook-signature", "v1,NEW"),
        )
        .unwrap();
        assert_eq!(value, "v1,OLD v1,NEW");
        let stripe = Scheme::new(crate::signing::StripeScheme {});
        let (_, value) = both_signatures(
            &stripe,
            &request("stripe-signature", "t=5,v1=aa"),
            &request("stripe-signature", "t=5,v1=bb"),
        )
        .unwrap();
        assert_eq!(value, "t=5,v1=aa,v1=bb");
    }
}
