//! Renders an audit [`Report`] three ways: a table for people, one JSON
//! document for scripts (the contract `schema/audit.schema.json` documents),
//! and JUnit XML for CI systems, written with a small escaping writer (the
//! format needs five entities and a filter for characters XML 1.0 forbids,
//! not a crate).

use colored::Colorize;
use serde_json::{json, Value};

use super::{CaseReport, Report, Verdict};

/// `14 passed, 1 failed, 1 warned, 1 skipped`.
pub fn summary(report: &Report) -> String {
    format!(
        "{} passed, {} failed, {} warned, {} skipped",
        report.count(Verdict::Pass),
        report.count(Verdict::Fail),
        report.count(Verdict::Warn),
        report.count(Verdict::Skip)
    )
}

/// One row per case: what was sent, what a correct receiver answers, what
/// came back, the verdict and (on fail, warn or skip) why. Styled like every
/// whk table; the prose columns are word-wrapped to fit `width`, the case
/// name and verdict never are.
pub fn table(report: &Report, width: usize) -> tabled::Table {
    use tabled::settings::Style;
    const HEADER: [&str; 6] = [
        "case",
        "sent",
        "a correct receiver",
        "got",
        "verdict",
        "why",
    ];
    const WRAPPED: [bool; 6] = [false, true, true, true, false, true];
    let rows: Vec<[String; 6]> = report
        .cases
        .iter()
        .map(|case| {
            [
                case.name.to_string(),
                case.sent.clone(),
                case.expect.clone(),
                case.observed.got.clone(),
                case.verdict().as_str().to_string(),
                case.observed.judged.detail.clone().unwrap_or_default(),
            ]
        })
        .collect();
    let mut widths: Vec<usize> = (0..6)
        .map(|column| {
            rows.iter()
                .map(|row| row[column].chars().count())
                .chain([HEADER[column].chars().count()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    // Borders and one space of padding either side of each of the six cells.
    let budget = width.saturating_sub(7 + 2 * 6);
    // The widest prose column gives up a character first; "why" counts two
    // thirds of its width, so it keeps the most room (a fail's sentence is
    // what the reader acts on).
    let weight = |c: usize| if c == 5 { 2 } else { 3 };
    while widths.iter().sum::<usize>() > budget {
        let widest = (0..6)
            .filter(|&c| WRAPPED[c])
            .max_by_key(|&c| widths[c] * weight(c))
            .unwrap_or(0);
        if widths[widest] <= 10 {
            break;
        }
        widths[widest] -= 1;
    }
    let mut builder = tabled::builder::Builder::new();
    builder.push_record((0..6).map(|c| wrap(HEADER[c], widths[c])));
    for (row, case) in rows.iter().zip(&report.cases) {
        let cells: Vec<String> = (0..6)
            .map(|c| match c {
                4 => colored_verdict(case.verdict()),
                c if WRAPPED[c] => wrap(&row[c], widths[c]),
                c => row[c].clone(),
            })
            .collect();
        builder.push_record(cells);
    }
    let mut table = builder.build();
    table.with(Style::rounded());
    table
}

/// Greedy word wrap at `width` characters; a word longer than that is cut.
fn wrap(text: &str, width: usize) -> String {
    let width = width.max(1);
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let mut word: Vec<char> = word.chars().collect();
        loop {
            let used = line.chars().count();
            let room = if used == 0 {
                width
            } else {
                width.saturating_sub(used + 1)
            };
            if word.len() <= room {
                if used > 0 {
                    line.push(' ');
                }
                line.extend(word.iter());
                break;
            }
            if used > 0 {
                lines.push(std::mem::take(&mut line));
                continue;
            }
            let rest = word.split_off(width);
            lines.push(word.iter().collect());
            word = rest;
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines.join("\n")
}

fn colored_verdict(verdict: Verdict) -> String {
    let text = verdict.as_str();
    match verdict {
        Verdict::Pass => text.green().to_string(),
        Verdict::Fail => text.red().bold().to_string(),
        Verdict::Warn => text.yellow().to_string(),
        Verdict::Skip => text.dimmed().to_string(),
    }
}

/// The `--format json` document.
pub fn json(report: &Report) -> Value {
    let cases: Vec<Value> = report.cases.iter().map(case_json).collect();
    json!({
        "target": report.target,
        "provider": report.provider,
        "cases": cases,
        "passed": report.count(Verdict::Pass),
        "failed": report.count(Verdict::Fail),
        "warned": report.count(Verdict::Warn),
        "skipped": report.count(Verdict::Skip),
    })
}

fn case_json(case: &CaseReport) -> Value {
    json!({
        "name": case.name,
        "sent": case.sent,
        "expect": case.expect,
        "status": case.observed.status,
        "elapsed_ms": case.observed.elapsed.map(milliseconds),
        "verdict": case.verdict().as_str(),
        "detail": case.observed.judged.detail,
    })
}

/// Milliseconds with microsecond precision.
fn milliseconds(elapsed: std::time::Duration) -> f64 {
    (elapsed.as_secs_f64() * 1e6).round() / 1e3
}

/// JUnit XML: one testsuite, a testcase per case, `<failure>` for fails,
/// `<skipped/>` for skips; warnings pass and say why in `<system-out>`.
pub fn junit(report: &Report) -> String {
    let seconds = |case: &CaseReport| case.observed.elapsed.map_or(0.0, |e| e.as_secs_f64());
    let total: f64 = report.cases.iter().map(seconds).sum();
    let suite = format!("whk audit {} ({})", report.target, report.provider);
    let counts = format!(
        "tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"{}\" time=\"{total:.3}\"",
        report.cases.len(),
        report.count(Verdict::Fail),
        report.count(Verdict::Skip)
    );
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    xml.push_str(&format!(
        "<testsuites name=\"whk audit\" {counts}>\n  <testsuite name=\"{}\" {counts}>\n",
        escape(&suite)
    ));
    xml.push_str(&format!(
        "    <properties>\n      <property name=\"target\" value=\"{}\"/>\n      <property name=\"provider\" value=\"{}\"/>\n    </properties>\n",
        escape(&report.target),
        escape(report.provider)
    ));
    for case in &report.cases {
        xml.push_str(&format!(
            "    <testcase name=\"{}\" classname=\"whk.audit.{}\" time=\"{:.3}\"",
            escape(case.name),
            escape(report.provider),
            seconds(case)
        ));
        let detail = case.observed.judged.detail.as_deref().unwrap_or_default();
        let exchange = format!(
            "sent: {}\na correct receiver: {}\ngot: {}",
            case.sent, case.expect, case.observed.got
        );
        match case.verdict() {
            Verdict::Pass if detail.is_empty() => xml.push_str("/>\n"),
            Verdict::Pass => xml.push_str(&format!(
                ">\n      <system-out>{}</system-out>\n    </testcase>\n",
                escape(detail)
            )),
            Verdict::Warn => xml.push_str(&format!(
                ">\n      <system-out>warning: {}\n{}</system-out>\n    </testcase>\n",
                escape(detail),
                escape(&exchange)
            )),
            Verdict::Fail => xml.push_str(&format!(
                ">\n      <failure message=\"{}\" type=\"fail\">{}</failure>\n    </testcase>\n",
                escape(detail),
                escape(&exchange)
            )),
            Verdict::Skip => xml.push_str(&format!(
                ">\n      <skipped message=\"{}\"/>\n    </testcase>\n",
                escape(detail)
            )),
        }
    }
    xml.push_str("  </testsuite>\n</testsuites>\n");
    xml
}

/// Text for XML content and attribute values: the five entities escaped, and
/// the characters XML 1.0 cannot carry at all (control characters but tab,
/// newline and carriage return; U+FFFE and U+FFFF) replaced with U+FFFD.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Kept as characters but escaped, so attribute values keep them.
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_covers_entities_and_forbidden_characters() {
        assert_eq!(
            escape("a<b & \"c\" 'd'>\u{1}\n"),
            "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;\u{FFFD}&#10;"
        );
        assert_eq!(escape("café ☕"), "café ☕");
    }

    #[test]
    fn wrapping_keeps_words_and_cuts_only_longer_ones() {
        assert_eq!(wrap("one two three", 7), "one two\nthree");
        assert_eq!(wrap("abcdefghij xy", 4), "abcd\nefgh\nij\nxy");
        assert_eq!(wrap("fits", 10), "fits");
        for line in wrap("the same without X-IZI-Signature header", 12).lines() {
            assert!(
                line.chars().count() <= 12 && !line.starts_with(' '),
                "{line:?}"
            );
        }
    }
}
