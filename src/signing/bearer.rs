//! A shared token in a header, as Unibo sends it (`Authorization: Bearer <key>`)
//! and GitLab (`X-Gitlab-Token: <token>`, compared in constant time).
//! Not a signature over the body, but the only proof of origin that sender gives.
//! The header is optional in Unibo's document ("if you provide an API key"),
//! so an empty key signs with no header at all.

use std::borrow::Cow;

use super::{
    constant_time_eq, Credential, Message, Request, Secret, SecretError, SignatureScheme,
    TimePolicy, VerifyError,
};
use crate::http::Headers;

#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BearerScheme {
    pub header: Cow<'static, str>,
    /// Written before the token: `Bearer ` unless the provider sends it bare.
    #[serde(default = "bearer")]
    pub prefix: Cow<'static, str>,
}

fn bearer() -> Cow<'static, str> {
    Cow::Borrowed("Bearer ")
}

impl SignatureScheme for BearerScheme {
    fn kind(&self) -> &'static str {
        "bearer"
    }

    fn signature_header(&self) -> Option<&str> {
        Some(&self.header)
    }

    fn summary(&self) -> String {
        format!("{}: {}<secret>", self.header, self.prefix)
    }

    fn credential(&self) -> Credential {
        Credential::Token { optional: true }
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }

    fn sign(&self, secret: &Secret, _: &Message) -> Result<Headers, SecretError> {
        let mut headers = Headers::new();
        if !secret.expose().is_empty() {
            headers.push(
                self.header.as_ref(),
                format!("{}{}", self.prefix, secret.expose()),
            );
        }
        Ok(headers)
    }

    fn verify(&self, secret: &Secret, request: &Request, _: TimePolicy) -> Result<(), VerifyError> {
        let headers = request.headers;
        if secret.expose().is_empty() {
            return Err(SecretError::Empty.into());
        }
        let value = headers
            .get(&self.header)
            .ok_or_else(|| VerifyError::NotSigned {
                header: self.header.to_string(),
            })?;
        let token =
            value
                .strip_prefix(self.prefix.as_ref())
                .ok_or_else(|| VerifyError::InvalidHeader {
                    header: self.header.to_string(),
                    reason: format!("expected '{}<api key>'", self.prefix),
                })?;
        if constant_time_eq(token.as_bytes(), secret.expose().as_bytes()) {
            Ok(())
        } else {
            Err(VerifyError::WrongToken {
                header: self.header.to_string(),
            })
        }
    }
}
