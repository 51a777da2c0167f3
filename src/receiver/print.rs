//! How a recorded delivery is shown: one coloured summary line (time, mark,
//! provider, type, id, size, status, duplicate, forwarding), then optionally
//! headers and the pretty body; or, in `--json` mode, exactly one
//! [`StoredDelivery::record`] per line and nothing else.
//!
//! `whk listen` prints through the [`HumanSink`] and [`JsonSink`] it mounts
//! on the listener's event feed; `whk events` reuses the same pieces so a
//! delivery reads the same wherever it is shown.

use std::io::{self, Write};

use colored::Colorize;

use crate::feed::{ListenEvent, Sink, Stop};
use crate::http::Redactor;
use crate::providers::Handshake;
use crate::signing::{Severity, Verdict};
use crate::store::StoredDelivery;
use crate::term;

/// How a human sink shows each delivery.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct HumanStyle {
    /// The summary line only, not the body.
    pub compact: bool,
    /// Request headers under the line.
    pub headers: bool,
    /// The app's answer to forwarded deliveries too.
    pub app_answers: bool,
    /// No closing summary (`--quiet`).
    pub quiet: bool,
}

/// Coloured lines for a person watching the listener, on stdout; warnings
/// and the closing summary on stderr.
pub struct HumanSink {
    style: HumanStyle,
    redactor: Redactor,
    out: io::BufWriter<io::Stdout>,
}

impl HumanSink {
    /// Shows headers and reasons through `redactor`.
    pub fn new(style: HumanStyle, redactor: Redactor) -> Self {
        HumanSink {
            style,
            redactor,
            out: io::BufWriter::with_capacity(64 * 1024, io::stdout()),
        }
    }
}

impl Sink for HumanSink {
    fn handle(&mut self, event: &ListenEvent) -> io::Result<()> {
        match event {
            ListenEvent::Recorded(stored) => {
                writeln!(self.out, "{}", summary_line(stored, &self.redactor))?;
                write_violations(&mut self.out, stored)?;
                if self.style.headers {
                    write_headers(&mut self.out, stored, &self.redactor)?;
                }
                if !self.style.compact {
                    write_body(&mut self.out, stored)?;
                }
            }
            ListenEvent::Handshake { stored, kind } => {
                writeln!(
                    self.out,
                    "{}",
                    handshake_line(stored, *kind, &self.redactor)
                )?;
            }
            ListenEvent::AppAnswered { body, .. } if self.style.app_answers => {
                writeln!(
                    self.out,
                    "  {} {}",
                    "app answered:".dimmed(),
                    body.trim_end()
                )?;
            }
            other => status_on_stderr(other, self.style.quiet),
        }
        Ok(())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// Exactly one [`StoredDelivery::record`] per line on stdout and nothing
/// else; forwarding failures, warnings and the summary go to stderr.
pub struct JsonSink {
    quiet: bool,
    redactor: Redactor,
    out: io::BufWriter<io::Stdout>,
}

impl JsonSink {
    /// Writes records with headers shown through `redactor`.
    pub fn new(quiet: bool, redactor: Redactor) -> Self {
        JsonSink {
            quiet,
            redactor,
            out: io::BufWriter::with_capacity(64 * 1024, io::stdout()),
        }
    }
}

impl Sink for JsonSink {
    fn handle(&mut self, event: &ListenEvent) -> io::Result<()> {
        match event {
            ListenEvent::Listening { url, provider } => {
                // The first line: scripts using --port 0 read the address here.
                serde_json::to_writer(
                    &mut self.out,
                    &serde_json::json!({ "listening": url, "provider": provider }),
                )?;
                self.out.write_all(b"\n")?;
            }
            ListenEvent::Handshake { stored, .. } => {
                // The record says it is one (`"handshake": "url_verification"`).
                serde_json::to_writer(&mut self.out, &stored.record(&self.redactor))?;
                self.out.write_all(b"\n")?;
            }
            ListenEvent::Recorded(stored) => {
                serde_json::to_writer(&mut self.out, &stored.record(&self.redactor))?;
                self.out.write_all(b"\n")?;
                if let Some(error) = stored
                    .delivery
                    .forward
                    .as_ref()
                    .and_then(|f| f.error.as_ref())
                {
                    // The failure is in the record and, for a person watching, on stderr.
                    term::warn(format!("#{}: {}", stored.seq, self.redactor.scrub(error)));
                }
            }
            other => status_on_stderr(other, self.quiet),
        }
        Ok(())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// What both sinks say on stderr: refused requests, store failures and the
/// closing summary.
fn status_on_stderr(event: &ListenEvent, quiet: bool) {
    match event {
        ListenEvent::Refused {
            method,
            path,
            status,
        } if !quiet => {
            eprintln!(
                "{}",
                format!("refused {method} {path} → {status} (not a delivery; not recorded)")
                    .dimmed()
            );
        }
        ListenEvent::StoreFailed { message } => {
            term::warn(format!("{message}; answering 503 until it recovers"));
        }
        ListenEvent::Stopped { tally, stopped } if !quiet => {
            let how = match stopped {
                Stop::Done => "done",
                Stop::Timeout => "timed out",
                Stop::Signal => "stopped",
            };
            eprintln!("{} {how}: {tally}", "whk".bold());
        }
        _ => {}
    }
}

/// One line summing a delivery up; a reason that quotes a secret is scrubbed.
pub fn summary_line(stored: &StoredDelivery, redactor: &Redactor) -> String {
    let d = &stored.delivery;
    let received = humantime::format_rfc3339_millis(d.received_at).to_string();
    // `2024-05-01T12:34:56.789Z` -> `12:34:56.789`
    let time = received.get(11..23).unwrap_or(&received);
    let mark = match d.verification.verdict {
        Verdict::Verified => "✓ verified".green().bold().to_string(),
        Verdict::Rejected => "✗ rejected".red().bold().to_string(),
        Verdict::Unsigned | Verdict::Skipped => "· unverified".yellow().to_string(),
    };
    let mut line = format!(
        "{} {} {mark} {} {} {} {} {}",
        time.dimmed(),
        format!("#{}", stored.seq).bold(),
        d.provider.cyan(),
        d.event_type.as_deref().unwrap_or("-").bold(),
        d.event_id.as_deref().unwrap_or("-"),
        human_size(d.declared_size.map_or(d.body.len(), |size| size as usize)).dimmed(),
        status_text(d.status),
    );
    if d.handshake.is_some() {
        // Shown wherever a recorded handshake is listed (`events show`).
        line.push_str(&format!(" {}", "⇄ handshake".blue()));
    }
    if let Some(first) = stored.duplicate_of {
        line.push_str(&format!(" {}", format!("duplicate of #{first}").magenta()));
    }
    if let Some(reason) = d.verification.reason() {
        line.push_str(&format!(" {}", redactor.scrub(reason).red()));
    }
    if let Some(hint) = d
        .verification
        .findings
        .iter()
        .find(|f| f.severity == Severity::Warning)
    {
        // The cause in a few words; 'whk events show N --explain' has the rest.
        let short = hint.message.split(": ").next().unwrap_or(&hint.message);
        line.push_str(&format!(" {} {}", "hint:".yellow(), short.yellow()));
    }
    match &d.schema {
        Some(check) if check.valid => line.push_str(&format!(" {}", "schema ✓".green())),
        Some(_) => line.push_str(&format!(" {}", "schema ✗".red().bold())),
        None => {}
    }
    if let Some(forward) = &d.forward {
        let answer = match (forward.status, &forward.error) {
            (Some(status), _) => format!("{} in {} ms", status_text(status), forward.latency_ms),
            (None, Some(error)) => redactor.scrub(error).red().to_string(),
            (None, None) => "no answer".red().to_string(),
        };
        line.push_str(&format!(
            " {} {} {answer}",
            "→".dimmed(),
            forward.target.dimmed()
        ));
    }
    line
}

/// The one line of a handshake the listener answered: what it was, from
/// whom, and what the listener did (or why it refused).
pub fn handshake_line(stored: &StoredDelivery, kind: Handshake, redactor: &Redactor) -> String {
    let d = &stored.delivery;
    let received = humantime::format_rfc3339_millis(d.received_at).to_string();
    let time = received.get(11..23).unwrap_or(&received);
    let what = match d.verification.reason() {
        Some(reason) => redactor.scrub(reason).red().to_string(),
        None => kind.describe_answer().dimmed().to_string(),
    };
    let mark = match d.verification.verdict {
        Verdict::Rejected => "⇄ handshake ✗".red().bold().to_string(),
        _ => "⇄ handshake".blue().bold().to_string(),
    };
    format!(
        "{} {} {mark} {} {} {} {what}",
        time.dimmed(),
        format!("#{}", stored.seq).bold(),
        d.provider.cyan(),
        kind.name().bold(),
        status_text(d.status),
    )
}

/// Under the line of a payload that breaks its schema: each violation.
pub fn write_violations(out: &mut impl Write, stored: &StoredDelivery) -> io::Result<()> {
    let Some(check) = stored.delivery.schema.as_ref().filter(|c| !c.valid) else {
        return Ok(());
    };
    let n = check.errors.len();
    writeln!(
        out,
        "  {} {n} violation{}",
        "schema:".red().bold(),
        if n == 1 { "" } else { "s" }
    )?;
    for violation in &check.errors {
        writeln!(out, "    {violation}")?;
    }
    Ok(())
}

fn status_text(status: u16) -> String {
    let text = format!("→ {status}");
    match status {
        200..=299 => text.green().to_string(),
        400..=499 => text.yellow().to_string(),
        _ => text.red().to_string(),
    }
}

/// `512 B`, `1.5 KiB`, `2.0 MiB`.
pub fn human_size(bytes: usize) -> String {
    const KIB: f64 = 1024.0;
    let b = bytes as f64;
    if b < KIB {
        format!("{bytes} B")
    } else if b < KIB * KIB {
        format!("{:.1} KiB", b / KIB)
    } else {
        format!("{:.1} MiB", b / KIB / KIB)
    }
}

/// The request headers, one `name: value` per line, indented, credentials
/// shown through `redactor`.
pub fn write_headers(
    out: &mut impl Write,
    stored: &StoredDelivery,
    redactor: &Redactor,
) -> io::Result<()> {
    let redactor = redactor.within(&stored.delivery.headers);
    for (name, value) in stored.delivery.headers.iter() {
        let value = redactor.show(name, value);
        writeln!(out, "  {} {value}", format!("{name}:").dimmed())?;
    }
    Ok(())
}

/// The body: pretty coloured JSON, else the text, else a note about binary data.
pub fn write_body(out: &mut impl Write, stored: &StoredDelivery) -> io::Result<()> {
    let body = &stored.delivery.body;
    if body.is_empty() {
        return writeln!(out, "{}", "(empty body)".dimmed());
    }
    match serde_json::from_slice::<serde_json::Value>(body) {
        Ok(json) => writeln!(out, "{}", term::color_json(&json)),
        Err(_) => match std::str::from_utf8(body) {
            Ok(text) => writeln!(out, "{}", text.trim_end()),
            Err(_) => writeln!(
                out,
                "{}",
                format!("({} of binary data, not shown)", human_size(body.len())).dimmed()
            ),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_naturally() {
        assert_eq!(human_size(0), "0 B");
        assert_eq!(human_size(1536), "1.5 KiB");
        assert_eq!(human_size(3 * 1024 * 1024), "3.0 MiB");
    }
}
