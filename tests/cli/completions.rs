//! The committed shell completions under `completions/` must match what the
//! binary generates; `WHK_UPDATE_SNAPSHOTS=1 cargo test` rewrites them.

use crate::support::{snapshot, Sandbox};

pub const SHELLS: [(&str, &str); 5] = [
    ("bash", "whk.bash"),
    ("zsh", "_whk"),
    ("fish", "whk.fish"),
    ("elvish", "whk.elv"),
    ("powershell", "_whk.ps1"),
];

#[test]
fn committed_completions_are_current() {
    let s = Sandbox::new();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut mismatches = Vec::new();
    for (shell, file) in SHELLS {
        let out = s.whk().args(["completions", shell]).assert().success();
        let generated = String::from_utf8(out.get_output().stdout.clone()).unwrap();
        assert!(generated.len() > 1000, "{shell} completions look empty");
        mismatches.extend(snapshot::check(
            &root.join("completions").join(file),
            &generated,
        ));
    }
    snapshot::fail_on(mismatches);
}

#[test]
fn completions_reject_unknown_shells() {
    Sandbox::new()
        .whk()
        .args(["completions", "tcsh"])
        .assert()
        .code(2);
}
