//! The whole command line, as one clap derive.
//!
//! Style guide for this file (so `--help` reads as one voice):
//! - Doc comments are the help text: the first line is a short imperative
//!   phrase without a trailing period; details follow after a blank line.
//! - Every subcommand's `after_help` carries 2-4 real examples.
//! - Flags shared by several subcommands live in one `#[derive(Args)]` struct
//!   that is flattened, so they are spelled and documented once.
//! - A subcommand's doc comment sits on its [`Command`] variant: its flags are
//!   [`Deferred`], built only when it runs, so `whk verify` in a script does
//!   not build the other twelve.
//! - No logic here: parsing only. `src/cmd/*` turns these values into work.

mod hints;
mod parse;

use std::path::PathBuf;
use std::time::{Duration, SystemTime};

use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};

pub use parse::Schedule;

use crate::signing::{Algorithm, Encoding, Secret};

/// Shared by `whk --help` and the overview `whk` alone prints.
macro_rules! quick_start {
    () => {
        "\
Quick start, in two terminals:
  whk listen --port 3000        # receive, verify, pretty-print, record
  whk send test-event           # fire a signed test event at it"
    };
}

const OVERVIEW: &str = concat!(
    quick_start!(),
    "

Exit codes:
  0    success
  1    verification or delivery failed, or an expectation was not met
  2    error: bad usage or input, or whk could not run (e.g. disk full)
  130  interrupted"
);

/// What `whk` alone prints: what it is, the quick start and the commands,
/// short enough to read at a glance (`whk --help` has the rest).
pub fn overview() -> String {
    let command = Cli::command();
    let mut text = format!(
        "{} {}: {}\n\n{}\n\nCommands:\n",
        command.get_name(),
        command.get_version().unwrap_or_default(),
        command
            .get_about()
            .map(|a| a.to_string())
            .unwrap_or_default(),
        quick_start!(),
    );
    for sub in command.get_subcommands() {
        let about = sub.get_about().map(|a| a.to_string()).unwrap_or_default();
        text.push_str(&format!("  {:<12} {about}\n", sub.get_name()));
    }
    text.push_str(
        "\nSee 'whk <command> --help' for flags and examples, 'whk --help' for exit codes.\n",
    );
    text
}

#[derive(Debug, Parser)]
#[command(
    name = "whk",
    version,
    about = "The webhook developer's toolkit: listen, send, replay, sign and verify",
    long_about = None,
    after_help = OVERVIEW,
    propagate_version = true,
    arg_required_else_help = false,
    // Help wraps at the terminal's width up to 100 columns, and at 100 when
    // stdout is not a terminal, so the committed help snapshots are stable.
    max_term_width = 100,
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,

    #[command(flatten)]
    pub global: GlobalArgs,
}

const GLOBAL: &str = "Global options";

/// Flags every subcommand takes. They get their own heading: without one they
/// would be shuffled in among each subcommand's own flags.
#[derive(Debug, Clone, Args)]
pub struct GlobalArgs {
    /// When to use colours (NO_COLOR and a non-terminal output turn them off in auto)
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true, value_name = "WHEN", help_heading = GLOBAL)]
    pub color: ColorChoice,

    /// Print only what was asked for: no progress, no summaries
    #[arg(short, long, global = true, conflicts_with = "verbose", help_heading = GLOBAL)]
    pub quiet: bool,

    /// Print more: each request sent (headers and body), response bodies, timings
    #[arg(short, long, global = true, help_heading = GLOBAL)]
    pub verbose: bool,
}

impl GlobalArgs {
    /// `Some` when colours were forced on or off.
    pub fn color_override(&self) -> Option<bool> {
        match self.color {
            ColorChoice::Auto => None,
            ColorChoice::Always => Some(true),
            ColorChoice::Never => Some(false),
        }
    }

    pub fn verbosity(&self) -> crate::term::Verbosity {
        match (self.quiet, self.verbose) {
            (true, _) => crate::term::Verbosity::Quiet,
            (false, true) => crate::term::Verbosity::Verbose,
            (false, false) => crate::term::Verbosity::Normal,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// Each subcommand's doc comment is here rather than on its arguments struct,
/// so `whk --help` can list it while its flags are [`Deferred`].
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Receive webhooks locally: verify, pretty-print, record, forward
    Listen(Deferred<ListenArgs>),
    /// Fire signed, realistic events at a consumer, as the provider would
    Send(Deferred<SendArgs>),
    /// Re-deliver what 'whk listen' recorded
    Replay(Deferred<ReplayArgs>),
    /// Check your webhook endpoint the way an attacker and a flaky provider would
    ///
    /// Sends correct, forged, stale, replayed, malformed, oversized and concurrent
    /// deliveries to URL, one case after the other, and judges each answer against
    /// what a correct receiver does. Exit 0 when no case failed (warnings allowed),
    /// 1 when one did, 2 on usage errors or when URL cannot be reached at all.
    ///
    /// Cases: valid, unsigned, wrong-secret, tampered-body, raw-bytes, stale-timestamp,
    /// future-timestamp, replayed-request, duplicate-id, rotated-secret, header-case,
    /// extra-fields, malformed-json, oversized-body, wrong-method, burst, slow-answer.
    Audit(Deferred<AuditArgs>),
    /// Print the headers a provider would attach to a body
    Sign(Deferred<SignArgs>),
    /// Check a body's signature headers; exit 0 valid, 1 invalid, 2 error
    Verify(Deferred<VerifyArgs>),
    /// Check a body against its event's schema; exit 0 valid, 1 invalid, 2 usage error
    Validate(Deferred<ValidateArgs>),
    /// List the provider presets, or show one
    Providers(Deferred<ProvidersArgs>),
    /// Browse the deliveries 'whk listen' recorded
    Events(Deferred<EventsArgs>),
    /// Write a commented whk.toml here (asks on a terminal)
    Init(Deferred<InitArgs>),
    /// Print the effective configuration and where each value comes from
    Config(Deferred<ConfigArgs>),
    /// Print a fresh key pair in a provider's format: signing key and verifying key
    ///
    /// The signing key signs ('whk send', 'whk sign' --secret); the verifying key checks
    /// ('whk listen', 'whk verify' --public-key). A provider keyed by a shared secret gets
    /// a fresh secret, the same on both sides.
    Keygen(Deferred<KeygenArgs>),
    /// Print shell completions or the man page
    Completions(Deferred<CompletionsArgs>),
}

/// Parses the command line. Help is rendered from the full tree, so that its
/// headings come in the order the man pages have (the global flags last).
pub fn parse() -> Result<Cli, clap::Error> {
    use clap::FromArgMatches;
    let asks_for_help = std::env::args_os()
        .skip(1)
        .any(|arg| arg == "--help" || arg == "-h" || arg == "help");
    let command = match asks_for_help {
        true => full_command(),
        false => Cli::command(),
    };
    let mut matches = command.try_get_matches()?;
    Cli::from_arg_matches_mut(&mut matches).map_err(|err| err.format(&mut Cli::command()))
}

thread_local! {
    /// Set while [`full_command`] builds the tree.
    static NOTHING_DEFERRED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// The whole tree with every subcommand's flags in place from the start, as
/// completions and the man pages describe it: deferred flags would be missing
/// from the tree's `help` subcommand (`whk help events list`).
pub fn full_command() -> clap::Command {
    NOTHING_DEFERRED.with(|flag| flag.set(true));
    let command = Cli::command();
    NOTHING_DEFERRED.with(|flag| flag.set(false));
    command
}

/// A subcommand's arguments, added to the clap tree only when that subcommand
/// runs (or help, completions or the man page need them). Building every
/// subcommand's flags was a quarter of `whk verify`'s instructions at start-up,
/// and a script runs `whk verify` once per delivery.
#[derive(Debug, Clone)]
pub struct Deferred<T>(pub T);

impl<T: Args> Args for Deferred<T> {
    fn augment_args(command: clap::Command) -> clap::Command {
        match NOTHING_DEFERRED.with(|flag| flag.get()) {
            true => keeping_about(command, T::augment_args),
            false => command.defer(|command| keeping_about(command, T::augment_args)),
        }
    }

    fn augment_args_for_update(command: clap::Command) -> clap::Command {
        command.defer(|command| keeping_about(command, T::augment_args_for_update))
    }

    fn group_id() -> Option<clap::Id> {
        T::group_id()
    }
}

/// The variant's doc comment stays the subcommand's about: a flattened
/// struct's doc comment (ProviderArgs') would otherwise take its place.
fn keeping_about(
    command: clap::Command,
    augment: fn(clap::Command) -> clap::Command,
) -> clap::Command {
    let about = command.get_about().cloned();
    let long_about = command.get_long_about().cloned();
    let command = augment(command);
    let command = match about {
        Some(about) => command.about(about),
        None => command.about(None::<&str>),
    };
    match long_about {
        Some(long_about) => command.long_about(long_about),
        None => command.long_about(None::<&str>),
    }
}

impl<T: clap::FromArgMatches> clap::FromArgMatches for Deferred<T> {
    fn from_arg_matches(matches: &clap::ArgMatches) -> Result<Self, clap::Error> {
        T::from_arg_matches(matches).map(Deferred)
    }

    fn from_arg_matches_mut(matches: &mut clap::ArgMatches) -> Result<Self, clap::Error> {
        T::from_arg_matches_mut(matches).map(Deferred)
    }

    fn update_from_arg_matches(&mut self, matches: &clap::ArgMatches) -> Result<(), clap::Error> {
        self.0.update_from_arg_matches(matches)
    }

    fn update_from_arg_matches_mut(
        &mut self,
        matches: &mut clap::ArgMatches,
    ) -> Result<(), clap::Error> {
        self.0.update_from_arg_matches_mut(matches)
    }
}

/// Which provider's scheme to use, and its secret.
#[derive(Debug, Clone, Default, Args)]
pub struct ProviderArgs {
    /// Provider preset (see 'whk providers'); default from WHK_PROVIDER, whk.toml, else standard
    #[arg(short, long, value_name = "NAME", value_parser = hints::provider_names(), hide_possible_values = true)]
    pub provider: Option<String>,

    /// Signing secret (prefer --secret-file or WHK_SECRET: flags end up in shell history)
    #[arg(short, long, value_name = "SECRET", hide_env_values = true)]
    pub secret: Option<Secret>,

    /// Read the signing secret from a file (surrounding whitespace is ignored)
    #[arg(long, value_name = "FILE", conflicts_with = "secret")]
    pub secret_file: Option<PathBuf>,

    #[command(flatten)]
    pub custom: CustomSchemeArgs,
}

/// The verify token of a handshake that carries one (Meta's hub.verify_token).
#[derive(Debug, Clone, Default, Args)]
pub struct VerifyTokenArgs {
    /// Verify token of Meta's subscription handshake (default: verify_token in whk.toml)
    #[arg(
        long,
        value_name = "TOKEN",
        env = "WHK_VERIFY_TOKEN",
        hide_env_values = true
    )]
    pub verify_token: Option<Secret>,
}

const CUSTOM_SCHEME: &str = "Custom scheme (--provider custom)";

/// Describe a scheme the presets lack (used with --provider custom).
///
/// Headings are set per flag: a struct-level `next_help_heading` would also
/// file the parent's later flags (--to, --json) under this heading.
#[derive(Debug, Clone, Default, Args)]
pub struct CustomSchemeArgs {
    /// HMAC hash function
    #[arg(long, help_heading = CUSTOM_SCHEME, value_parser = parse::algorithm(), value_name = "ALG")]
    pub algorithm: Option<Algorithm>,

    /// Header that carries the signature
    #[arg(long, help_heading = CUSTOM_SCHEME, value_name = "NAME")]
    pub signature_header: Option<String>,

    /// How the MAC is written
    #[arg(long, help_heading = CUSTOM_SCHEME, value_parser = parse::encoding(), value_name = "ENC")]
    pub encoding: Option<Encoding>,

    /// Text before the encoded MAC, e.g. 'sha256='
    #[arg(long, help_heading = CUSTOM_SCHEME, value_name = "TEXT")]
    pub signature_prefix: Option<String>,

    /// Signed content, with {id}, {timestamp} and {body}, e.g. '{timestamp}.{body}'
    #[arg(long, help_heading = CUSTOM_SCHEME, value_name = "TEMPLATE")]
    pub template: Option<String>,

    /// Header that carries {timestamp}
    #[arg(long, help_heading = CUSTOM_SCHEME, value_name = "NAME")]
    pub timestamp_header: Option<String>,

    /// Header that carries {id}
    #[arg(long, help_heading = CUSTOM_SCHEME, value_name = "NAME")]
    pub id_header: Option<String>,
}

/// Output format of `whk sign`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SignFormat {
    /// One 'Name: value' per line
    Headers,
    /// A JSON object of header names to values
    Json,
    /// A ready curl command (needs --to)
    Curl,
}

#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  whk sign --provider github --secret \"$SECRET\" payload.json
  echo -n '{\"a\":1}' | whk sign --format json
  whk sign --provider stripe --format curl --to http://localhost:3000/hook body.json
  whk sign --provider custom --template '{timestamp}.{body}' --timestamp-header X-Ts body.json")]
pub struct SignArgs {
    /// Body to sign, read as raw bytes (default: standard input)
    #[arg(value_name = "FILE")]
    pub file: Option<PathBuf>,

    #[command(flatten)]
    pub provider: ProviderArgs,

    /// Unix timestamp to sign with (default: now)
    #[arg(long, value_name = "UNIX", allow_negative_numbers = true)]
    pub timestamp: Option<i64>,

    /// Message id to sign with (default: a fresh one in the provider's format)
    #[arg(long, value_name = "MSG_ID")]
    pub id: Option<String>,

    /// How to print the headers
    #[arg(long, value_enum, default_value_t = SignFormat::Headers)]
    pub format: SignFormat,

    /// Target URL for --format curl
    #[arg(long, value_name = "URL")]
    pub to: Option<String>,

    /// URL the delivery is posted to, for schemes that sign it (Twilio, Square, HubSpot; default: --to)
    #[arg(long, value_name = "URL", value_parser = parse::http_url)]
    pub url: Option<String>,
}

#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  whk verify --provider github -H \"X-Hub-Signature-256: $SIG\" body.json
  whk sign body.json | whk verify --headers-from - body.json     # round trip
  whk verify --provider stripe --signature \"t=1700000000,v1=5257a8…\" --now 1700000010 body.json
  whk verify --explain --headers-from received-headers.txt body.json   # why it does not verify")]
pub struct VerifyArgs {
    /// Body to verify, read as raw bytes (default: standard input)
    #[arg(value_name = "FILE")]
    pub file: Option<PathBuf>,

    #[command(flatten)]
    pub provider: ProviderArgs,

    /// Verifying (public) key of a key-pair provider, instead of --secret (see 'whk keygen')
    #[arg(long, value_name = "KEY", conflicts_with_all = ["secret", "secret_file"])]
    pub public_key: Option<Secret>,

    /// A received header, 'Name: value' (repeatable)
    #[arg(short = 'H', long = "header", value_name = "HEADER")]
    pub headers: Vec<String>,

    /// Read received headers, one 'Name: value' per line, from a file or - (as 'whk sign' prints them)
    #[arg(long, value_name = "FILE")]
    pub headers_from: Option<PathBuf>,

    /// Shorthand for the provider's signature header
    #[arg(long, value_name = "VALUE")]
    pub signature: Option<String>,

    /// Accepted timestamp skew in seconds (default: the provider's, e.g. 300)
    #[arg(long, value_name = "SECONDS")]
    pub tolerance: Option<u64>,

    /// Pretend the current time is this unix timestamp
    #[arg(long, value_name = "UNIX", allow_negative_numbers = true)]
    pub now: Option<i64>,

    /// URL the sender posted to, as the sender saw it, for schemes that sign it (Twilio, Square, HubSpot)
    #[arg(long, value_name = "URL", value_parser = parse::http_url)]
    pub url: Option<String>,

    /// Print the full diagnosis: signed content, expected and received signature prefixes
    #[arg(long)]
    pub explain: bool,

    /// Print the verdict and every finding as one JSON object on stdout
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  whk validate --provider izi event.json
  whk events show 42 --json | jq .body | whk validate --provider stripe
  whk validate --provider github --event push payload.json
  whk validate --spec examples/openapi/shop.yaml order.json   # the document's webhooks")]
pub struct ValidateArgs {
    /// Body to check (default: standard input)
    #[arg(value_name = "FILE")]
    pub file: Option<PathBuf>,

    /// Provider preset whose schemas apply (default from WHK_PROVIDER, whk.toml, else standard)
    #[arg(short, long, value_name = "NAME", value_parser = hints::provider_names(), hide_possible_values = true)]
    pub provider: Option<String>,

    /// Event type to check against (default: the type the body or headers carry)
    #[arg(short, long, value_name = "TYPE", value_parser = hints::event_types(), hide_possible_values = true)]
    pub event: Option<String>,

    /// A received header, 'Name: value' (repeatable), for providers that keep the type in one
    #[arg(short = 'H', long = "header", value_name = "HEADER")]
    pub headers: Vec<String>,

    #[command(flatten)]
    pub spec: SpecArgs,

    /// Print the result as one JSON object
    #[arg(long)]
    pub json: bool,
}

/// An OpenAPI 3.1 document as the source of events.
#[derive(Debug, Clone, Default, Args)]
pub struct SpecArgs {
    /// OpenAPI 3.1 document (YAML or JSON) whose webhooks are the events (send, validate, listen: default spec in whk.toml)
    #[arg(long, value_name = "FILE")]
    pub spec: Option<PathBuf>,
}

#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  whk listen --port 3000
  whk listen --provider github --forward-to http://localhost:8080/webhooks
  whk listen --json --max-events 1 --expect invoice.paid --expect-valid --timeout 30s | jq .
  whk listen --provider auto     # tell senders apart by their [secrets] in whk.toml")]
pub struct ListenArgs {
    /// Port to listen on (0 picks a free one and prints it)
    #[arg(long, default_value_t = 3000)]
    pub port: u16,

    /// Address to bind
    #[arg(long, default_value = "127.0.0.1")]
    pub host: String,

    /// Accept deliveries only on this path (default: any path)
    #[arg(long, value_name = "PATH")]
    pub path: Option<String>,

    #[command(flatten)]
    pub provider: ProviderArgs,

    /// Verifying (public) key of a key-pair provider, instead of --secret (see 'whk keygen')
    #[arg(long, value_name = "KEY", conflicts_with_all = ["secret", "secret_file"])]
    pub public_key: Option<Secret>,

    /// Record deliveries without checking signatures (shown as unverified)
    #[arg(long)]
    pub skip_verify: bool,

    #[command(flatten)]
    pub verify_token: VerifyTokenArgs,

    /// Accepted timestamp skew in seconds (default: the provider's)
    #[arg(long, value_name = "SECONDS")]
    pub tolerance: Option<u64>,

    /// Largest body accepted, e.g. 1MiB, 512KiB (larger: 413)
    #[arg(long, value_name = "SIZE", default_value = "1MiB", value_parser = parse::size)]
    pub max_body: usize,

    /// Print one JSON object per delivery (NDJSON) on stdout, nothing else
    #[arg(long)]
    pub json: bool,

    /// Print the summary line only, not the body
    #[arg(long)]
    pub compact: bool,

    /// Print request headers too
    #[arg(long)]
    pub headers: bool,

    /// Relay each verified delivery to this URL, as given, and answer with its response
    ///
    /// The request's query string is appended; its path is not, unless the URL says
    /// where: {path} stands for it, e.g. http://localhost:8080{path}.
    #[arg(long, value_name = "URL")]
    pub forward_to: Option<String>,

    /// How long to wait for the forward target (0 waits forever)
    #[arg(long, value_name = "DURATION", default_value = "30s", value_parser = parse::duration)]
    pub forward_timeout: Duration,

    /// Answer every delivery with this status
    #[arg(long, value_name = "CODE", value_parser = clap::value_parser!(u16).range(200..=599))]
    pub status: Option<u16>,

    /// Answer the first N attempts of each event id with 500, then accept
    #[arg(long, value_name = "N")]
    pub fail_first: Option<u32>,

    /// Answer late, e.g. 6s (past IZI's 5 s timeout)
    #[arg(long, value_name = "DURATION", value_parser = parse::duration)]
    pub delay: Option<Duration>,

    /// Exit after N accepted deliveries
    #[arg(long, value_name = "N")]
    pub max_events: Option<u64>,

    /// Give up waiting (exit 1) if the expected deliveries have not arrived by then, e.g. 30s
    ///
    /// The whole run's limit; 'whk send --timeout' is instead how long one request may take.
    #[arg(long, value_name = "DURATION", value_parser = parse::duration)]
    pub timeout: Option<Duration>,

    /// Succeed only if a verified delivery of this event type arrived (repeatable)
    #[arg(long, value_name = "TYPE")]
    pub expect: Vec<String>,

    /// In a scripted run, exit 1 at the first rejected delivery instead of waiting
    #[arg(long)]
    pub fail_fast: bool,

    /// Write the bound port to this file once listening (with --port 0 in scripts)
    #[arg(long, value_name = "FILE")]
    pub port_file: Option<PathBuf>,

    /// Print the secret the listener verifies with, and exit
    #[arg(long)]
    pub print_secret: bool,

    /// Show credential headers (Authorization, Cookie, ...) unredacted
    #[arg(long)]
    pub reveal_secrets: bool,

    /// Event store file (default: from whk.toml, else the user data dir)
    #[arg(long, value_name = "FILE")]
    pub store: Option<PathBuf>,

    /// Public URL senders post to (a tunnel's or proxy's), for schemes that sign the URL
    ///
    /// Its scheme, host and port (and any path prefix) followed by each request's path and
    /// query. Default: X-Forwarded-Proto/X-Forwarded-Host, else http:// + Host + the path.
    #[arg(long, value_name = "URL", value_parser = parse::http_url)]
    pub public_url: Option<String>,

    /// Serve the live inspector page at /_whk/
    #[arg(long)]
    pub ui: bool,

    /// Serve the inspector on its own port instead
    #[arg(long, value_name = "PORT", requires = "ui")]
    pub ui_port: Option<u16>,

    /// Check each payload against its event's schema and record the result (also: validate = true in whk.toml)
    #[arg(long, help_heading = "Payload contracts")]
    pub validate: bool,

    /// Script mode: exit 1 if any payload broke its schema (implies --validate)
    #[arg(long, help_heading = "Payload contracts")]
    pub expect_valid: bool,

    /// Answer 422 to a payload that breaks its schema, instead of only recording it (implies --validate)
    #[arg(long, help_heading = "Payload contracts")]
    pub reject_invalid: bool,

    #[command(flatten)]
    pub spec: SpecArgs,
}

/// How to wait between attempts and how often to try.
#[derive(Debug, Clone, Default, Args)]
pub struct RetryArgs {
    /// On failure, retry on the provider's own schedule
    #[arg(long, help_heading = "Retries")]
    pub retry: bool,

    /// Multiply the schedule's delays, e.g. 0.001 turns 30 s into 30 ms
    #[arg(
        long,
        help_heading = "Retries",
        value_name = "FACTOR",
        requires = "retry",
        value_parser = parse::positive_number
    )]
    pub time_scale: Option<f64>,

    /// Use these delays instead, e.g. 1s,2s,4s
    #[arg(
        long,
        help_heading = "Retries",
        value_name = "LIST",
        requires = "retry",
        value_parser = parse::schedule
    )]
    pub schedule: Option<Schedule>,

    /// How long one request may take before it counts as failed (default: the provider's, e.g. 5s for IZI)
    #[arg(long, help_heading = "Retries", value_name = "DURATION", value_parser = parse::positive_duration)]
    pub timeout: Option<Duration>,
}

#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  whk send SESSION_ENDED --provider izi --to http://localhost:8080/izi/events --set data.cost=200
  whk send invoice.paid --retry --time-scale 0.001 --duplicate 2
  whk send test-event --count 10000 --concurrency 64 --json
  whk send orderCreated --spec examples/openapi/shop.yaml --validate   # an OpenAPI 3.1 webhook")]
pub struct SendArgs {
    /// Event type from the provider's catalog, test-event, or a handshake such as url_verification (prompted for on a terminal)
    #[arg(value_name = "EVENT", value_parser = hints::event_types(), hide_possible_values = true)]
    pub event: Option<String>,

    #[command(flatten)]
    pub provider: ProviderArgs,

    #[command(flatten)]
    pub verify_token: VerifyTokenArgs,

    /// Target URL (default: from whk.toml, else http://127.0.0.1:3000/)
    #[arg(long, value_name = "URL")]
    pub to: Option<String>,

    /// URL to sign for schemes that sign it (Twilio, Square, HubSpot), e.g. a tunnel's public URL (default: the target)
    #[arg(long, value_name = "URL", value_parser = parse::http_url)]
    pub url: Option<String>,

    /// Send this body instead of a catalog sample (a file or - for stdin; {{uuid}}, {{ulid}}, {{now}}, {{now_unix}} are filled)
    #[arg(long, value_name = "FILE")]
    pub data: Option<PathBuf>,

    /// Override a field of the body, path=value with JSON values (repeatable)
    #[arg(long = "set", value_name = "PATH=VALUE")]
    pub sets: Vec<String>,

    /// Add a header, 'Name: value' (repeatable)
    #[arg(short = 'H', long = "header", value_name = "HEADER")]
    pub headers: Vec<String>,

    /// Send without the credential header, for providers that make it optional (Unibo)
    #[arg(long, conflicts_with_all = ["secret", "secret_file"])]
    pub no_auth: bool,

    /// Deliver the same event (same id) N extra times
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub duplicate: u32,

    #[command(flatten)]
    pub retry: RetryArgs,

    /// Load mode: send N distinct events (not with --retry or --duplicate)
    #[arg(
        long,
        value_name = "N",
        help_heading = "Load mode",
        value_parser = clap::value_parser!(u64).range(1..),
        conflicts_with_all = ["retry", "duplicate"]
    )]
    pub count: Option<u64>,

    /// Requests in flight at once in load mode
    #[arg(
        long,
        value_name = "C",
        default_value_t = 16,
        help_heading = "Load mode",
        value_parser = parse::at_least_one
    )]
    pub concurrency: usize,

    /// Event loops driving load mode (default: half the cores when the target is on this machine, else every core)
    #[arg(
        long,
        value_name = "N",
        help_heading = "Load mode",
        requires = "count",
        value_parser = parse::at_least_one
    )]
    pub threads: Option<usize>,

    /// Cap the request rate per second in load mode
    #[arg(
        long,
        value_name = "R",
        help_heading = "Load mode",
        requires = "count",
        value_parser = parse::positive_number
    )]
    pub rate: Option<f64>,

    /// One JSON object per attempt (or the load summary) on stdout
    #[arg(long)]
    pub json: bool,

    /// Print the exact request (method, URL, every header, the body bytes) and send nothing
    #[arg(long, conflicts_with = "count")]
    pub dry_run: bool,

    #[command(flatten)]
    pub spec: SpecArgs,

    /// Refuse to send a body that breaks its event's schema
    #[arg(long)]
    pub validate: bool,

    /// With --validate: send it anyway, after saying what is wrong
    #[arg(long, requires = "validate")]
    pub force: bool,
}

#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  whk replay 42 --to http://localhost:8080/webhooks
  whk replay --last
  whk replay --all --type SESSION_ENDED --since 1h
  whk replay 42 --verbatim      # original headers: checks the consumer's replay protection")]
pub struct ReplayArgs {
    /// Sequence numbers of recorded deliveries (see 'whk events list'); --type and --since filter --last and --all only
    #[arg(
        value_name = "SEQ",
        required_unless_present_any = ["last", "all"],
        conflicts_with_all = ["event_type", "since"]
    )]
    pub seqs: Vec<u64>,

    /// Replay the most recent delivery
    #[arg(long, conflicts_with_all = ["seqs", "all"])]
    pub last: bool,

    /// Replay every delivery matching the filters
    #[arg(long, conflicts_with = "seqs")]
    pub all: bool,

    #[command(flatten)]
    pub filter: EventFilter,

    /// Target URL (default: from whk.toml, else http://127.0.0.1:3000/)
    #[arg(long, value_name = "URL")]
    pub to: Option<String>,

    /// Override the secret used to re-sign (prefer --secret-file: flags end up in shell history)
    #[arg(short, long, value_name = "SECRET")]
    pub secret: Option<Secret>,

    /// Read the secret used to re-sign from a file (surrounding whitespace is ignored)
    #[arg(long, value_name = "FILE", conflicts_with = "secret")]
    pub secret_file: Option<PathBuf>,

    /// Send the original headers and body unchanged (tests replay protection)
    #[arg(long)]
    pub verbatim: bool,

    /// Deliveries in flight at once
    #[arg(long, value_name = "C", default_value_t = 4, value_parser = parse::at_least_one)]
    pub concurrency: usize,

    #[command(flatten)]
    pub retry: RetryArgs,

    /// One JSON object per attempt on stdout
    #[arg(long)]
    pub json: bool,

    /// Print each exact request (method, URL, every header, the body bytes) and send nothing
    #[arg(long)]
    pub dry_run: bool,

    /// Event store file
    #[arg(long, value_name = "FILE")]
    pub store: Option<PathBuf>,
}

/// Output format of `whk audit`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AuditFormat {
    /// A table, one row per case
    Table,
    /// One JSON document (schema/audit.schema.json)
    Json,
}

#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  whk audit http://localhost:8080/webhooks
  whk audit http://localhost:8080/izi/events --provider izi --secret-file izi.secret
  whk audit http://localhost:8080/hooks --only valid,unsigned --format json | jq .failed
  whk audit \"$APP_URL/webhooks\" --provider stripe --junit audit.xml   # CI: exit 1 when a case fails")]
pub struct AuditArgs {
    /// Your endpoint, over plain HTTP, e.g. http://localhost:8080/webhooks
    #[arg(value_name = "URL")]
    pub url: String,

    #[command(flatten)]
    pub provider: ProviderArgs,

    #[command(flatten)]
    pub verify_token: VerifyTokenArgs,

    /// Catalog event the deliveries are built from (default: the provider's test event)
    #[arg(long, value_name = "TYPE", conflicts_with = "data", value_parser = hints::event_types(), hide_possible_values = true)]
    pub event: Option<String>,

    /// Build the deliveries from this body instead (a file or -; {{uuid}}, {{now}}, ... filled)
    #[arg(long, value_name = "FILE")]
    pub data: Option<PathBuf>,

    /// Run only these cases, comma-separated
    #[arg(long, value_name = "CASE,...", value_delimiter = ',')]
    pub only: Vec<String>,

    /// Leave these cases out, comma-separated
    #[arg(long, value_name = "CASE,...", value_delimiter = ',')]
    pub skip: Vec<String>,

    /// How to print the result
    #[arg(long, value_enum, default_value_t = AuditFormat::Table)]
    pub format: AuditFormat,

    /// Also write the result as JUnit XML to FILE, for CI
    #[arg(long, value_name = "FILE")]
    pub junit: Option<PathBuf>,

    /// Add a header to every request, 'Name: value' (repeatable)
    #[arg(short = 'H', long = "header", value_name = "HEADER")]
    pub headers: Vec<String>,

    /// URL to sign for schemes that sign it (Twilio, Square, HubSpot), when a proxy sits in front of URL (default: URL)
    #[arg(long = "url", value_name = "SIGNED_URL", value_parser = parse::http_url)]
    pub signed_url: Option<String>,
}

/// Filters over recorded deliveries.
#[derive(Debug, Clone, Default, Args)]
pub struct EventFilter {
    /// Only this event type
    #[arg(long = "type", value_name = "TYPE")]
    pub event_type: Option<String>,

    /// Only deliveries received with this provider (replay: with SEQs, re-sign as this provider instead)
    #[arg(short, long, value_name = "NAME", value_parser = hints::provider_names(), hide_possible_values = true)]
    pub provider: Option<String>,

    /// Only deliveries newer than this, e.g. 10m, 2h, or an RFC 3339 time
    #[arg(long, value_name = "WHEN", value_parser = parse::since)]
    pub since: Option<SystemTime>,
}

#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  whk providers
  whk providers show izi
  whk providers --json | jq '.[].name'")]
pub struct ProvidersArgs {
    #[command(subcommand)]
    pub command: Option<ProvidersCommand>,

    /// Print JSON instead of a table
    #[arg(long, global = true)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum ProvidersCommand {
    /// Show one preset: headers, scheme, id and type fields, retries, events
    #[command(after_help = "\
Examples:
  whk providers show izi
  whk providers show stripe --json | jq '.events[].type'
  whk providers show --spec examples/openapi/shop.yaml   # the document's webhooks")]
    Show {
        /// Provider name (with --spec: the scheme that signs the document's events; default standard)
        #[arg(value_parser = hints::provider_names(), hide_possible_values = true, required_unless_present = "spec")]
        name: Option<String>,
        #[command(flatten)]
        spec: SpecArgs,
    },
}

#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  whk events list --limit 20 --type SESSION_ENDED
  whk events show 42
  whk events export --format ndjson > deliveries.ndjson
  whk events save 42 fixture.json && whk send --data fixture.json")]
pub struct EventsArgs {
    #[command(subcommand)]
    pub command: EventsCommand,

    /// Event store file
    #[arg(long, value_name = "FILE", global = true)]
    pub store: Option<PathBuf>,

    /// Show credential headers (Authorization, Cookie, ...) unredacted
    #[arg(long, global = true)]
    pub reveal_secrets: bool,
}

#[derive(Debug, Subcommand)]
pub enum EventsCommand {
    /// List recorded deliveries, newest last
    #[command(after_help = "\
Examples:
  whk events list
  whk events list --type SESSION_ENDED --since 1h
  whk events list --provider izi --json | jq .seq")]
    List {
        /// At most this many (the newest)
        #[arg(long, default_value_t = 50)]
        limit: u64,
        #[command(flatten)]
        filter: EventFilter,
        /// NDJSON with the same fields as 'whk listen --json'
        #[arg(long)]
        json: bool,
    },
    /// Show one delivery: headers and pretty body
    #[command(after_help = "\
Examples:
  whk events show 42
  whk events show 42 --explain      # why it was rejected, with the configured secret
  whk events show 42 --json | jq .headers")]
    Show {
        seq: u64,
        /// Print it as JSON
        #[arg(long)]
        json: bool,
        /// For a rejected delivery, the signature doctor's full diagnosis (with the configured secret)
        #[arg(long, conflicts_with = "json")]
        explain: bool,
    },
    /// Export every delivery
    #[command(after_help = "\
Examples:
  whk events export > deliveries.ndjson
  whk events export --store ci-events.db --format ndjson | jq -c .event_type")]
    Export {
        #[arg(long, value_enum, default_value_t = ExportFormat::Ndjson)]
        format: ExportFormat,
    },
    /// Save a delivery's body as a fixture file for 'whk send --data'
    #[command(after_help = "\
Examples:
  whk events save 42 fixture.json
  whk events save 42 fixture.json && whk send --data fixture.json --to http://localhost:8080/hook")]
    Save { seq: u64, file: PathBuf },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Ndjson,
}

#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  whk init
  whk init --provider izi --secret-env IZI_SECRET --yes
  whk init --provider github --generate-secret --target http://localhost:8080/hooks --yes --force")]
pub struct InitArgs {
    /// Provider preset (default: standard)
    #[arg(short, long, value_name = "NAME", value_parser = hints::provider_names(), hide_possible_values = true)]
    pub provider: Option<String>,

    /// Read the secret from this environment variable at run time
    #[arg(long, value_name = "VAR", conflicts_with = "generate_secret")]
    pub secret_env: Option<String>,

    /// Generate a development secret and write it into whk.toml
    #[arg(long)]
    pub generate_secret: bool,

    /// Default target URL for send and replay
    #[arg(long, value_name = "URL")]
    pub target: Option<String>,

    /// Event store location
    #[arg(long, value_name = "FILE")]
    pub store: Option<PathBuf>,

    /// Do not ask: take the flags, and defaults for the rest (needed off a terminal)
    #[arg(short, long)]
    pub yes: bool,

    /// Overwrite an existing whk.toml
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  whk config
  whk config --provider github --secret-file github.secret
  WHK_PROVIDER=izi whk config --json | jq .secret")]
pub struct ConfigArgs {
    #[command(flatten)]
    pub provider: ProviderArgs,

    /// Print JSON
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  whk keygen --provider discord
  whk keygen --provider standard      # a whsk_/whpk_ pair: Standard Webhooks v1a
  whk keygen -p sendgrid --json > keys.json && jq -r .verifying_key keys.json")]
pub struct KeygenArgs {
    /// Provider preset whose key format to use; default from WHK_PROVIDER, whk.toml, else standard
    #[arg(short, long, value_name = "NAME", value_parser = hints::provider_names(), hide_possible_values = true)]
    pub provider: Option<String>,

    /// Print one JSON object instead of text
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  whk completions bash > ~/.local/share/bash-completion/completions/whk
  whk completions zsh > \"${fpath[1]}/_whk\"
  whk completions man > whk.1")]
pub struct CompletionsArgs {
    #[arg(value_enum)]
    pub shell: CompletionTarget,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CompletionTarget {
    Bash,
    Zsh,
    Fish,
    Elvish,
    Powershell,
    /// The roff man page
    Man,
}
