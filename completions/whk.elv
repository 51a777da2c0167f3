
use builtin;
use str;

set edit:completion:arg-completer[whk] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'whk'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'whk'= {
            cand --color 'When to use colours (NO_COLOR and a non-terminal output turn them off in auto)'
            cand -q 'Print only what was asked for: no progress, no summaries'
            cand --quiet 'Print only what was asked for: no progress, no summaries'
            cand -v 'Print more: each request sent (headers and body), response bodies, timings'
            cand --verbose 'Print more: each request sent (headers and body), response bodies, timings'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand listen 'Receive webhooks locally: verify, pretty-print, record, forward'
            cand send 'Fire signed, realistic events at a consumer, as the provider would'
            cand replay 'Re-deliver what ''whk listen'' recorded'
            cand audit 'Check your webhook endpoint the way an attacker and a flaky provider would'
            cand sign 'Print the headers a provider would attach to a body'
            cand verify 'Check a body''s signature headers; exit 0 valid, 1 invalid, 2 error'
            cand validate 'Check a body against its event''s schema; exit 0 valid, 1 invalid, 2 usage error'
            cand providers 'List the provider presets, or show one'
            cand events 'Browse the deliveries ''whk listen'' recorded'
            cand init 'Write a commented whk.toml here (asks on a terminal)'
            cand config 'Print the effective configuration and where each value comes from'
            cand keygen 'Print a fresh key pair in a provider''s format: signing key and verifying key'
            cand completions 'Print shell completions or the man page'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'whk;listen'= {
            cand --port 'Port to listen on (0 picks a free one and prints it)'
            cand --host 'Address to bind'
            cand --path 'Accept deliveries only on this path (default: any path)'
            cand -p 'Provider preset (see ''whk providers''); default from WHK_PROVIDER, whk.toml, else standard'
            cand --provider 'Provider preset (see ''whk providers''); default from WHK_PROVIDER, whk.toml, else standard'
            cand -s 'Signing secret (prefer --secret-file or WHK_SECRET: flags end up in shell history)'
            cand --secret 'Signing secret (prefer --secret-file or WHK_SECRET: flags end up in shell history)'
            cand --secret-file 'Read the signing secret from a file (surrounding whitespace is ignored)'
            cand --algorithm 'HMAC hash function'
            cand --signature-header 'Header that carries the signature'
            cand --encoding 'How the MAC is written'
            cand --signature-prefix 'Text before the encoded MAC, e.g. ''sha256='''
            cand --template 'Signed content, with {id}, {timestamp} and {body}, e.g. ''{timestamp}.{body}'''
            cand --timestamp-header 'Header that carries {timestamp}'
            cand --id-header 'Header that carries {id}'
            cand --public-key 'Verifying (public) key of a key-pair provider, instead of --secret (see ''whk keygen'')'
            cand --verify-token 'Verify token of Meta''s subscription handshake (default: verify_token in whk.toml)'
            cand --tolerance 'Accepted timestamp skew in seconds (default: the provider''s)'
            cand --max-body 'Largest body accepted, e.g. 1MiB, 512KiB (larger: 413)'
            cand --forward-to 'Relay each verified delivery to this URL, as given, and answer with its response'
            cand --forward-timeout 'How long to wait for the forward target (0 waits forever)'
            cand --status 'Answer every delivery with this status'
            cand --fail-first 'Answer the first N attempts of each event id with 500, then accept'
            cand --delay 'Answer late, e.g. 6s (past IZI''s 5 s timeout)'
            cand --max-events 'Exit after N accepted deliveries'
            cand --timeout 'Give up waiting (exit 1) if the expected deliveries have not arrived by then, e.g. 30s'
            cand --expect 'Succeed only if a verified delivery of this event type arrived (repeatable)'
            cand --port-file 'Write the bound port to this file once listening (with --port 0 in scripts)'
            cand --store 'Event store file (default: from whk.toml, else the user data dir)'
            cand --public-url 'Public URL senders post to (a tunnel''s or proxy''s), for schemes that sign the URL'
            cand --ui-port 'Serve the inspector on its own port instead'
            cand --spec 'OpenAPI 3.1 document (YAML or JSON) whose webhooks are the events (send, validate, listen: default spec in whk.toml)'
            cand --color 'When to use colours (NO_COLOR and a non-terminal output turn them off in auto)'
            cand --skip-verify 'Record deliveries without checking signatures (shown as unverified)'
            cand --json 'Print one JSON object per delivery (NDJSON) on stdout, nothing else'
            cand --compact 'Print the summary line only, not the body'
            cand --headers 'Print request headers too'
            cand --fail-fast 'In a scripted run, exit 1 at the first rejected delivery instead of waiting'
            cand --print-secret 'Print the secret the listener verifies with, and exit'
            cand --reveal-secrets 'Show credential headers (Authorization, Cookie, ...) unredacted'
            cand --ui 'Serve the live inspector page at /_whk/'
            cand --validate 'Check each payload against its event''s schema and record the result (also: validate = true in whk.toml)'
            cand --expect-valid 'Script mode: exit 1 if any payload broke its schema (implies --validate)'
            cand --reject-invalid 'Answer 422 to a payload that breaks its schema, instead of only recording it (implies --validate)'
            cand -q 'Print only what was asked for: no progress, no summaries'
            cand --quiet 'Print only what was asked for: no progress, no summaries'
            cand -v 'Print more: each request sent (headers and body), response bodies, timings'
            cand --verbose 'Print more: each request sent (headers and body), response bodies, timings'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'whk;send'= {
            cand -p 'Provider preset (see ''whk providers''); default from WHK_PROVIDER, whk.toml, else standard'
            cand --provider 'Provider preset (see ''whk providers''); default from WHK_PROVIDER, whk.toml, else standard'
            cand -s 'Signing secret (prefer --secret-file or WHK_SECRET: flags end up in shell history)'
            cand --secret 'Signing secret (prefer --secret-file or WHK_SECRET: flags end up in shell history)'
            cand --secret-file 'Read the signing secret from a file (surrounding whitespace is ignored)'
            cand --algorithm 'HMAC hash function'
            cand --signature-header 'Header that carries the signature'
            cand --encoding 'How the MAC is written'
            cand --signature-prefix 'Text before the encoded MAC, e.g. ''sha256='''
            cand --template 'Signed content, with {id}, {timestamp} and {body}, e.g. ''{timestamp}.{body}'''
            cand --timestamp-header 'Header that carries {timestamp}'
            cand --id-header 'Header that carries {id}'
            cand --verify-token 'Verify token of Meta''s subscription handshake (default: verify_token in whk.toml)'
            cand --to 'Target URL (default: from whk.toml, else http://127.0.0.1:3000/)'
            cand --url 'URL to sign for schemes that sign it (Twilio, Square, HubSpot), e.g. a tunnel''s public URL (default: the target)'
            cand --data 'Send this body instead of a catalog sample (a file or - for stdin; {{uuid}}, {{ulid}}, {{now}}, {{now_unix}} are filled)'
            cand --set 'Override a field of the body, path=value with JSON values (repeatable)'
            cand -H 'Add a header, ''Name: value'' (repeatable)'
            cand --header 'Add a header, ''Name: value'' (repeatable)'
            cand --duplicate 'Deliver the same event (same id) N extra times'
            cand --time-scale 'Multiply the schedule''s delays, e.g. 0.001 turns 30 s into 30 ms'
            cand --schedule 'Use these delays instead, e.g. 1s,2s,4s'
            cand --timeout 'How long one request may take before it counts as failed (default: the provider''s, e.g. 5s for IZI)'
            cand --count 'Load mode: send N distinct events (not with --retry or --duplicate)'
            cand --concurrency 'Requests in flight at once in load mode'
            cand --threads 'Event loops driving load mode (default: half the cores when the target is on this machine, else every core)'
            cand --rate 'Cap the request rate per second in load mode'
            cand --spec 'OpenAPI 3.1 document (YAML or JSON) whose webhooks are the events (send, validate, listen: default spec in whk.toml)'
            cand --color 'When to use colours (NO_COLOR and a non-terminal output turn them off in auto)'
            cand --no-auth 'Send without the credential header, for providers that make it optional (Unibo)'
            cand --retry 'On failure, retry on the provider''s own schedule'
            cand --json 'One JSON object per attempt (or the load summary) on stdout'
            cand --dry-run 'Print the exact request (method, URL, every header, the body bytes) and send nothing'
            cand --validate 'Refuse to send a body that breaks its event''s schema'
            cand --force 'With --validate: send it anyway, after saying what is wrong'
            cand -q 'Print only what was asked for: no progress, no summaries'
            cand --quiet 'Print only what was asked for: no progress, no summaries'
            cand -v 'Print more: each request sent (headers and body), response bodies, timings'
            cand --verbose 'Print more: each request sent (headers and body), response bodies, timings'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'whk;replay'= {
            cand --type 'Only this event type'
            cand -p 'Only deliveries received with this provider (replay: with SEQs, re-sign as this provider instead)'
            cand --provider 'Only deliveries received with this provider (replay: with SEQs, re-sign as this provider instead)'
            cand --since 'Only deliveries newer than this, e.g. 10m, 2h, or an RFC 3339 time'
            cand --to 'Target URL (default: from whk.toml, else http://127.0.0.1:3000/)'
            cand -s 'Override the secret used to re-sign (prefer --secret-file: flags end up in shell history)'
            cand --secret 'Override the secret used to re-sign (prefer --secret-file: flags end up in shell history)'
            cand --secret-file 'Read the secret used to re-sign from a file (surrounding whitespace is ignored)'
            cand --concurrency 'Deliveries in flight at once'
            cand --time-scale 'Multiply the schedule''s delays, e.g. 0.001 turns 30 s into 30 ms'
            cand --schedule 'Use these delays instead, e.g. 1s,2s,4s'
            cand --timeout 'How long one request may take before it counts as failed (default: the provider''s, e.g. 5s for IZI)'
            cand --store 'Event store file'
            cand --color 'When to use colours (NO_COLOR and a non-terminal output turn them off in auto)'
            cand --last 'Replay the most recent delivery'
            cand --all 'Replay every delivery matching the filters'
            cand --verbatim 'Send the original headers and body unchanged (tests replay protection)'
            cand --retry 'On failure, retry on the provider''s own schedule'
            cand --json 'One JSON object per attempt on stdout'
            cand --dry-run 'Print each exact request (method, URL, every header, the body bytes) and send nothing'
            cand -q 'Print only what was asked for: no progress, no summaries'
            cand --quiet 'Print only what was asked for: no progress, no summaries'
            cand -v 'Print more: each request sent (headers and body), response bodies, timings'
            cand --verbose 'Print more: each request sent (headers and body), response bodies, timings'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'whk;audit'= {
            cand -p 'Provider preset (see ''whk providers''); default from WHK_PROVIDER, whk.toml, else standard'
            cand --provider 'Provider preset (see ''whk providers''); default from WHK_PROVIDER, whk.toml, else standard'
            cand -s 'Signing secret (prefer --secret-file or WHK_SECRET: flags end up in shell history)'
            cand --secret 'Signing secret (prefer --secret-file or WHK_SECRET: flags end up in shell history)'
            cand --secret-file 'Read the signing secret from a file (surrounding whitespace is ignored)'
            cand --algorithm 'HMAC hash function'
            cand --signature-header 'Header that carries the signature'
            cand --encoding 'How the MAC is written'
            cand --signature-prefix 'Text before the encoded MAC, e.g. ''sha256='''
            cand --template 'Signed content, with {id}, {timestamp} and {body}, e.g. ''{timestamp}.{body}'''
            cand --timestamp-header 'Header that carries {timestamp}'
            cand --id-header 'Header that carries {id}'
            cand --verify-token 'Verify token of Meta''s subscription handshake (default: verify_token in whk.toml)'
            cand --event 'Catalog event the deliveries are built from (default: the provider''s test event)'
            cand --data 'Build the deliveries from this body instead (a file or -; {{uuid}}, {{now}}, ... filled)'
            cand --only 'Run only these cases, comma-separated'
            cand --skip 'Leave these cases out, comma-separated'
            cand --format 'How to print the result'
            cand --junit 'Also write the result as JUnit XML to FILE, for CI'
            cand -H 'Add a header to every request, ''Name: value'' (repeatable)'
            cand --header 'Add a header to every request, ''Name: value'' (repeatable)'
            cand --url 'URL to sign for schemes that sign it (Twilio, Square, HubSpot), when a proxy sits in front of URL (default: URL)'
            cand --color 'When to use colours (NO_COLOR and a non-terminal output turn them off in auto)'
            cand -q 'Print only what was asked for: no progress, no summaries'
            cand --quiet 'Print only what was asked for: no progress, no summaries'
            cand -v 'Print more: each request sent (headers and body), response bodies, timings'
            cand --verbose 'Print more: each request sent (headers and body), response bodies, timings'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'whk;sign'= {
            cand -p 'Provider preset (see ''whk providers''); default from WHK_PROVIDER, whk.toml, else standard'
            cand --provider 'Provider preset (see ''whk providers''); default from WHK_PROVIDER, whk.toml, else standard'
            cand -s 'Signing secret (prefer --secret-file or WHK_SECRET: flags end up in shell history)'
            cand --secret 'Signing secret (prefer --secret-file or WHK_SECRET: flags end up in shell history)'
            cand --secret-file 'Read the signing secret from a file (surrounding whitespace is ignored)'
            cand --algorithm 'HMAC hash function'
            cand --signature-header 'Header that carries the signature'
            cand --encoding 'How the MAC is written'
            cand --signature-prefix 'Text before the encoded MAC, e.g. ''sha256='''
            cand --template 'Signed content, with {id}, {timestamp} and {body}, e.g. ''{timestamp}.{body}'''
            cand --timestamp-header 'Header that carries {timestamp}'
            cand --id-header 'Header that carries {id}'
            cand --timestamp 'Unix timestamp to sign with (default: now)'
            cand --id 'Message id to sign with (default: a fresh one in the provider''s format)'
            cand --format 'How to print the headers'
            cand --to 'Target URL for --format curl'
            cand --url 'URL the delivery is posted to, for schemes that sign it (Twilio, Square, HubSpot; default: --to)'
            cand --color 'When to use colours (NO_COLOR and a non-terminal output turn them off in auto)'
            cand -q 'Print only what was asked for: no progress, no summaries'
            cand --quiet 'Print only what was asked for: no progress, no summaries'
            cand -v 'Print more: each request sent (headers and body), response bodies, timings'
            cand --verbose 'Print more: each request sent (headers and body), response bodies, timings'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'whk;verify'= {
            cand -p 'Provider preset (see ''whk providers''); default from WHK_PROVIDER, whk.toml, else standard'
            cand --provider 'Provider preset (see ''whk providers''); default from WHK_PROVIDER, whk.toml, else standard'
            cand -s 'Signing secret (prefer --secret-file or WHK_SECRET: flags end up in shell history)'
            cand --secret 'Signing secret (prefer --secret-file or WHK_SECRET: flags end up in shell history)'
            cand --secret-file 'Read the signing secret from a file (surrounding whitespace is ignored)'
            cand --algorithm 'HMAC hash function'
            cand --signature-header 'Header that carries the signature'
            cand --encoding 'How the MAC is written'
            cand --signature-prefix 'Text before the encoded MAC, e.g. ''sha256='''
            cand --template 'Signed content, with {id}, {timestamp} and {body}, e.g. ''{timestamp}.{body}'''
            cand --timestamp-header 'Header that carries {timestamp}'
            cand --id-header 'Header that carries {id}'
            cand --public-key 'Verifying (public) key of a key-pair provider, instead of --secret (see ''whk keygen'')'
            cand -H 'A received header, ''Name: value'' (repeatable)'
            cand --header 'A received header, ''Name: value'' (repeatable)'
            cand --headers-from 'Read received headers, one ''Name: value'' per line, from a file or - (as ''whk sign'' prints them)'
            cand --signature 'Shorthand for the provider''s signature header'
            cand --tolerance 'Accepted timestamp skew in seconds (default: the provider''s, e.g. 300)'
            cand --now 'Pretend the current time is this unix timestamp'
            cand --url 'URL the sender posted to, as the sender saw it, for schemes that sign it (Twilio, Square, HubSpot)'
            cand --color 'When to use colours (NO_COLOR and a non-terminal output turn them off in auto)'
            cand --explain 'Print the full diagnosis: signed content, expected and received signature prefixes'
            cand --json 'Print the verdict and every finding as one JSON object on stdout'
            cand -q 'Print only what was asked for: no progress, no summaries'
            cand --quiet 'Print only what was asked for: no progress, no summaries'
            cand -v 'Print more: each request sent (headers and body), response bodies, timings'
            cand --verbose 'Print more: each request sent (headers and body), response bodies, timings'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'whk;validate'= {
            cand -p 'Provider preset whose schemas apply (default from WHK_PROVIDER, whk.toml, else standard)'
            cand --provider 'Provider preset whose schemas apply (default from WHK_PROVIDER, whk.toml, else standard)'
            cand -e 'Event type to check against (default: the type the body or headers carry)'
            cand --event 'Event type to check against (default: the type the body or headers carry)'
            cand -H 'A received header, ''Name: value'' (repeatable), for providers that keep the type in one'
            cand --header 'A received header, ''Name: value'' (repeatable), for providers that keep the type in one'
            cand --spec 'OpenAPI 3.1 document (YAML or JSON) whose webhooks are the events (send, validate, listen: default spec in whk.toml)'
            cand --color 'When to use colours (NO_COLOR and a non-terminal output turn them off in auto)'
            cand --json 'Print the result as one JSON object'
            cand -q 'Print only what was asked for: no progress, no summaries'
            cand --quiet 'Print only what was asked for: no progress, no summaries'
            cand -v 'Print more: each request sent (headers and body), response bodies, timings'
            cand --verbose 'Print more: each request sent (headers and body), response bodies, timings'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'whk;providers'= {
            cand --color 'When to use colours (NO_COLOR and a non-terminal output turn them off in auto)'
            cand --json 'Print JSON instead of a table'
            cand -q 'Print only what was asked for: no progress, no summaries'
            cand --quiet 'Print only what was asked for: no progress, no summaries'
            cand -v 'Print more: each request sent (headers and body), response bodies, timings'
            cand --verbose 'Print more: each request sent (headers and body), response bodies, timings'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand show 'Show one preset: headers, scheme, id and type fields, retries, events'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'whk;providers;show'= {
            cand --spec 'OpenAPI 3.1 document (YAML or JSON) whose webhooks are the events (send, validate, listen: default spec in whk.toml)'
            cand --color 'When to use colours (NO_COLOR and a non-terminal output turn them off in auto)'
            cand --json 'Print JSON instead of a table'
            cand -q 'Print only what was asked for: no progress, no summaries'
            cand --quiet 'Print only what was asked for: no progress, no summaries'
            cand -v 'Print more: each request sent (headers and body), response bodies, timings'
            cand --verbose 'Print more: each request sent (headers and body), response bodies, timings'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'whk;providers;help'= {
            cand show 'Show one preset: headers, scheme, id and type fields, retries, events'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'whk;providers;help;show'= {
        }
        &'whk;providers;help;help'= {
        }
        &'whk;events'= {
            cand --store 'Event store file'
            cand --color 'When to use colours (NO_COLOR and a non-terminal output turn them off in auto)'
            cand --reveal-secrets 'Show credential headers (Authorization, Cookie, ...) unredacted'
            cand -q 'Print only what was asked for: no progress, no summaries'
            cand --quiet 'Print only what was asked for: no progress, no summaries'
            cand -v 'Print more: each request sent (headers and body), response bodies, timings'
            cand --verbose 'Print more: each request sent (headers and body), response bodies, timings'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand list 'List recorded deliveries, newest last'
            cand show 'Show one delivery: headers and pretty body'
            cand export 'Export every delivery'
            cand save 'Save a delivery''s body as a fixture file for ''whk send --data'''
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'whk;events;list'= {
            cand --limit 'At most this many (the newest)'
            cand --type 'Only this event type'
            cand -p 'Only deliveries received with this provider (replay: with SEQs, re-sign as this provider instead)'
            cand --provider 'Only deliveries received with this provider (replay: with SEQs, re-sign as this provider instead)'
            cand --since 'Only deliveries newer than this, e.g. 10m, 2h, or an RFC 3339 time'
            cand --store 'Event store file'
            cand --color 'When to use colours (NO_COLOR and a non-terminal output turn them off in auto)'
            cand --json 'NDJSON with the same fields as ''whk listen --json'''
            cand --reveal-secrets 'Show credential headers (Authorization, Cookie, ...) unredacted'
            cand -q 'Print only what was asked for: no progress, no summaries'
            cand --quiet 'Print only what was asked for: no progress, no summaries'
            cand -v 'Print more: each request sent (headers and body), response bodies, timings'
            cand --verbose 'Print more: each request sent (headers and body), response bodies, timings'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'whk;events;show'= {
            cand --store 'Event store file'
            cand --color 'When to use colours (NO_COLOR and a non-terminal output turn them off in auto)'
            cand --json 'Print it as JSON'
            cand --explain 'For a rejected delivery, the signature doctor''s full diagnosis (with the configured secret)'
            cand --reveal-secrets 'Show credential headers (Authorization, Cookie, ...) unredacted'
            cand -q 'Print only what was asked for: no progress, no summaries'
            cand --quiet 'Print only what was asked for: no progress, no summaries'
            cand -v 'Print more: each request sent (headers and body), response bodies, timings'
            cand --verbose 'Print more: each request sent (headers and body), response bodies, timings'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'whk;events;export'= {
            cand --format 'format'
            cand --store 'Event store file'
            cand --color 'When to use colours (NO_COLOR and a non-terminal output turn them off in auto)'
            cand --reveal-secrets 'Show credential headers (Authorization, Cookie, ...) unredacted'
            cand -q 'Print only what was asked for: no progress, no summaries'
            cand --quiet 'Print only what was asked for: no progress, no summaries'
            cand -v 'Print more: each request sent (headers and body), response bodies, timings'
            cand --verbose 'Print more: each request sent (headers and body), response bodies, timings'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'whk;events;save'= {
            cand --store 'Event store file'
            cand --color 'When to use colours (NO_COLOR and a non-terminal output turn them off in auto)'
            cand --reveal-secrets 'Show credential headers (Authorization, Cookie, ...) unredacted'
            cand -q 'Print only what was asked for: no progress, no summaries'
            cand --quiet 'Print only what was asked for: no progress, no summaries'
            cand -v 'Print more: each request sent (headers and body), response bodies, timings'
            cand --verbose 'Print more: each request sent (headers and body), response bodies, timings'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'whk;events;help'= {
            cand list 'List recorded deliveries, newest last'
            cand show 'Show one delivery: headers and pretty body'
            cand export 'Export every delivery'
            cand save 'Save a delivery''s body as a fixture file for ''whk send --data'''
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'whk;events;help;list'= {
        }
        &'whk;events;help;show'= {
        }
        &'whk;events;help;export'= {
        }
        &'whk;events;help;save'= {
        }
        &'whk;events;help;help'= {
        }
        &'whk;init'= {
            cand -p 'Provider preset (default: standard)'
            cand --provider 'Provider preset (default: standard)'
            cand --secret-env 'Read the secret from this environment variable at run time'
            cand --target 'Default target URL for send and replay'
            cand --store 'Event store location'
            cand --color 'When to use colours (NO_COLOR and a non-terminal output turn them off in auto)'
            cand --generate-secret 'Generate a development secret and write it into whk.toml'
            cand -y 'Do not ask: take the flags, and defaults for the rest (needed off a terminal)'
            cand --yes 'Do not ask: take the flags, and defaults for the rest (needed off a terminal)'
            cand --force 'Overwrite an existing whk.toml'
            cand -q 'Print only what was asked for: no progress, no summaries'
            cand --quiet 'Print only what was asked for: no progress, no summaries'
            cand -v 'Print more: each request sent (headers and body), response bodies, timings'
            cand --verbose 'Print more: each request sent (headers and body), response bodies, timings'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'whk;config'= {
            cand -p 'Provider preset (see ''whk providers''); default from WHK_PROVIDER, whk.toml, else standard'
            cand --provider 'Provider preset (see ''whk providers''); default from WHK_PROVIDER, whk.toml, else standard'
            cand -s 'Signing secret (prefer --secret-file or WHK_SECRET: flags end up in shell history)'
            cand --secret 'Signing secret (prefer --secret-file or WHK_SECRET: flags end up in shell history)'
            cand --secret-file 'Read the signing secret from a file (surrounding whitespace is ignored)'
            cand --algorithm 'HMAC hash function'
            cand --signature-header 'Header that carries the signature'
            cand --encoding 'How the MAC is written'
            cand --signature-prefix 'Text before the encoded MAC, e.g. ''sha256='''
            cand --template 'Signed content, with {id}, {timestamp} and {body}, e.g. ''{timestamp}.{body}'''
            cand --timestamp-header 'Header that carries {timestamp}'
            cand --id-header 'Header that carries {id}'
            cand --color 'When to use colours (NO_COLOR and a non-terminal output turn them off in auto)'
            cand --json 'Print JSON'
            cand -q 'Print only what was asked for: no progress, no summaries'
            cand --quiet 'Print only what was asked for: no progress, no summaries'
            cand -v 'Print more: each request sent (headers and body), response bodies, timings'
            cand --verbose 'Print more: each request sent (headers and body), response bodies, timings'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'whk;keygen'= {
            cand -p 'Provider preset whose key format to use; default from WHK_PROVIDER, whk.toml, else standard'
            cand --provider 'Provider preset whose key format to use; default from WHK_PROVIDER, whk.toml, else standard'
            cand --color 'When to use colours (NO_COLOR and a non-terminal output turn them off in auto)'
            cand --json 'Print one JSON object instead of text'
            cand -q 'Print only what was asked for: no progress, no summaries'
            cand --quiet 'Print only what was asked for: no progress, no summaries'
            cand -v 'Print more: each request sent (headers and body), response bodies, timings'
            cand --verbose 'Print more: each request sent (headers and body), response bodies, timings'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'whk;completions'= {
            cand --color 'When to use colours (NO_COLOR and a non-terminal output turn them off in auto)'
            cand -q 'Print only what was asked for: no progress, no summaries'
            cand --quiet 'Print only what was asked for: no progress, no summaries'
            cand -v 'Print more: each request sent (headers and body), response bodies, timings'
            cand --verbose 'Print more: each request sent (headers and body), response bodies, timings'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'whk;help'= {
            cand listen 'Receive webhooks locally: verify, pretty-print, record, forward'
            cand send 'Fire signed, realistic events at a consumer, as the provider would'
            cand replay 'Re-deliver what ''whk listen'' recorded'
            cand audit 'Check your webhook endpoint the way an attacker and a flaky provider would'
            cand sign 'Print the headers a provider would attach to a body'
            cand verify 'Check a body''s signature headers; exit 0 valid, 1 invalid, 2 error'
            cand validate 'Check a body against its event''s schema; exit 0 valid, 1 invalid, 2 usage error'
            cand providers 'List the provider presets, or show one'
            cand events 'Browse the deliveries ''whk listen'' recorded'
            cand init 'Write a commented whk.toml here (asks on a terminal)'
            cand config 'Print the effective configuration and where each value comes from'
            cand keygen 'Print a fresh key pair in a provider''s format: signing key and verifying key'
            cand completions 'Print shell completions or the man page'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'whk;help;listen'= {
        }
        &'whk;help;send'= {
        }
        &'whk;help;replay'= {
        }
        &'whk;help;audit'= {
        }
        &'whk;help;sign'= {
        }
        &'whk;help;verify'= {
        }
        &'whk;help;validate'= {
        }
        &'whk;help;providers'= {
            cand show 'Show one preset: headers, scheme, id and type fields, retries, events'
        }
        &'whk;help;providers;show'= {
        }
        &'whk;help;events'= {
            cand list 'List recorded deliveries, newest last'
            cand show 'Show one delivery: headers and pretty body'
            cand export 'Export every delivery'
            cand save 'Save a delivery''s body as a fixture file for ''whk send --data'''
        }
        &'whk;help;events;list'= {
        }
        &'whk;help;events;show'= {
        }
        &'whk;help;events;export'= {
        }
        &'whk;help;events;save'= {
        }
        &'whk;help;init'= {
        }
        &'whk;help;config'= {
        }
        &'whk;help;keygen'= {
        }
        &'whk;help;completions'= {
        }
        &'whk;help;help'= {
        }
    ]
    $completions[$command]
}
