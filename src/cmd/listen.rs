//! `whk listen`: not built yet (see the open issues).

use crate::exit::Outcome;

pub fn run(
    _args: crate::cli::ListenArgs,
    _global: &crate::cli::GlobalArgs,
) -> anyhow::Result<Outcome> {
    anyhow::bail!("'whk listen' is not available in this build yet")
}
