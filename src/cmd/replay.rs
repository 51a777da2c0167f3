//! `whk replay`: not built yet (see the open issues).

use crate::exit::Outcome;

pub fn run(
    _args: crate::cli::ReplayArgs,
    _global: &crate::cli::GlobalArgs,
) -> anyhow::Result<Outcome> {
    anyhow::bail!("'whk replay' is not available in this build yet")
}
