//! Exit codes, decided in this one place.
//!
//! Scripts branch on them, so they are a contract: 0 success; 1 the thing
//! checked was found wrong (a signature did not verify, a delivery failed, an
//! expectation was not met); 2 an error: the request itself was wrong (usage,
//! unreadable input, unknown provider or event) or whk could not do its work
//! (the store's disk is full, a port cannot be bound); 130 interrupted. As in
//! ripgrep, 1 is kept for "checked and found wrong" and every error is 2. A
//! closed stdout (`whk ... | head`) is success, as in every well-behaved Unix
//! filter.
//!
//! This is a leaf: errors that mean exit 1 say so by being (or wrapping) a
//! [`Failed`]; nothing here knows the domain's error types.

use std::io;

pub const SUCCESS: i32 = 0;
pub const FAILURE: i32 = 1;
/// Usage, input or runtime error.
pub const ERROR: i32 = 2;
pub const INTERRUPTED: i32 = 130;

/// How a command that ran to the end went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Success,
    /// The command did its job and the answer is "no": exit 1. It has already
    /// said why on stderr.
    Failure,
}

impl Outcome {
    pub fn from_success(ok: bool) -> Self {
        if ok {
            Outcome::Success
        } else {
            Outcome::Failure
        }
    }
}

/// An error that means the checked thing failed (exit 1), not a usage error.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct Failed(pub String);

/// The user pressed Ctrl-C where that abandons the work (exit 130).
#[derive(Debug, thiserror::Error)]
#[error("interrupted")]
pub struct Interrupted;

/// The exit code for an error that ended a command.
pub fn code_for(err: &anyhow::Error) -> i32 {
    for cause in err.chain() {
        if let Some(io) = cause.downcast_ref::<io::Error>() {
            if io.kind() == io::ErrorKind::BrokenPipe {
                return SUCCESS;
            }
        }
        if cause.is::<Failed>() {
            return FAILURE;
        }
        if cause.is::<Interrupted>() {
            return INTERRUPTED;
        }
    }
    ERROR
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_follow_the_cause_chain() {
        let pipe =
            anyhow::Error::from(io::Error::from(io::ErrorKind::BrokenPipe)).context("writing");
        assert_eq!(code_for(&pipe), SUCCESS);
        assert_eq!(
            code_for(&anyhow::Error::from(Failed("x".into())).context("y")),
            FAILURE
        );
        assert_eq!(code_for(&anyhow::anyhow!("bad flag")), ERROR);
        assert_eq!(code_for(&anyhow::Error::from(Interrupted)), INTERRUPTED);
    }
}
