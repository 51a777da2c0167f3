//! The `whk` binary: everything lives in the library, so tests and benchmarks
//! reach the same code.

/// The listener and the load generator allocate per request on every core;
/// mimalloc's thread-local heaps measured ~10% faster than the system
/// allocator there (see bench/).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(whk::run());
}
