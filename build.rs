//! Embeds every provider file in `providers/` into the binary: adding a
//! provider is adding a file there, with no Rust to touch. Each TOML file is
//! read here and embedded as JSON, which parses several times faster: a
//! short command like `whk verify` reads one provider at start-up, and its
//! time matters. What the values mean is checked when a file is first used,
//! and a test checks every file through the TOML path users' files take.
//!
//! It also links the binary at a fixed address, for the same start-up (see
//! `link_position_dependent`).

use std::env;
use std::fmt::Write;
use std::fs;
use std::path::Path;

fn main() {
    let dir = Path::new(&env::var("CARGO_MANIFEST_DIR").expect("cargo sets it")).join("providers");
    println!("cargo:rerun-if-changed={}", dir.display());
    link_position_dependent();
    let mut names: Vec<String> = fs::read_dir(&dir)
        .expect("the providers/ directory is readable")
        .filter_map(|entry| {
            let path = entry.ok()?.path();
            let stem = path.file_stem()?.to_str()?.to_string();
            (path.extension()? == "toml").then_some(stem)
        })
        .collect();
    names.sort();
    let out_dir = Path::new(&env::var("OUT_DIR").expect("cargo sets it")).to_path_buf();
    fs::create_dir_all(out_dir.join("providers")).expect("OUT_DIR is writable");
    let mut out = String::from(
        "/// Every built-in provider file: its stem, and its TOML as JSON text\n\
         /// with the `[catalog]` apart.\n\
         pub(crate) static BUILT_IN: &[Embedded] = &[\n",
    );
    for name in &names {
        let path = dir.join(format!("{name}.toml"));
        println!("cargo:rerun-if-changed={}", path.display());
        let text = fs::read_to_string(&path).expect("a provider file is readable");
        let mut table: toml::Table = toml::from_str(&text)
            .unwrap_or_else(|err| panic!("providers/{name}.toml is not valid TOML: {err}"));
        // The catalog is most of a file and few commands read it: apart, it is
        // not even scanned until one does.
        let catalog = table
            .remove("catalog")
            .unwrap_or_else(|| panic!("providers/{name}.toml has no [catalog]"));
        let embed = |part: &str, json: serde_json::Result<String>| {
            let json_path = out_dir
                .join("providers")
                .join(format!("{name}.{part}.json"));
            fs::write(&json_path, json.expect("TOML values are JSON values"))
                .expect("OUT_DIR is writable");
            format!("include_str!({:?})", json_path.display().to_string())
        };
        let file = embed("file", serde_json::to_string(&table));
        let catalog = embed("catalog", serde_json::to_string(&catalog));
        writeln!(
            out,
            "    Embedded {{ stem: {name:?}, file: {file}, catalog: {catalog} }},"
        )
        .expect("writing to a String");
    }
    out.push_str("];\n");
    fs::write(out_dir.join("built_in_providers.rs"), out).expect("OUT_DIR is writable");
}

/// `whk verify` in a script is mostly start-up, and a position-independent
/// executable spends a good part of it relocating itself: every pointer in its
/// static tables (~21,000 of them) is patched at each exec, copying those
/// pages. Linked at a fixed address, the linker resolves them once. Only the
/// binary: tests, benches and proc-macros keep the default.
fn link_position_dependent() {
    // glibc Linux only: musl targets link a static PIE, which -no-pie would
    // contradict.
    let target = |key: &str, value: &str| env::var(key).is_ok_and(|v| v == value);
    if target("CARGO_CFG_TARGET_OS", "linux") && target("CARGO_CFG_TARGET_ENV", "gnu") {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
}
