//! The `whk` binary: everything lives in the library, so tests and benchmarks
//! reach the same code.

fn main() {
    std::process::exit(whk::run());
}
