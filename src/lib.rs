//! whk: a command-line webhook developer toolkit.
//!
//! The binary is a thin shell around [`run`]. The shared domain lives in
//! [`signing`] (every signature scheme) and [`payload`] (event shapes and
//! catalogs); [`providers`] ties them into presets; `cmd::*` only wires the
//! command line to them.

// Public: what the integration tests, benches and fuzz target use (the
// listener in-process and the payload contracts its settings carry, signing,
// the store, providers, the clap definition).
// Everything else is crate-private, so the compiler reports dead code.
mod audit;
pub mod cli;
pub mod clock;
mod cmd;
mod config;
pub mod contract;
mod delivery;
mod exit;
pub mod feed;
mod home;
pub mod http;
pub mod payload;
pub mod providers;
pub mod receiver;
pub mod signing;
pub mod store;
mod term;
mod ui;

/// Parses the command line, runs the command and returns the exit code.
pub fn run() -> i32 {
    let cli = match cli::parse() {
        Ok(cli) => cli,
        Err(err) => {
            let _ = err.print();
            return if err.use_stderr() {
                exit::ERROR
            } else {
                exit::SUCCESS
            };
        }
    };
    term::init(cli.global.color_override(), cli.global.verbosity());
    let Some(command) = cli.command else {
        // `whk` alone: the compact overview with the two-terminal quick start.
        // A closed stdout (`whk | head -1`) is not an error worth a panic.
        let _ = std::io::Write::write_all(&mut std::io::stdout(), cli::overview().as_bytes());
        return exit::SUCCESS;
    };
    match cmd::dispatch(command, &cli.global) {
        Ok(exit::Outcome::Success) => exit::SUCCESS,
        Ok(exit::Outcome::Failure) => exit::FAILURE,
        Err(err) => {
            let code = exit::code_for(&err);
            if code != exit::SUCCESS {
                term::print_error(&err);
            }
            code
        }
    }
}
