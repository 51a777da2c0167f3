//! `whk sign`: print the headers a provider attaches to a body.

use std::io::Write;
use std::path::Path;

use anyhow::{bail, Context};

use crate::cli::{SignArgs, SignFormat};
use crate::config::Config;
use crate::exit::Outcome;
use crate::http::curl;
use crate::http::Headers;
use crate::signing::Message;
use crate::term;

pub fn run(args: SignArgs) -> anyhow::Result<Outcome> {
    if args.format == SignFormat::Curl && args.to.is_none() {
        bail!("--format curl needs --to URL, e.g. --to http://localhost:3000/webhooks");
    }
    let config = Config::load()?;
    let provider = super::provider(&config, &args.provider)?.value;
    let secret = super::required_secret(&config, &args.provider, &provider)?;
    if !provider.is_signed() {
        term::note(format!(
            "{} does not sign its deliveries ({}); there are no headers to print",
            provider.title,
            provider.scheme.summary()
        ));
    }
    let id = args.id.unwrap_or_else(|| provider.id_format.generate());
    let timestamp = args.timestamp.unwrap_or_else(crate::clock::unix_now);
    let file = args.file.as_deref().filter(|f| *f != Path::new("-"));
    let scheme = &provider.scheme;
    super::note_unused_url(&provider, args.url.as_deref());
    let url = args.url.as_deref().or(args.to.as_deref());
    if scheme.signs_url() && url.is_none() {
        bail!(
            "{} signs the URL the delivery is posted to: pass --url URL, e.g. --url https://example.com/hooks",
            provider.title
        );
    }
    // A curl command must carry a body read from standard input itself (the
    // command will not have this standard input when it runs), and a scheme
    // that signs the URL or writes into the body needs the whole body first.
    let whole_body = scheme.signs_url() || scheme.body_signature_field().is_some();
    let inline = match (args.format, file) {
        (SignFormat::Curl, None) => Some(super::read_body(None)?),
        _ if whole_body => Some(super::read_body(file)?),
        _ => None,
    };
    let mut signed_body = None;
    let mut signed_url = None;
    let headers = match &inline {
        Some(body) => {
            let message = Message::post(&id, timestamp, body);
            let body = match scheme.sign_body(&secret, &message) {
                Some(signed) => signed_body.insert(signed.context("cannot sign")?),
                None => body,
            };
            let url = url.map(|url| scheme.url_for(url, body));
            let headers = scheme.sign(
                &secret,
                &Message::post(&id, timestamp, body).to(url.as_deref()),
            );
            signed_url =
                url.filter(|u| Some(u.as_str()) != args.url.as_deref().or(args.to.as_deref()));
            headers.map_err(Into::into)
        }
        // Hash while reading: large bodies are never held in memory.
        None => scheme.sign_reader(
            &secret,
            &Message::post(&id, timestamp, b"").to(url),
            &mut super::open_body(file)?,
        ),
    }
    .context("cannot sign")?;
    if let Some(url) = &signed_url {
        term::note(format!(
            "{} signs this body posted to {url} (the body's SHA-256 goes into the URL); post it there",
            provider.title
        ));
    }
    if let (Some(body), false) = (&signed_body, args.format == SignFormat::Curl) {
        // The signature is inside the body: the signed body is the output.
        term::note(format!(
            "{} carries the signature in the body ({}): printing the signed body",
            provider.title,
            scheme.body_signature_field().unwrap_or("body")
        ));
        let mut out = std::io::stdout().lock();
        out.write_all(body)?;
        writeln!(out)?;
        return Ok(Outcome::Success);
    }

    let mut out = std::io::stdout().lock();
    match args.format {
        SignFormat::Headers => {
            for (name, value) in headers.iter() {
                writeln!(out, "{name}: {value}")?;
            }
        }
        SignFormat::Json => {
            let object: serde_json::Map<String, serde_json::Value> = headers
                .iter()
                .map(|(n, v)| (n.to_string(), v.into()))
                .collect();
            writeln!(out, "{}", serde_json::to_string_pretty(&object)?)?;
        }
        SignFormat::Curl => {
            let mut all = Headers::new();
            for (name, value) in provider.headers {
                all.push(*name, *value);
            }
            all.extend(headers);
            writeln!(
                out,
                "{}",
                curl::command(
                    "POST",
                    &match (&args.to, &inline) {
                        (Some(to), Some(body)) => scheme.url_for(to, body),
                        (to, _) => to.clone().unwrap_or_default(),
                    },
                    &all,
                    match (&signed_body, &inline, file) {
                        (Some(body), _, _) => curl::Data::Inline(body),
                        (None, Some(body), _) => curl::Data::Inline(body),
                        (None, None, Some(path)) => curl::Data::File(path),
                        (None, None, None) => curl::Data::Inline(b""),
                    }
                )
            )?;
        }
    }
    Ok(Outcome::Success)
}
