//! The one integration-test binary: drives the real `whk` binary over real
//! HTTP on loopback. Each file is one subcommand's tests; `support` holds the
//! builder that runs `whk` in a throw-away home and the test HTTP receiver.

mod support;

mod architecture;
mod audit;
mod cli_polish;
mod completions;
mod detect;
mod doctor;
mod events;
mod handshake;
mod in_process;
mod keys;
mod listen;
mod presets;
mod properties;
mod providers;
mod reliability;
mod replay;
mod schemas;
mod seeds;
mod send;
mod sign_verify;
mod trust;
mod ui;
mod urlsig;
mod wire;
