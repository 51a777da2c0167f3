//! Terminal output: colour policy, verbosity, error rendering, coloured JSON
//! and tables shaped to the terminal width.
//!
//! Data goes to stdout, diagnostics to stderr, always; in `--json` modes stdout
//! carries nothing but JSON. Colour is on only when asked for or when stdout is
//! a terminal and NO_COLOR is unset.

use std::io::{self, IsTerminal, Write};
use std::sync::atomic::{AtomicU8, Ordering};

use colored::Colorize;
use serde_json::Value;

static VERBOSITY: AtomicU8 = AtomicU8::new(1);

/// How much to print: `--quiet`, the default, or `--verbose`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verbosity {
    Quiet,
    Normal,
    Verbose,
}

/// Applies the global output settings; call once before printing anything.
/// `color` is `Some` when the user chose, `None` for automatic: on when
/// stdout is a terminal and NO_COLOR is unset.
pub fn init(color: Option<bool>, verbosity: Verbosity) {
    let color = color.unwrap_or_else(|| {
        std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && io::stdout().is_terminal()
    });
    colored::control::set_override(color);
    let level = match verbosity {
        Verbosity::Quiet => 0,
        Verbosity::Normal => 1,
        Verbosity::Verbose => 2,
    };
    VERBOSITY.store(level, Ordering::Relaxed);
}

pub fn quiet() -> bool {
    VERBOSITY.load(Ordering::Relaxed) == 0
}

pub fn verbose() -> bool {
    VERBOSITY.load(Ordering::Relaxed) >= 2
}

/// Whether progress bars and prompts may be shown: stderr/stdin on a terminal,
/// not CI.
pub fn interactive() -> bool {
    io::stdin().is_terminal() && io::stderr().is_terminal() && std::env::var_os("CI").is_none()
}

/// Whether a progress bar may draw on stderr.
pub fn progress_allowed() -> bool {
    !quiet() && io::stderr().is_terminal()
}

/// Renders an error and its causes the way a good compiler does. A cause whose
/// text the message already contains is not repeated.
pub fn print_error(err: &anyhow::Error) {
    let mut stderr = io::stderr().lock();
    let mut said = err.to_string();
    let _ = writeln!(stderr, "{} {said}", "error:".red().bold());
    for cause in err.chain().skip(1) {
        let text = cause.to_string();
        if said.contains(&text) {
            continue;
        }
        let _ = writeln!(stderr, "  {} {text}", "caused by:".dimmed());
        said.push_str(&text);
    }
}

/// A non-fatal note on stderr (suppressed by --quiet).
pub fn note(message: impl std::fmt::Display) {
    if !quiet() {
        eprintln!("{message}");
    }
}

pub fn warn(message: impl std::fmt::Display) {
    eprintln!("{} {message}", "warning:".yellow().bold());
}

/// Width to shape tables to: the terminal's, else 100.
pub fn width() -> usize {
    terminal_size().unwrap_or(100)
}

fn terminal_size() -> Option<usize> {
    std::env::var("COLUMNS")
        .ok()?
        .parse()
        .ok()
        .filter(|&w: &usize| w > 20)
}

/// Prints a `tabled` table fitted to the terminal width.
pub fn print_table(out: &mut impl Write, mut table: tabled::Table) -> io::Result<()> {
    use tabled::settings::{peaker::Priority, Style, Width};
    table
        .with(Style::rounded())
        .with(Width::wrap(width()).priority(Priority::max(true)));
    writeln!(out, "{table}")
}

/// Pretty JSON with colours (when colour is on): keys blue, strings green,
/// numbers cyan, literals magenta.
pub fn color_json(value: &Value) -> String {
    let mut out = String::new();
    write_json(&mut out, value, 0);
    out
}

fn write_json(out: &mut String, value: &Value, indent: usize) {
    let pad = |n: usize| "  ".repeat(n);
    match value {
        Value::Null => out.push_str(&"null".magenta().to_string()),
        Value::Bool(b) => out.push_str(&b.to_string().magenta().to_string()),
        Value::Number(n) => out.push_str(&n.to_string().cyan().to_string()),
        Value::String(s) => out.push_str(&Value::String(s.clone()).to_string().green().to_string()),
        Value::Array(items) if items.is_empty() => out.push_str("[]"),
        Value::Object(map) if map.is_empty() => out.push_str("{}"),
        Value::Array(items) => {
            out.push_str("[\n");
            for (i, item) in items.iter().enumerate() {
                out.push_str(&pad(indent + 1));
                write_json(out, item, indent + 1);
                out.push_str(if i + 1 < items.len() { ",\n" } else { "\n" });
            }
            out.push_str(&pad(indent));
            out.push(']');
        }
        Value::Object(map) => {
            out.push_str("{\n");
            for (i, (key, item)) in map.iter().enumerate() {
                out.push_str(&pad(indent + 1));
                out.push_str(
                    &Value::String(key.clone())
                        .to_string()
                        .blue()
                        .bold()
                        .to_string(),
                );
                out.push_str(": ");
                write_json(out, item, indent + 1);
                out.push_str(if i + 1 < map.len() { ",\n" } else { "\n" });
            }
            out.push_str(&pad(indent));
            out.push('}');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uncoloured_json_is_valid_pretty_json() {
        colored::control::set_override(false);
        let value = serde_json::json!({"a": [1, "x", null, {}], "b": {"c": true}, "d": []});
        let text = color_json(&value);
        assert_eq!(serde_json::from_str::<Value>(&text).unwrap(), value);
        assert_eq!(text, serde_json::to_string_pretty(&value).unwrap());
    }
}
