//! The one integration-test binary: drives the real `whk` binary over real
//! HTTP on loopback. Each file is one subcommand's tests; `support` holds the
//! builder that runs `whk` in a throw-away home and the test HTTP receiver.

mod support;

mod properties;
mod sign_verify;
mod listen;
mod events;
mod send;
mod replay;
mod cli_polish;
