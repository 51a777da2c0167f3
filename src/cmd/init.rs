//! `whk init`: write a commented whk.toml here, asking on a terminal and taking
//! flags plus `--yes` everywhere else. It never prompts without a terminal or
//! when CI is set; the file itself is rendered by `config::init`.

use std::io;

use anyhow::{bail, Context};
use dialoguer::theme::{ColorfulTheme, SimpleTheme, Theme};
use dialoguer::{FuzzySelect, Input, Password, Select};

use crate::cli::InitArgs;
use crate::config::init::{self, InitAnswers, InitError, SecretAnswer};
use crate::config::{generate_secret, DEFAULT_TARGET, FILE_NAME};
use crate::exit::{Interrupted, Outcome};
use crate::providers::{self, Provider};
use crate::signing::Secret;
use crate::term;

pub fn run(args: InitArgs) -> anyhow::Result<Outcome> {
    let dir = std::env::current_dir().context("cannot tell the current directory")?;
    // Refuse before asking anything: answering five questions to then be told
    // the file exists would be rude.
    if !args.force && dir.join(FILE_NAME).exists() {
        return Err(InitError::Exists(dir.join(FILE_NAME)).into());
    }
    let answers = if args.yes {
        from_flags(&args)?
    } else if term::interactive() {
        ask(&args)?
    } else {
        let why = if std::env::var_os("CI").is_some() {
            "CI is set"
        } else {
            "standard input is not a terminal"
        };
        bail!(
            "'whk init' asks its questions only on a terminal ({why}); pass the answers as \
             flags and --yes, e.g. 'whk init --provider izi --secret-env IZI_SECRET --yes'"
        );
    };
    let path = init::write(&dir, &answers, args.force)?;
    report(&answers);
    term::note(format!("wrote {}", path.display()));
    term::note("next, in two terminals: 'whk listen' and 'whk send test-event'; 'whk config' shows the result");
    Ok(Outcome::Success)
}

/// The answers from flags alone; what they leave out takes its default.
fn from_flags(args: &InitArgs) -> anyhow::Result<InitAnswers> {
    let provider = match &args.provider {
        Some(name) => providers::find(name)?,
        None => providers::find(providers::DEFAULT_PROVIDER)?,
    };
    let secret = flag_secret(args, provider)?.unwrap_or(SecretAnswer::None);
    let target = args
        .target
        .clone()
        .unwrap_or_else(|| DEFAULT_TARGET.to_string());
    init::check_target(&target).map_err(anyhow::Error::msg)?;
    Ok(InitAnswers {
        provider,
        secret,
        target,
        store: store_flag(args)?,
    })
}

/// The secret named by `--secret-env` or `--generate-secret`, if either.
fn flag_secret(args: &InitArgs, provider: &Provider) -> anyhow::Result<Option<SecretAnswer>> {
    if let Some(name) = &args.secret_env {
        init::check_env_name(name).map_err(anyhow::Error::msg)?;
        return Ok(Some(SecretAnswer::Env(name.clone())));
    }
    if args.generate_secret {
        return Ok(Some(SecretAnswer::Generated(generate_secret(
            &provider.scheme,
        )?)));
    }
    Ok(None)
}

fn store_flag(args: &InitArgs) -> anyhow::Result<Option<String>> {
    args.store
        .as_ref()
        .map(|path| match path.to_str() {
            Some(text) => Ok(text.to_string()),
            None => bail!(
                "--store {} is not valid UTF-8; whk.toml can only hold UTF-8 paths",
                path.display()
            ),
        })
        .transpose()
}

/// Asks for what the flags left out.
fn ask(args: &InitArgs) -> anyhow::Result<InitAnswers> {
    let colorful = ColorfulTheme::default();
    let theme: &dyn Theme = if colored::control::SHOULD_COLORIZE.should_colorize() {
        &colorful
    } else {
        &SimpleTheme
    };

    let provider = match &args.provider {
        Some(name) => providers::find(name)?,
        None => {
            let all = providers::all()?;
            let items: Vec<String> = all
                .iter()
                .map(|p| format!("{:<9} {}", p.name, p.title))
                .collect();
            let default = all
                .iter()
                .position(|p| p.name == providers::DEFAULT_PROVIDER)
                .unwrap_or(0);
            let index = FuzzySelect::with_theme(theme)
                .with_prompt("Provider (type to filter)")
                .items(&items)
                .default(default)
                .interact()
                .map_err(prompt_error)?;
            all[index]
        }
    };

    let secret = match flag_secret(args, provider)? {
        Some(secret) => secret,
        None if !provider.is_signed() => SecretAnswer::None,
        None => ask_secret(theme, provider)?,
    };

    let target: String = Input::with_theme(theme)
        .with_prompt("Default target URL for 'whk send' and 'whk replay'")
        .default(
            args.target
                .clone()
                .unwrap_or_else(|| DEFAULT_TARGET.to_string()),
        )
        .validate_with(|url: &String| init::check_target(url))
        .interact_text()
        .map_err(prompt_error)?;

    let store = match store_flag(args)? {
        Some(store) => Some(store),
        None => {
            let store: String = Input::with_theme(theme)
                .with_prompt("Event store file (empty: whk's home)")
                .allow_empty(true)
                .interact_text()
                .map_err(prompt_error)?;
            Some(store.trim().to_string()).filter(|s| !s.is_empty())
        }
    };

    Ok(InitAnswers {
        provider,
        secret,
        target,
        store,
    })
}

fn ask_secret(theme: &dyn Theme, provider: &'static Provider) -> anyhow::Result<SecretAnswer> {
    let env_name = init::default_env_name(provider);
    let choices = [
        "Generate a development secret (written to whk.toml)".to_string(),
        format!(
            "Paste the {} signing secret (written to whk.toml)",
            provider.title
        ),
        format!("Read it from an environment variable (e.g. {env_name})"),
        "None for now ('whk listen' generates one in your user config)".to_string(),
    ];
    let choice = Select::with_theme(theme)
        .with_prompt("Signing secret")
        .items(&choices)
        .default(0)
        .interact()
        .map_err(prompt_error)?;
    Ok(match choice {
        0 => SecretAnswer::Generated(generate_secret(&provider.scheme)?),
        1 => {
            let pasted = Password::with_theme(theme)
                .with_prompt(format!("{} signing secret (hidden)", provider.title))
                .validate_with(|value: &String| {
                    provider
                        .scheme
                        .key(&Secret::new(value.trim()))
                        .map(drop)
                        .map_err(|err| err.to_string())
                })
                .interact()
                .map_err(prompt_error)?;
            SecretAnswer::Pasted(Secret::new(pasted.trim()))
        }
        2 => {
            let name: String = Input::with_theme(theme)
                .with_prompt("Environment variable")
                .default(env_name)
                .validate_with(|name: &String| init::check_env_name(name))
                .interact_text()
                .map_err(prompt_error)?;
            SecretAnswer::Env(name)
        }
        _ => SecretAnswer::None,
    })
}

/// Ctrl-C at a prompt abandons `whk init` (exit 130), anything else is an error.
fn prompt_error(err: dialoguer::Error) -> anyhow::Error {
    let dialoguer::Error::IO(io_err) = err;
    if io_err.kind() == io::ErrorKind::Interrupted {
        anyhow::Error::from(Interrupted)
    } else {
        anyhow::Error::from(io_err).context("cannot read the answer from the terminal")
    }
}

/// Says what was written, secret masked.
fn report(answers: &InitAnswers) {
    let name = answers.provider.name;
    let secret = match &answers.secret {
        SecretAnswer::None if !answers.provider.is_signed() => {
            "none (the provider does not sign)".to_string()
        }
        SecretAnswer::None => "none yet ('whk listen' generates one)".to_string(),
        SecretAnswer::Generated(secret) => format!(
            "{} (generated; 'whk listen --print-secret' shows it)",
            secret.masked()
        ),
        SecretAnswer::Pasted(secret) => secret.masked(),
        SecretAnswer::Env(var) => format!("from ${var}"),
    };
    term::note(format!(
        "provider {name}, secret {secret}, target {}",
        answers.target
    ));
    if answers.holds_secret() {
        term::warn(
            "whk.toml holds the secret: keep it out of version control (add it to .gitignore)",
        );
    }
}
