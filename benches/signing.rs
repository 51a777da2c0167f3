//! Sign and verify throughput per scheme kind (its first provider) at 1 KiB
//! and 1 MiB, with a bare
//! HMAC-SHA256 of the same bytes as the in-run peer: the ratio says how much
//! the scheme's parsing and framing cost on top of the hash itself. And the
//! signature doctor on a 64 KiB JSON body that no variant explains (its
//! worst case: every alternative tried), against the 50 ms budget.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use whk::http::Headers;
use whk::providers::Provider;
use whk::signing::{
    doctor, hmac, Algorithm, Credential, Message, Request, Scheme, Secret, TimePolicy,
};

fn secret_for(scheme: &Scheme) -> Secret {
    // Standard Webhooks makes v1a pairs too; its benchmark is the v1 HMAC.
    match scheme.generate_key() {
        Some((signing, _)) if scheme.credential() == Credential::KeyPair => signing,
        _ => Secret::new(scheme.fresh_secret(b"bench-secret-0123456789")),
    }
}

/// One signed provider per scheme kind: the others differ only in names.
fn one_per_kind() -> Vec<&'static Provider> {
    let mut seen = Vec::new();
    whk::providers::all()
        .expect("built-in providers")
        .into_iter()
        .filter(|p| p.is_signed())
        // Their signature lives inside a JSON notification, not over these bodies.
        .filter(|p| p.scheme.body_signature_field().is_none())
        .filter(|p| {
            let kind = p.scheme.kind();
            let first = !seen.contains(&kind);
            seen.push(kind);
            first
        })
        .collect()
}

const URL: &str = "https://example.com/webhooks";

fn bench(c: &mut Criterion) {
    for size in [1024usize, 1024 * 1024] {
        let body: Vec<u8> = (0..size).map(|i| b'a' + (i % 26) as u8).collect();
        let mut group = c.benchmark_group(format!("{}KiB", size / 1024));
        group.throughput(Throughput::Bytes(size as u64));
        group.bench_function("peer: bare hmac-sha256", |b| {
            b.iter(|| hmac(Algorithm::Sha256, b"bench-secret-0123456789", &[&body]))
        });
        for provider in one_per_kind() {
            let secret = secret_for(&provider.scheme);
            let message = Message::post("msg_2KWPBgLlAfxdpx2AI54pPJ85f4W", 1_700_000_000, &body)
                .to(Some(URL));
            let headers = provider.scheme.sign(&secret, &message).expect("sign");
            let policy = TimePolicy {
                now: 1_700_000_000,
                tolerance: provider.tolerance,
            };
            group.bench_with_input(BenchmarkId::new("sign", provider.name), &message, |b, m| {
                b.iter(|| provider.scheme.sign(&secret, m).expect("sign"))
            });
            group.bench_with_input(
                BenchmarkId::new("verify", provider.name),
                &headers,
                |b, h| {
                    b.iter(|| {
                        provider
                            .scheme
                            .verify(&secret, &Request::post(h, &body).at(Some(URL)), policy)
                            .expect("verify")
                    })
                },
            );
        }
        group.finish();
    }
}

fn doctor_worst_case(c: &mut Criterion) {
    // A JSON body of 64 KiB with non-ASCII text, so every body variant applies.
    let mut body = String::from("{\"id\":\"evt_1\",\"items\":[");
    while body.len() < 64 * 1024 {
        body.push_str("{\"name\":\"café crème\",\"n\":12345,\"url\":\"a/b\"},");
    }
    body.push_str("{}]}");
    let mut group = c.benchmark_group("doctor 64KiB");
    for name in ["izi", "standard", "irisync"] {
        let provider = whk::providers::find(name).expect("preset");
        let secret = secret_for(&provider.scheme);
        let message = Message::post("msg_1", 1_700_000_000, b"signed over another body");
        let headers: Headers = provider.scheme.sign(&secret, &message).expect("sign");
        let policy = TimePolicy {
            now: 1_700_000_000,
            tolerance: provider.tolerance,
        };
        let request = Request::post(&headers, body.as_bytes());
        let error = provider
            .scheme
            .verify(&secret, &request, policy)
            .expect_err("a mismatch");
        let suspects = whk::providers::suspects(provider);
        group.bench_function(name, |b| {
            b.iter(|| {
                doctor::diagnose_among(
                    &provider.scheme,
                    &secret,
                    &request,
                    policy,
                    &error,
                    &suspects,
                )
            })
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20).warm_up_time(std::time::Duration::from_millis(300)).measurement_time(std::time::Duration::from_secs(1));
    targets = bench, doctor_worst_case
}
criterion_main!(benches);
