//! Copy-pasteable curl commands for a request whk would send (`whk sign
//! --format curl`, the inspector's "copy as curl"): every value shell-quoted,
//! the body sent byte for byte.

use std::path::Path;

use base64::Engine;

use super::Headers;

/// Where the command takes the body from.
#[derive(Debug, Clone, Copy)]
pub enum Data<'a> {
    /// A file (`@path`), read by curl when the command runs.
    File(&'a Path),
    /// These bytes, written into the command.
    Inline(&'a [u8]),
}

/// A curl command that sends `data` byte for byte (`--data-binary`).
pub fn command(method: &str, url: &str, headers: &Headers, data: Data) -> String {
    let mut parts = vec![format!("curl -sS -X {method}"), shell_quote(url)];
    for (name, value) in headers.iter() {
        parts.push(format!("-H {}", shell_quote(&format!("{name}: {value}"))));
    }
    let mut piped = None;
    let data = match data {
        Data::File(path) => format!("@{}", path.display()),
        // Text goes in as it is, unless curl would read it as a file name (`@...`).
        Data::Inline(bytes) => match std::str::from_utf8(bytes) {
            Ok(text) if !text.starts_with('@') => text.to_string(),
            _ => {
                piped = Some(base64::engine::general_purpose::STANDARD.encode(bytes));
                "@-".to_string()
            }
        },
    };
    parts.push(format!("--data-binary {}", shell_quote(&data)));
    let curl = parts.join(" ");
    match piped {
        Some(encoded) => format!("printf %s {} | base64 -d | {curl}", shell_quote(&encoded)),
        None => curl,
    }
}

/// `text` as one POSIX shell word.
pub fn shell_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_headers_and_keeps_bytes() {
        let mut headers = Headers::new();
        headers.push("X-Sig", "it's");
        let file = command(
            "POST",
            "http://h/",
            &headers,
            Data::File(Path::new("b.json")),
        );
        assert_eq!(
            file,
            r#"curl -sS -X POST 'http://h/' -H 'X-Sig: it'\''s' --data-binary '@b.json'"#
        );
        let inline = command("POST", "http://h/", &Headers::new(), Data::Inline(b"{'a'}"));
        assert_eq!(
            inline,
            r#"curl -sS -X POST 'http://h/' --data-binary '{'\''a'\''}'"#
        );
    }

    #[test]
    fn binary_and_at_sign_bodies_are_piped() {
        for body in [&[0xff, 0x00][..], b"@/etc/passwd"] {
            let cmd = command("POST", "http://h/", &Headers::new(), Data::Inline(body));
            let encoded = base64::engine::general_purpose::STANDARD.encode(body);
            assert_eq!(
                cmd,
                format!("printf %s '{encoded}' | base64 -d | curl -sS -X POST 'http://h/' --data-binary '@-'")
            );
        }
    }
}
