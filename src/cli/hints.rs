//! Value hints for shell completions: provider names and event types.
//!
//! Each parser here accepts any string and only *lists* the known values, so
//! completion scripts and the man page can offer them while an unknown name
//! still reaches whk's own lookup and its did-you-mean error (clap's possible
//! values would reject it with a generic message first).

use clap::builder::{PossibleValue, StringValueParser, TypedValueParser};

/// A string parser that advertises `values()` as completion candidates.
#[derive(Clone)]
pub struct Hinted {
    values: fn() -> Vec<PossibleValue>,
}

impl TypedValueParser for Hinted {
    type Value = String;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<String, clap::Error> {
        StringValueParser::new().parse_ref(cmd, arg, value)
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new((self.values)().into_iter()))
    }
}

/// Provider preset names, each with its title as the description.
pub fn provider_names() -> Hinted {
    Hinted {
        values: || {
            crate::providers::all()
                .unwrap_or_default()
                .into_iter()
                .map(|p| PossibleValue::new(p.name).help(p.title))
                .collect()
        },
    }
}

/// Every event type of every provider's catalog, and test-event; a type two
/// catalogs share is listed once.
pub fn event_types() -> Hinted {
    Hinted {
        values: || {
            let mut seen = std::collections::BTreeSet::new();
            let mut values = Vec::new();
            for provider in crate::providers::all().unwrap_or_default() {
                for event in &provider.catalog().events {
                    if seen.insert(event.event_type.clone()) {
                        let help = format!("{}: {}", provider.name, event.description);
                        values.push(PossibleValue::new(&event.event_type).help(help));
                    }
                }
            }
            for provider in crate::providers::all().unwrap_or_default() {
                for handshake in provider.handshakes {
                    if seen.insert(handshake.name().to_string()) {
                        let help = format!("{}: handshake", provider.name);
                        values.push(PossibleValue::new(handshake.name()).help(help));
                    }
                }
            }
            values.push(
                PossibleValue::new(crate::payload::catalog::TEST_EVENT)
                    .help("the provider's generic test event"),
            );
            values
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hints_list_values_but_accept_anything() {
        let cmd = clap::Command::new("t");
        let parser = provider_names();
        let names: Vec<String> = parser
            .possible_values()
            .unwrap()
            .map(|v| v.get_name().to_string())
            .collect();
        assert!(names.iter().any(|n| n == "izi") && names.iter().any(|n| n == "stripe"));
        assert_eq!(
            parser.parse_ref(&cmd, None, "strpe".as_ref()).unwrap(),
            "strpe"
        );

        let events: Vec<String> = event_types()
            .possible_values()
            .unwrap()
            .map(|v| v.get_name().to_string())
            .collect();
        assert!(events.iter().any(|e| e == "SESSION_ENDED"));
        assert!(events.iter().any(|e| e == "test-event"));
        let mut unique = events.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), events.len());
    }
}
