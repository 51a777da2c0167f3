//! Configuration: `whk.toml` in the current directory, else in the user's whk
//! home (`$WHK_HOME`, else the platform config dir), and the precedence
//! flags > environment (`WHK_SECRET`, `WHK_PROVIDER`) > file > defaults.
//!
//! Every resolved value remembers where it came from, so `whk config` can say
//! why a value is what it is. Secrets are resolved here and nowhere else.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use serde::{Deserialize, Serialize};

use crate::providers::{self, Provider};
use crate::signing::{Scheme, Secret};

pub mod init;

pub const FILE_NAME: &str = "whk.toml";
pub const DEFAULT_TARGET: &str = "http://127.0.0.1:3000/";

/// A secret as written in whk.toml: the value, or the name of an env var.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum SecretSetting {
    /// A redacting type: a `Debug` print of the configuration shows it masked.
    Value(Secret),
    Env {
        env: String,
    },
}

/// A forwarding route: deliveries matching `path` and/or `type` go to `to`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Route {
    /// A path prefix, e.g. `/izi`; `*` at the end is allowed and ignored.
    pub path: Option<String>,
    /// An event type; `*` at the end matches a prefix (`SESSION_*`).
    #[serde(rename = "type")]
    pub event_type: Option<String>,
    /// One target or several (fan-out), each used as given; `{path}` in a
    /// target stands for the request's path.
    #[serde(deserialize_with = "one_or_many")]
    pub to: Vec<String>,
    /// Append what follows `path` in the request to each target.
    #[serde(default)]
    pub keep_path: bool,
}

fn one_or_many<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(String),
        Many(Vec<String>),
    }
    Ok(match OneOrMany::deserialize(d)? {
        OneOrMany::One(one) => vec![one],
        OneOrMany::Many(many) => many,
    })
}

/// The contents of a whk.toml.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigFile {
    pub provider: Option<String>,
    pub target: Option<String>,
    pub store: Option<PathBuf>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub secrets: BTreeMap<String, SecretSetting>,
    #[serde(default, rename = "route", skip_serializing_if = "Vec::is_empty")]
    pub routes: Vec<Route>,
    /// An OpenAPI 3.1 document whose `webhooks` are the events (`--spec`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spec: Option<PathBuf>,
    /// Check every delivery `whk listen` receives against its schema (`--validate`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub validate: Option<bool>,
    /// The verify token of Meta's subscription handshake (`--verify-token`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verify_token: Option<SecretSetting>,
}

/// Where a value came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Flag,
    Env(&'static str),
    EnvVar(String),
    File(PathBuf),
    Generated(PathBuf),
    Default,
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Flag => f.write_str("flag"),
            Source::Env(name) => write!(f, "env {name}"),
            Source::EnvVar(name) => write!(f, "env {name} (named in whk.toml)"),
            Source::File(path) => write!(f, "file {}", path.display()),
            Source::Generated(path) => write!(f, "generated, saved in {}", path.display()),
            Source::Default => f.write_str("default"),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Resolved<T> {
    pub value: T,
    pub source: Source,
}

/// The loaded configuration and the file it came from.
#[derive(Debug, Clone, Default)]
pub struct Config {
    pub file: ConfigFile,
    pub path: Option<PathBuf>,
}

pub use crate::home::home_dir;

/// The user-level config file, where a generated development secret is saved.
pub fn user_config_path() -> PathBuf {
    home_dir().join(FILE_NAME)
}

impl Config {
    /// Loads `./whk.toml`, else the user config; a missing file is an empty config.
    pub fn load() -> anyhow::Result<Config> {
        let local = PathBuf::from(FILE_NAME);
        for path in [local, user_config_path()] {
            if path.is_file() {
                return Self::load_from(&path);
            }
        }
        Ok(Config::default())
    }

    pub fn load_from(path: &Path) -> anyhow::Result<Config> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read config {}", path.display()))?;
        let file: ConfigFile = toml::from_str(&text)
            .with_context(|| format!("invalid config {}: fix or remove it", path.display()))?;
        Ok(Config {
            file,
            path: Some(path.to_path_buf()),
        })
    }

    fn file_source(&self) -> Source {
        Source::File(self.path.clone().unwrap_or_default())
    }

    /// The OpenAPI document: the flag, else whk.toml's `spec` (relative to the
    /// file's directory); `None` when neither names one.
    pub fn spec(&self, flag: Option<&Path>) -> Option<Resolved<PathBuf>> {
        if let Some(flag) = flag {
            return Some(Resolved {
                value: flag.to_path_buf(),
                source: Source::Flag,
            });
        }
        let spec = self.file.spec.as_ref()?;
        let base = self.path.as_deref().and_then(Path::parent);
        Some(Resolved {
            value: match base {
                Some(dir) if spec.is_relative() => dir.join(spec),
                _ => spec.clone(),
            },
            source: self.file_source(),
        })
    }

    /// Flag > WHK_PROVIDER > file > `standard`.
    pub fn provider(&self, flag: Option<&str>) -> anyhow::Result<Resolved<&'static Provider>> {
        let env = std::env::var("WHK_PROVIDER").ok().filter(|v| !v.is_empty());
        let (name, source) = if let Some(flag) = flag {
            (flag.to_string(), Source::Flag)
        } else if let Some(env) = env {
            (env, Source::Env("WHK_PROVIDER"))
        } else if let Some(name) = &self.file.provider {
            (name.clone(), self.file_source())
        } else {
            (providers::DEFAULT_PROVIDER.to_string(), Source::Default)
        };
        Ok(Resolved {
            value: providers::find(&name)?,
            source,
        })
    }

    /// Flag (--secret or --secret-file) > WHK_SECRET > file's secret for this
    /// provider. `None` when nothing names one.
    pub fn secret(
        &self,
        flag: Option<&Secret>,
        flag_file: Option<&Path>,
        provider: &str,
    ) -> anyhow::Result<Option<Resolved<Secret>>> {
        let found = if let Some(value) = flag {
            Some((value.expose().to_string(), Source::Flag))
        } else if let Some(path) = flag_file {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read --secret-file {}", path.display()))?;
            Some((text.trim().to_string(), Source::Flag))
        } else if let Some(env) = std::env::var("WHK_SECRET").ok().filter(|v| !v.is_empty()) {
            Some((env, Source::Env("WHK_SECRET")))
        } else if let Some(found) = file_secret(&self.file, self.file_source(), provider)? {
            Some(found)
        } else {
            self.user_secret(provider)?
        };
        match found {
            Some((value, _)) if value.is_empty() => {
                bail!("the signing secret is empty; pass --secret, --secret-file or set WHK_SECRET")
            }
            Some((value, source)) => Ok(Some(Resolved {
                value: Secret::new(value),
                source,
            })),
            None => Ok(None),
        }
    }

    /// Every provider secret the config file names, by provider (for
    /// `listen --provider auto`, which tells senders apart by them).
    pub fn file_secrets(&self) -> anyhow::Result<Vec<(String, Secret)>> {
        let mut secrets = Vec::new();
        for name in self.file.secrets.keys() {
            if let Some((value, _)) = file_secret(&self.file, self.file_source(), name)? {
                secrets.push((name.clone(), Secret::new(value)));
            }
        }
        Ok(secrets)
    }

    /// The user config's secret for `provider` when a project whk.toml was
    /// loaded instead: that is where a generated development secret is saved,
    /// so without this every run in a project would generate a new one.
    fn user_secret(&self, provider: &str) -> anyhow::Result<Option<(String, Source)>> {
        let user = user_config_path();
        if self.path.as_deref().is_none_or(|path| path == user) || !user.is_file() {
            return Ok(None);
        }
        let config = Self::load_from(&user)?;
        file_secret(&config.file, config.file_source(), provider)
    }

    /// Like [`Config::secret`], but generates a development secret when none is
    /// configured and saves it in the user config, so `whk listen` in one
    /// terminal and `whk send` in another agree with no flags at all.
    pub fn secret_or_generate(
        &self,
        flag: Option<&Secret>,
        flag_file: Option<&Path>,
        provider: &Provider,
    ) -> anyhow::Result<Resolved<Secret>> {
        if let Some(found) = self.secret(flag, flag_file, provider.name)? {
            return Ok(found);
        }
        let secret = generate_secret(&provider.scheme)?;
        let path = save_secret(provider.name, &secret)?;
        Ok(Resolved {
            value: secret,
            source: Source::Generated(path),
        })
    }

    /// The verify token of Meta's subscription handshake: flag (or
    /// WHK_VERIFY_TOKEN, which clap reads into the flag) > `verify_token` in
    /// whk.toml. `None` when neither names one.
    pub fn verify_token(&self, flag: Option<&Secret>) -> anyhow::Result<Option<Resolved<Secret>>> {
        if let Some(token) = flag.filter(|t| !t.expose().is_empty()) {
            return Ok(Some(Resolved {
                value: token.clone(),
                source: Source::Flag,
            }));
        }
        let value = match &self.file.verify_token {
            None => return Ok(None),
            Some(SecretSetting::Value(value)) => value.clone(),
            Some(SecretSetting::Env { env }) => match std::env::var(env) {
                Ok(value) => Secret::new(value),
                Err(_) => bail!("whk.toml reads verify_token from ${env}, which is not set"),
            },
        };
        if value.expose().is_empty() {
            bail!("verify_token in whk.toml is empty; set it to the token given to Meta");
        }
        let source = match &self.file.verify_token {
            Some(SecretSetting::Env { env }) => Source::EnvVar(env.clone()),
            _ => self.file_source(),
        };
        Ok(Some(Resolved { value, source }))
    }

    /// Every secret the configuration names (WHK_SECRET, each provider's in
    /// whk.toml and in the user config), so output can redact a header that
    /// carries one. Unreadable settings are skipped: this only hides things.
    pub fn known_secrets(&self) -> Vec<Secret> {
        let mut files = vec![self.file.clone()];
        let user = user_config_path();
        if self.path.as_deref().is_some_and(|path| path != user) {
            if let Ok(config) = Self::load_from(&user) {
                files.push(config.file);
            }
        }
        let mut secrets: Vec<Secret> = std::env::var("WHK_SECRET")
            .ok()
            .filter(|v| !v.is_empty())
            .map(Secret::new)
            .into_iter()
            .collect();
        for file in &files {
            for setting in file.secrets.values().chain(&file.verify_token) {
                let value = match setting {
                    SecretSetting::Value(value) => Some(value.expose().to_string()),
                    SecretSetting::Env { env } => std::env::var(env).ok(),
                };
                secrets.extend(value.filter(|v| !v.is_empty()).map(Secret::new));
            }
        }
        secrets
    }

    /// The target of `send` and `replay`: flag > file > the default listener.
    pub fn target(&self, flag: Option<&str>) -> Resolved<String> {
        match (flag, &self.file.target) {
            (Some(url), _) => Resolved {
                value: url.to_string(),
                source: Source::Flag,
            },
            (None, Some(url)) => Resolved {
                value: url.clone(),
                source: self.file_source(),
            },
            (None, None) => Resolved {
                value: DEFAULT_TARGET.to_string(),
                source: Source::Default,
            },
        }
    }

    /// The event store: flag > file > `<whk home>/events.db`.
    pub fn store(&self, flag: Option<&Path>) -> Resolved<PathBuf> {
        match (flag, &self.file.store) {
            (Some(path), _) => Resolved {
                value: path.to_path_buf(),
                source: Source::Flag,
            },
            (None, Some(path)) => Resolved {
                value: path.clone(),
                source: self.file_source(),
            },
            (None, None) => Resolved {
                value: home_dir().join("events.db"),
                source: Source::Default,
            },
        }
    }
}

/// The secret a config file gives for `provider`, with its source.
fn file_secret(
    file: &ConfigFile,
    source: Source,
    provider: &str,
) -> anyhow::Result<Option<(String, Source)>> {
    match file.secrets.get(provider) {
        Some(SecretSetting::Value(value)) => Ok(Some((value.expose().to_string(), source))),
        Some(SecretSetting::Env { env }) => {
            let value = std::env::var(env).with_context(|| {
                format!("whk.toml reads the {provider} secret from ${env}, which is not set")
            })?;
            Ok(Some((value, Source::EnvVar(env.clone()))))
        }
        None => Ok(None),
    }
}

/// A fresh random secret in the form the scheme's providers issue.
pub fn generate_secret(scheme: &Scheme) -> anyhow::Result<Secret> {
    if scheme.credential() == crate::signing::Credential::KeyPair {
        // The signing key is saved; whoever verifies derives the public half.
        let (signing, _) = scheme
            .generate_key()
            .ok_or_else(|| anyhow::anyhow!("cannot generate a {} key pair", scheme.kind()))?;
        return Ok(signing);
    }
    let mut bytes = [0u8; 24];
    getrandom::fill(&mut bytes).map_err(|e| anyhow::anyhow!("no randomness available: {e}"))?;
    Ok(Secret::new(scheme.fresh_secret(&bytes)))
}

/// Stores a secret for a provider in the user config, keeping what is there.
fn save_secret(provider: &str, secret: &Secret) -> anyhow::Result<PathBuf> {
    let path = user_config_path();
    let mut table: toml::Table = match std::fs::read_to_string(&path) {
        Ok(text) => toml::from_str(&text)
            .with_context(|| format!("invalid config {}: fix or remove it", path.display()))?,
        Err(_) => toml::Table::new(),
    };
    let secrets = table
        .entry("secrets")
        .or_insert_with(|| toml::Value::Table(Default::default()));
    let Some(secrets) = secrets.as_table_mut() else {
        bail!("'secrets' in {} is not a table", path.display());
    };
    secrets.insert(
        provider.to_string(),
        toml::Value::String(secret.expose().to_string()),
    );
    if let Some(dir) = path.parent() {
        create_private_dir(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    let text = format!(
        "# whk user configuration; see 'whk config'.\n{}",
        toml::to_string(&table).context("cannot write config")?
    );
    write_private(&path, &text).with_context(|| format!("cannot write {}", path.display()))?;
    Ok(path)
}

/// Creates `dir` and its missing parents, those it creates readable by their
/// owner only (0700): whk's home holds secrets and the event store.
pub fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)
    }
    #[cfg(not(unix))]
    std::fs::create_dir_all(dir)
}

/// Writes a file readable by its owner only: it may hold secrets.
pub fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::io::Write;
        use std::os::unix::fs::OpenOptionsExt;
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .mode(0o600)
            .open(path)?;
        file.write_all(text.as_bytes())
    }
    #[cfg(not(unix))]
    std::fs::write(path, text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_secrets_and_routes() {
        let file: ConfigFile = toml::from_str(
            r#"
provider = "izi"
target = "http://localhost:8080/"
[secrets]
izi = "abc"
github = { env = "GH_SECRET" }
[[route]]
path = "/izi"
to = "http://localhost:8080/izi"
[[route]]
type = "SESSION_*"
to = ["http://a/", "http://b/"]
"#,
        )
        .unwrap();
        assert_eq!(file.secrets["izi"], SecretSetting::Value("abc".into()));
        assert_eq!(
            file.secrets["github"],
            SecretSetting::Env {
                env: "GH_SECRET".into()
            }
        );
        assert_eq!(file.routes[1].to, ["http://a/", "http://b/"]);
        assert!(toml::from_str::<ConfigFile>("bogus = 1").is_err());
    }

    #[test]
    fn generated_secrets_fit_the_scheme() {
        let standard = generate_secret(&providers::find("standard").unwrap().scheme).unwrap();
        assert!(standard.expose().starts_with("whsec_"));
        assert!(
            crate::signing::Scheme::new(crate::signing::StandardScheme::standard())
                .key(&standard)
                .is_ok()
        );
        let izi = generate_secret(&providers::find("izi").unwrap().scheme).unwrap();
        assert_eq!(izi.expose().len(), 48);
    }
}
