//! Tests of the CLI's first five minutes: `whk init` through a real
//! pseudo-terminal and without one, `whk config` and where its values come
//! from, colours, exit codes, help snapshots and the man page.

use std::path::{Path, PathBuf};
use std::process::Command;

use predicates::prelude::*;
use serde_json::Value;

use crate::support::{oracle, snapshot, Sandbox};

const ESC: &str = "\x1b[";

// ---------------------------------------------------------------- whk init

/// `whk` in a pseudo-terminal: stdin, stdout and stderr all a terminal, as
/// when a person runs it. ANSI escapes are stripped from what is read back.
fn pty(command: Command) -> rexpect::session::PtySession {
    let options = rexpect::session::Options::new()
        .timeout_ms(Some(30_000))
        .strip_ansi_escape_codes(true);
    rexpect::session::spawn_with_options(command, options).expect("spawn whk in a pty")
}

fn pty_whk(sandbox: &Sandbox, args: &[&str]) -> Command {
    let mut command = sandbox.whk_std();
    command.args(args).env("TERM", "xterm");
    command
}

/// Types keys: the pty writer is line-buffered, and a prompt's Enter is "\r".
fn keys(session: &mut rexpect::session::PtySession, keys: &str) {
    session.send(keys).expect("type into the pty");
    session.flush().expect("flush the pty");
}

/// Waits for the end of output and the exit code of a pty child.
fn pty_exit(session: &mut rexpect::session::PtySession) -> (String, i32) {
    let rest = session.exp_eof().expect("whk ends");
    match session.process().wait().expect("wait for whk") {
        rexpect::process::WaitStatus::Exited(_, code) => (rest, code),
        other => panic!("whk did not exit normally: {other:?}\n{rest}"),
    }
}

/// `whk config --json` in the sandbox, with extra environment.
fn config_json(sandbox: &Sandbox, env: &[(&str, &str)], args: &[&str]) -> Value {
    let mut cmd = sandbox.whk();
    cmd.args(["config", "--json"]).args(args);
    for (name, value) in env {
        cmd.env(name, value);
    }
    let output = cmd.assert().success().get_output().stdout.clone();
    serde_json::from_slice(&output).expect("config --json prints JSON")
}

#[test]
fn init_asks_on_a_terminal_and_writes_a_loadable_file() {
    let sandbox = Sandbox::new();
    let mut session = pty(pty_whk(&sandbox, &["init"]));
    let mut transcript = String::new();

    transcript += &session.exp_string("Provider").unwrap();
    keys(&mut session, "izi");
    transcript += &session.exp_string("izi").unwrap();
    keys(&mut session, "\r");
    transcript += &session.exp_string("Signing secret").unwrap();
    // Third choice: read it from an environment variable.
    transcript += &session.exp_string("environment variable").unwrap();
    keys(&mut session, "jj\r");
    transcript += &session.exp_string("Environment variable").unwrap();
    keys(&mut session, "MY_IZI_KEY\r");
    transcript += &session.exp_string("Default target URL").unwrap();
    keys(&mut session, "\r");
    transcript += &session.exp_string("Event store file").unwrap();
    keys(&mut session, "recorded.db\r");
    let (rest, code) = pty_exit(&mut session);
    transcript += &rest;
    assert_eq!(code, 0, "{transcript}");
    assert!(transcript.contains("wrote"), "{transcript}");

    let text = std::fs::read_to_string(sandbox.path().join("whk.toml")).unwrap();
    assert!(text.contains("provider = \"izi\""), "{text}");
    assert!(text.contains("izi = { env = \"MY_IZI_KEY\" }"), "{text}");
    assert!(
        text.lines().any(|l| l.starts_with('#')),
        "the file is commented"
    );

    // The file loads, and whk reads the secret from the named variable.
    let config = config_json(&sandbox, &[("MY_IZI_KEY", "izi-secret-value-XyZ")], &[]);
    assert_eq!(config["provider"]["value"], "izi");
    assert_eq!(config["provider"]["source"]["kind"], "file");
    assert_eq!(config["secret"]["source"]["name"], "MY_IZI_KEY");
    assert_eq!(config["secret"]["value"], "…XyZ");
    assert_eq!(config["target"]["value"], "http://127.0.0.1:3000/");
    assert_eq!(config["store"]["value"], "recorded.db");
}

#[test]
fn init_hides_a_pasted_secret_and_keeps_the_file_private() {
    let sandbox = Sandbox::new();
    let secret = "pasted-github-secret-4711";
    let mut session = pty(pty_whk(&sandbox, &["init", "--provider", "github"]));
    let mut transcript = String::new();

    // --provider answered the first question: the secret comes first.
    transcript += &session.exp_string("Signing secret").unwrap();
    transcript += &session.exp_string("environment variable").unwrap();
    keys(&mut session, "j\r");
    transcript += &session.exp_string("signing secret (hidden)").unwrap();
    keys(&mut session, &format!("{secret}\r"));
    transcript += &session.exp_string("Default target URL").unwrap();
    keys(&mut session, "ftp://nope\r");
    transcript += &session.exp_string("http:// or https://").unwrap();
    keys(&mut session, "http://127.0.0.1:9/hook\r");
    transcript += &session.exp_string("Event store file").unwrap();
    keys(&mut session, "\r");
    let (rest, code) = pty_exit(&mut session);
    transcript += &rest;
    assert_eq!(code, 0, "{transcript}");
    assert!(
        !transcript.contains(secret),
        "the pasted secret was echoed:\n{transcript}"
    );
    // (The pty reader decodes byte by byte, so '…' arrives mangled.)
    assert!(
        transcript.contains("711, target"),
        "the masked secret is reported:\n{transcript}"
    );

    let path = sandbox.path().join("whk.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(&format!("github = \"{secret}\"")), "{text}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(
            mode & 0o077,
            0,
            "a whk.toml holding a secret is private: {mode:o}"
        );
    }
    let config = config_json(&sandbox, &[], &[]);
    assert_eq!(config["provider"]["value"], "github");
    assert_eq!(config["target"]["value"], "http://127.0.0.1:9/hook");
    assert_eq!(config["store"]["source"]["kind"], "default");
}

#[test]
fn init_interrupted_at_a_prompt_writes_nothing() {
    let sandbox = Sandbox::new();
    let mut session = pty(pty_whk(&sandbox, &["init"]));
    session.exp_string("Provider").unwrap();
    keys(&mut session, "\x03");
    let _ = session.exp_eof();
    let status = session.process().wait().expect("wait for whk");
    let interrupted = match status {
        rexpect::process::WaitStatus::Signaled(_, signal, _) => {
            signal == rexpect::process::Signal::SIGINT
        }
        rexpect::process::WaitStatus::Exited(_, code) => code == 130,
        _ => false,
    };
    assert!(
        interrupted,
        "Ctrl-C ends 'whk init' as interrupted: {status:?}"
    );
    assert!(!sandbox.path().join("whk.toml").exists());
}

#[test]
fn init_never_prompts_without_a_terminal() {
    let sandbox = Sandbox::new();
    sandbox
        .whk()
        .arg("init")
        .write_stdin("")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--yes").and(predicate::str::contains("not a terminal")));
    assert!(!sandbox.path().join("whk.toml").exists());
}

#[test]
fn init_never_prompts_when_ci_is_set_even_on_a_terminal() {
    let sandbox = Sandbox::new();
    let mut command = pty_whk(&sandbox, &["init"]);
    command.env("CI", "true");
    let mut session = pty(command);
    let (output, code) = pty_exit(&mut session);
    assert_eq!(code, 2, "{output}");
    assert!(
        output.contains("CI is set") && output.contains("--yes"),
        "{output}"
    );
    assert!(!output.contains("Provider"), "it prompted:\n{output}");
    assert!(!sandbox.path().join("whk.toml").exists());
}

#[test]
fn init_with_flags_and_yes_writes_without_asking() {
    let sandbox = Sandbox::new();
    sandbox
        .whk()
        .args([
            "init",
            "--provider",
            "izi",
            "--secret-env",
            "IZI_SECRET",
            "--yes",
        ])
        .assert()
        .success()
        .stderr(predicate::str::contains("wrote"));
    let config = config_json(&sandbox, &[("IZI_SECRET", "abcdefghijklmnop-Q9z")], &[]);
    assert_eq!(config["provider"]["value"], "izi");
    assert_eq!(config["secret"]["value"], "…Q9z");
    assert_eq!(config["secret"]["source"]["kind"], "env");
    assert_eq!(config["secret"]["source"]["name"], "IZI_SECRET");

    // A generated secret is written, never printed.
    let other = Sandbox::new();
    let output = other
        .whk()
        .args(["init", "--provider", "stripe", "--generate-secret", "--yes"])
        .assert()
        .success()
        .get_output()
        .clone();
    let text = std::fs::read_to_string(other.path().join("whk.toml")).unwrap();
    let line = text
        .lines()
        .find(|l| l.starts_with("stripe = "))
        .expect(&text);
    let secret = line.trim_start_matches("stripe = ").trim_matches('"');
    assert!(secret.starts_with("whsec_") && secret.len() > 20, "{line}");
    let printed = [output.stdout, output.stderr].concat();
    assert!(!String::from_utf8_lossy(&printed).contains(secret));
}

#[test]
fn init_rejects_bad_answers_with_usage_errors() {
    let sandbox = Sandbox::new();
    sandbox
        .whk()
        .args(["init", "--provider", "izzi", "--yes"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did you mean izi?"));
    sandbox
        .whk()
        .args(["init", "--secret-env", "IZI-SECRET", "--yes"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "'IZI-SECRET' is not an environment variable name",
        ));
    sandbox
        .whk()
        .args(["init", "--target", "localhost:3000", "--yes"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("http://"));
    assert!(!sandbox.path().join("whk.toml").exists());
}

#[test]
fn init_keeps_an_existing_file_unless_forced() {
    let sandbox = Sandbox::new();
    let path = sandbox.write("whk.toml", "provider = \"github\"\n");
    sandbox
        .whk()
        .args(["init", "--provider", "izi", "--yes"])
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("already exists").and(predicate::str::contains("--force")),
        );
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "provider = \"github\"\n"
    );

    // Even on a terminal it refuses before asking anything.
    let mut session = pty(pty_whk(&sandbox, &["init"]));
    let (output, code) = pty_exit(&mut session);
    assert_eq!(code, 2, "{output}");
    assert!(
        output.contains("already exists") && !output.contains("Provider"),
        "{output}"
    );

    sandbox
        .whk()
        .args(["init", "--provider", "izi", "--yes", "--force"])
        .assert()
        .success();
    assert!(std::fs::read_to_string(&path)
        .unwrap()
        .contains("provider = \"izi\""));
}

// -------------------------------------------------------------- whk config

#[test]
fn config_defaults_when_nothing_is_configured() {
    let sandbox = Sandbox::new();
    let config = config_json(&sandbox, &[], &[]);
    assert_eq!(config["config_file"], Value::Null);
    assert_eq!(config["provider"]["value"], "standard");
    assert_eq!(config["provider"]["source"]["kind"], "default");
    assert_eq!(config["target"]["source"]["kind"], "default");
    let store = config["store"]["value"].as_str().unwrap();
    assert!(Path::new(store).starts_with(sandbox.home()), "{store}");
    assert_eq!(config["routes"], Value::Array(vec![]));
    assert!(config["secret"]["value"]
        .as_str()
        .unwrap()
        .starts_with("none"));

    sandbox.whk().arg("config").assert().success().stdout(
        predicate::str::contains("from default").and(predicate::str::contains("none (looked for")),
    );
}

#[test]
fn config_says_where_each_value_comes_from() {
    let sandbox = Sandbox::new();
    let file_secret = "file-secret-value-ABC";
    sandbox.write(
        "whk.toml",
        format!(
            "provider = \"github\"\ntarget = \"http://127.0.0.1:4000/gh\"\nstore = \"ev.db\"\n\
             [secrets]\ngithub = \"{file_secret}\"\n\
             [[route]]\npath = \"/gh\"\nto = [\"http://a.test/\", \"http://b.test/\"]\n"
        ),
    );
    let file = config_json(&sandbox, &[], &[]);
    let config_path = PathBuf::from(file["config_file"].as_str().unwrap());
    assert_eq!(
        config_path,
        sandbox.path().join("whk.toml").canonicalize().unwrap()
    );
    for key in ["provider", "secret", "target", "store"] {
        assert_eq!(file[key]["source"]["kind"], "file", "{key}: {file}");
    }
    assert_eq!(file["provider"]["value"], "github");
    assert_eq!(file["secret"]["value"], "…ABC");
    assert_eq!(file["routes"][0]["to"][1], "http://b.test/");

    // Environment beats the file.
    let env = config_json(
        &sandbox,
        &[
            ("WHK_PROVIDER", "izi"),
            ("WHK_SECRET", "env-secret-value-DEF"),
        ],
        &[],
    );
    assert_eq!(env["provider"]["value"], "izi");
    assert_eq!(
        env["provider"]["source"],
        serde_json::json!({"kind": "env", "name": "WHK_PROVIDER"})
    );
    assert_eq!(env["secret"]["value"], "…DEF");
    assert_eq!(env["secret"]["source"]["name"], "WHK_SECRET");
    assert_eq!(env["target"]["source"]["kind"], "file");

    // Flags beat the environment.
    let flag = config_json(
        &sandbox,
        &[
            ("WHK_PROVIDER", "izi"),
            ("WHK_SECRET", "env-secret-value-DEF"),
        ],
        &[
            "--provider",
            "stripe",
            "--secret",
            "whsec_flagflagflagflagGHI",
        ],
    );
    assert_eq!(flag["provider"]["value"], "stripe");
    assert_eq!(flag["provider"]["source"]["kind"], "flag");
    assert_eq!(flag["secret"]["value"], "whsec_…GHI");
    assert_eq!(flag["secret"]["source"]["kind"], "flag");

    // The plain report says the same, and never prints a secret.
    let output = sandbox
        .whk()
        .args(["config", "--provider", "stripe"])
        .env("WHK_SECRET", "whsec_envenvenvenvenvJKL")
        .assert()
        .success()
        .get_output()
        .clone();
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(
        stdout.contains("from flag") && stdout.contains("from env WHK_SECRET"),
        "{stdout}"
    );
    assert!(
        stdout.contains("whsec_…JKL") && stdout.contains("path /gh -> http://a.test/"),
        "{stdout}"
    );
    for secret in ["whsec_envenvenvenvenvJKL", file_secret] {
        assert!(
            !stdout.contains(secret) && !String::from_utf8_lossy(&output.stderr).contains(secret)
        );
    }
}

#[test]
fn config_shows_an_unset_secret_variable_without_failing() {
    let sandbox = Sandbox::new();
    sandbox.write(
        "whk.toml",
        "provider = \"izi\"\n[secrets]\nizi = { env = \"UNSET_IZI_SECRET_VAR\" }\n",
    );
    sandbox
        .whk()
        .arg("config")
        .env_remove("UNSET_IZI_SECRET_VAR")
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "$UNSET_IZI_SECRET_VAR, which is not set",
        ));
    sandbox
        .whk()
        .args(["config", "--provider", "githb"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did you mean github?"));
}

// ------------------------------------------------------------------ colour

#[test]
fn color_flag_and_no_color_decide_escapes_on_real_output() {
    let sandbox = Sandbox::new();
    let stdout_of = |args: &[&str], no_color: bool| {
        let mut cmd = sandbox.whk();
        cmd.args(args);
        if !no_color {
            cmd.env_remove("NO_COLOR");
        }
        String::from_utf8(cmd.assert().success().get_output().stdout.clone()).unwrap()
    };
    let show = ["providers", "show", "izi"];
    assert!(stdout_of(&[&show[..], &["--color", "always"]].concat(), true).contains(ESC));
    assert!(!stdout_of(&[&show[..], &["--color", "never"]].concat(), false).contains(ESC));
    // auto: NO_COLOR turns colour off, and so does a stdout that is a pipe.
    assert!(!stdout_of(&show, true).contains(ESC));
    assert!(!stdout_of(&show, false).contains(ESC));

    // Diagnostics on stderr follow the same switch.
    let body = sandbox.write("body.json", "{}");
    let verify_stderr = |color: &str| {
        let mut cmd = sandbox.whk();
        cmd.args([
            "verify",
            "--provider",
            "github",
            "--secret",
            "s3cret",
            "--color",
            color,
        ])
        .args(["--signature", "sha256=00"])
        .arg(&body);
        String::from_utf8(cmd.assert().code(1).get_output().stderr.clone()).unwrap()
    };
    assert!(verify_stderr("always").contains(ESC));
    let plain = verify_stderr("never");
    assert!(
        !plain.contains(ESC) && plain.contains("invalid:"),
        "{plain}"
    );
}

#[test]
fn init_on_a_terminal_honours_no_color() {
    let sandbox = Sandbox::new();
    // Ask for colour even though stdout is a terminal: NO_COLOR is set by
    // the sandbox, so prompts must come out plain. Read raw output here.
    let options = rexpect::session::Options::new().timeout_ms(Some(30_000));
    let mut session = rexpect::session::spawn_with_options(
        pty_whk(&sandbox, &["init", "--provider", "zotlo"]),
        options,
    )
    .unwrap();
    let before = session.exp_string("Default target URL").unwrap();
    keys(&mut session, "\r");
    session.exp_string("Event store file").unwrap();
    keys(&mut session, "\r");
    let (rest, code) = pty_exit(&mut session);
    assert_eq!(code, 0, "{before}{rest}");
    // Cursor movement is fine; colour (SGR ...m sequences) is not.
    let sgr = regex_free_sgr(&format!("{before}{rest}"));
    assert!(sgr.is_empty(), "colour escapes with NO_COLOR: {sgr:?}");
}

/// The SGR (colour/style) escape sequences in `text`: ESC [ digits;... m.
fn regex_free_sgr(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for (start, _) in text.match_indices(ESC) {
        let rest = &text[start + ESC.len()..];
        let params: String = rest
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == ';')
            .collect();
        if rest[params.len()..].starts_with('m') {
            found.push(format!("ESC[{params}m"));
        }
    }
    found
}

// -------------------------------------------------------------- exit codes

#[test]
fn documented_exit_codes_hold() {
    let sandbox = Sandbox::new();
    let body = b"{\"action\":\"opened\"}";
    let file = sandbox.write("body.json", body);
    let good = format!(
        "sha256={}",
        hex::encode(oracle::hmac_sha256(b"gh-secret", body))
    );

    // 0: valid, listing, signing.
    sandbox
        .whk()
        .args([
            "verify",
            "--provider",
            "github",
            "--secret",
            "gh-secret",
            "--signature",
            &good,
        ])
        .arg(&file)
        .assert()
        .code(0);
    sandbox.whk().args(["providers"]).assert().code(0);
    sandbox
        .whk()
        .args(["sign", "--provider", "github", "--secret", "gh-secret"])
        .arg(&file)
        .assert()
        .code(0)
        .stdout(predicate::str::contains(&good));

    // 1: the checked thing failed.
    let bad = format!(
        "sha256={}",
        hex::encode(oracle::hmac_sha256(b"other-secret", body))
    );
    sandbox
        .whk()
        .args([
            "verify",
            "--provider",
            "github",
            "--secret",
            "gh-secret",
            "--signature",
            &bad,
        ])
        .arg(&file)
        .assert()
        .code(1);

    // 2: usage and input errors.
    sandbox
        .whk()
        .arg("provider")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "similar subcommand exists: 'providers'",
        ));
    sandbox
        .whk()
        .args(["providers", "show", "strpe"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did you mean stripe?"));
    sandbox
        .whk()
        .args(["sign", "--provider", "github"])
        .arg(&file)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no signing secret"));
    sandbox
        .whk()
        .args(["sign", "--bogus-flag"])
        .assert()
        .code(2);
    sandbox
        .whk()
        .args(["verify", "--provider", "github", "--secret", "gh-secret"])
        .arg(sandbox.path().join("missing.json"))
        .assert()
        .code(2);
}

#[test]
fn bare_whk_prints_the_compact_overview() {
    let sandbox = Sandbox::new();
    let output = sandbox.whk().assert().success().get_output().stdout.clone();
    let text = String::from_utf8(output).unwrap();
    assert!(
        text.contains("whk listen --port 3000") && text.contains("whk send test-event"),
        "{text}"
    );
    assert!(text.contains("whk <command> --help"), "{text}");
    assert!(
        text.lines().count() < 30,
        "the overview is compact:\n{text}"
    );
    assert!(!text.contains("--color"), "flags belong in --help:\n{text}");

    let help = sandbox
        .whk()
        .arg("--help")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let help = String::from_utf8(help).unwrap();
    for row in [
        "0    success",
        "1    verification",
        "2    error",
        "130  interrupted",
    ] {
        assert!(help.contains(row), "exit code table lacks '{row}':\n{help}");
    }
}

// ----------------------------------------------------- snapshots and man page

fn manifest_path(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

/// Every command path: [], ["send"], ["events", "list"], ... (not `help`).
fn command_paths() -> Vec<Vec<String>> {
    fn walk(command: &clap::Command, path: Vec<String>, out: &mut Vec<Vec<String>>) {
        out.push(path.clone());
        for sub in command.get_subcommands().filter(|s| s.get_name() != "help") {
            let mut next = path.clone();
            next.push(sub.get_name().to_string());
            walk(sub, next, out);
        }
    }
    let mut out = Vec::new();
    walk(&whk::cli::full_command(), Vec::new(), &mut out);
    out
}

#[test]
fn every_help_matches_its_snapshot() {
    let sandbox = Sandbox::new();
    let dir = manifest_path("tests/snapshots/help");
    let mut mismatches = Vec::new();
    let mut expected_files = vec!["whk-overview.txt".to_string()];
    let overview = sandbox.whk().assert().success().get_output().stdout.clone();
    mismatches.extend(snapshot::check(
        &dir.join("whk-overview.txt"),
        &String::from_utf8(overview).unwrap(),
    ));

    for path in command_paths() {
        let name = std::iter::once("whk".to_string())
            .chain(path.iter().cloned())
            .collect::<Vec<_>>()
            .join("-");
        let output = sandbox
            .whk()
            .args(&path)
            .arg("--help")
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        let help = String::from_utf8(output).unwrap();
        if !path.is_empty() {
            let examples: Vec<&str> = help
                .split_once("Examples:\n")
                .unwrap_or_else(|| panic!("'whk {} --help' has no examples", path.join(" ")))
                .1
                .lines()
                .collect();
            assert!(
                (2..=4).contains(&examples.len()),
                "'whk {} --help': {examples:?}",
                path.join(" ")
            );
            // A wrapped example is a broken example: every line is a command.
            for line in examples {
                assert!(
                    line.contains("whk "),
                    "'whk {} --help' wraps an example: {line:?}",
                    path.join(" ")
                );
            }
        }
        let file = format!("{name}.txt");
        mismatches.extend(snapshot::check(&dir.join(&file), &help));
        expected_files.push(file);
    }
    // A snapshot of a command that no longer exists is stale.
    if std::env::var_os(snapshot::UPDATE_VAR).is_none() {
        mismatches.extend(snapshot::stale(&dir, &expected_files));
    }
    snapshot::fail_on(mismatches);
}

#[test]
fn committed_man_pages_are_current() {
    let sandbox = Sandbox::new();
    let dir = manifest_path("man");
    let output = sandbox
        .whk()
        .args(["completions", "man"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let page = String::from_utf8(output).unwrap();
    assert!(
        page.contains(".TH whk 1") && page.contains("whk\\-listen(1)"),
        "not whk's man page:\n{page}"
    );
    let mut mismatches: Vec<String> = snapshot::check(&dir.join("whk.1"), &page)
        .into_iter()
        .collect();

    // One page per subcommand, as 'whk.1' refers to them (whk-listen(1), ...).
    let generated = tempfile::tempdir().unwrap();
    clap_mangen::generate_to(whk::cli::full_command(), generated.path()).unwrap();
    let mut names = Vec::new();
    for entry in std::fs::read_dir(generated.path()).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let text = std::fs::read_to_string(&path).unwrap();
        if name == "whk.1" {
            assert_eq!(
                text, page,
                "'whk completions man' renders whk.1 as generate_to does"
            );
        } else {
            mismatches.extend(snapshot::check(&dir.join(&name), &text));
        }
        names.push(name);
    }
    assert!(names.iter().any(|n| n == "whk-events-list.1"), "{names:?}");
    mismatches.extend(snapshot::stale(&dir, &names));
    snapshot::fail_on(mismatches);
}

#[test]
fn completions_offer_provider_names_and_event_types() {
    let sandbox = Sandbox::new();
    let script = |shell: &str| {
        let output = sandbox
            .whk()
            .args(["completions", shell])
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        String::from_utf8(output).unwrap()
    };
    let names: Vec<&str> = whk::providers::names();
    let bash = script("bash");
    assert!(
        bash.contains(&format!("compgen -W \"{}\"", names.join(" "))),
        "bash lacks provider names"
    );
    let send_opts = bash
        .lines()
        .find(|l| l.contains("opts=") && l.contains("--count"))
        .expect("bash options of whk send");
    assert!(
        send_opts.contains("SESSION_ENDED") && send_opts.contains("invoice.paid"),
        "{send_opts}"
    );
    // zsh shows each event with the provider and description.
    let zsh = script("zsh");
    assert!(
        zsh.contains("SESSION_ENDED\\:\"izi\\: "),
        "zsh lacks described event types"
    );
    // fish shows each provider with its title.
    let fish = script("fish");
    assert!(
        fish.contains("izi\\t'IZI'") && fish.contains("stripe\\t'Stripe'"),
        "fish lacks providers"
    );
}
