//! How a recorded delivery is shown: one coloured summary line (time, mark,
//! provider, type, id, size, status, duplicate, forwarding), then optionally
//! headers and the pretty body; or, in `--json` mode, exactly one
//! [`StoredDelivery::to_json`] record per line and nothing else.
//!
//! `whk listen` prints through [`Printer`]; `whk events` reuses the same
//! pieces so a delivery reads the same wherever it is shown.

use std::io::{self, Write};
use std::sync::Arc;

use colored::Colorize;

use crate::store::StoredDelivery;
use crate::term;

/// What is printed besides the stored record (not stored itself).
#[derive(Debug, Clone, Default)]
pub struct Printed {
    /// The forward target's response body, shown with `--verbose`.
    pub forward_body: Option<String>,
}

/// How `whk listen` prints deliveries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// NDJSON, one record per line.
    Json,
    Human {
        /// The summary line only.
        compact: bool,
        /// Request headers under the line.
        headers: bool,
    },
}

/// Prints batches of recorded deliveries to stdout.
pub struct Printer {
    format: Format,
    out: io::BufWriter<io::Stdout>,
}

impl Printer {
    pub fn new(format: Format) -> Self {
        Printer {
            format,
            out: io::BufWriter::with_capacity(64 * 1024, io::stdout()),
        }
    }

    /// Prints a batch and flushes once; an error means stdout is gone.
    pub fn print_batch(&mut self, batch: &[(Arc<StoredDelivery>, Printed)]) -> io::Result<()> {
        for (stored, extra) in batch {
            match self.format {
                Format::Json => {
                    serde_json::to_writer(&mut self.out, &stored.record())?;
                    self.out.write_all(b"\n")?;
                    if let Some(error) = stored
                        .delivery
                        .forward
                        .as_ref()
                        .and_then(|f| f.error.as_ref())
                    {
                        // stdout carries JSON only; the forwarding failure is
                        // in the record and, for a person watching, on stderr.
                        term::warn(format!("#{}: {error}", stored.seq));
                    }
                }
                Format::Human { compact, headers } => {
                    writeln!(self.out, "{}", summary_line(stored))?;
                    if let Some(body) = extra.forward_body.as_deref().filter(|_| term::verbose()) {
                        writeln!(
                            self.out,
                            "  {} {}",
                            "app answered:".dimmed(),
                            body.trim_end()
                        )?;
                    }
                    if headers {
                        write_headers(&mut self.out, stored)?;
                    }
                    if !compact {
                        write_body(&mut self.out, stored)?;
                    }
                }
            }
        }
        self.out.flush()
    }
}

/// One line summing a delivery up.
pub fn summary_line(stored: &StoredDelivery) -> String {
    let d = &stored.delivery;
    let received = humantime::format_rfc3339_millis(d.received_at).to_string();
    // `2024-05-01T12:34:56.789Z` -> `12:34:56.789`
    let time = received.get(11..23).unwrap_or(&received);
    let mark = match d.verified {
        Some(true) => "✓ verified".green().bold().to_string(),
        Some(false) => "✗ rejected".red().bold().to_string(),
        None => "· unverified".yellow().to_string(),
    };
    let mut line = format!(
        "{} {} {mark} {} {} {} {} {}",
        time.dimmed(),
        format!("#{}", stored.seq).bold(),
        d.provider.cyan(),
        d.event_type.as_deref().unwrap_or("-").bold(),
        d.event_id.as_deref().unwrap_or("-"),
        human_size(d.body.len()).dimmed(),
        status_text(d.status),
    );
    if let Some(first) = stored.duplicate_of {
        line.push_str(&format!(" {}", format!("duplicate of #{first}").magenta()));
    }
    if let Some(reason) = &d.reason {
        line.push_str(&format!(" {}", reason.red()));
    }
    if let Some(forward) = &d.forward {
        let answer = match (forward.status, &forward.error) {
            (Some(status), _) => format!("{} in {} ms", status_text(status), forward.latency_ms),
            (None, Some(error)) => error.red().to_string(),
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

/// The request headers, one `name: value` per line, indented.
pub fn write_headers(out: &mut impl Write, stored: &StoredDelivery) -> io::Result<()> {
    for (name, value) in stored.delivery.headers.iter() {
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
