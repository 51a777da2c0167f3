//! `whk config`: not built yet (see the open issues).

use crate::exit::Outcome;

pub fn run(_args: crate::cli::ConfigArgs) -> anyhow::Result<Outcome> {
    anyhow::bail!("'whk config' is not available in this build yet")
}
