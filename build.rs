//! Embeds every provider file in `providers/` into the binary: adding a
//! provider is adding a file there, with no Rust to touch. The files are
//! parsed when first used; a test parses every one of them.

use std::env;
use std::fmt::Write;
use std::fs;
use std::path::Path;

fn main() {
    let dir = Path::new(&env::var("CARGO_MANIFEST_DIR").expect("cargo sets it")).join("providers");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut names: Vec<String> = fs::read_dir(&dir)
        .expect("the providers/ directory is readable")
        .filter_map(|entry| {
            let path = entry.ok()?.path();
            let stem = path.file_stem()?.to_str()?.to_string();
            (path.extension()? == "toml").then_some(stem)
        })
        .collect();
    names.sort();
    let mut out = String::from("/// Every built-in provider file: (file stem, text).\npub(crate) static BUILT_IN: &[(&str, &str)] = &[\n");
    for name in &names {
        let path = dir.join(format!("{name}.toml"));
        println!("cargo:rerun-if-changed={}", path.display());
        writeln!(
            out,
            "    ({name:?}, include_str!({:?})),",
            path.display().to_string()
        )
        .unwrap();
    }
    out.push_str("];\n");
    fs::write(
        Path::new(&env::var("OUT_DIR").expect("cargo sets it")).join("built_in_providers.rs"),
        out,
    )
    .expect("OUT_DIR is writable");
}
