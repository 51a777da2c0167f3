//! `whk sign`: print the headers a provider attaches to a body.

use std::io::Write;

use anyhow::{bail, Context};

use crate::cli::{SignArgs, SignFormat};
use crate::config::Config;
use crate::exit::Outcome;
use crate::http::curl;
use crate::http::Headers;

pub fn run(args: SignArgs) -> anyhow::Result<Outcome> {
    if args.format == SignFormat::Curl && args.to.is_none() {
        bail!("--format curl needs --to URL, e.g. --to http://localhost:3000/webhooks");
    }
    let config = Config::load()?;
    let provider = super::provider(&config, &args.provider)?.value;
    let secret = super::required_secret(&config, &args.provider, &provider)?;
    let id = args.id.unwrap_or_else(|| provider.id_format.generate());
    let timestamp = args.timestamp.unwrap_or_else(crate::clock::unix_now);
    // Hash while reading: large bodies are never held in memory.
    let mut body = super::open_body(args.file.as_deref())?;
    let headers = provider
        .scheme
        .sign_reader(&secret, &id, timestamp, &mut body)
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
                    curl::Data::File(args.file.as_deref())
                )
            )?;
        }
    }
    Ok(Outcome::Success)
}
