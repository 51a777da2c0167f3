//! Which header values are credentials, and how they are shown: every place a
//! person or a pipe reads a delivery's headers (the listener's lines, NDJSON,
//! `events show/export`, the inspector, copy-as-curl, error messages) shows
//! them through one [`Redactor`]. The store keeps the original bytes, so
//! `replay --verbatim` still sends what arrived.

use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;

use super::Headers;

/// Headers that carry a credential whatever their value looks like.
pub const CREDENTIAL_HEADERS: [&str; 6] = [
    "authorization",
    "proxy-authorization",
    "cookie",
    "set-cookie",
    "x-api-key",
    "x-gitlab-token",
];

/// What follows the shown prefix of a redacted value.
pub const REDACTED: &str = "…(redacted)";

/// A credential shorter than this shows no prefix at all: four characters of
/// a short token would be too much of it.
const PREFIX_FROM: usize = 16;
/// How many characters of a long credential are shown, to tell two apart.
const PREFIX: usize = 4;

/// Shows header values with credentials redacted: the [`CREDENTIAL_HEADERS`]
/// and any header whose value contains one of the configured secrets. Its
/// `Debug` never shows the secrets it looks for.
#[derive(Clone, Default)]
pub struct Redactor {
    secrets: Arc<[String]>,
    reveal: bool,
}

impl fmt::Debug for Redactor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Redactor")
            .field("secrets", &self.secrets.len())
            .field("reveal", &self.reveal)
            .finish()
    }
}

impl Redactor {
    /// Redacts the credential headers and values containing any of `secrets`.
    pub fn new<I, S>(secrets: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let secrets: Vec<String> = secrets
            .into_iter()
            .map(Into::into)
            .filter(|s| !s.is_empty())
            .collect();
        Redactor {
            secrets: secrets.into(),
            reveal: false,
        }
    }

    /// Shows every value as it is (`--reveal-secrets`).
    pub fn revealing() -> Self {
        Redactor {
            secrets: Arc::from(Vec::new()),
            reveal: true,
        }
    }

    pub fn reveals(&self) -> bool {
        self.reveal
    }

    /// Whether the value of header `name` is shown redacted.
    pub fn hides(&self, name: &str, value: &str) -> bool {
        !self.reveal
            && (CREDENTIAL_HEADERS
                .iter()
                .any(|known| name.eq_ignore_ascii_case(known))
                || self
                    .secrets
                    .iter()
                    .any(|secret| value.contains(secret.as_str())))
    }

    /// The value of header `name` as it may be shown.
    pub fn show<'a>(&self, name: &str, value: &'a str) -> Cow<'a, str> {
        if self.hides(name, value) {
            Cow::Owned(mask(name, value))
        } else {
            Cow::Borrowed(value)
        }
    }

    /// Any text (an error message, a reason) with every configured secret
    /// replaced by [`REDACTED`].
    pub fn scrub<'a>(&self, text: &'a str) -> Cow<'a, str> {
        if self.reveal || !self.secrets.iter().any(|s| text.contains(s.as_str())) {
            return Cow::Borrowed(text);
        }
        let mut scrubbed = text.to_string();
        for secret in self.secrets.iter() {
            scrubbed = scrubbed.replace(secret.as_str(), REDACTED);
        }
        Cow::Owned(scrubbed)
    }

    /// This redactor, also hiding any header of `headers` that repeats the
    /// credential of one of its [`CREDENTIAL_HEADERS`] (an API key echoed in
    /// a custom header), whether or not that credential is configured here.
    pub fn within(&self, headers: &Headers) -> Cow<'_, Redactor> {
        if self.reveal {
            return Cow::Borrowed(self);
        }
        let mut found: Vec<String> = Vec::new();
        for (name, value) in headers.iter() {
            if CREDENTIAL_HEADERS
                .iter()
                .any(|known| name.eq_ignore_ascii_case(known))
            {
                let credential = credential_of(value);
                if credential.len() >= MIN_ECHOED && !self.secrets.iter().any(|s| s == credential) {
                    found.push(credential.to_string());
                }
            }
        }
        if found.is_empty() {
            return Cow::Borrowed(self);
        }
        found.extend(self.secrets.iter().cloned());
        Cow::Owned(Redactor {
            secrets: found.into(),
            reveal: false,
        })
    }

    /// A copy of `headers` with every hidden value redacted, in order.
    pub fn headers(&self, headers: &Headers) -> Headers {
        headers
            .iter()
            .map(|(name, value)| (name.to_string(), self.show(name, value).into_owned()))
            .collect()
    }
}

/// A credential this short is not looked for in other headers: it would
/// match ordinary values by chance.
const MIN_ECHOED: usize = 8;

/// The value without its auth scheme word: `Bearer abc` -> (`Bearer `, `abc`).
fn split_scheme(value: &str) -> (&str, &str) {
    match value.split_once(' ') {
        Some((word, rest)) if !word.is_empty() && word.chars().all(|c| c.is_ascii_alphabetic()) => {
            (&value[..word.len() + 1], rest.trim_start())
        }
        _ => ("", value),
    }
}

fn credential_of(value: &str) -> &str {
    split_scheme(value).1.trim()
}

/// `Bearer sk_l…(redacted)`: the auth scheme word of an (proxy-)
/// authorization header stays, then at most [`PREFIX`] characters of a long
/// credential.
fn mask(name: &str, value: &str) -> String {
    let authorization = ["authorization", "proxy-authorization"]
        .iter()
        .any(|auth| name.eq_ignore_ascii_case(auth));
    let (scheme, credential) = if authorization {
        split_scheme(value)
    } else {
        ("", value)
    };
    let shown: String = if credential.chars().count() >= PREFIX_FROM {
        credential.chars().take(PREFIX).collect()
    } else {
        String::new()
    };
    format!("{scheme}{shown}{REDACTED}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credential_headers_keep_their_scheme_and_a_short_prefix() {
        let redactor = Redactor::default();
        assert_eq!(
            redactor.show("Authorization", "Bearer sk_live_0123456789abcdef"),
            "Bearer sk_l…(redacted)"
        );
        assert_eq!(redactor.show("x-api-key", "short"), "…(redacted)");
        assert_eq!(
            redactor.show("Cookie", "session=0123456789abcdef0123"),
            "sess…(redacted)"
        );
        assert_eq!(
            redactor.show("content-type", "application/json"),
            "application/json"
        );
    }

    #[test]
    fn any_header_containing_a_configured_secret_is_hidden() {
        let redactor = Redactor::new(["s3cr3t-value"]);
        let shown = redactor.show("x-custom", "token=s3cr3t-value");
        assert!(!shown.contains("s3cr3t-value"), "{shown}");
        assert_eq!(
            redactor.scrub("bad key s3cr3t-value!"),
            "bad key …(redacted)!"
        );
        let mut headers = Headers::new();
        headers.push("X-Custom", "s3cr3t-value");
        headers.push("Accept", "*/*");
        let shown = redactor.headers(&headers);
        assert_eq!(shown.get("accept"), Some("*/*"));
        assert_eq!(shown.get("x-custom"), Some("…(redacted)"));
        assert!(!format!("{redactor:?}").contains("s3cr3t"));
    }

    #[test]
    fn a_header_echoing_a_credential_of_the_same_request_is_hidden() {
        let mut headers = Headers::new();
        headers.push("Authorization", "Bearer unconfigured-token-42");
        headers.push("X-Echo", "was unconfigured-token-42");
        headers.push("X-Other", "harmless");
        let redactor = Redactor::default();
        let within = redactor.within(&headers);
        let shown = within.headers(&headers);
        assert_eq!(shown.get("x-echo"), Some("was …(redacted)"));
        assert_eq!(shown.get("x-other"), Some("harmless"));
        assert_eq!(shown.get("authorization"), Some("Bearer unco…(redacted)"));
    }

    #[test]
    fn revealing_shows_everything() {
        let redactor = Redactor::revealing();
        assert_eq!(redactor.show("authorization", "Bearer abc"), "Bearer abc");
    }
}
