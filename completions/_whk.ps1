
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'whk' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'whk'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'whk' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours (NO_COLOR and a non-terminal output turn them off in auto)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what was asked for: no progress, no summaries')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what was asked for: no progress, no summaries')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more: each request sent (headers and body), response bodies, timings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more: each request sent (headers and body), response bodies, timings')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('listen', 'listen', [CompletionResultType]::ParameterValue, 'Receive webhooks locally: verify, pretty-print, record, forward')
            [CompletionResult]::new('send', 'send', [CompletionResultType]::ParameterValue, 'Fire signed, realistic events at a consumer, as the provider would')
            [CompletionResult]::new('replay', 'replay', [CompletionResultType]::ParameterValue, 'Re-deliver what ''whk listen'' recorded')
            [CompletionResult]::new('audit', 'audit', [CompletionResultType]::ParameterValue, 'Check your webhook endpoint the way an attacker and a flaky provider would')
            [CompletionResult]::new('sign', 'sign', [CompletionResultType]::ParameterValue, 'Print the headers a provider would attach to a body')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check a body''s signature headers; exit 0 valid, 1 invalid, 2 error')
            [CompletionResult]::new('validate', 'validate', [CompletionResultType]::ParameterValue, 'Check a body against its event''s schema; exit 0 valid, 1 invalid, 2 usage error')
            [CompletionResult]::new('providers', 'providers', [CompletionResultType]::ParameterValue, 'List the provider presets, or show one')
            [CompletionResult]::new('events', 'events', [CompletionResultType]::ParameterValue, 'Browse the deliveries ''whk listen'' recorded')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Write a commented whk.toml here (asks on a terminal)')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Print the effective configuration and where each value comes from')
            [CompletionResult]::new('keygen', 'keygen', [CompletionResultType]::ParameterValue, 'Print a fresh key pair in a provider''s format: signing key and verifying key')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print shell completions or the man page')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'whk;listen' {
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'Port to listen on (0 picks a free one and prints it)')
            [CompletionResult]::new('--host', '--host', [CompletionResultType]::ParameterName, 'Address to bind')
            [CompletionResult]::new('--path', '--path', [CompletionResultType]::ParameterName, 'Accept deliveries only on this path (default: any path)')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Provider preset (see ''whk providers''); default from WHK_PROVIDER, whk.toml, else standard')
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'Provider preset (see ''whk providers''); default from WHK_PROVIDER, whk.toml, else standard')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Signing secret (prefer --secret-file or WHK_SECRET: flags end up in shell history)')
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'Signing secret (prefer --secret-file or WHK_SECRET: flags end up in shell history)')
            [CompletionResult]::new('--secret-file', '--secret-file', [CompletionResultType]::ParameterName, 'Read the signing secret from a file (surrounding whitespace is ignored)')
            [CompletionResult]::new('--algorithm', '--algorithm', [CompletionResultType]::ParameterName, 'HMAC hash function')
            [CompletionResult]::new('--signature-header', '--signature-header', [CompletionResultType]::ParameterName, 'Header that carries the signature')
            [CompletionResult]::new('--encoding', '--encoding', [CompletionResultType]::ParameterName, 'How the MAC is written')
            [CompletionResult]::new('--signature-prefix', '--signature-prefix', [CompletionResultType]::ParameterName, 'Text before the encoded MAC, e.g. ''sha256=''')
            [CompletionResult]::new('--template', '--template', [CompletionResultType]::ParameterName, 'Signed content, with {id}, {timestamp} and {body}, e.g. ''{timestamp}.{body}''')
            [CompletionResult]::new('--timestamp-header', '--timestamp-header', [CompletionResultType]::ParameterName, 'Header that carries {timestamp}')
            [CompletionResult]::new('--id-header', '--id-header', [CompletionResultType]::ParameterName, 'Header that carries {id}')
            [CompletionResult]::new('--public-key', '--public-key', [CompletionResultType]::ParameterName, 'Verifying (public) key of a key-pair provider, instead of --secret (see ''whk keygen'')')
            [CompletionResult]::new('--verify-token', '--verify-token', [CompletionResultType]::ParameterName, 'Verify token of Meta''s subscription handshake (default: verify_token in whk.toml)')
            [CompletionResult]::new('--tolerance', '--tolerance', [CompletionResultType]::ParameterName, 'Accepted timestamp skew in seconds (default: the provider''s)')
            [CompletionResult]::new('--max-body', '--max-body', [CompletionResultType]::ParameterName, 'Largest body accepted, e.g. 1MiB, 512KiB (larger: 413)')
            [CompletionResult]::new('--forward-to', '--forward-to', [CompletionResultType]::ParameterName, 'Relay each verified delivery to this URL, as given, and answer with its response')
            [CompletionResult]::new('--forward-timeout', '--forward-timeout', [CompletionResultType]::ParameterName, 'How long to wait for the forward target (0 waits forever)')
            [CompletionResult]::new('--status', '--status', [CompletionResultType]::ParameterName, 'Answer every delivery with this status')
            [CompletionResult]::new('--fail-first', '--fail-first', [CompletionResultType]::ParameterName, 'Answer the first N attempts of each event id with 500, then accept')
            [CompletionResult]::new('--delay', '--delay', [CompletionResultType]::ParameterName, 'Answer late, e.g. 6s (past IZI''s 5 s timeout)')
            [CompletionResult]::new('--max-events', '--max-events', [CompletionResultType]::ParameterName, 'Exit after N accepted deliveries')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Give up waiting (exit 1) if the expected deliveries have not arrived by then, e.g. 30s')
            [CompletionResult]::new('--expect', '--expect', [CompletionResultType]::ParameterName, 'Succeed only if a verified delivery of this event type arrived (repeatable)')
            [CompletionResult]::new('--port-file', '--port-file', [CompletionResultType]::ParameterName, 'Write the bound port to this file once listening (with --port 0 in scripts)')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Event store file (default: from whk.toml, else the user data dir)')
            [CompletionResult]::new('--public-url', '--public-url', [CompletionResultType]::ParameterName, 'Public URL senders post to (a tunnel''s or proxy''s), for schemes that sign the URL')
            [CompletionResult]::new('--ui-port', '--ui-port', [CompletionResultType]::ParameterName, 'Serve the inspector on its own port instead')
            [CompletionResult]::new('--spec', '--spec', [CompletionResultType]::ParameterName, 'OpenAPI 3.1 document (YAML or JSON) whose webhooks are the events (send, validate, listen: default spec in whk.toml)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours (NO_COLOR and a non-terminal output turn them off in auto)')
            [CompletionResult]::new('--skip-verify', '--skip-verify', [CompletionResultType]::ParameterName, 'Record deliveries without checking signatures (shown as unverified)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object per delivery (NDJSON) on stdout, nothing else')
            [CompletionResult]::new('--compact', '--compact', [CompletionResultType]::ParameterName, 'Print the summary line only, not the body')
            [CompletionResult]::new('--headers', '--headers', [CompletionResultType]::ParameterName, 'Print request headers too')
            [CompletionResult]::new('--fail-fast', '--fail-fast', [CompletionResultType]::ParameterName, 'In a scripted run, exit 1 at the first rejected delivery instead of waiting')
            [CompletionResult]::new('--print-secret', '--print-secret', [CompletionResultType]::ParameterName, 'Print the secret the listener verifies with, and exit')
            [CompletionResult]::new('--reveal-secrets', '--reveal-secrets', [CompletionResultType]::ParameterName, 'Show credential headers (Authorization, Cookie, ...) unredacted')
            [CompletionResult]::new('--ui', '--ui', [CompletionResultType]::ParameterName, 'Serve the live inspector page at /_whk/')
            [CompletionResult]::new('--validate', '--validate', [CompletionResultType]::ParameterName, 'Check each payload against its event''s schema and record the result (also: validate = true in whk.toml)')
            [CompletionResult]::new('--expect-valid', '--expect-valid', [CompletionResultType]::ParameterName, 'Script mode: exit 1 if any payload broke its schema (implies --validate)')
            [CompletionResult]::new('--reject-invalid', '--reject-invalid', [CompletionResultType]::ParameterName, 'Answer 422 to a payload that breaks its schema, instead of only recording it (implies --validate)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what was asked for: no progress, no summaries')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what was asked for: no progress, no summaries')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more: each request sent (headers and body), response bodies, timings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more: each request sent (headers and body), response bodies, timings')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'whk;send' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Provider preset (see ''whk providers''); default from WHK_PROVIDER, whk.toml, else standard')
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'Provider preset (see ''whk providers''); default from WHK_PROVIDER, whk.toml, else standard')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Signing secret (prefer --secret-file or WHK_SECRET: flags end up in shell history)')
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'Signing secret (prefer --secret-file or WHK_SECRET: flags end up in shell history)')
            [CompletionResult]::new('--secret-file', '--secret-file', [CompletionResultType]::ParameterName, 'Read the signing secret from a file (surrounding whitespace is ignored)')
            [CompletionResult]::new('--algorithm', '--algorithm', [CompletionResultType]::ParameterName, 'HMAC hash function')
            [CompletionResult]::new('--signature-header', '--signature-header', [CompletionResultType]::ParameterName, 'Header that carries the signature')
            [CompletionResult]::new('--encoding', '--encoding', [CompletionResultType]::ParameterName, 'How the MAC is written')
            [CompletionResult]::new('--signature-prefix', '--signature-prefix', [CompletionResultType]::ParameterName, 'Text before the encoded MAC, e.g. ''sha256=''')
            [CompletionResult]::new('--template', '--template', [CompletionResultType]::ParameterName, 'Signed content, with {id}, {timestamp} and {body}, e.g. ''{timestamp}.{body}''')
            [CompletionResult]::new('--timestamp-header', '--timestamp-header', [CompletionResultType]::ParameterName, 'Header that carries {timestamp}')
            [CompletionResult]::new('--id-header', '--id-header', [CompletionResultType]::ParameterName, 'Header that carries {id}')
            [CompletionResult]::new('--verify-token', '--verify-token', [CompletionResultType]::ParameterName, 'Verify token of Meta''s subscription handshake (default: verify_token in whk.toml)')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'Target URL (default: from whk.toml, else http://127.0.0.1:3000/)')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'URL to sign for schemes that sign it (Twilio, Square, HubSpot), e.g. a tunnel''s public URL (default: the target)')
            [CompletionResult]::new('--data', '--data', [CompletionResultType]::ParameterName, 'Send this body instead of a catalog sample (a file or - for stdin; {{uuid}}, {{ulid}}, {{now}}, {{now_unix}} are filled)')
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'Override a field of the body, path=value with JSON values (repeatable)')
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'Add a header, ''Name: value'' (repeatable)')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'Add a header, ''Name: value'' (repeatable)')
            [CompletionResult]::new('--duplicate', '--duplicate', [CompletionResultType]::ParameterName, 'Deliver the same event (same id) N extra times')
            [CompletionResult]::new('--time-scale', '--time-scale', [CompletionResultType]::ParameterName, 'Multiply the schedule''s delays, e.g. 0.001 turns 30 s into 30 ms')
            [CompletionResult]::new('--schedule', '--schedule', [CompletionResultType]::ParameterName, 'Use these delays instead, e.g. 1s,2s,4s')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'How long one request may take before it counts as failed (default: the provider''s, e.g. 5s for IZI)')
            [CompletionResult]::new('--count', '--count', [CompletionResultType]::ParameterName, 'Load mode: send N distinct events (not with --retry or --duplicate)')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'Requests in flight at once in load mode')
            [CompletionResult]::new('--threads', '--threads', [CompletionResultType]::ParameterName, 'Event loops driving load mode (default: half the cores when the target is on this machine, else every core)')
            [CompletionResult]::new('--rate', '--rate', [CompletionResultType]::ParameterName, 'Cap the request rate per second in load mode')
            [CompletionResult]::new('--spec', '--spec', [CompletionResultType]::ParameterName, 'OpenAPI 3.1 document (YAML or JSON) whose webhooks are the events (send, validate, listen: default spec in whk.toml)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours (NO_COLOR and a non-terminal output turn them off in auto)')
            [CompletionResult]::new('--no-auth', '--no-auth', [CompletionResultType]::ParameterName, 'Send without the credential header, for providers that make it optional (Unibo)')
            [CompletionResult]::new('--retry', '--retry', [CompletionResultType]::ParameterName, 'On failure, retry on the provider''s own schedule')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'One JSON object per attempt (or the load summary) on stdout')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the exact request (method, URL, every header, the body bytes) and send nothing')
            [CompletionResult]::new('--validate', '--validate', [CompletionResultType]::ParameterName, 'Refuse to send a body that breaks its event''s schema')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'With --validate: send it anyway, after saying what is wrong')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what was asked for: no progress, no summaries')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what was asked for: no progress, no summaries')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more: each request sent (headers and body), response bodies, timings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more: each request sent (headers and body), response bodies, timings')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'whk;replay' {
            [CompletionResult]::new('--type', '--type', [CompletionResultType]::ParameterName, 'Only this event type')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Only deliveries received with this provider (replay: with SEQs, re-sign as this provider instead)')
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'Only deliveries received with this provider (replay: with SEQs, re-sign as this provider instead)')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Only deliveries newer than this, e.g. 10m, 2h, or an RFC 3339 time')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'Target URL (default: from whk.toml, else http://127.0.0.1:3000/)')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Override the secret used to re-sign (prefer --secret-file: flags end up in shell history)')
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'Override the secret used to re-sign (prefer --secret-file: flags end up in shell history)')
            [CompletionResult]::new('--secret-file', '--secret-file', [CompletionResultType]::ParameterName, 'Read the secret used to re-sign from a file (surrounding whitespace is ignored)')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'Deliveries in flight at once')
            [CompletionResult]::new('--time-scale', '--time-scale', [CompletionResultType]::ParameterName, 'Multiply the schedule''s delays, e.g. 0.001 turns 30 s into 30 ms')
            [CompletionResult]::new('--schedule', '--schedule', [CompletionResultType]::ParameterName, 'Use these delays instead, e.g. 1s,2s,4s')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'How long one request may take before it counts as failed (default: the provider''s, e.g. 5s for IZI)')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Event store file')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours (NO_COLOR and a non-terminal output turn them off in auto)')
            [CompletionResult]::new('--last', '--last', [CompletionResultType]::ParameterName, 'Replay the most recent delivery')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Replay every delivery matching the filters')
            [CompletionResult]::new('--verbatim', '--verbatim', [CompletionResultType]::ParameterName, 'Send the original headers and body unchanged (tests replay protection)')
            [CompletionResult]::new('--retry', '--retry', [CompletionResultType]::ParameterName, 'On failure, retry on the provider''s own schedule')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'One JSON object per attempt on stdout')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print each exact request (method, URL, every header, the body bytes) and send nothing')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what was asked for: no progress, no summaries')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what was asked for: no progress, no summaries')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more: each request sent (headers and body), response bodies, timings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more: each request sent (headers and body), response bodies, timings')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'whk;audit' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Provider preset (see ''whk providers''); default from WHK_PROVIDER, whk.toml, else standard')
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'Provider preset (see ''whk providers''); default from WHK_PROVIDER, whk.toml, else standard')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Signing secret (prefer --secret-file or WHK_SECRET: flags end up in shell history)')
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'Signing secret (prefer --secret-file or WHK_SECRET: flags end up in shell history)')
            [CompletionResult]::new('--secret-file', '--secret-file', [CompletionResultType]::ParameterName, 'Read the signing secret from a file (surrounding whitespace is ignored)')
            [CompletionResult]::new('--algorithm', '--algorithm', [CompletionResultType]::ParameterName, 'HMAC hash function')
            [CompletionResult]::new('--signature-header', '--signature-header', [CompletionResultType]::ParameterName, 'Header that carries the signature')
            [CompletionResult]::new('--encoding', '--encoding', [CompletionResultType]::ParameterName, 'How the MAC is written')
            [CompletionResult]::new('--signature-prefix', '--signature-prefix', [CompletionResultType]::ParameterName, 'Text before the encoded MAC, e.g. ''sha256=''')
            [CompletionResult]::new('--template', '--template', [CompletionResultType]::ParameterName, 'Signed content, with {id}, {timestamp} and {body}, e.g. ''{timestamp}.{body}''')
            [CompletionResult]::new('--timestamp-header', '--timestamp-header', [CompletionResultType]::ParameterName, 'Header that carries {timestamp}')
            [CompletionResult]::new('--id-header', '--id-header', [CompletionResultType]::ParameterName, 'Header that carries {id}')
            [CompletionResult]::new('--verify-token', '--verify-token', [CompletionResultType]::ParameterName, 'Verify token of Meta''s subscription handshake (default: verify_token in whk.toml)')
            [CompletionResult]::new('--event', '--event', [CompletionResultType]::ParameterName, 'Catalog event the deliveries are built from (default: the provider''s test event)')
            [CompletionResult]::new('--data', '--data', [CompletionResultType]::ParameterName, 'Build the deliveries from this body instead (a file or -; {{uuid}}, {{now}}, ... filled)')
            [CompletionResult]::new('--only', '--only', [CompletionResultType]::ParameterName, 'Run only these cases, comma-separated')
            [CompletionResult]::new('--skip', '--skip', [CompletionResultType]::ParameterName, 'Leave these cases out, comma-separated')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to print the result')
            [CompletionResult]::new('--junit', '--junit', [CompletionResultType]::ParameterName, 'Also write the result as JUnit XML to FILE, for CI')
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'Add a header to every request, ''Name: value'' (repeatable)')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'Add a header to every request, ''Name: value'' (repeatable)')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'URL to sign for schemes that sign it (Twilio, Square, HubSpot), when a proxy sits in front of URL (default: URL)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours (NO_COLOR and a non-terminal output turn them off in auto)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what was asked for: no progress, no summaries')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what was asked for: no progress, no summaries')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more: each request sent (headers and body), response bodies, timings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more: each request sent (headers and body), response bodies, timings')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'whk;sign' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Provider preset (see ''whk providers''); default from WHK_PROVIDER, whk.toml, else standard')
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'Provider preset (see ''whk providers''); default from WHK_PROVIDER, whk.toml, else standard')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Signing secret (prefer --secret-file or WHK_SECRET: flags end up in shell history)')
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'Signing secret (prefer --secret-file or WHK_SECRET: flags end up in shell history)')
            [CompletionResult]::new('--secret-file', '--secret-file', [CompletionResultType]::ParameterName, 'Read the signing secret from a file (surrounding whitespace is ignored)')
            [CompletionResult]::new('--algorithm', '--algorithm', [CompletionResultType]::ParameterName, 'HMAC hash function')
            [CompletionResult]::new('--signature-header', '--signature-header', [CompletionResultType]::ParameterName, 'Header that carries the signature')
            [CompletionResult]::new('--encoding', '--encoding', [CompletionResultType]::ParameterName, 'How the MAC is written')
            [CompletionResult]::new('--signature-prefix', '--signature-prefix', [CompletionResultType]::ParameterName, 'Text before the encoded MAC, e.g. ''sha256=''')
            [CompletionResult]::new('--template', '--template', [CompletionResultType]::ParameterName, 'Signed content, with {id}, {timestamp} and {body}, e.g. ''{timestamp}.{body}''')
            [CompletionResult]::new('--timestamp-header', '--timestamp-header', [CompletionResultType]::ParameterName, 'Header that carries {timestamp}')
            [CompletionResult]::new('--id-header', '--id-header', [CompletionResultType]::ParameterName, 'Header that carries {id}')
            [CompletionResult]::new('--timestamp', '--timestamp', [CompletionResultType]::ParameterName, 'Unix timestamp to sign with (default: now)')
            [CompletionResult]::new('--id', '--id', [CompletionResultType]::ParameterName, 'Message id to sign with (default: a fresh one in the provider''s format)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'How to print the headers')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'Target URL for --format curl')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'URL the delivery is posted to, for schemes that sign it (Twilio, Square, HubSpot; default: --to)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours (NO_COLOR and a non-terminal output turn them off in auto)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what was asked for: no progress, no summaries')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what was asked for: no progress, no summaries')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more: each request sent (headers and body), response bodies, timings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more: each request sent (headers and body), response bodies, timings')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'whk;verify' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Provider preset (see ''whk providers''); default from WHK_PROVIDER, whk.toml, else standard')
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'Provider preset (see ''whk providers''); default from WHK_PROVIDER, whk.toml, else standard')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Signing secret (prefer --secret-file or WHK_SECRET: flags end up in shell history)')
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'Signing secret (prefer --secret-file or WHK_SECRET: flags end up in shell history)')
            [CompletionResult]::new('--secret-file', '--secret-file', [CompletionResultType]::ParameterName, 'Read the signing secret from a file (surrounding whitespace is ignored)')
            [CompletionResult]::new('--algorithm', '--algorithm', [CompletionResultType]::ParameterName, 'HMAC hash function')
            [CompletionResult]::new('--signature-header', '--signature-header', [CompletionResultType]::ParameterName, 'Header that carries the signature')
            [CompletionResult]::new('--encoding', '--encoding', [CompletionResultType]::ParameterName, 'How the MAC is written')
            [CompletionResult]::new('--signature-prefix', '--signature-prefix', [CompletionResultType]::ParameterName, 'Text before the encoded MAC, e.g. ''sha256=''')
            [CompletionResult]::new('--template', '--template', [CompletionResultType]::ParameterName, 'Signed content, with {id}, {timestamp} and {body}, e.g. ''{timestamp}.{body}''')
            [CompletionResult]::new('--timestamp-header', '--timestamp-header', [CompletionResultType]::ParameterName, 'Header that carries {timestamp}')
            [CompletionResult]::new('--id-header', '--id-header', [CompletionResultType]::ParameterName, 'Header that carries {id}')
            [CompletionResult]::new('--public-key', '--public-key', [CompletionResultType]::ParameterName, 'Verifying (public) key of a key-pair provider, instead of --secret (see ''whk keygen'')')
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'A received header, ''Name: value'' (repeatable)')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'A received header, ''Name: value'' (repeatable)')
            [CompletionResult]::new('--headers-from', '--headers-from', [CompletionResultType]::ParameterName, 'Read received headers, one ''Name: value'' per line, from a file or - (as ''whk sign'' prints them)')
            [CompletionResult]::new('--signature', '--signature', [CompletionResultType]::ParameterName, 'Shorthand for the provider''s signature header')
            [CompletionResult]::new('--tolerance', '--tolerance', [CompletionResultType]::ParameterName, 'Accepted timestamp skew in seconds (default: the provider''s, e.g. 300)')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'Pretend the current time is this unix timestamp')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'URL the sender posted to, as the sender saw it, for schemes that sign it (Twilio, Square, HubSpot)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours (NO_COLOR and a non-terminal output turn them off in auto)')
            [CompletionResult]::new('--explain', '--explain', [CompletionResultType]::ParameterName, 'Print the full diagnosis: signed content, expected and received signature prefixes')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the verdict and every finding as one JSON object on stdout')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what was asked for: no progress, no summaries')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what was asked for: no progress, no summaries')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more: each request sent (headers and body), response bodies, timings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more: each request sent (headers and body), response bodies, timings')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'whk;validate' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Provider preset whose schemas apply (default from WHK_PROVIDER, whk.toml, else standard)')
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'Provider preset whose schemas apply (default from WHK_PROVIDER, whk.toml, else standard)')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Event type to check against (default: the type the body or headers carry)')
            [CompletionResult]::new('--event', '--event', [CompletionResultType]::ParameterName, 'Event type to check against (default: the type the body or headers carry)')
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'A received header, ''Name: value'' (repeatable), for providers that keep the type in one')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'A received header, ''Name: value'' (repeatable), for providers that keep the type in one')
            [CompletionResult]::new('--spec', '--spec', [CompletionResultType]::ParameterName, 'OpenAPI 3.1 document (YAML or JSON) whose webhooks are the events (send, validate, listen: default spec in whk.toml)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours (NO_COLOR and a non-terminal output turn them off in auto)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the result as one JSON object')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what was asked for: no progress, no summaries')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what was asked for: no progress, no summaries')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more: each request sent (headers and body), response bodies, timings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more: each request sent (headers and body), response bodies, timings')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'whk;providers' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours (NO_COLOR and a non-terminal output turn them off in auto)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON instead of a table')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what was asked for: no progress, no summaries')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what was asked for: no progress, no summaries')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more: each request sent (headers and body), response bodies, timings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more: each request sent (headers and body), response bodies, timings')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one preset: headers, scheme, id and type fields, retries, events')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'whk;providers;show' {
            [CompletionResult]::new('--spec', '--spec', [CompletionResultType]::ParameterName, 'OpenAPI 3.1 document (YAML or JSON) whose webhooks are the events (send, validate, listen: default spec in whk.toml)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours (NO_COLOR and a non-terminal output turn them off in auto)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON instead of a table')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what was asked for: no progress, no summaries')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what was asked for: no progress, no summaries')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more: each request sent (headers and body), response bodies, timings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more: each request sent (headers and body), response bodies, timings')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'whk;providers;help' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one preset: headers, scheme, id and type fields, retries, events')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'whk;providers;help;show' {
            break
        }
        'whk;providers;help;help' {
            break
        }
        'whk;events' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Event store file')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours (NO_COLOR and a non-terminal output turn them off in auto)')
            [CompletionResult]::new('--reveal-secrets', '--reveal-secrets', [CompletionResultType]::ParameterName, 'Show credential headers (Authorization, Cookie, ...) unredacted')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what was asked for: no progress, no summaries')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what was asked for: no progress, no summaries')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more: each request sent (headers and body), response bodies, timings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more: each request sent (headers and body), response bodies, timings')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List recorded deliveries, newest last')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one delivery: headers and pretty body')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Export every delivery')
            [CompletionResult]::new('save', 'save', [CompletionResultType]::ParameterValue, 'Save a delivery''s body as a fixture file for ''whk send --data''')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'whk;events;list' {
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'At most this many (the newest)')
            [CompletionResult]::new('--type', '--type', [CompletionResultType]::ParameterName, 'Only this event type')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Only deliveries received with this provider (replay: with SEQs, re-sign as this provider instead)')
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'Only deliveries received with this provider (replay: with SEQs, re-sign as this provider instead)')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Only deliveries newer than this, e.g. 10m, 2h, or an RFC 3339 time')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Event store file')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours (NO_COLOR and a non-terminal output turn them off in auto)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'NDJSON with the same fields as ''whk listen --json''')
            [CompletionResult]::new('--reveal-secrets', '--reveal-secrets', [CompletionResultType]::ParameterName, 'Show credential headers (Authorization, Cookie, ...) unredacted')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what was asked for: no progress, no summaries')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what was asked for: no progress, no summaries')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more: each request sent (headers and body), response bodies, timings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more: each request sent (headers and body), response bodies, timings')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'whk;events;show' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Event store file')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours (NO_COLOR and a non-terminal output turn them off in auto)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print it as JSON')
            [CompletionResult]::new('--explain', '--explain', [CompletionResultType]::ParameterName, 'For a rejected delivery, the signature doctor''s full diagnosis (with the configured secret)')
            [CompletionResult]::new('--reveal-secrets', '--reveal-secrets', [CompletionResultType]::ParameterName, 'Show credential headers (Authorization, Cookie, ...) unredacted')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what was asked for: no progress, no summaries')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what was asked for: no progress, no summaries')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more: each request sent (headers and body), response bodies, timings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more: each request sent (headers and body), response bodies, timings')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'whk;events;export' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'format')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Event store file')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours (NO_COLOR and a non-terminal output turn them off in auto)')
            [CompletionResult]::new('--reveal-secrets', '--reveal-secrets', [CompletionResultType]::ParameterName, 'Show credential headers (Authorization, Cookie, ...) unredacted')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what was asked for: no progress, no summaries')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what was asked for: no progress, no summaries')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more: each request sent (headers and body), response bodies, timings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more: each request sent (headers and body), response bodies, timings')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'whk;events;save' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Event store file')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours (NO_COLOR and a non-terminal output turn them off in auto)')
            [CompletionResult]::new('--reveal-secrets', '--reveal-secrets', [CompletionResultType]::ParameterName, 'Show credential headers (Authorization, Cookie, ...) unredacted')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what was asked for: no progress, no summaries')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what was asked for: no progress, no summaries')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more: each request sent (headers and body), response bodies, timings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more: each request sent (headers and body), response bodies, timings')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'whk;events;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List recorded deliveries, newest last')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one delivery: headers and pretty body')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Export every delivery')
            [CompletionResult]::new('save', 'save', [CompletionResultType]::ParameterValue, 'Save a delivery''s body as a fixture file for ''whk send --data''')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'whk;events;help;list' {
            break
        }
        'whk;events;help;show' {
            break
        }
        'whk;events;help;export' {
            break
        }
        'whk;events;help;save' {
            break
        }
        'whk;events;help;help' {
            break
        }
        'whk;init' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Provider preset (default: standard)')
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'Provider preset (default: standard)')
            [CompletionResult]::new('--secret-env', '--secret-env', [CompletionResultType]::ParameterName, 'Read the secret from this environment variable at run time')
            [CompletionResult]::new('--target', '--target', [CompletionResultType]::ParameterName, 'Default target URL for send and replay')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Event store location')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours (NO_COLOR and a non-terminal output turn them off in auto)')
            [CompletionResult]::new('--generate-secret', '--generate-secret', [CompletionResultType]::ParameterName, 'Generate a development secret and write it into whk.toml')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask: take the flags, and defaults for the rest (needed off a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask: take the flags, and defaults for the rest (needed off a terminal)')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Overwrite an existing whk.toml')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what was asked for: no progress, no summaries')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what was asked for: no progress, no summaries')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more: each request sent (headers and body), response bodies, timings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more: each request sent (headers and body), response bodies, timings')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'whk;config' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Provider preset (see ''whk providers''); default from WHK_PROVIDER, whk.toml, else standard')
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'Provider preset (see ''whk providers''); default from WHK_PROVIDER, whk.toml, else standard')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Signing secret (prefer --secret-file or WHK_SECRET: flags end up in shell history)')
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'Signing secret (prefer --secret-file or WHK_SECRET: flags end up in shell history)')
            [CompletionResult]::new('--secret-file', '--secret-file', [CompletionResultType]::ParameterName, 'Read the signing secret from a file (surrounding whitespace is ignored)')
            [CompletionResult]::new('--algorithm', '--algorithm', [CompletionResultType]::ParameterName, 'HMAC hash function')
            [CompletionResult]::new('--signature-header', '--signature-header', [CompletionResultType]::ParameterName, 'Header that carries the signature')
            [CompletionResult]::new('--encoding', '--encoding', [CompletionResultType]::ParameterName, 'How the MAC is written')
            [CompletionResult]::new('--signature-prefix', '--signature-prefix', [CompletionResultType]::ParameterName, 'Text before the encoded MAC, e.g. ''sha256=''')
            [CompletionResult]::new('--template', '--template', [CompletionResultType]::ParameterName, 'Signed content, with {id}, {timestamp} and {body}, e.g. ''{timestamp}.{body}''')
            [CompletionResult]::new('--timestamp-header', '--timestamp-header', [CompletionResultType]::ParameterName, 'Header that carries {timestamp}')
            [CompletionResult]::new('--id-header', '--id-header', [CompletionResultType]::ParameterName, 'Header that carries {id}')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours (NO_COLOR and a non-terminal output turn them off in auto)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what was asked for: no progress, no summaries')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what was asked for: no progress, no summaries')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more: each request sent (headers and body), response bodies, timings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more: each request sent (headers and body), response bodies, timings')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'whk;keygen' {
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'Provider preset whose key format to use; default from WHK_PROVIDER, whk.toml, else standard')
            [CompletionResult]::new('--provider', '--provider', [CompletionResultType]::ParameterName, 'Provider preset whose key format to use; default from WHK_PROVIDER, whk.toml, else standard')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours (NO_COLOR and a non-terminal output turn them off in auto)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object instead of text')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what was asked for: no progress, no summaries')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what was asked for: no progress, no summaries')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more: each request sent (headers and body), response bodies, timings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more: each request sent (headers and body), response bodies, timings')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'whk;completions' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours (NO_COLOR and a non-terminal output turn them off in auto)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only what was asked for: no progress, no summaries')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only what was asked for: no progress, no summaries')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more: each request sent (headers and body), response bodies, timings')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more: each request sent (headers and body), response bodies, timings')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'whk;help' {
            [CompletionResult]::new('listen', 'listen', [CompletionResultType]::ParameterValue, 'Receive webhooks locally: verify, pretty-print, record, forward')
            [CompletionResult]::new('send', 'send', [CompletionResultType]::ParameterValue, 'Fire signed, realistic events at a consumer, as the provider would')
            [CompletionResult]::new('replay', 'replay', [CompletionResultType]::ParameterValue, 'Re-deliver what ''whk listen'' recorded')
            [CompletionResult]::new('audit', 'audit', [CompletionResultType]::ParameterValue, 'Check your webhook endpoint the way an attacker and a flaky provider would')
            [CompletionResult]::new('sign', 'sign', [CompletionResultType]::ParameterValue, 'Print the headers a provider would attach to a body')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check a body''s signature headers; exit 0 valid, 1 invalid, 2 error')
            [CompletionResult]::new('validate', 'validate', [CompletionResultType]::ParameterValue, 'Check a body against its event''s schema; exit 0 valid, 1 invalid, 2 usage error')
            [CompletionResult]::new('providers', 'providers', [CompletionResultType]::ParameterValue, 'List the provider presets, or show one')
            [CompletionResult]::new('events', 'events', [CompletionResultType]::ParameterValue, 'Browse the deliveries ''whk listen'' recorded')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Write a commented whk.toml here (asks on a terminal)')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Print the effective configuration and where each value comes from')
            [CompletionResult]::new('keygen', 'keygen', [CompletionResultType]::ParameterValue, 'Print a fresh key pair in a provider''s format: signing key and verifying key')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print shell completions or the man page')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'whk;help;listen' {
            break
        }
        'whk;help;send' {
            break
        }
        'whk;help;replay' {
            break
        }
        'whk;help;audit' {
            break
        }
        'whk;help;sign' {
            break
        }
        'whk;help;verify' {
            break
        }
        'whk;help;validate' {
            break
        }
        'whk;help;providers' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one preset: headers, scheme, id and type fields, retries, events')
            break
        }
        'whk;help;providers;show' {
            break
        }
        'whk;help;events' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List recorded deliveries, newest last')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one delivery: headers and pretty body')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Export every delivery')
            [CompletionResult]::new('save', 'save', [CompletionResultType]::ParameterValue, 'Save a delivery''s body as a fixture file for ''whk send --data''')
            break
        }
        'whk;help;events;list' {
            break
        }
        'whk;help;events;show' {
            break
        }
        'whk;help;events;export' {
            break
        }
        'whk;help;events;save' {
            break
        }
        'whk;help;init' {
            break
        }
        'whk;help;config' {
            break
        }
        'whk;help;keygen' {
            break
        }
        'whk;help;completions' {
            break
        }
        'whk;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
