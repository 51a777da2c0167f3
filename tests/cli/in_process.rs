//! The listener run in-process through the library, as oha runs its own
//! `run`: no binary, real sockets on loopback, and the events its sinks
//! receive asserted directly.

use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use http_body_util::{Either, Full};
use whk::clock::Clock;
use whk::feed::{ListenEvent, Sink, Stop};
use whk::http::server::{Answering, Pages};
use whk::receiver::goal::Goal;
use whk::receiver::simulate::Simulation;
use whk::receiver::{Mounts, Report, Server, Settings};
use whk::signing::{Secret, Verdict};
use whk::store::Store;

use crate::support::{oracle, post};

const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
/// The listener's pinned "now", far from the system clock.
const PINNED: i64 = 1_700_000_000;

/// Keeps every event it is given.
#[derive(Clone, Default)]
struct Collect(Arc<Mutex<Vec<ListenEvent>>>);

impl Sink for Collect {
    fn handle(&mut self, event: &ListenEvent) -> std::io::Result<()> {
        self.0.lock().unwrap().push(event.clone());
        Ok(())
    }
}

/// A sink whose output goes away at the first delivery, like stdout closed
/// by `| head -1`.
struct Gone;

impl Sink for Gone {
    fn handle(&mut self, event: &ListenEvent) -> std::io::Result<()> {
        match event {
            ListenEvent::Recorded(_) => Err(std::io::ErrorKind::BrokenPipe.into()),
            _ => Ok(()),
        }
    }
}

/// Pages that answer every request with their path.
struct Echo;

impl Pages for Echo {
    fn serve(self: Arc<Self>, req: hyper::Request<hyper::body::Incoming>) -> Answering {
        let path = req.uri().path().to_string();
        Box::pin(
            async move { hyper::Response::new(Either::Left(Full::from(format!("page {path}")))) },
        )
    }

    fn serve_own_port(self: Arc<Self>, req: hyper::Request<hyper::body::Incoming>) -> Answering {
        self.serve(req)
    }

    fn close(&self) {}
}

fn settings(goal: Goal) -> Settings {
    Settings {
        provider: whk::providers::find("standard").unwrap().clone(),
        secret: Some(Secret::new(SECRET)),
        tolerance: Some(300),
        max_body: 1024 * 1024,
        path: None,
        simulation: Simulation::new(None, 0, None),
        forwarder: None,
        goal,
        clock: Clock::at_unix(PINNED),
        stop_on_signals: false,
        suspects: Vec::new(),
        validation: None,
        verify_token: None,
        senders: Vec::new(),
        public_url: None,
    }
}

/// Starts a listener on a free port in a thread; returns its address and the run.
fn start(
    goal: Goal,
    mounts: Mounts,
) -> (
    std::net::SocketAddr,
    thread::JoinHandle<Report>,
    tempfile::TempDir,
) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("events.db")).unwrap();
    let server = Server::bind("127.0.0.1", 0).unwrap();
    let addr = server.local_addr();
    let run = thread::spawn(move || server.run(settings(goal), store, mounts).unwrap());
    (addr, run, dir)
}

fn signed(id: &str, timestamp: i64, body: &[u8]) -> Vec<(String, String)> {
    let ts = timestamp.to_string();
    vec![
        ("content-type".into(), "application/json".into()),
        ("webhook-id".into(), id.into()),
        ("webhook-timestamp".into(), ts.clone()),
        (
            "webhook-signature".into(),
            oracle::standard(SECRET, id, &ts, body),
        ),
    ]
}

#[test]
fn an_in_process_listener_publishes_each_delivery_to_its_sinks() {
    let seen = Collect::default();
    let goal = Goal {
        max_events: Some(2),
        timeout: Some(Duration::from_secs(30)),
        ..Goal::default()
    };
    let mounts = Mounts {
        sinks: vec![Box::new(seen.clone())],
        pages: Some(Arc::new(Echo)),
    };
    let (addr, run, _dir) = start(goal, mounts);
    let body = br#"{"type":"invoice.paid","data":{"n":1}}"#;

    // Signed at the listener's pinned clock: verified.
    assert_eq!(
        post(addr, "/hooks", &signed("msg_1", PINNED, body), body).status,
        200
    );
    // Signed at the system's clock, years after the pinned one: too new.
    let now = whk::clock::unix_now();
    assert_eq!(
        post(addr, "/hooks", &signed("msg_2", now, body), body).status,
        401
    );
    // The mounted pages answer under the reserved prefix; nothing is recorded.
    let page = post(addr, "/_whk/anything", &[], b"");
    assert_eq!(
        (page.status, page.text()),
        (200, "page /_whk/anything".to_string())
    );
    // The first event again: accepted, a duplicate; the goal of two is reached.
    assert_eq!(
        post(addr, "/hooks", &signed("msg_1", PINNED, body), body).status,
        200
    );

    let report = run.join().unwrap();
    assert_eq!(report.stopped, Stop::Done);
    assert_eq!(
        (
            report.tally.received,
            report.tally.verified,
            report.tally.rejected,
            report.tally.duplicates
        ),
        (3, 2, 1, 1)
    );

    let events = seen.0.lock().unwrap().clone();
    assert_eq!(events.len(), 5, "{events:#?}");
    match &events[0] {
        ListenEvent::Listening { url, provider } => {
            assert_eq!(url, &format!("http://{addr}/"));
            assert_eq!(provider, "standard");
        }
        other => panic!("the first event is not Listening: {other:?}"),
    }
    let recorded: Vec<_> = events
        .iter()
        .filter_map(|e| match e {
            ListenEvent::Recorded(stored) => Some(stored.clone()),
            _ => None,
        })
        .collect();
    let summary: Vec<_> = recorded
        .iter()
        .map(|s| {
            (
                s.seq,
                s.delivery.verification.verdict,
                s.duplicate_of,
                s.delivery.status,
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            (1, Verdict::Verified, None, 200),
            (2, Verdict::Rejected, None, 401),
            (3, Verdict::Verified, Some(1), 200),
        ]
    );
    assert_eq!(
        recorded[0].delivery.event_type.as_deref(),
        Some("invoice.paid")
    );
    assert_eq!(recorded[0].delivery.body, body);
    let why = &recorded[1].delivery.verification.findings;
    assert_eq!(why[0].code, "too_new", "{why:?}");
    // The listener judged arrival by its own clock.
    assert_eq!(
        whk::clock::unix_seconds(recorded[0].delivery.received_at),
        PINNED
    );
    match events.last() {
        Some(ListenEvent::Stopped { tally, stopped }) => {
            assert_eq!(*stopped, Stop::Done);
            assert_eq!(tally, &report.tally);
        }
        other => panic!("the last event is not Stopped: {other:?}"),
    }
}

#[test]
fn a_sink_whose_output_is_gone_stops_the_listener() {
    let seen = Collect::default();
    let mounts = Mounts {
        sinks: vec![Box::new(Gone), Box::new(seen.clone())],
        pages: None,
    };
    // No goal: only the broken sink can stop it (the timeout is a safety net).
    let goal = Goal {
        timeout: Some(Duration::from_secs(30)),
        ..Goal::default()
    };
    let (addr, run, _dir) = start(goal, mounts);
    let body = br#"{"type":"a"}"#;
    assert_eq!(
        post(addr, "/", &signed("msg_1", PINNED, body), body).status,
        200
    );
    let report = run.join().unwrap();
    assert_eq!(report.stopped, Stop::Done);
    // The other sink kept receiving, through the end.
    let events = seen.0.lock().unwrap();
    assert!(
        matches!(events.get(1), Some(ListenEvent::Recorded(_))),
        "{events:?}"
    );
    assert!(matches!(events.last(), Some(ListenEvent::Stopped { .. })));
}

#[test]
fn a_handshake_reaches_the_sinks_as_a_handshake_not_a_delivery() {
    use whk::providers::Handshake;
    let seen = Collect::default();
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("events.db")).unwrap();
    let server = Server::bind("127.0.0.1", 0).unwrap();
    let addr = server.local_addr();
    let slack_secret = "slack-in-process-secret";
    let settings = Settings {
        provider: whk::providers::find("slack").unwrap().clone(),
        secret: Some(Secret::new(slack_secret)),
        goal: Goal {
            timeout: Some(Duration::from_secs(2)),
            ..Goal::default()
        },
        ..settings(Goal::default())
    };
    let mounts = Mounts {
        sinks: vec![Box::new(seen.clone())],
        pages: None,
    };
    let run = thread::spawn(move || server.run(settings, store, mounts).unwrap());
    let body = br#"{"token":"t","challenge":"in-process-challenge","type":"url_verification"}"#;
    let ts = PINNED.to_string();
    let headers = vec![
        ("content-type".to_string(), "application/json".to_string()),
        ("x-slack-request-timestamp".to_string(), ts.clone()),
        (
            "x-slack-signature".to_string(),
            oracle::slack(slack_secret, &ts, body),
        ),
    ];
    let answer = post(addr, "/", &headers, body);
    assert_eq!(answer.status, 200, "{}", answer.text());
    assert_eq!(answer.text(), "in-process-challenge");
    let report = run.join().unwrap();
    assert_eq!(report.stopped, Stop::Timeout);
    assert_eq!((report.tally.received, report.tally.handshakes), (0, 1));
    let events = seen.0.lock().unwrap();
    let handshakes: Vec<_> = events
        .iter()
        .filter_map(|event| match event {
            ListenEvent::Handshake { stored, kind } => Some((stored.seq, *kind)),
            _ => None,
        })
        .collect();
    assert_eq!(handshakes, [(1, Handshake::UrlVerification)]);
    assert!(!events.iter().any(|e| matches!(e, ListenEvent::Recorded(_))));
}
