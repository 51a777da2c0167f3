//! `whk listen`: turns the flags into [`crate::receiver::Settings`], mounts
//! the sinks that show deliveries (and the inspector), binds, prints where it
//! listens (and the development secret), serves, and turns the report into an
//! exit code.

use std::sync::Arc;

use anyhow::Context;
use colored::Colorize;

use crate::cli::{GlobalArgs, ListenArgs};
use crate::clock::Clock;
use crate::config::{Config, Source};
use crate::exit::Outcome;
use crate::receiver::forward::Forwarder;
use crate::receiver::goal::Goal;
use crate::receiver::print::{human_size, HumanSink, HumanStyle, JsonSink};
use crate::receiver::simulate::Simulation;
use crate::receiver::{Mounts, Sender, Server, Settings, Validation};
use crate::signing::Secret;
use crate::store::Store;
use crate::term;
use crate::ui::{self as inspector, Inspector};

/// The name that asks the listener to recognise each delivery's sender.
const AUTO: &str = "auto";

pub fn run(args: ListenArgs, _global: &GlobalArgs) -> anyhow::Result<Outcome> {
    let mut config = Config::load()?;
    let auto = args
        .provider
        .provider
        .as_deref()
        .is_some_and(|name| name.eq_ignore_ascii_case(AUTO));
    let senders = match auto {
        true => senders(&config)?,
        false => Vec::new(),
    };
    // With auto, the settings' own provider only names what no sender claims.
    let provider = match senders.first() {
        Some(first) => first.provider.clone(),
        None => super::provider(&config, &args.provider)?.value,
    };
    let secret_args = &args.provider;
    // A verifying key takes the secret's place: it is what the listener checks with.
    let public_key = match &args.public_key {
        Some(_) if auto => {
            anyhow::bail!("--public-key names one provider's key; --provider auto reads every key from whk.toml [secrets]")
        }
        Some(key) => Some(super::public_key(&provider, key)?),
        None => None,
    };
    let secret_flag = public_key.as_ref().or(secret_args.secret.as_ref());

    if args.print_secret {
        let secret = config.secret_or_generate(
            secret_flag,
            secret_args.secret_file.as_deref(),
            &provider,
        )?;
        // Asked for explicitly, for CI scripts that configure the sender.
        println!("{}", secret.value.expose());
        return Ok(Outcome::Success);
    }

    // Zotlo-style providers sign nothing, so there is no secret to make up.
    let secret = if auto || args.skip_verify || !provider.is_signed() {
        None
    } else {
        let resolved = config.secret_or_generate(
            secret_flag,
            secret_args.secret_file.as_deref(),
            &provider,
        )?;
        let unusable = || {
            format!(
                "the {} secret from {} cannot be used",
                provider.name, resolved.source
            )
        };
        provider
            .scheme
            .key(&resolved.value)
            .with_context(unusable)?;
        // Of a key pair, the listener keeps only the public half: a receiver
        // never needs the key that signs.
        let verifying = provider
            .scheme
            .verifying_key(&resolved.value)
            .transpose()
            .with_context(unusable)?;
        if matches!(resolved.source, Source::Generated(_)) {
            // The inspector re-signs replays from the configuration: it must
            // see the key just saved (the listener itself may keep only its
            // public half).
            config = Config::load()?;
        }
        Some(ListenKey {
            verifying: verifying.map(Secret::new),
            resolved,
        })
    };

    let forwarder = Forwarder::new(
        args.forward_to.as_deref(),
        &config.file.routes,
        (!args.forward_timeout.is_zero()).then_some(args.forward_timeout),
    )?
    .map(Arc::new);
    let suspects = crate::providers::suspects(&provider);
    // A schema check that was asked for must be possible before listening.
    let validate = args.validate
        || args.expect_valid
        || args.reject_invalid
        || config.file.validate == Some(true);
    if args.spec.spec.is_some() && !validate {
        term::note("--spec only matters to listen with --validate; payloads are not checked");
    }
    let validation = match validate {
        true => Some(Validation {
            contract: Arc::new(super::contract(&config, &provider, &args.spec)?),
            reject_invalid: args.reject_invalid,
        }),
        false => None,
    };
    let verify_token = config.verify_token(args.verify_token.verify_token.as_ref())?;
    let settings = Settings {
        verify_token: verify_token.map(|token| token.value),
        tolerance: args.tolerance.or(provider.tolerance),
        max_body: args.max_body,
        path: args.path.as_deref().map(|p| {
            if p.starts_with('/') {
                p.to_string()
            } else {
                format!("/{p}")
            }
        }),
        simulation: Simulation::new(args.status, args.fail_first.unwrap_or(0), args.delay),
        forwarder: forwarder.clone(),
        goal: Goal {
            max_events: args.max_events,
            expect: args.expect.clone(),
            timeout: args.timeout,
            expect_valid: args.expect_valid,
            fail_fast: args.fail_fast,
        },
        secret: secret.as_ref().map(|key| key.checks_with().clone()),
        provider,
        suspects,
        clock: Clock::System,
        stop_on_signals: true,
        validation,
        senders,
        public_url: args.public_url.clone(),
    };

    let store_path = config.store(args.store.as_deref()).value;
    let store = Store::open(&store_path)?;
    let mut server = Server::bind(&args.host, args.port)?;
    if let Some(forwarder) = &forwarder {
        let own = forwarder.targets_at(server.local_addr());
        if let Some(url) = own.first() {
            anyhow::bail!(
                "the forward target {url} is this listener itself (http://{}/): every delivery would be \
                 forwarded back to it; forward to your app's port instead (--forward-to or [[route]] in whk.toml)",
                server.local_addr()
            );
        }
    }
    let redactor = super::redactor_of(
        &config,
        [settings.secret.as_ref(), settings.verify_token.as_ref()],
        args.reveal_secrets,
    );
    let mut mounts = Mounts::default();
    mounts.sinks.push(if args.json {
        Box::new(JsonSink::new(term::quiet(), redactor.clone()))
    } else {
        Box::new(HumanSink::new(
            HumanStyle {
                compact: args.compact,
                headers: args.headers,
                app_answers: term::verbose(),
                quiet: term::quiet(),
            },
            redactor.clone(),
        ))
    });
    let mut inspector_url = None;
    if args.ui {
        let addr = match args.ui_port {
            None => server.local_addr(),
            Some(port) => server.bind_pages(port)?,
        };
        let inspector = Inspector::new(inspector::Setup {
            store_path: &store_path,
            config: config.clone(),
            // Beyond loopback, anyone who can reach the port could read and
            // replay deliveries: the page then needs the token printed below.
            exposed: !server.local_addr().ip().is_loopback(),
            provider: settings.provider.clone(),
            secret: settings.secret.clone(),
            tolerance: settings.tolerance,
            redactor,
            replay_target: Box::new(move |path, event_type| {
                let forwarder = forwarder.as_ref()?;
                forwarder
                    .targets(path, event_type)
                    .into_iter()
                    .next()
                    .map(|target| target.url)
            }),
        })
        .context("cannot start the inspector (--ui)")?;
        inspector_url = Some(inspector.url(addr));
        mounts.sinks.push(Box::new(inspector.live_feed()));
        mounts.pages = Some(Arc::new(inspector));
    }

    // The address line is printed even with --quiet: scripts using --port 0 parse it.
    eprintln!(
        "{} listening on http://{}/ ({}{})",
        "whk".bold(),
        server.local_addr(),
        settings.provider.title,
        match &settings.path {
            Some(path) => format!(", deliveries on {path} only"),
            None => String::new(),
        }
    );
    if let Some(url) = inspector_url {
        // Printed even with --quiet: it may carry the token needed to open it.
        eprintln!("{} inspector: {url}", "whk".bold());
    }
    if let Some(ListenKey {
        resolved: secret,
        verifying: Some(verifying),
    }) = &secret
    {
        // A public key is no secret: it is shown whole, so a sender can be checked against it.
        if let Source::Generated(path) = &secret.source {
            eprintln!("Your signing key: {}", secret.value.expose());
            term::note(format!(
                "  (generated and saved in {}; 'whk send' signs with it, this listener keeps only \
                 its public half: {})",
                path.display(),
                verifying.expose()
            ));
        } else {
            term::note(format!(
                "  verifying with the public key {} (from {})",
                verifying.expose(),
                secret.source
            ));
        }
    } else if let Some(ListenKey {
        resolved: secret, ..
    }) = &secret
    {
        // Only a secret whk just made up is shown whole (the quick start needs
        // it); one the user configured would land in CI logs on every start.
        if let Source::Generated(path) = &secret.source {
            eprintln!("Your signing secret: {}", secret.value.expose());
            term::note(format!(
                "  (generated and saved in {}; 'whk send' uses it too)",
                path.display()
            ));
        } else {
            term::note(format!(
                "  verifying with the secret from {} ({}; 'whk listen --print-secret' prints it)",
                secret.source,
                secret.value.masked()
            ));
        }
    } else if args.skip_verify {
        term::note("  signatures are not checked (--skip-verify)");
    }
    let needs_token = std::iter::once(&settings.provider)
        .chain(settings.senders.iter().map(|s| s.provider))
        .find(|p| p.handshakes.iter().any(|h| h.carries_verify_token()));
    if let (Some(provider), None) = (needs_token, &settings.verify_token) {
        term::note(format!(
            "  {}'s subscription handshake is answered 403 until a verify token is set (--verify-token, WHK_VERIFY_TOKEN or verify_token in whk.toml)",
            provider.title
        ));
    }
    if let Some(validation) = &settings.validation {
        term::note(format!(
            "  checking payloads against the {} schemas{}",
            validation.contract.source_name(),
            if validation.reject_invalid {
                "; a payload that breaks its schema is answered 422"
            } else {
                ""
            }
        ));
    }
    if let Some(forwarder) = &settings.forwarder {
        term::note(format!("  {}", forwarder.describe()));
    }
    term::note(format!(
        "  recording in {} (bodies up to {}); Ctrl-C to stop",
        store_path.display(),
        human_size(settings.max_body)
    ));

    for expected in &args.expect {
        // Custom types exist, so this warns and goes on.
        if let Err(unknown) = settings
            .provider
            .catalog()
            .find(settings.provider.name, expected)
        {
            term::warn(format!(
                "--expect {expected}: not in the {} catalog; {}waiting for it anyway",
                settings.provider.title,
                match unknown.suggestions.first() {
                    Some(close) => format!("did you mean {close}? "),
                    None => String::new(),
                }
            ));
        }
    }
    if let Some(path) = &args.port_file {
        write_port_file(path, server.local_addr().port())?;
    }

    let goal = settings.goal.clone();
    let report = server.run(settings, store, mounts)?;
    if let Some(why) = report.writer_failed {
        anyhow::bail!(
            "the listener stopped because its event-store writer died, so nothing more could be \
             recorded; deliveries in flight were answered 503 (the sender retries them). {why}"
        );
    }
    let failures = goal.failures(&report.tally, report.stopped);
    for failure in &failures {
        eprintln!("{} {failure}", "failed:".red().bold());
    }
    Ok(Outcome::from_success(failures.is_empty()))
}

/// The credential a listener resolved, and the verifying key it keeps of a key pair.
struct ListenKey {
    resolved: crate::config::Resolved<Secret>,
    verifying: Option<Secret>,
}

impl ListenKey {
    fn checks_with(&self) -> &Secret {
        self.verifying.as_ref().unwrap_or(&self.resolved.value)
    }
}

/// Writes the port whole or not at all (a temporary file renamed into
/// place), so a script polling for the file never reads half a number.
fn write_port_file(path: &std::path::Path, port: u16) -> anyhow::Result<()> {
    let partial = path.with_extension("partial");
    std::fs::write(&partial, format!("{port}\n"))
        .and_then(|()| std::fs::rename(&partial, path))
        .with_context(|| format!("cannot write --port-file {}", path.display()))
}

/// `--provider auto`: every provider the config has a secret for, each
/// verified with its own.
fn senders(config: &Config) -> anyhow::Result<Vec<Sender>> {
    let mut senders = Vec::new();
    for (name, secret) in config.file_secrets()? {
        let provider = crate::providers::find(&name)
            .with_context(|| format!("[secrets] in whk.toml names provider '{name}'"))?;
        let unusable = || format!("the {name} secret in whk.toml cannot be used");
        provider.scheme.key(&secret).with_context(unusable)?;
        // Of a key pair, only the public half is kept, as with one provider.
        let secret = match provider.scheme.verifying_key(&secret) {
            Some(verifying) => Secret::new(verifying.with_context(unusable)?),
            None => secret,
        };
        senders.push(Sender { provider, secret });
    }
    if senders.is_empty() {
        anyhow::bail!(
            "--provider auto tells senders apart by their secrets, and whk.toml names none: \
             add one per provider, e.g. [secrets] stripe = \"whsec_...\" and github = \"...\""
        );
    }
    Ok(senders)
}
