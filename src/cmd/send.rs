//! `whk send`: not built yet (see the open issues).

use crate::exit::Outcome;

pub fn run(
    _args: crate::cli::SendArgs,
    _global: &crate::cli::GlobalArgs,
) -> anyhow::Result<Outcome> {
    anyhow::bail!("'whk send' is not available in this build yet")
}
