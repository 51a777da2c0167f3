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
    // A curl command must carry a body read from standard input itself: the
    // command will not have this standard input when it runs.
    let inline = match (args.format, file) {
        (SignFormat::Curl, None) => Some(super::read_body(None)?),
        _ => None,
    };
    let message = Message::post(&id, timestamp, b"");
    let headers = match &inline {
        Some(body) => provider
            .scheme
            .sign_reader(&secret, &message, &mut body.as_slice()),
        // Hash while reading: large bodies are never held in memory.
        None => provider
            .scheme
            .sign_reader(&secret, &message, &mut super::open_body(file)?),
    }
    .context("cannot sign")?;

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
                    args.to.as_deref().unwrap_or_default(),
                    &all,
                    match (&inline, file) {
                        (Some(body), _) => curl::Data::Inline(body),
                        (None, Some(path)) => curl::Data::File(path),
                        (None, None) => curl::Data::Inline(b""),
                    }
                )
            )?;
        }
    }
    Ok(Outcome::Success)
}
