//! The committed shell completions under `completions/` must match what the
//! binary generates; `WHK_UPDATE_SNAPSHOTS=1 cargo test` rewrites them.

use crate::support::Sandbox;

pub const SHELLS: [(&str, &str); 5] = [
    ("bash", "whk.bash"),
    ("zsh", "_whk"),
    ("fish", "whk.fish"),
    ("elvish", "whk.elv"),
    ("powershell", "_whk.ps1"),
];

/// Compares generated text with a committed file, or rewrites it on request.
pub fn check_committed(relative: &str, generated: &[u8]) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(relative);
    if std::env::var_os("WHK_UPDATE_SNAPSHOTS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, generated).unwrap();
        return;
    }
    let committed = std::fs::read(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "{relative} is out of date; run `WHK_UPDATE_SNAPSHOTS=1 cargo test --test cli` and commit the result"
    );
}

#[test]
fn committed_completions_are_current() {
    let s = Sandbox::new();
    for (shell, file) in SHELLS {
        let out = s.whk().args(["completions", shell]).assert().success();
        let generated = &out.get_output().stdout;
        assert!(generated.len() > 1000, "{shell} completions look empty");
        check_committed(&format!("completions/{file}"), generated);
    }
}

#[test]
fn completions_reject_unknown_shells() {
    Sandbox::new()
        .whk()
        .args(["completions", "tcsh"])
        .assert()
        .code(2);
}
