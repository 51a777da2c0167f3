//! `whk init`: not built yet (see the open issues).

use crate::exit::Outcome;

pub fn run(_args: crate::cli::InitArgs) -> anyhow::Result<Outcome> {
    anyhow::bail!("'whk init' is not available in this build yet")
}
