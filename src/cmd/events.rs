//! `whk events`: not built yet (see the open issues).

use crate::exit::Outcome;

pub fn run(_args: crate::cli::EventsArgs) -> anyhow::Result<Outcome> {
    anyhow::bail!("'whk events' is not available in this build yet")
}
