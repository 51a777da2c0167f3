//! `whk listen --provider auto`: one port, many senders. Each delivery here
//! is shaped and signed the way the provider's own library does it, with the
//! HMAC computed in this file from the provider's documentation, and each
//! provider has its own secret in whk.toml.

use serde_json::Value;

use crate::support::oracle::{b64, hex, hmac_sha256, standard};
use crate::support::{post, unix_now, Sandbox};

struct Delivery {
    provider: &'static str,
    secret: &'static str,
    headers: Vec<(String, String)>,
    body: String,
}

const STANDARD_SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const SVIX_SECRET: &str = "whsec_c3ZpeC1zZWNyZXQtZm9yLWRldGVjdGlvbg==";
const CLERK_SECRET: &str = "whsec_Y2xlcmstc2VjcmV0LWZvci1kZXRlY3Rpb24=";

fn pair(name: &str, value: impl Into<String>) -> (String, String) {
    (name.to_string(), value.into())
}

/// One library-shaped delivery per provider, each signed per its spec.
fn deliveries() -> Vec<Delivery> {
    let ts = unix_now().to_string();
    let json = |provider: &str| {
        format!(r#"{{"id":"evt_{provider}","type":"ping","source":"{provider}"}}"#)
    };
    let mut all = Vec::new();
    let mut add = |provider: &'static str,
                   secret: &'static str,
                   headers: Vec<(String, String)>,
                   body: String| {
        all.push(Delivery {
            provider,
            secret,
            headers,
            body,
        })
    };

    let body = json("github");
    let sig = format!(
        "sha256={}",
        hex(&hmac_sha256(b"github-secret", body.as_bytes()))
    );
    add(
        "github",
        "github-secret",
        vec![
            pair("X-Hub-Signature-256", sig),
            pair("X-GitHub-Event", "ping"),
            pair("X-GitHub-Delivery", "72d3162e-cc78-11e3-81ab-4c9367dc0958"),
        ],
        body,
    );

    let body = json("stripe");
    let sig = hex(&hmac_sha256(
        b"whsec_stripe_secret",
        format!("{ts}.{body}").as_bytes(),
    ));
    add(
        "stripe",
        "whsec_stripe_secret",
        vec![pair("Stripe-Signature", format!("t={ts},v1={sig}"))],
        body,
    );

    let body = json("slack");
    let sig = hex(&hmac_sha256(
        b"slack-signing-secret",
        format!("v0:{ts}:{body}").as_bytes(),
    ));
    add(
        "slack",
        "slack-signing-secret",
        vec![
            pair("X-Slack-Signature", format!("v0={sig}")),
            pair("X-Slack-Request-Timestamp", ts.clone()),
        ],
        body,
    );

    let body = json("shopify");
    let sig = b64(&hmac_sha256(b"shopify-secret", body.as_bytes()));
    add(
        "shopify",
        "shopify-secret",
        vec![
            pair("X-Shopify-Hmac-Sha256", sig),
            pair("X-Shopify-Topic", "orders/create"),
        ],
        body,
    );

    let body = json("standard");
    let sig = standard(STANDARD_SECRET, "msg_standard", &ts, body.as_bytes());
    add(
        "standard",
        STANDARD_SECRET,
        vec![
            pair("webhook-id", "msg_standard"),
            pair("webhook-timestamp", ts.clone()),
            pair("webhook-signature", sig),
        ],
        body,
    );

    // Svix and Clerk share the svix-* headers: only the secret tells them apart.
    for (provider, secret) in [("svix", SVIX_SECRET), ("clerk", CLERK_SECRET)] {
        let body = json(provider);
        let sig = standard(secret, "msg_shared_headers", &ts, body.as_bytes());
        add(
            provider,
            secret,
            vec![
                pair("svix-id", "msg_shared_headers"),
                pair("svix-timestamp", ts.clone()),
                pair("svix-signature", sig),
            ],
            body,
        );
    }

    let body = json("izi");
    let sig = hex(&hmac_sha256(b"izi-secret", body.as_bytes()));
    add(
        "izi",
        "izi-secret",
        vec![pair("X-IZI-Signature", sig)],
        body,
    );

    let body = json("irisync");
    let sig = hex(&hmac_sha256(
        b"irisync-secret",
        format!("{ts}.{body}").as_bytes(),
    ));
    add(
        "irisync",
        "irisync-secret",
        vec![
            pair("X-IriSync-Signature", sig),
            pair("X-IriSync-Timestamp", ts.clone()),
        ],
        body,
    );

    let body = json("paddle");
    let sig = hex(&hmac_sha256(
        b"pdl_ntfset_secret",
        format!("{ts}:{body}").as_bytes(),
    ));
    add(
        "paddle",
        "pdl_ntfset_secret",
        vec![pair("Paddle-Signature", format!("ts={ts};h1={sig}"))],
        body,
    );

    let body = json("zoom");
    let sig = hex(&hmac_sha256(
        b"zoom-secret-token",
        format!("v0:{ts}:{body}").as_bytes(),
    ));
    add(
        "zoom",
        "zoom-secret-token",
        vec![
            pair("x-zm-signature", format!("v0={sig}")),
            pair("x-zm-request-timestamp", ts.clone()),
        ],
        body,
    );

    let body = json("twitch");
    let (id, at) = (
        "e76c6bd4-55c9-4987-8304-da1588d8988b",
        humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string(),
    );
    let sig = hex(&hmac_sha256(
        b"twitch-secret",
        format!("{id}{at}{body}").as_bytes(),
    ));
    add(
        "twitch",
        "twitch-secret",
        vec![
            pair("Twitch-Eventsub-Message-Id", id),
            pair("Twitch-Eventsub-Message-Timestamp", at),
            pair("Twitch-Eventsub-Message-Signature", format!("sha256={sig}")),
        ],
        body,
    );

    let body = json("typeform");
    let sig = b64(&hmac_sha256(b"typeform-secret", body.as_bytes()));
    add(
        "typeform",
        "typeform-secret",
        vec![pair("Typeform-Signature", format!("sha256={sig}"))],
        body,
    );

    let body = json("lemon_squeezy");
    let sig = hex(&hmac_sha256(b"lemon-secret", body.as_bytes()));
    add(
        "lemon_squeezy",
        "lemon-secret",
        vec![
            pair("X-Signature", sig),
            pair("X-Event-Name", "order_created"),
        ],
        body,
    );
    all
}

#[test]
fn an_auto_listener_tells_apart_fourteen_providers_on_one_port() {
    let sandbox = Sandbox::new();
    let deliveries = deliveries();
    let secrets: String = deliveries
        .iter()
        .map(|d| format!("{} = \"{}\"\n", d.provider, d.secret))
        .collect();
    sandbox.write("whk.toml", format!("[secrets]\n{secrets}"));
    let mut listener = sandbox.listen(&["--json", "--provider", "auto"]);
    let listening = listener.listening.clone().unwrap();
    assert!(
        listening["provider"]
            .as_str()
            .unwrap()
            .starts_with("auto ("),
        "{listening}"
    );
    assert!(deliveries.len() >= 10);
    for delivery in &deliveries {
        let mut headers = delivery.headers.clone();
        headers.push(("Content-Type".into(), "application/json".into()));
        let answer = post(listener.addr, "/hooks", &headers, delivery.body.as_bytes());
        assert_eq!(
            answer.status,
            200,
            "{}: {}",
            delivery.provider,
            answer.text()
        );
        let record: Value = listener.next_json();
        assert_eq!(record["provider"], delivery.provider, "{record}");
        assert_eq!(record["verdict"], "verified", "{record}");
    }

    // A sender signing with the right header and a secret nobody configured.
    let body = r#"{"id":"evt_forged","type":"ping"}"#;
    let forged = format!(
        "sha256={}",
        hex(&hmac_sha256(b"not-configured", body.as_bytes()))
    );
    let answer = post(
        listener.addr,
        "/hooks",
        &[("X-Hub-Signature-256".into(), forged)],
        body.as_bytes(),
    );
    assert_eq!(answer.status, 401);
    let record = listener.next_json();
    assert_eq!(record["provider"], "github", "{record}");
    assert_eq!(record["verdict"], "rejected", "{record}");

    // No configured provider's header at all.
    let answer = post(listener.addr, "/hooks", &[], body.as_bytes());
    assert_eq!(answer.status, 401);
    let record = listener.next_json();
    assert_eq!(record["findings"][0]["code"], "unknown_sender", "{record}");
}

#[test]
fn auto_without_configured_secrets_says_what_to_add() {
    let sandbox = Sandbox::new();
    sandbox
        .whk()
        .args(["listen", "--port", "0", "--provider", "auto"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("[secrets]"));
}
