//! The `whk` binary: everything lives in the library, so tests and benchmarks
//! reach the same code.
//!
//! The system allocator, not mimalloc: mimalloc touched ~90 more pages at
//! start-up (a third of `whk verify`'s time in a script), and the listener
//! and load mode measured no faster with it on this machine (bench/).

fn main() {
    std::process::exit(whk::run());
}
