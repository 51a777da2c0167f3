//! One file per subcommand. These only wire: they turn parsed flags into calls
//! on the domain modules and print the results.

mod audit;
mod completions;
mod config;
mod events;
mod init;
mod keygen;
mod listen;
mod providers;
mod replay;
mod send;
mod sign;
mod validate;
mod verify;

use std::io::Read;
use std::path::Path;

use anyhow::{bail, Context};

use crate::cli::{Command, CustomSchemeArgs, Deferred, GlobalArgs, ProviderArgs, SpecArgs};
use crate::config::{Config, Resolved};
use crate::contract::Contract;
use crate::exit::Outcome;
use crate::http::Redactor;
use crate::providers::Provider;
use crate::signing::doctor::Diagnosis;
use crate::signing::{HmacScheme, Scheme, Secret, VerifyError};
use crate::term;

pub fn dispatch(command: Command, global: &GlobalArgs) -> anyhow::Result<Outcome> {
    match command {
        Command::Sign(Deferred(args)) => sign::run(args),
        Command::Verify(Deferred(args)) => verify::run(args),
        Command::Validate(Deferred(args)) => validate::run(args),
        Command::Providers(Deferred(args)) => providers::run(args),
        Command::Completions(Deferred(args)) => completions::run(args),
        Command::Listen(Deferred(args)) => listen::run(args, global),
        Command::Send(Deferred(args)) => send::run(args, global),
        Command::Replay(Deferred(args)) => replay::run(args, global),
        Command::Audit(Deferred(args)) => audit::run(args, global),
        Command::Events(Deferred(args)) => events::run(args),
        Command::Init(Deferred(args)) => init::run(args),
        Command::Config(Deferred(args)) => config::run(args),
        Command::Keygen(Deferred(args)) => keygen::run(args),
    }
}

/// Opens a body for reading as raw bytes: a file, or stdin when there is none
/// or it is `-`.
pub fn open_body(file: Option<&Path>) -> anyhow::Result<Box<dyn Read>> {
    match file {
        Some(path) if path != Path::new("-") => {
            let file = std::fs::File::open(path)
                .with_context(|| format!("cannot read body file {}", path.display()))?;
            Ok(Box::new(file))
        }
        _ => Ok(Box::new(std::io::stdin().lock())),
    }
}

/// Says so when `--url` was given for a provider that does not sign the URL.
pub fn note_unused_url(provider: &Provider, url: Option<&str>) {
    if url.is_some() && !provider.scheme.signs_url() {
        crate::term::note(format!(
            "{} does not sign the URL; --url is not used",
            provider.title
        ));
    }
}

/// Reads a whole body as raw bytes (see [`open_body`]).
pub fn read_body(file: Option<&Path>) -> anyhow::Result<Vec<u8>> {
    let mut body = Vec::new();
    open_body(file)?
        .read_to_end(&mut body)
        .with_context(|| match file {
            Some(path) if path != Path::new("-") => {
                format!("cannot read body file {}", path.display())
            }
            _ => "cannot read the body from standard input".to_string(),
        })?;
    Ok(body)
}

/// The schemas `provider`'s events answer to: `--spec` (or whk.toml's
/// `spec`) when given, else the provider's catalog.
pub fn contract(config: &Config, provider: &Provider, spec: &SpecArgs) -> anyhow::Result<Contract> {
    let spec = config.spec(spec.spec.as_deref()).map(|r| r.value);
    Ok(Contract::load(provider, spec.as_deref())?)
}

/// The provider a command works with, custom-scheme flags applied.
pub fn provider(config: &Config, args: &ProviderArgs) -> anyhow::Result<Resolved<Provider>> {
    let resolved = config.provider(args.provider.as_deref())?;
    let preset = resolved.value;
    let value = match custom_scheme(preset, &args.custom)? {
        Some(scheme) => preset.with_scheme(scheme),
        None => preset.clone(),
    };
    Ok(Resolved {
        value,
        source: resolved.source,
    })
}

/// Builds the custom scheme from its flags; they only apply to `custom`.
fn custom_scheme(preset: &Provider, flags: &CustomSchemeArgs) -> anyhow::Result<Option<Scheme>> {
    let any_flag = flags.algorithm.is_some()
        || flags.signature_header.is_some()
        || flags.encoding.is_some()
        || flags.signature_prefix.is_some()
        || flags.template.is_some()
        || flags.timestamp_header.is_some()
        || flags.id_header.is_some();
    if !any_flag {
        return Ok(None);
    }
    let Some(base) = preset.scheme.downcast::<HmacScheme>() else {
        bail!(
            "custom scheme flags (--algorithm, --template, ...) need --provider custom, not {}",
            preset.name
        );
    };
    if preset.name != "custom" {
        bail!(
            "custom scheme flags (--algorithm, --template, ...) need --provider custom, not {}",
            preset.name
        );
    }
    let template = flags
        .template
        .clone()
        .unwrap_or_else(|| base.template.to_string());
    let scheme = HmacScheme {
        algorithm: flags.algorithm.unwrap_or(base.algorithm),
        signature_header: flags
            .signature_header
            .clone()
            .map_or(base.signature_header.clone(), Into::into),
        encoding: flags.encoding.unwrap_or(base.encoding),
        prefix: flags
            .signature_prefix
            .clone()
            .map_or(base.prefix.clone(), Into::into),
        timestamp_header: flags.timestamp_header.clone().map(Into::into).or_else(|| {
            template
                .contains("{timestamp}")
                .then(|| "X-Webhook-Timestamp".into())
        }),
        id_header: flags
            .id_header
            .clone()
            .map(Into::into)
            .or_else(|| template.contains("{id}").then(|| "X-Webhook-Id".into())),
        template: template.into(),
        exact: false,
        timestamp_format: crate::signing::TimestampFormat::Seconds,
        unicode_escaped_fallback: false,
        body_timestamp: None,
    };
    scheme
        .check_parameters()
        .map_err(|reason| anyhow::anyhow!("invalid custom scheme: {reason}"))?;
    Ok(Some(Scheme::new(scheme)))
}

/// How a command shows credential headers: redacted (the known header names
/// and any value holding a configured secret or `also`), or, with
/// `--reveal-secrets`, as they are with a warning on stderr.
/// Why a signature failed, as `verify` and `events show --explain` print it:
/// the error, the doctor's likely causes, and with `explain` its details
/// (signed content, signature prefixes, skew), each through `redactor`.
pub fn write_diagnosis(
    out: &mut impl std::io::Write,
    error: &VerifyError,
    diagnosis: &Diagnosis,
    explain: bool,
    redactor: &Redactor,
) -> std::io::Result<()> {
    use colored::Colorize;
    let error = error.to_string();
    writeln!(
        out,
        "{} {}",
        "invalid:".red().bold(),
        redactor.scrub(&error)
    )?;
    for hint in diagnosis.hints() {
        writeln!(out, "  {} {}", "hint:".yellow(), redactor.scrub(hint))?;
    }
    if explain {
        for detail in diagnosis.details() {
            writeln!(out, "  {} {}", "explain:".dimmed(), redactor.scrub(detail))?;
        }
    }
    Ok(())
}

pub fn redactor(config: &Config, also: Option<&Secret>, reveal: bool) -> Redactor {
    redactor_of(config, [also], reveal)
}

/// [`redactor`] that also hides each of `also` (the secret and the verify token).
pub fn redactor_of<'a>(
    config: &Config,
    also: impl IntoIterator<Item = Option<&'a Secret>>,
    reveal: bool,
) -> Redactor {
    if reveal {
        term::warn(
            "--reveal-secrets: credential headers are shown unredacted; keep this output out of logs, tickets and CI",
        );
        return Redactor::revealing();
    }
    let also = also
        .into_iter()
        .flatten()
        .map(|secret| secret.expose().to_string());
    Redactor::new(
        config
            .known_secrets()
            .iter()
            .map(|secret| secret.expose().to_string())
            .chain(also)
            .collect::<Vec<_>>(),
    )
}

/// A `--public-key` value, checked to be a verifying key of `provider`'s
/// scheme: a shared-secret provider has none, and a typo is named now
/// rather than as a failed signature later.
pub fn public_key(provider: &Provider, key: &Secret) -> anyhow::Result<Secret> {
    match provider.scheme.verifying_key(key) {
        Some(Ok(_)) => Ok(key.clone()),
        Some(Err(err)) => {
            Err(anyhow::Error::new(err).context(format!("--public-key for {}", provider.name)))
        }
        None => bail!(
            "--public-key: not a {0} verifying key ({0} checks this value as a shared secret: \
             pass it with --secret)",
            provider.name
        ),
    }
}

/// The secret for sign/verify: required unless the scheme has no signature.
pub fn required_secret(
    config: &Config,
    args: &ProviderArgs,
    provider: &Provider,
) -> anyhow::Result<Secret> {
    match config.secret(
        args.secret.as_ref(),
        args.secret_file.as_deref(),
        provider.name,
    )? {
        Some(found) => Ok(found.value),
        None if !provider.is_signed() => Ok(Secret::new("")),
        None => bail!(
            "no signing secret for {}: pass --secret, --secret-file, set WHK_SECRET, \
             or run 'whk listen' once to generate a development secret",
            provider.name
        ),
    }
}
