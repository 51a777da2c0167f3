//! A new project `whk.toml`, as `whk init` writes it: the answers rendered as a
//! commented file that a person can read and edit, and that loads back with
//! [`Config::load_from`](super::Config::load_from) (the format has
//! `deny_unknown_fields`, so every uncommented key here is a real one).

use std::path::{Path, PathBuf};

use crate::providers::Provider;
use crate::signing::Secret;

use super::{write_private, DEFAULT_TARGET, FILE_NAME};

/// How the project's signing secret is given.
#[derive(Debug, Clone)]
pub enum SecretAnswer {
    /// Nothing in the file: `whk listen` generates a development secret and
    /// keeps it in the user config, out of the project.
    None,
    /// A fresh development secret, written into the file.
    Generated(Secret),
    /// The provider's real secret, written into the file.
    Pasted(Secret),
    /// The name of an environment variable read at run time.
    Env(String),
}

/// Everything `whk init` asks for.
#[derive(Debug, Clone)]
pub struct InitAnswers {
    pub provider: &'static Provider,
    pub secret: SecretAnswer,
    /// Default target of `whk send` and `whk replay`.
    pub target: String,
    /// Event store file; `None` keeps the default in the user data dir.
    pub store: Option<String>,
}

impl InitAnswers {
    /// Whether the file will hold a secret value (and so must stay private).
    pub fn holds_secret(&self) -> bool {
        matches!(
            self.secret,
            SecretAnswer::Generated(_) | SecretAnswer::Pasted(_)
        )
    }
}

#[derive(Debug, thiserror::Error)]
pub enum InitError {
    #[error("{} already exists; pass --force to overwrite it, or edit it by hand", .0.display())]
    Exists(PathBuf),
    #[error("cannot write {}", path.display())]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// Writes the answers as `dir/whk.toml`. An existing file is kept unless
/// `force`. A file holding a secret value is created readable by its owner only.
pub fn write(dir: &Path, answers: &InitAnswers, force: bool) -> Result<PathBuf, InitError> {
    let path = dir.join(FILE_NAME);
    if !force && path.exists() {
        return Err(InitError::Exists(path));
    }
    let text = render(answers);
    let written = if answers.holds_secret() {
        restrict_existing(&path).and_then(|()| write_private(&path, &text))
    } else {
        std::fs::write(&path, text)
    };
    written.map_err(|source| InitError::Write {
        path: path.clone(),
        source,
    })?;
    Ok(path)
}

/// Makes a file about to be overwritten with a secret owner-only first:
/// `write_private` sets the mode only when it creates the file.
fn restrict_existing(path: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    if path.exists() {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))?;
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

/// The commented file. Values are quoted by `toml` itself, so any text a
/// person typed (quotes, backslashes, unicode) round-trips.
pub fn render(answers: &InitAnswers) -> String {
    let provider = answers.provider;
    let mut out = String::new();
    let mut line = |text: &str| {
        out.push_str(text);
        out.push('\n');
    };
    line("# whk configuration for this project, written by 'whk init'.");
    line("# Flags and the WHK_PROVIDER / WHK_SECRET environment variables override it;");
    line("# 'whk config' shows the values in effect and where each one comes from.");
    line("");
    line(&format!(
        "# Provider preset: signature scheme, headers, retries and sample events ({}).",
        provider.title
    ));
    line(&format!(
        "# See 'whk providers show {}'; 'whk providers' lists them all.",
        provider.name
    ));
    line(&format!("provider = {}", quote(provider.name)));
    line("");
    line("# Where 'whk send' and 'whk replay' deliver when --to is not given.");
    line(&format!("target = {}", quote(&answers.target)));
    line("");
    line("# The SQLite file where 'whk listen' records deliveries (default: in whk's home).");
    match &answers.store {
        Some(store) => line(&format!("store = {}", quote(store))),
        None => line("# store = \".whk/events.db\""),
    }
    line("");
    line("# Signing secrets, one per provider: a value, or { env = \"NAME\" } to read an");
    line("# environment variable when whk runs.");
    let key = provider.name;
    match &answers.secret {
        SecretAnswer::None => {
            line("# Without one, 'whk listen' generates a development secret and keeps it in");
            line("# your user config, so 'whk send' in another terminal signs with the same one.");
            line("# [secrets]");
            line(&format!(
                "# {key} = {{ env = \"{}\" }}",
                default_env_name(provider)
            ));
        }
        SecretAnswer::Generated(secret) | SecretAnswer::Pasted(secret) => {
            if matches!(answers.secret, SecretAnswer::Generated(_)) {
                line("# A development secret generated by 'whk init'.");
            }
            line("# This file holds a secret: keep it out of version control.");
            line("[secrets]");
            line(&format!("{key} = {}", quote(secret.expose())));
        }
        SecretAnswer::Env(name) => {
            line("[secrets]");
            line(&format!("{key} = {{ env = {} }}", quote(name)));
        }
    }
    line("");
    line("# Forwarding routes for 'whk listen': deliveries matching a path prefix and/or");
    line("# an event type (a trailing * matches a prefix) go to one target or several.");
    line("# [[route]]");
    line(&format!("# path = \"/{}\"", provider.name));
    line("# type = \"*\"");
    line("# to = \"http://localhost:8080/webhooks\"   # as given; {path} stands for the request's path");
    line("# keep_path = true                          # or append what follows the path prefix");
    out
}

fn quote(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

/// The conventional variable name for a provider's secret, e.g. `IZI_SECRET`.
pub fn default_env_name(provider: &Provider) -> String {
    format!(
        "{}_SECRET",
        provider.name.to_ascii_uppercase().replace('-', "_")
    )
}

/// Checks an environment variable name (letters, digits, `_`, not starting with a digit).
pub fn check_env_name(name: &str) -> Result<(), String> {
    let mut chars = name.chars();
    let valid_start = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_');
    if valid_start && chars.all(|c| c.is_ascii_alphanumeric() || c == '_') {
        Ok(())
    } else {
        Err(format!(
            "'{name}' is not an environment variable name: use letters, digits and _, e.g. IZI_SECRET"
        ))
    }
}

/// Checks a target URL: absolute http or https.
pub fn check_target(url: &str) -> Result<(), String> {
    match reqwest::Url::parse(url) {
        Ok(parsed) if matches!(parsed.scheme(), "http" | "https") => Ok(()),
        Ok(parsed) => Err(format!(
            "target '{url}' uses {}: use an http:// or https:// URL, e.g. {DEFAULT_TARGET}",
            parsed.scheme()
        )),
        Err(err) => Err(format!(
            "target '{url}' is not a URL ({err}), e.g. {DEFAULT_TARGET}"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Config, ConfigFile, SecretSetting};
    use crate::providers;

    fn answers(secret: SecretAnswer, store: Option<&str>) -> InitAnswers {
        InitAnswers {
            provider: providers::find("izi").unwrap(),
            secret,
            target: "http://localhost:8080/izi \"events\"".into(),
            store: store.map(Into::into),
        }
    }

    fn parse(answers: &InitAnswers) -> ConfigFile {
        let text = render(answers);
        toml::from_str(&text).unwrap_or_else(|e| panic!("{e}\n{text}"))
    }

    #[test]
    fn every_answer_renders_a_loadable_file() {
        let none = parse(&answers(SecretAnswer::None, None));
        assert_eq!(none.provider.as_deref(), Some("izi"));
        assert_eq!(
            none.target.as_deref(),
            Some("http://localhost:8080/izi \"events\"")
        );
        assert!(none.secrets.is_empty() && none.store.is_none() && none.routes.is_empty());

        let env = parse(&answers(
            SecretAnswer::Env("IZI_SECRET".into()),
            Some("C:\\x\\ev.db"),
        ));
        assert_eq!(
            env.secrets["izi"],
            SecretSetting::Env {
                env: "IZI_SECRET".into()
            }
        );
        assert_eq!(env.store, Some(PathBuf::from("C:\\x\\ev.db")));

        let pasted = parse(&answers(SecretAnswer::Pasted(Secret::new("a\"b\\c")), None));
        assert_eq!(
            pasted.secrets["izi"],
            SecretSetting::Value("a\"b\\c".into())
        );
    }

    #[test]
    fn write_keeps_an_existing_file_unless_forced() {
        let dir = tempfile::tempdir().unwrap();
        let first = answers(
            SecretAnswer::Generated(Secret::new("s3cr3t-value-123")),
            None,
        );
        let path = write(dir.path(), &first, false).unwrap();
        let loaded = Config::load_from(&path).unwrap();
        assert_eq!(
            loaded.file.secrets["izi"],
            SecretSetting::Value("s3cr3t-value-123".into())
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o077, 0, "a file with a secret is private");
        }
        let second = answers(SecretAnswer::None, None);
        assert!(matches!(
            write(dir.path(), &second, false),
            Err(InitError::Exists(_))
        ));
        assert!(Config::load_from(&path)
            .unwrap()
            .file
            .secrets
            .contains_key("izi"));
        write(dir.path(), &second, true).unwrap();
        assert!(Config::load_from(&path).unwrap().file.secrets.is_empty());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
            write(dir.path(), &first, true).unwrap();
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(
                mode & 0o077,
                0,
                "overwriting with a secret makes the file private"
            );
        }
    }

    #[test]
    fn checks_names_and_urls() {
        assert!(check_env_name("IZI_SECRET").is_ok());
        assert!(check_env_name("_x1").is_ok());
        for bad in ["", "1X", "IZI-SECRET", "A B", "$X"] {
            assert!(check_env_name(bad).is_err(), "{bad}");
        }
        assert!(check_target("http://127.0.0.1:3000/").is_ok());
        assert!(check_target("https://example.test/hooks").is_ok());
        assert!(check_target("ftp://x/").unwrap_err().contains("ftp"));
        assert!(check_target("localhost:3000").is_err());
        assert!(check_target("not a url").is_err());
        assert_eq!(
            default_env_name(providers::find("github").unwrap()),
            "GITHUB_SECRET"
        );
    }
}
