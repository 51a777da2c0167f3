//! `whk keygen`: print a fresh key pair (or shared secret) in a provider's format.

use std::io::Write;

use crate::cli::KeygenArgs;
use crate::config::{generate_secret, Config};
use crate::exit::Outcome;
use crate::signing::Credential;

pub fn run(args: KeygenArgs) -> anyhow::Result<Outcome> {
    let config = Config::load()?;
    let provider = config.provider(args.provider.as_deref())?.value;
    let mut out = std::io::stdout().lock();
    let generated = provider.scheme.generate_key();
    if generated.is_none() && provider.scheme.credential() == Credential::KeyPair {
        anyhow::bail!(
            "cannot generate a {} key pair: no randomness available",
            provider.name
        );
    }
    if let Some((signing, verifying)) = generated {
        if args.json {
            let object = serde_json::json!({
                "provider": provider.name,
                "credential": "key_pair",
                "signing_key": signing.expose(),
                "verifying_key": verifying,
            });
            writeln!(out, "{}", serde_json::to_string_pretty(&object)?)?;
        } else {
            writeln!(
                out,
                "Signing key ({} sender: 'whk send' / 'whk sign' --secret; keep it private):\n  {}\n\
                 Verifying key (receiver: 'whk listen' / 'whk verify' --public-key):\n  {verifying}",
                provider.title,
                signing.expose(),
            )?;
        }
        return Ok(Outcome::Success);
    }
    match provider.scheme.credential() {
        Credential::None => anyhow::bail!(
            "{} signs nothing, so there is no key to generate (its scheme: {})",
            provider.title,
            provider.scheme.summary()
        ),
        _ => {
            let secret = generate_secret(&provider.scheme)?;
            if args.json {
                let object = serde_json::json!({
                    "provider": provider.name,
                    "credential": "shared_secret",
                    "secret": secret.expose(),
                });
                writeln!(out, "{}", serde_json::to_string_pretty(&object)?)?;
            } else {
                writeln!(
                    out,
                    "Shared secret ({}: the same on both sides, --secret for send/sign and listen/verify):\n  {}",
                    provider.title,
                    secret.expose()
                )?;
            }
        }
    }
    Ok(Outcome::Success)
}
