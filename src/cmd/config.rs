//! `whk config`: the effective configuration, each value with where it came
//! from (flag, env, file, default). The secret is only ever shown masked.

use std::io::Write;

use serde_json::{json, Value};

use crate::cli::ConfigArgs;
use crate::config::{Config, Source};
use crate::exit::Outcome;
use crate::term;

/// One line of the report: a setting, its value as shown, and its source.
struct Setting {
    name: &'static str,
    value: String,
    source: Option<Source>,
}

pub fn run(args: ConfigArgs) -> anyhow::Result<Outcome> {
    let config = Config::load()?;
    let provider = super::provider(&config, &args.provider)?;
    let secret = match config.secret(
        args.provider.secret.as_ref(),
        args.provider.secret_file.as_deref(),
        provider.value.name,
    ) {
        Ok(Some(found)) => Setting {
            name: "secret",
            value: found.value.masked(),
            source: Some(found.source),
        },
        Ok(None) if !provider.value.is_signed() => Setting {
            name: "secret",
            value: "none (the provider does not sign)".into(),
            source: None,
        },
        Ok(None) => Setting {
            name: "secret",
            value: "none ('whk listen' generates a development secret)".into(),
            source: None,
        },
        // A named variable that is unset is worth showing, not fatal: this is
        // the command people run to find out why.
        Err(err) => Setting {
            name: "secret",
            value: format!("unavailable: {err}"),
            source: None,
        },
    };
    let target = config.target(None);
    let store = config.store(None);
    let file = config
        .path
        .as_ref()
        .map(|path| std::path::absolute(path).unwrap_or_else(|_| path.clone()));

    let settings = [
        Setting {
            name: "provider",
            value: provider.value.name.to_string(),
            source: Some(provider.source),
        },
        secret,
        Setting {
            name: "target",
            value: target.value,
            source: Some(target.source),
        },
        Setting {
            name: "store",
            value: store.value.display().to_string(),
            source: Some(store.source),
        },
        match config.spec(None) {
            Some(spec) => Setting {
                name: "spec",
                value: spec.value.display().to_string(),
                source: Some(spec.source),
            },
            None => Setting {
                name: "spec",
                value: "none (events and schemas from the provider's catalog)".into(),
                source: None,
            },
        },
        Setting {
            name: "validate",
            value: match config.file.validate {
                Some(true) => "true ('whk listen' checks every payload against its schema)",
                _ => "false ('whk listen --validate' checks payloads)",
            }
            .into(),
            source: config
                .file
                .validate
                .map(|_| Source::File(config.path.clone().unwrap_or_default())),
        },
    ];
    let routes: Vec<String> = config
        .file
        .routes
        .iter()
        .map(|route| {
            let mut matches = Vec::new();
            if let Some(path) = &route.path {
                matches.push(format!("path {path}"));
            }
            if let Some(event_type) = &route.event_type {
                matches.push(format!("type {event_type}"));
            }
            if matches.is_empty() {
                matches.push("everything".into());
            }
            format!("{} -> {}", matches.join(", "), route.to.join(", "))
        })
        .collect();

    let mut out = std::io::stdout().lock();
    if args.json {
        let mut object = serde_json::Map::new();
        object.insert(
            "config_file".into(),
            file.as_ref().map(|p| p.display().to_string()).into(),
        );
        for setting in &settings {
            object.insert(
                setting.name.into(),
                json!({"value": setting.value, "source": setting.source.as_ref().map(source_json)}),
            );
        }
        object.insert(
            "routes".into(),
            Value::Array(
                config
                    .file
                    .routes
                    .iter()
                    .map(|r| {
                        json!({
                            "path": r.path, "type": r.event_type, "to": r.to,
                        })
                    })
                    .collect(),
            ),
        );
        writeln!(out, "{}", term::color_json(&Value::Object(object)))?;
        return Ok(Outcome::Success);
    }

    use colored::Colorize;
    let file_line = match &file {
        Some(path) => path.display().to_string(),
        None => format!(
            "none (looked for ./{} and {})",
            crate::config::FILE_NAME,
            crate::config::user_config_path().display()
        ),
    };
    writeln!(out, "{:<12}{file_line}", "config file".bold())?;
    // Align the sources after the short values; a long one (an error) just
    // pushes its own source along rather than padding every line.
    let width = settings
        .iter()
        .map(|s| s.value.chars().count())
        .filter(|&w| w <= 40)
        .max()
        .unwrap_or(0);
    for setting in &settings {
        let source = setting
            .source
            .as_ref()
            .map(|s| format!("from {s}").dimmed().to_string())
            .unwrap_or_default();
        writeln!(
            out,
            "{:<12}{:<width$}  {source}",
            setting.name.bold(),
            setting.value
        )?;
    }
    if routes.is_empty() {
        writeln!(out, "{:<12}none", "routes".bold())?;
    } else {
        for (i, route) in routes.iter().enumerate() {
            let label = if i == 0 { "routes" } else { "" };
            writeln!(out, "{:<12}{route}", label.bold())?;
        }
    }
    Ok(Outcome::Success)
}

/// A source as JSON: its kind, plus the variable or file it names.
fn source_json(source: &Source) -> Value {
    match source {
        Source::Flag => json!({"kind": "flag"}),
        Source::Env(name) => json!({"kind": "env", "name": name}),
        Source::EnvVar(name) => json!({"kind": "env", "name": name, "named_in": "file"}),
        Source::File(path) => json!({"kind": "file", "path": path.display().to_string()}),
        Source::Generated(path) => json!({"kind": "generated", "path": path.display().to_string()}),
        Source::Default => json!({"kind": "default"}),
    }
}
