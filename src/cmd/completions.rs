//! `whk completions`: shell completions and the man page, generated from the
//! same clap definition the binary parses with.

use crate::cli::CompletionTarget;
use crate::exit::Outcome;

pub fn run(args: crate::cli::CompletionsArgs) -> anyhow::Result<Outcome> {
    let mut out = std::io::stdout().lock();
    write(args.shell, &mut out)?;
    Ok(Outcome::Success)
}

/// Writes completions for `target`; tests use this to check the committed files.
pub fn write(target: CompletionTarget, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    use clap_complete::Shell;
    let mut command = crate::cli::full_command();
    let shell = match target {
        CompletionTarget::Bash => Shell::Bash,
        CompletionTarget::Zsh => Shell::Zsh,
        CompletionTarget::Fish => Shell::Fish,
        CompletionTarget::Elvish => Shell::Elvish,
        CompletionTarget::Powershell => Shell::PowerShell,
        // As `clap_mangen::generate_to` renders the committed man/ pages: no
        // `help` subcommand, which has no page of its own.
        CompletionTarget::Man => {
            return clap_mangen::Man::new(command.disable_help_subcommand(true)).render(out)
        }
    };
    clap_complete::generate(shell, &mut command, "whk", out);
    Ok(())
}
