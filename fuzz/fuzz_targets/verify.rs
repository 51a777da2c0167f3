//! Feeds arbitrary header values and bodies to every scheme's parser and
//! verifier, and to the doctor: none may panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use whk::signing::{doctor, Request, Secret, TimePolicy};
use whk::http::Headers;

fuzz_target!(|data: &[u8]| {
    // Layout: three header values separated by '\n', then the body after '\0'.
    let (head, body) = match data.iter().position(|&b| b == 0) {
        Some(at) => (&data[..at], &data[at + 1..]),
        None => (data, &[][..]),
    };
    let text = String::from_utf8_lossy(head);
    let mut values = text.split('\n');
    for provider in whk::providers::all().expect("built-in providers") {
        let mut headers = Headers::new();
        let names = [
            provider.scheme.signature_header().unwrap_or("x-none"),
            provider.scheme.timestamp_header().unwrap_or("webhook-timestamp"),
            "webhook-id",
        ];
        for name in names {
            if let Some(value) = values.next() {
                headers.push(name, value);
            }
        }
        let secret = Secret::new("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        let policy = TimePolicy { now: 1_700_000_000, tolerance: Some(300) };
        let request = Request::post(&headers, body).at(Some("https://example.com/hook"));
        if let Err(err) = provider.scheme.verify(&secret, &request, policy) {
            let _ = doctor::diagnose(&provider.scheme, &secret, &request, policy, &err);
        }
    }
});
