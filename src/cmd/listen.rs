//! `whk listen`: turns the flags into [`receiver::Settings`], binds, prints
//! where it listens (and the development secret), serves, and turns the
//! report into an exit code.

use anyhow::Context;
use colored::Colorize;

use crate::cli::{GlobalArgs, ListenArgs};
use crate::config::{Config, Source};
use crate::exit::Outcome;
use crate::receiver::forward::Forwarder;
use crate::receiver::goal::{Goal, Stop};
use crate::receiver::print::{human_size, Format};
use crate::receiver::simulate::Simulation;
use crate::receiver::{Server, Settings};
use crate::store::Store;
use crate::term;
use crate::ui::Inspector;

pub fn run(args: ListenArgs, _global: &GlobalArgs) -> anyhow::Result<Outcome> {
    let config = Config::load()?;
    let provider = super::provider(&config, &args.provider)?.value;
    let secret_args = &args.provider;

    if args.print_secret {
        let secret = config.secret_or_generate(
            secret_args.secret.as_deref(),
            secret_args.secret_file.as_deref(),
            &provider,
        )?;
        // Asked for explicitly, for CI scripts that configure the sender.
        println!("{}", secret.value.expose());
        return Ok(Outcome::Success);
    }

    // Zotlo-style providers sign nothing, so there is no secret to make up.
    let secret = if args.skip_verify || !provider.is_signed() {
        None
    } else {
        let resolved = config.secret_or_generate(
            secret_args.secret.as_deref(),
            secret_args.secret_file.as_deref(),
            &provider,
        )?;
        provider.scheme.key(&resolved.value).with_context(|| {
            format!(
                "the {} secret from {} cannot be used",
                provider.name, resolved.source
            )
        })?;
        Some(resolved)
    };

    let settings = Settings {
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
        forwarder: {
            let timeout = args.forward_timeout;
            Forwarder::new(
                args.forward_to.as_deref(),
                &config.file.routes,
                (!timeout.is_zero()).then_some(timeout),
            )?
        },
        goal: Goal {
            max_events: args.max_events,
            expect: args.expect.clone(),
            timeout: args.timeout,
        },
        format: if args.json {
            Format::Json
        } else {
            Format::Human {
                compact: args.compact,
                headers: args.headers,
            }
        },
        secret: secret.as_ref().map(|s| s.value.clone()),
        provider,
        inspector: None,
    };
    let mut settings = settings;

    let store_path = config.store(args.store.as_deref()).value;
    let store = Store::open(&store_path)?;
    let mut server = Server::bind(&args.host, args.port)?;
    let inspector_addr = match (args.ui, args.ui_port) {
        (false, _) => None,
        (true, None) => Some(server.local_addr()),
        (true, Some(port)) => Some(server.bind_inspector(port)?),
    };
    if args.ui {
        // Beyond loopback, anyone who can reach the port could read and replay
        // deliveries: the page then needs the token printed below.
        let exposed = !server.local_addr().ip().is_loopback();
        settings.inspector = Some(
            Inspector::new(&store_path, config.clone(), exposed)
                .context("cannot start the inspector (--ui)")?,
        );
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
    if let (Some(inspector), Some(addr)) = (&settings.inspector, inspector_addr) {
        // Printed even with --quiet: it may carry the token needed to open it.
        eprintln!("{} inspector: {}", "whk".bold(), inspector.url(addr));
    }
    if let Some(secret) = &secret {
        if matches!(secret.source, Source::Generated(_) | Source::File(_)) {
            eprintln!("Your signing secret: {}", secret.value.expose());
            if let Source::Generated(path) = &secret.source {
                term::note(format!(
                    "  (generated and saved in {}; 'whk send' uses it too)",
                    path.display()
                ));
            }
        }
    } else if args.skip_verify {
        term::note("  signatures are not checked (--skip-verify)");
    }
    if let Some(forwarder) = &settings.forwarder {
        term::note(format!("  {}", forwarder.describe()));
    }
    term::note(format!(
        "  recording in {} (bodies up to {}); Ctrl-C to stop",
        store_path.display(),
        human_size(settings.max_body)
    ));

    let goal = settings.goal.clone();
    let report = server.run(settings, store);

    let failures = goal.failures(&report.tally, report.stopped);
    if !term::quiet() {
        let how = match report.stopped {
            Stop::Done => "done",
            Stop::Timeout => "timed out",
            Stop::Signal => "stopped",
        };
        eprintln!("{} {how}: {}", "whk".bold(), report.tally);
    }
    for failure in &failures {
        eprintln!("{} {failure}", "failed:".red().bold());
    }
    Ok(Outcome::from_success(failures.is_empty()))
}
