# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_whk_global_optspecs
    string join \n color= q/quiet v/verbose h/help V/version
end

function __fish_whk_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_whk_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_whk_using_subcommand
    set -l cmd (__fish_whk_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c whk -n "__fish_whk_needs_command" -l color -d 'When to use colours (NO_COLOR and a non-terminal output turn them off in auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c whk -n "__fish_whk_needs_command" -s q -l quiet -d 'Print only what was asked for: no progress, no summaries'
complete -c whk -n "__fish_whk_needs_command" -s v -l verbose -d 'Print more: each request sent (headers and body), response bodies, timings'
complete -c whk -n "__fish_whk_needs_command" -s h -l help -d 'Print help'
complete -c whk -n "__fish_whk_needs_command" -s V -l version -d 'Print version'
complete -c whk -n "__fish_whk_needs_command" -f -a "listen" -d 'Receive webhooks locally: verify, pretty-print, record, forward'
complete -c whk -n "__fish_whk_needs_command" -f -a "send" -d 'Fire signed, realistic events at a consumer, as the provider would'
complete -c whk -n "__fish_whk_needs_command" -f -a "replay" -d 'Re-deliver what \'whk listen\' recorded'
complete -c whk -n "__fish_whk_needs_command" -f -a "audit" -d 'Check your webhook endpoint the way an attacker and a flaky provider would'
complete -c whk -n "__fish_whk_needs_command" -f -a "sign" -d 'Print the headers a provider would attach to a body'
complete -c whk -n "__fish_whk_needs_command" -f -a "verify" -d 'Check a body\'s signature headers; exit 0 valid, 1 invalid, 2 error'
complete -c whk -n "__fish_whk_needs_command" -f -a "validate" -d 'Check a body against its event\'s schema; exit 0 valid, 1 invalid, 2 usage error'
complete -c whk -n "__fish_whk_needs_command" -f -a "providers" -d 'List the provider presets, or show one'
complete -c whk -n "__fish_whk_needs_command" -f -a "events" -d 'Browse the deliveries \'whk listen\' recorded'
complete -c whk -n "__fish_whk_needs_command" -f -a "init" -d 'Write a commented whk.toml here (asks on a terminal)'
complete -c whk -n "__fish_whk_needs_command" -f -a "config" -d 'Print the effective configuration and where each value comes from'
complete -c whk -n "__fish_whk_needs_command" -f -a "completions" -d 'Print shell completions or the man page'
complete -c whk -n "__fish_whk_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c whk -n "__fish_whk_using_subcommand listen" -l port -d 'Port to listen on (0 picks a free one and prints it)' -r
complete -c whk -n "__fish_whk_using_subcommand listen" -l host -d 'Address to bind' -r
complete -c whk -n "__fish_whk_using_subcommand listen" -l path -d 'Accept deliveries only on this path (default: any path)' -r
complete -c whk -n "__fish_whk_using_subcommand listen" -s p -l provider -d 'Provider preset (see \'whk providers\'); default from WHK_PROVIDER, whk.toml, else standard' -r -f -a "custom\t'Custom scheme'
github\t'GitHub'
irisync\t'IriSync'
izi\t'IZI'
shopify\t'Shopify'
slack\t'Slack'
standard\t'Standard Webhooks'
stripe\t'Stripe'
svix\t'Svix'
unibo\t'Unibo'
zotlo\t'Zotlo'"
complete -c whk -n "__fish_whk_using_subcommand listen" -s s -l secret -d 'Signing secret (prefer --secret-file or WHK_SECRET: flags end up in shell history)' -r
complete -c whk -n "__fish_whk_using_subcommand listen" -l secret-file -d 'Read the signing secret from a file (surrounding whitespace is ignored)' -r -F
complete -c whk -n "__fish_whk_using_subcommand listen" -l algorithm -d 'HMAC hash function' -r -f -a "sha1\t''
sha256\t''
sha512\t''"
complete -c whk -n "__fish_whk_using_subcommand listen" -l signature-header -d 'Header that carries the signature' -r
complete -c whk -n "__fish_whk_using_subcommand listen" -l encoding -d 'How the MAC is written' -r -f -a "hex\t''
base64\t''"
complete -c whk -n "__fish_whk_using_subcommand listen" -l signature-prefix -d 'Text before the encoded MAC, e.g. \'sha256=\'' -r
complete -c whk -n "__fish_whk_using_subcommand listen" -l template -d 'Signed content, with {id}, {timestamp} and {body}, e.g. \'{timestamp}.{body}\'' -r
complete -c whk -n "__fish_whk_using_subcommand listen" -l timestamp-header -d 'Header that carries {timestamp}' -r
complete -c whk -n "__fish_whk_using_subcommand listen" -l id-header -d 'Header that carries {id}' -r
complete -c whk -n "__fish_whk_using_subcommand listen" -l tolerance -d 'Accepted timestamp skew in seconds (default: the provider\'s)' -r
complete -c whk -n "__fish_whk_using_subcommand listen" -l max-body -d 'Largest body accepted, e.g. 1MiB, 512KiB (larger: 413)' -r
complete -c whk -n "__fish_whk_using_subcommand listen" -l forward-to -d 'Relay each verified delivery to this URL, as given, and answer with its response' -r
complete -c whk -n "__fish_whk_using_subcommand listen" -l forward-timeout -d 'How long to wait for the forward target (0 waits forever)' -r
complete -c whk -n "__fish_whk_using_subcommand listen" -l status -d 'Answer every delivery with this status' -r
complete -c whk -n "__fish_whk_using_subcommand listen" -l fail-first -d 'Answer the first N attempts of each event id with 500, then accept' -r
complete -c whk -n "__fish_whk_using_subcommand listen" -l delay -d 'Answer late, e.g. 6s (past IZI\'s 5 s timeout)' -r
complete -c whk -n "__fish_whk_using_subcommand listen" -l max-events -d 'Exit after N accepted deliveries' -r
complete -c whk -n "__fish_whk_using_subcommand listen" -l timeout -d 'Give up waiting (exit 1) if the expected deliveries have not arrived by then, e.g. 30s' -r
complete -c whk -n "__fish_whk_using_subcommand listen" -l expect -d 'Succeed only if a verified delivery of this event type arrived (repeatable)' -r
complete -c whk -n "__fish_whk_using_subcommand listen" -l port-file -d 'Write the bound port to this file once listening (with --port 0 in scripts)' -r -F
complete -c whk -n "__fish_whk_using_subcommand listen" -l store -d 'Event store file (default: from whk.toml, else the user data dir)' -r -F
complete -c whk -n "__fish_whk_using_subcommand listen" -l ui-port -d 'Serve the inspector on its own port instead' -r
complete -c whk -n "__fish_whk_using_subcommand listen" -l spec -d 'OpenAPI 3.1 document (YAML or JSON) whose webhooks are the events (send, validate, listen: default spec in whk.toml)' -r -F
complete -c whk -n "__fish_whk_using_subcommand listen" -l color -d 'When to use colours (NO_COLOR and a non-terminal output turn them off in auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c whk -n "__fish_whk_using_subcommand listen" -l skip-verify -d 'Record deliveries without checking signatures (shown as unverified)'
complete -c whk -n "__fish_whk_using_subcommand listen" -l json -d 'Print one JSON object per delivery (NDJSON) on stdout, nothing else'
complete -c whk -n "__fish_whk_using_subcommand listen" -l compact -d 'Print the summary line only, not the body'
complete -c whk -n "__fish_whk_using_subcommand listen" -l headers -d 'Print request headers too'
complete -c whk -n "__fish_whk_using_subcommand listen" -l fail-fast -d 'In a scripted run, exit 1 at the first rejected delivery instead of waiting'
complete -c whk -n "__fish_whk_using_subcommand listen" -l print-secret -d 'Print the secret the listener verifies with, and exit'
complete -c whk -n "__fish_whk_using_subcommand listen" -l reveal-secrets -d 'Show credential headers (Authorization, Cookie, ...) unredacted'
complete -c whk -n "__fish_whk_using_subcommand listen" -l ui -d 'Serve the live inspector page at /_whk/'
complete -c whk -n "__fish_whk_using_subcommand listen" -l validate -d 'Check each payload against its event\'s schema and record the result (also: validate = true in whk.toml)'
complete -c whk -n "__fish_whk_using_subcommand listen" -l expect-valid -d 'Script mode: exit 1 if any payload broke its schema (implies --validate)'
complete -c whk -n "__fish_whk_using_subcommand listen" -l reject-invalid -d 'Answer 422 to a payload that breaks its schema, instead of only recording it (implies --validate)'
complete -c whk -n "__fish_whk_using_subcommand listen" -s q -l quiet -d 'Print only what was asked for: no progress, no summaries'
complete -c whk -n "__fish_whk_using_subcommand listen" -s v -l verbose -d 'Print more: each request sent (headers and body), response bodies, timings'
complete -c whk -n "__fish_whk_using_subcommand listen" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c whk -n "__fish_whk_using_subcommand listen" -s V -l version -d 'Print version'
complete -c whk -n "__fish_whk_using_subcommand send" -s p -l provider -d 'Provider preset (see \'whk providers\'); default from WHK_PROVIDER, whk.toml, else standard' -r -f -a "custom\t'Custom scheme'
github\t'GitHub'
irisync\t'IriSync'
izi\t'IZI'
shopify\t'Shopify'
slack\t'Slack'
standard\t'Standard Webhooks'
stripe\t'Stripe'
svix\t'Svix'
unibo\t'Unibo'
zotlo\t'Zotlo'"
complete -c whk -n "__fish_whk_using_subcommand send" -s s -l secret -d 'Signing secret (prefer --secret-file or WHK_SECRET: flags end up in shell history)' -r
complete -c whk -n "__fish_whk_using_subcommand send" -l secret-file -d 'Read the signing secret from a file (surrounding whitespace is ignored)' -r -F
complete -c whk -n "__fish_whk_using_subcommand send" -l algorithm -d 'HMAC hash function' -r -f -a "sha1\t''
sha256\t''
sha512\t''"
complete -c whk -n "__fish_whk_using_subcommand send" -l signature-header -d 'Header that carries the signature' -r
complete -c whk -n "__fish_whk_using_subcommand send" -l encoding -d 'How the MAC is written' -r -f -a "hex\t''
base64\t''"
complete -c whk -n "__fish_whk_using_subcommand send" -l signature-prefix -d 'Text before the encoded MAC, e.g. \'sha256=\'' -r
complete -c whk -n "__fish_whk_using_subcommand send" -l template -d 'Signed content, with {id}, {timestamp} and {body}, e.g. \'{timestamp}.{body}\'' -r
complete -c whk -n "__fish_whk_using_subcommand send" -l timestamp-header -d 'Header that carries {timestamp}' -r
complete -c whk -n "__fish_whk_using_subcommand send" -l id-header -d 'Header that carries {id}' -r
complete -c whk -n "__fish_whk_using_subcommand send" -l to -d 'Target URL (default: from whk.toml, else http://127.0.0.1:3000/)' -r
complete -c whk -n "__fish_whk_using_subcommand send" -l data -d 'Send this body instead of a catalog sample (a file or - for stdin; {{uuid}}, {{ulid}}, {{now}}, {{now_unix}} are filled)' -r -F
complete -c whk -n "__fish_whk_using_subcommand send" -l set -d 'Override a field of the body, path=value with JSON values (repeatable)' -r
complete -c whk -n "__fish_whk_using_subcommand send" -s H -l header -d 'Add a header, \'Name: value\' (repeatable)' -r
complete -c whk -n "__fish_whk_using_subcommand send" -l duplicate -d 'Deliver the same event (same id) N extra times' -r
complete -c whk -n "__fish_whk_using_subcommand send" -l time-scale -d 'Multiply the schedule\'s delays, e.g. 0.001 turns 30 s into 30 ms' -r
complete -c whk -n "__fish_whk_using_subcommand send" -l schedule -d 'Use these delays instead, e.g. 1s,2s,4s' -r
complete -c whk -n "__fish_whk_using_subcommand send" -l timeout -d 'How long one request may take before it counts as failed (default: the provider\'s, e.g. 5s for IZI)' -r
complete -c whk -n "__fish_whk_using_subcommand send" -l count -d 'Load mode: send N distinct events (not with --retry or --duplicate)' -r
complete -c whk -n "__fish_whk_using_subcommand send" -l concurrency -d 'Requests in flight at once in load mode' -r
complete -c whk -n "__fish_whk_using_subcommand send" -l threads -d 'Event loops driving load mode (default: half the cores when the target is on this machine, else every core)' -r
complete -c whk -n "__fish_whk_using_subcommand send" -l rate -d 'Cap the request rate per second in load mode' -r
complete -c whk -n "__fish_whk_using_subcommand send" -l spec -d 'OpenAPI 3.1 document (YAML or JSON) whose webhooks are the events (send, validate, listen: default spec in whk.toml)' -r -F
complete -c whk -n "__fish_whk_using_subcommand send" -l color -d 'When to use colours (NO_COLOR and a non-terminal output turn them off in auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c whk -n "__fish_whk_using_subcommand send" -l no-auth -d 'Send without the credential header, for providers that make it optional (Unibo)'
complete -c whk -n "__fish_whk_using_subcommand send" -l retry -d 'On failure, retry on the provider\'s own schedule'
complete -c whk -n "__fish_whk_using_subcommand send" -l json -d 'One JSON object per attempt (or the load summary) on stdout'
complete -c whk -n "__fish_whk_using_subcommand send" -l dry-run -d 'Print the exact request (method, URL, every header, the body bytes) and send nothing'
complete -c whk -n "__fish_whk_using_subcommand send" -l validate -d 'Refuse to send a body that breaks its event\'s schema'
complete -c whk -n "__fish_whk_using_subcommand send" -l force -d 'With --validate: send it anyway, after saying what is wrong'
complete -c whk -n "__fish_whk_using_subcommand send" -s q -l quiet -d 'Print only what was asked for: no progress, no summaries'
complete -c whk -n "__fish_whk_using_subcommand send" -s v -l verbose -d 'Print more: each request sent (headers and body), response bodies, timings'
complete -c whk -n "__fish_whk_using_subcommand send" -s h -l help -d 'Print help'
complete -c whk -n "__fish_whk_using_subcommand send" -s V -l version -d 'Print version'
complete -c whk -n "__fish_whk_using_subcommand replay" -l type -d 'Only this event type' -r
complete -c whk -n "__fish_whk_using_subcommand replay" -s p -l provider -d 'Only deliveries received with this provider (replay: with SEQs, re-sign as this provider instead)' -r -f -a "custom\t'Custom scheme'
github\t'GitHub'
irisync\t'IriSync'
izi\t'IZI'
shopify\t'Shopify'
slack\t'Slack'
standard\t'Standard Webhooks'
stripe\t'Stripe'
svix\t'Svix'
unibo\t'Unibo'
zotlo\t'Zotlo'"
complete -c whk -n "__fish_whk_using_subcommand replay" -l since -d 'Only deliveries newer than this, e.g. 10m, 2h, or an RFC 3339 time' -r
complete -c whk -n "__fish_whk_using_subcommand replay" -l to -d 'Target URL (default: from whk.toml, else http://127.0.0.1:3000/)' -r
complete -c whk -n "__fish_whk_using_subcommand replay" -s s -l secret -d 'Override the secret used to re-sign (prefer --secret-file: flags end up in shell history)' -r
complete -c whk -n "__fish_whk_using_subcommand replay" -l secret-file -d 'Read the secret used to re-sign from a file (surrounding whitespace is ignored)' -r -F
complete -c whk -n "__fish_whk_using_subcommand replay" -l concurrency -d 'Deliveries in flight at once' -r
complete -c whk -n "__fish_whk_using_subcommand replay" -l time-scale -d 'Multiply the schedule\'s delays, e.g. 0.001 turns 30 s into 30 ms' -r
complete -c whk -n "__fish_whk_using_subcommand replay" -l schedule -d 'Use these delays instead, e.g. 1s,2s,4s' -r
complete -c whk -n "__fish_whk_using_subcommand replay" -l timeout -d 'How long one request may take before it counts as failed (default: the provider\'s, e.g. 5s for IZI)' -r
complete -c whk -n "__fish_whk_using_subcommand replay" -l store -d 'Event store file' -r -F
complete -c whk -n "__fish_whk_using_subcommand replay" -l color -d 'When to use colours (NO_COLOR and a non-terminal output turn them off in auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c whk -n "__fish_whk_using_subcommand replay" -l last -d 'Replay the most recent delivery'
complete -c whk -n "__fish_whk_using_subcommand replay" -l all -d 'Replay every delivery matching the filters'
complete -c whk -n "__fish_whk_using_subcommand replay" -l verbatim -d 'Send the original headers and body unchanged (tests replay protection)'
complete -c whk -n "__fish_whk_using_subcommand replay" -l retry -d 'On failure, retry on the provider\'s own schedule'
complete -c whk -n "__fish_whk_using_subcommand replay" -l json -d 'One JSON object per attempt on stdout'
complete -c whk -n "__fish_whk_using_subcommand replay" -l dry-run -d 'Print each exact request (method, URL, every header, the body bytes) and send nothing'
complete -c whk -n "__fish_whk_using_subcommand replay" -s q -l quiet -d 'Print only what was asked for: no progress, no summaries'
complete -c whk -n "__fish_whk_using_subcommand replay" -s v -l verbose -d 'Print more: each request sent (headers and body), response bodies, timings'
complete -c whk -n "__fish_whk_using_subcommand replay" -s h -l help -d 'Print help'
complete -c whk -n "__fish_whk_using_subcommand replay" -s V -l version -d 'Print version'
complete -c whk -n "__fish_whk_using_subcommand audit" -s p -l provider -d 'Provider preset (see \'whk providers\'); default from WHK_PROVIDER, whk.toml, else standard' -r -f -a "custom\t'Custom scheme'
github\t'GitHub'
irisync\t'IriSync'
izi\t'IZI'
shopify\t'Shopify'
slack\t'Slack'
standard\t'Standard Webhooks'
stripe\t'Stripe'
svix\t'Svix'
unibo\t'Unibo'
zotlo\t'Zotlo'"
complete -c whk -n "__fish_whk_using_subcommand audit" -s s -l secret -d 'Signing secret (prefer --secret-file or WHK_SECRET: flags end up in shell history)' -r
complete -c whk -n "__fish_whk_using_subcommand audit" -l secret-file -d 'Read the signing secret from a file (surrounding whitespace is ignored)' -r -F
complete -c whk -n "__fish_whk_using_subcommand audit" -l algorithm -d 'HMAC hash function' -r -f -a "sha1\t''
sha256\t''
sha512\t''"
complete -c whk -n "__fish_whk_using_subcommand audit" -l signature-header -d 'Header that carries the signature' -r
complete -c whk -n "__fish_whk_using_subcommand audit" -l encoding -d 'How the MAC is written' -r -f -a "hex\t''
base64\t''"
complete -c whk -n "__fish_whk_using_subcommand audit" -l signature-prefix -d 'Text before the encoded MAC, e.g. \'sha256=\'' -r
complete -c whk -n "__fish_whk_using_subcommand audit" -l template -d 'Signed content, with {id}, {timestamp} and {body}, e.g. \'{timestamp}.{body}\'' -r
complete -c whk -n "__fish_whk_using_subcommand audit" -l timestamp-header -d 'Header that carries {timestamp}' -r
complete -c whk -n "__fish_whk_using_subcommand audit" -l id-header -d 'Header that carries {id}' -r
complete -c whk -n "__fish_whk_using_subcommand audit" -l event -d 'Catalog event the deliveries are built from (default: the provider\'s test event)' -r -f -a "user.created\t'custom: A new user was created'
order.completed\t'custom: An order was completed'
payment.failed\t'custom: A payment attempt failed'
ping\t'github: Sent when a new webhook is created, to check it is configured'
push\t'github: One or more commits are pushed to a repository branch or tag'
pull_request\t'github: Activity on a pull request (action: opened, closed, synchronize, ...)'
issues\t'github: Activity on an issue (action: opened, edited, closed, labeled, ...)'
issue_comment\t'github: A comment on an issue or pull request was created, edited or deleted'
release\t'github: Activity on a release (action: published, created, released, ...)'
workflow_run\t'github: A GitHub Actions workflow run was requested, is in progress, or completed'
content.created\t'irisync: Triggered when content is created'
content.published\t'irisync: Triggered when content is published'
content.updated\t'irisync: Triggered when content is modified'
content.deleted\t'irisync: Triggered when content is deleted'
user.updated\t'irisync: Triggered when a user is updated'
user.subscribed\t'irisync: Triggered when a user subscribes to a plan'
user.unsubscribed\t'irisync: Triggered when a user cancels a plan subscription'
platform.connected\t'irisync: Triggered when a platform is connected'
platform.disconnected\t'irisync: Triggered when a platform is disconnected'
platform.post.success\t'irisync: Triggered when a post is successfully published to a platform'
platform.post.failed\t'irisync: Triggered when publishing a post to a platform fails'
SESSION_STARTED\t'izi: Gaming session starts on a device'
SESSION_ENDED\t'izi: Session ends'
SESSION_PAUSED\t'izi: Session paused'
BALANCE_TOPPED_UP\t'izi: Client cash balance topped up'
BONUS_CREDITED\t'izi: Bonus points credited'
TARIFF_PURCHASED\t'izi: Client purchases a tariff'
CLIENT_REGISTERED\t'izi: New client registered'
DEVICE_STATUS_CHANGED\t'izi: Device goes online/offline'
SHIFT_OPENED\t'izi: Shift opened by admin'
SHIFT_CLOSED\t'izi: Shift closed'
ORDER_CREATED\t'izi: New bar order'
PAYMENT_RECEIVED\t'izi: Incoming payment'
orders/create\t'shopify: An order was created'
orders/paid\t'shopify: An order\'s payment was completed (financial_status paid)'
products/update\t'shopify: A product was updated'
customers/create\t'shopify: A customer was created'
app/uninstalled\t'shopify: The app was uninstalled from the shop (body is the shop resource)'
app_mention\t'slack: The app was mentioned in a channel message'
message\t'slack: A message was posted in a channel the app is in'
reaction_added\t'slack: A member added an emoji reaction to an item'
team_join\t'slack: A new member joined the workspace'
channel_created\t'slack: A new channel was created'
user.deleted\t'standard: A user account was deleted'
invoice.paid\t'standard: An invoice was paid'
invoice.payment_failed\t'standard: A payment attempt for an invoice failed'
message.attempt.exhausted\t'standard: All delivery attempts for a message to an endpoint failed'
payment_intent.succeeded\t'stripe: Occurs when a PaymentIntent has successfully completed payment'
payment_intent.payment_failed\t'stripe: Occurs when a PaymentIntent has failed the attempt to create a payment method or a payment'
checkout.session.completed\t'stripe: Occurs when a Checkout Session has been successfully completed'
customer.created\t'stripe: Occurs whenever a new customer is created'
customer.subscription.created\t'stripe: Occurs whenever a customer is signed up for a new plan'
customer.subscription.deleted\t'stripe: Occurs whenever a customer\'s subscription ends'
charge.refunded\t'stripe: Occurs whenever a charge is refunded, including partial refunds'
endpoint.disabled\t'svix: Svix operational webhook: an endpoint was disabled after continued delivery failures'
PRIZE_PAYOUT_CREATED\t'unibo: Prize payout has been created: when a new prize payout is created'
PRIZE_PAYOUT_SUCCEEDED\t'unibo: Prize payout has been successfully processed: when a prize payout completes successfully'
PRIZE_PAYOUT_FAILED\t'unibo: Prize payout has failed: when a prize payout fails after retries'
PLAYER_OPTED_IN\t'unibo: Player has opted into a campaign (the document\'s payload: no request_id, so this event has no idempotency key and whk cannot flag its duplicates)'
PLAYER_OPTED_OUT\t'unibo: Player has opted out of a campaign (the document\'s payload: no request_id, so this event has no idempotency key and whk cannot flag its duplicates)'
newSubscriber\t'zotlo: Subscription Status Webhook (queue.type SubscriberUpdate): a new subscriber starts a subscription'
renewal\t'zotlo: Subscription Status Webhook (queue.type SubscriberUpdate): subscription renewed'
grace\t'zotlo: Subscription Status Webhook (queue.type SubscriberUpdate): renewal payment failed, subscription entered grace period'
cancellation\t'zotlo: Subscription Status Webhook (queue.type SubscriberUpdate): subscription cancelled by the subscriber'
reactivation\t'zotlo: Subscription Status Webhook (queue.type SubscriberUpdate): a cancelled subscription was reactivated'
transaction\t'zotlo: Payment Webhook (queue.type TransactionInsert): successful payment (subscription or consumable)'
refund\t'zotlo: Refund Webhook (queue.type TransactionRefund): successful refund operation'
registered\t'zotlo: Registered Users Webhook: successful user registration (queue.type name not given in the overview doc)'
quizCompleted\t'zotlo: Completed Quizzes Webhook: a quiz was completed (queue.type name not given in the overview doc)'
test-event\t'the provider\'s generic test event'"
complete -c whk -n "__fish_whk_using_subcommand audit" -l data -d 'Build the deliveries from this body instead (a file or -; {{uuid}}, {{now}}, ... filled)' -r -F
complete -c whk -n "__fish_whk_using_subcommand audit" -l only -d 'Run only these cases, comma-separated' -r
complete -c whk -n "__fish_whk_using_subcommand audit" -l skip -d 'Leave these cases out, comma-separated' -r
complete -c whk -n "__fish_whk_using_subcommand audit" -l format -d 'How to print the result' -r -f -a "table\t'A table, one row per case'
json\t'One JSON document (schema/audit.schema.json)'"
complete -c whk -n "__fish_whk_using_subcommand audit" -l junit -d 'Also write the result as JUnit XML to FILE, for CI' -r -F
complete -c whk -n "__fish_whk_using_subcommand audit" -s H -l header -d 'Add a header to every request, \'Name: value\' (repeatable)' -r
complete -c whk -n "__fish_whk_using_subcommand audit" -l color -d 'When to use colours (NO_COLOR and a non-terminal output turn them off in auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c whk -n "__fish_whk_using_subcommand audit" -s q -l quiet -d 'Print only what was asked for: no progress, no summaries'
complete -c whk -n "__fish_whk_using_subcommand audit" -s v -l verbose -d 'Print more: each request sent (headers and body), response bodies, timings'
complete -c whk -n "__fish_whk_using_subcommand audit" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c whk -n "__fish_whk_using_subcommand audit" -s V -l version -d 'Print version'
complete -c whk -n "__fish_whk_using_subcommand sign" -s p -l provider -d 'Provider preset (see \'whk providers\'); default from WHK_PROVIDER, whk.toml, else standard' -r -f -a "custom\t'Custom scheme'
github\t'GitHub'
irisync\t'IriSync'
izi\t'IZI'
shopify\t'Shopify'
slack\t'Slack'
standard\t'Standard Webhooks'
stripe\t'Stripe'
svix\t'Svix'
unibo\t'Unibo'
zotlo\t'Zotlo'"
complete -c whk -n "__fish_whk_using_subcommand sign" -s s -l secret -d 'Signing secret (prefer --secret-file or WHK_SECRET: flags end up in shell history)' -r
complete -c whk -n "__fish_whk_using_subcommand sign" -l secret-file -d 'Read the signing secret from a file (surrounding whitespace is ignored)' -r -F
complete -c whk -n "__fish_whk_using_subcommand sign" -l algorithm -d 'HMAC hash function' -r -f -a "sha1\t''
sha256\t''
sha512\t''"
complete -c whk -n "__fish_whk_using_subcommand sign" -l signature-header -d 'Header that carries the signature' -r
complete -c whk -n "__fish_whk_using_subcommand sign" -l encoding -d 'How the MAC is written' -r -f -a "hex\t''
base64\t''"
complete -c whk -n "__fish_whk_using_subcommand sign" -l signature-prefix -d 'Text before the encoded MAC, e.g. \'sha256=\'' -r
complete -c whk -n "__fish_whk_using_subcommand sign" -l template -d 'Signed content, with {id}, {timestamp} and {body}, e.g. \'{timestamp}.{body}\'' -r
complete -c whk -n "__fish_whk_using_subcommand sign" -l timestamp-header -d 'Header that carries {timestamp}' -r
complete -c whk -n "__fish_whk_using_subcommand sign" -l id-header -d 'Header that carries {id}' -r
complete -c whk -n "__fish_whk_using_subcommand sign" -l timestamp -d 'Unix timestamp to sign with (default: now)' -r
complete -c whk -n "__fish_whk_using_subcommand sign" -l id -d 'Message id to sign with (default: a fresh one in the provider\'s format)' -r
complete -c whk -n "__fish_whk_using_subcommand sign" -l format -d 'How to print the headers' -r -f -a "headers\t'One \'Name: value\' per line'
json\t'A JSON object of header names to values'
curl\t'A ready curl command (needs --to)'"
complete -c whk -n "__fish_whk_using_subcommand sign" -l to -d 'Target URL for --format curl' -r
complete -c whk -n "__fish_whk_using_subcommand sign" -l color -d 'When to use colours (NO_COLOR and a non-terminal output turn them off in auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c whk -n "__fish_whk_using_subcommand sign" -s q -l quiet -d 'Print only what was asked for: no progress, no summaries'
complete -c whk -n "__fish_whk_using_subcommand sign" -s v -l verbose -d 'Print more: each request sent (headers and body), response bodies, timings'
complete -c whk -n "__fish_whk_using_subcommand sign" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c whk -n "__fish_whk_using_subcommand sign" -s V -l version -d 'Print version'
complete -c whk -n "__fish_whk_using_subcommand verify" -s p -l provider -d 'Provider preset (see \'whk providers\'); default from WHK_PROVIDER, whk.toml, else standard' -r -f -a "custom\t'Custom scheme'
github\t'GitHub'
irisync\t'IriSync'
izi\t'IZI'
shopify\t'Shopify'
slack\t'Slack'
standard\t'Standard Webhooks'
stripe\t'Stripe'
svix\t'Svix'
unibo\t'Unibo'
zotlo\t'Zotlo'"
complete -c whk -n "__fish_whk_using_subcommand verify" -s s -l secret -d 'Signing secret (prefer --secret-file or WHK_SECRET: flags end up in shell history)' -r
complete -c whk -n "__fish_whk_using_subcommand verify" -l secret-file -d 'Read the signing secret from a file (surrounding whitespace is ignored)' -r -F
complete -c whk -n "__fish_whk_using_subcommand verify" -l algorithm -d 'HMAC hash function' -r -f -a "sha1\t''
sha256\t''
sha512\t''"
complete -c whk -n "__fish_whk_using_subcommand verify" -l signature-header -d 'Header that carries the signature' -r
complete -c whk -n "__fish_whk_using_subcommand verify" -l encoding -d 'How the MAC is written' -r -f -a "hex\t''
base64\t''"
complete -c whk -n "__fish_whk_using_subcommand verify" -l signature-prefix -d 'Text before the encoded MAC, e.g. \'sha256=\'' -r
complete -c whk -n "__fish_whk_using_subcommand verify" -l template -d 'Signed content, with {id}, {timestamp} and {body}, e.g. \'{timestamp}.{body}\'' -r
complete -c whk -n "__fish_whk_using_subcommand verify" -l timestamp-header -d 'Header that carries {timestamp}' -r
complete -c whk -n "__fish_whk_using_subcommand verify" -l id-header -d 'Header that carries {id}' -r
complete -c whk -n "__fish_whk_using_subcommand verify" -s H -l header -d 'A received header, \'Name: value\' (repeatable)' -r
complete -c whk -n "__fish_whk_using_subcommand verify" -l headers-from -d 'Read received headers, one \'Name: value\' per line, from a file or - (as \'whk sign\' prints them)' -r -F
complete -c whk -n "__fish_whk_using_subcommand verify" -l signature -d 'Shorthand for the provider\'s signature header' -r
complete -c whk -n "__fish_whk_using_subcommand verify" -l tolerance -d 'Accepted timestamp skew in seconds (default: the provider\'s, e.g. 300)' -r
complete -c whk -n "__fish_whk_using_subcommand verify" -l now -d 'Pretend the current time is this unix timestamp' -r
complete -c whk -n "__fish_whk_using_subcommand verify" -l color -d 'When to use colours (NO_COLOR and a non-terminal output turn them off in auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c whk -n "__fish_whk_using_subcommand verify" -l explain -d 'Print the full diagnosis: signed content, expected and received signature prefixes'
complete -c whk -n "__fish_whk_using_subcommand verify" -l json -d 'Print the verdict and every finding as one JSON object on stdout'
complete -c whk -n "__fish_whk_using_subcommand verify" -s q -l quiet -d 'Print only what was asked for: no progress, no summaries'
complete -c whk -n "__fish_whk_using_subcommand verify" -s v -l verbose -d 'Print more: each request sent (headers and body), response bodies, timings'
complete -c whk -n "__fish_whk_using_subcommand verify" -s h -l help -d 'Print help'
complete -c whk -n "__fish_whk_using_subcommand verify" -s V -l version -d 'Print version'
complete -c whk -n "__fish_whk_using_subcommand validate" -s p -l provider -d 'Provider preset whose schemas apply (default from WHK_PROVIDER, whk.toml, else standard)' -r -f -a "custom\t'Custom scheme'
github\t'GitHub'
irisync\t'IriSync'
izi\t'IZI'
shopify\t'Shopify'
slack\t'Slack'
standard\t'Standard Webhooks'
stripe\t'Stripe'
svix\t'Svix'
unibo\t'Unibo'
zotlo\t'Zotlo'"
complete -c whk -n "__fish_whk_using_subcommand validate" -s e -l event -d 'Event type to check against (default: the type the body or headers carry)' -r -f -a "user.created\t'custom: A new user was created'
order.completed\t'custom: An order was completed'
payment.failed\t'custom: A payment attempt failed'
ping\t'github: Sent when a new webhook is created, to check it is configured'
push\t'github: One or more commits are pushed to a repository branch or tag'
pull_request\t'github: Activity on a pull request (action: opened, closed, synchronize, ...)'
issues\t'github: Activity on an issue (action: opened, edited, closed, labeled, ...)'
issue_comment\t'github: A comment on an issue or pull request was created, edited or deleted'
release\t'github: Activity on a release (action: published, created, released, ...)'
workflow_run\t'github: A GitHub Actions workflow run was requested, is in progress, or completed'
content.created\t'irisync: Triggered when content is created'
content.published\t'irisync: Triggered when content is published'
content.updated\t'irisync: Triggered when content is modified'
content.deleted\t'irisync: Triggered when content is deleted'
user.updated\t'irisync: Triggered when a user is updated'
user.subscribed\t'irisync: Triggered when a user subscribes to a plan'
user.unsubscribed\t'irisync: Triggered when a user cancels a plan subscription'
platform.connected\t'irisync: Triggered when a platform is connected'
platform.disconnected\t'irisync: Triggered when a platform is disconnected'
platform.post.success\t'irisync: Triggered when a post is successfully published to a platform'
platform.post.failed\t'irisync: Triggered when publishing a post to a platform fails'
SESSION_STARTED\t'izi: Gaming session starts on a device'
SESSION_ENDED\t'izi: Session ends'
SESSION_PAUSED\t'izi: Session paused'
BALANCE_TOPPED_UP\t'izi: Client cash balance topped up'
BONUS_CREDITED\t'izi: Bonus points credited'
TARIFF_PURCHASED\t'izi: Client purchases a tariff'
CLIENT_REGISTERED\t'izi: New client registered'
DEVICE_STATUS_CHANGED\t'izi: Device goes online/offline'
SHIFT_OPENED\t'izi: Shift opened by admin'
SHIFT_CLOSED\t'izi: Shift closed'
ORDER_CREATED\t'izi: New bar order'
PAYMENT_RECEIVED\t'izi: Incoming payment'
orders/create\t'shopify: An order was created'
orders/paid\t'shopify: An order\'s payment was completed (financial_status paid)'
products/update\t'shopify: A product was updated'
customers/create\t'shopify: A customer was created'
app/uninstalled\t'shopify: The app was uninstalled from the shop (body is the shop resource)'
app_mention\t'slack: The app was mentioned in a channel message'
message\t'slack: A message was posted in a channel the app is in'
reaction_added\t'slack: A member added an emoji reaction to an item'
team_join\t'slack: A new member joined the workspace'
channel_created\t'slack: A new channel was created'
user.deleted\t'standard: A user account was deleted'
invoice.paid\t'standard: An invoice was paid'
invoice.payment_failed\t'standard: A payment attempt for an invoice failed'
message.attempt.exhausted\t'standard: All delivery attempts for a message to an endpoint failed'
payment_intent.succeeded\t'stripe: Occurs when a PaymentIntent has successfully completed payment'
payment_intent.payment_failed\t'stripe: Occurs when a PaymentIntent has failed the attempt to create a payment method or a payment'
checkout.session.completed\t'stripe: Occurs when a Checkout Session has been successfully completed'
customer.created\t'stripe: Occurs whenever a new customer is created'
customer.subscription.created\t'stripe: Occurs whenever a customer is signed up for a new plan'
customer.subscription.deleted\t'stripe: Occurs whenever a customer\'s subscription ends'
charge.refunded\t'stripe: Occurs whenever a charge is refunded, including partial refunds'
endpoint.disabled\t'svix: Svix operational webhook: an endpoint was disabled after continued delivery failures'
PRIZE_PAYOUT_CREATED\t'unibo: Prize payout has been created: when a new prize payout is created'
PRIZE_PAYOUT_SUCCEEDED\t'unibo: Prize payout has been successfully processed: when a prize payout completes successfully'
PRIZE_PAYOUT_FAILED\t'unibo: Prize payout has failed: when a prize payout fails after retries'
PLAYER_OPTED_IN\t'unibo: Player has opted into a campaign (the document\'s payload: no request_id, so this event has no idempotency key and whk cannot flag its duplicates)'
PLAYER_OPTED_OUT\t'unibo: Player has opted out of a campaign (the document\'s payload: no request_id, so this event has no idempotency key and whk cannot flag its duplicates)'
newSubscriber\t'zotlo: Subscription Status Webhook (queue.type SubscriberUpdate): a new subscriber starts a subscription'
renewal\t'zotlo: Subscription Status Webhook (queue.type SubscriberUpdate): subscription renewed'
grace\t'zotlo: Subscription Status Webhook (queue.type SubscriberUpdate): renewal payment failed, subscription entered grace period'
cancellation\t'zotlo: Subscription Status Webhook (queue.type SubscriberUpdate): subscription cancelled by the subscriber'
reactivation\t'zotlo: Subscription Status Webhook (queue.type SubscriberUpdate): a cancelled subscription was reactivated'
transaction\t'zotlo: Payment Webhook (queue.type TransactionInsert): successful payment (subscription or consumable)'
refund\t'zotlo: Refund Webhook (queue.type TransactionRefund): successful refund operation'
registered\t'zotlo: Registered Users Webhook: successful user registration (queue.type name not given in the overview doc)'
quizCompleted\t'zotlo: Completed Quizzes Webhook: a quiz was completed (queue.type name not given in the overview doc)'
test-event\t'the provider\'s generic test event'"
complete -c whk -n "__fish_whk_using_subcommand validate" -s H -l header -d 'A received header, \'Name: value\' (repeatable), for providers that keep the type in one' -r
complete -c whk -n "__fish_whk_using_subcommand validate" -l spec -d 'OpenAPI 3.1 document (YAML or JSON) whose webhooks are the events (send, validate, listen: default spec in whk.toml)' -r -F
complete -c whk -n "__fish_whk_using_subcommand validate" -l color -d 'When to use colours (NO_COLOR and a non-terminal output turn them off in auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c whk -n "__fish_whk_using_subcommand validate" -l json -d 'Print the result as one JSON object'
complete -c whk -n "__fish_whk_using_subcommand validate" -s q -l quiet -d 'Print only what was asked for: no progress, no summaries'
complete -c whk -n "__fish_whk_using_subcommand validate" -s v -l verbose -d 'Print more: each request sent (headers and body), response bodies, timings'
complete -c whk -n "__fish_whk_using_subcommand validate" -s h -l help -d 'Print help'
complete -c whk -n "__fish_whk_using_subcommand validate" -s V -l version -d 'Print version'
complete -c whk -n "__fish_whk_using_subcommand providers; and not __fish_seen_subcommand_from show help" -l color -d 'When to use colours (NO_COLOR and a non-terminal output turn them off in auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c whk -n "__fish_whk_using_subcommand providers; and not __fish_seen_subcommand_from show help" -l json -d 'Print JSON instead of a table'
complete -c whk -n "__fish_whk_using_subcommand providers; and not __fish_seen_subcommand_from show help" -s q -l quiet -d 'Print only what was asked for: no progress, no summaries'
complete -c whk -n "__fish_whk_using_subcommand providers; and not __fish_seen_subcommand_from show help" -s v -l verbose -d 'Print more: each request sent (headers and body), response bodies, timings'
complete -c whk -n "__fish_whk_using_subcommand providers; and not __fish_seen_subcommand_from show help" -s h -l help -d 'Print help'
complete -c whk -n "__fish_whk_using_subcommand providers; and not __fish_seen_subcommand_from show help" -s V -l version -d 'Print version'
complete -c whk -n "__fish_whk_using_subcommand providers; and not __fish_seen_subcommand_from show help" -f -a "show" -d 'Show one preset: headers, scheme, id and type fields, retries, events'
complete -c whk -n "__fish_whk_using_subcommand providers; and not __fish_seen_subcommand_from show help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c whk -n "__fish_whk_using_subcommand providers; and __fish_seen_subcommand_from show" -l spec -d 'OpenAPI 3.1 document (YAML or JSON) whose webhooks are the events (send, validate, listen: default spec in whk.toml)' -r -F
complete -c whk -n "__fish_whk_using_subcommand providers; and __fish_seen_subcommand_from show" -l color -d 'When to use colours (NO_COLOR and a non-terminal output turn them off in auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c whk -n "__fish_whk_using_subcommand providers; and __fish_seen_subcommand_from show" -l json -d 'Print JSON instead of a table'
complete -c whk -n "__fish_whk_using_subcommand providers; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print only what was asked for: no progress, no summaries'
complete -c whk -n "__fish_whk_using_subcommand providers; and __fish_seen_subcommand_from show" -s v -l verbose -d 'Print more: each request sent (headers and body), response bodies, timings'
complete -c whk -n "__fish_whk_using_subcommand providers; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c whk -n "__fish_whk_using_subcommand providers; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c whk -n "__fish_whk_using_subcommand providers; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show one preset: headers, scheme, id and type fields, retries, events'
complete -c whk -n "__fish_whk_using_subcommand providers; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c whk -n "__fish_whk_using_subcommand events; and not __fish_seen_subcommand_from list show export save help" -l store -d 'Event store file' -r -F
complete -c whk -n "__fish_whk_using_subcommand events; and not __fish_seen_subcommand_from list show export save help" -l color -d 'When to use colours (NO_COLOR and a non-terminal output turn them off in auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c whk -n "__fish_whk_using_subcommand events; and not __fish_seen_subcommand_from list show export save help" -l reveal-secrets -d 'Show credential headers (Authorization, Cookie, ...) unredacted'
complete -c whk -n "__fish_whk_using_subcommand events; and not __fish_seen_subcommand_from list show export save help" -s q -l quiet -d 'Print only what was asked for: no progress, no summaries'
complete -c whk -n "__fish_whk_using_subcommand events; and not __fish_seen_subcommand_from list show export save help" -s v -l verbose -d 'Print more: each request sent (headers and body), response bodies, timings'
complete -c whk -n "__fish_whk_using_subcommand events; and not __fish_seen_subcommand_from list show export save help" -s h -l help -d 'Print help'
complete -c whk -n "__fish_whk_using_subcommand events; and not __fish_seen_subcommand_from list show export save help" -s V -l version -d 'Print version'
complete -c whk -n "__fish_whk_using_subcommand events; and not __fish_seen_subcommand_from list show export save help" -f -a "list" -d 'List recorded deliveries, newest last'
complete -c whk -n "__fish_whk_using_subcommand events; and not __fish_seen_subcommand_from list show export save help" -f -a "show" -d 'Show one delivery: headers and pretty body'
complete -c whk -n "__fish_whk_using_subcommand events; and not __fish_seen_subcommand_from list show export save help" -f -a "export" -d 'Export every delivery'
complete -c whk -n "__fish_whk_using_subcommand events; and not __fish_seen_subcommand_from list show export save help" -f -a "save" -d 'Save a delivery\'s body as a fixture file for \'whk send --data\''
complete -c whk -n "__fish_whk_using_subcommand events; and not __fish_seen_subcommand_from list show export save help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c whk -n "__fish_whk_using_subcommand events; and __fish_seen_subcommand_from list" -l limit -d 'At most this many (the newest)' -r
complete -c whk -n "__fish_whk_using_subcommand events; and __fish_seen_subcommand_from list" -l type -d 'Only this event type' -r
complete -c whk -n "__fish_whk_using_subcommand events; and __fish_seen_subcommand_from list" -s p -l provider -d 'Only deliveries received with this provider (replay: with SEQs, re-sign as this provider instead)' -r -f -a "custom\t'Custom scheme'
github\t'GitHub'
irisync\t'IriSync'
izi\t'IZI'
shopify\t'Shopify'
slack\t'Slack'
standard\t'Standard Webhooks'
stripe\t'Stripe'
svix\t'Svix'
unibo\t'Unibo'
zotlo\t'Zotlo'"
complete -c whk -n "__fish_whk_using_subcommand events; and __fish_seen_subcommand_from list" -l since -d 'Only deliveries newer than this, e.g. 10m, 2h, or an RFC 3339 time' -r
complete -c whk -n "__fish_whk_using_subcommand events; and __fish_seen_subcommand_from list" -l store -d 'Event store file' -r -F
complete -c whk -n "__fish_whk_using_subcommand events; and __fish_seen_subcommand_from list" -l color -d 'When to use colours (NO_COLOR and a non-terminal output turn them off in auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c whk -n "__fish_whk_using_subcommand events; and __fish_seen_subcommand_from list" -l json -d 'NDJSON with the same fields as \'whk listen --json\''
complete -c whk -n "__fish_whk_using_subcommand events; and __fish_seen_subcommand_from list" -l reveal-secrets -d 'Show credential headers (Authorization, Cookie, ...) unredacted'
complete -c whk -n "__fish_whk_using_subcommand events; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only what was asked for: no progress, no summaries'
complete -c whk -n "__fish_whk_using_subcommand events; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Print more: each request sent (headers and body), response bodies, timings'
complete -c whk -n "__fish_whk_using_subcommand events; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c whk -n "__fish_whk_using_subcommand events; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c whk -n "__fish_whk_using_subcommand events; and __fish_seen_subcommand_from show" -l store -d 'Event store file' -r -F
complete -c whk -n "__fish_whk_using_subcommand events; and __fish_seen_subcommand_from show" -l color -d 'When to use colours (NO_COLOR and a non-terminal output turn them off in auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c whk -n "__fish_whk_using_subcommand events; and __fish_seen_subcommand_from show" -l json -d 'Print it as JSON'
complete -c whk -n "__fish_whk_using_subcommand events; and __fish_seen_subcommand_from show" -l explain -d 'For a rejected delivery, the signature doctor\'s full diagnosis (with the configured secret)'
complete -c whk -n "__fish_whk_using_subcommand events; and __fish_seen_subcommand_from show" -l reveal-secrets -d 'Show credential headers (Authorization, Cookie, ...) unredacted'
complete -c whk -n "__fish_whk_using_subcommand events; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print only what was asked for: no progress, no summaries'
complete -c whk -n "__fish_whk_using_subcommand events; and __fish_seen_subcommand_from show" -s v -l verbose -d 'Print more: each request sent (headers and body), response bodies, timings'
complete -c whk -n "__fish_whk_using_subcommand events; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c whk -n "__fish_whk_using_subcommand events; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c whk -n "__fish_whk_using_subcommand events; and __fish_seen_subcommand_from export" -l format -r -f -a "ndjson\t''"
complete -c whk -n "__fish_whk_using_subcommand events; and __fish_seen_subcommand_from export" -l store -d 'Event store file' -r -F
complete -c whk -n "__fish_whk_using_subcommand events; and __fish_seen_subcommand_from export" -l color -d 'When to use colours (NO_COLOR and a non-terminal output turn them off in auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c whk -n "__fish_whk_using_subcommand events; and __fish_seen_subcommand_from export" -l reveal-secrets -d 'Show credential headers (Authorization, Cookie, ...) unredacted'
complete -c whk -n "__fish_whk_using_subcommand events; and __fish_seen_subcommand_from export" -s q -l quiet -d 'Print only what was asked for: no progress, no summaries'
complete -c whk -n "__fish_whk_using_subcommand events; and __fish_seen_subcommand_from export" -s v -l verbose -d 'Print more: each request sent (headers and body), response bodies, timings'
complete -c whk -n "__fish_whk_using_subcommand events; and __fish_seen_subcommand_from export" -s h -l help -d 'Print help'
complete -c whk -n "__fish_whk_using_subcommand events; and __fish_seen_subcommand_from export" -s V -l version -d 'Print version'
complete -c whk -n "__fish_whk_using_subcommand events; and __fish_seen_subcommand_from save" -l store -d 'Event store file' -r -F
complete -c whk -n "__fish_whk_using_subcommand events; and __fish_seen_subcommand_from save" -l color -d 'When to use colours (NO_COLOR and a non-terminal output turn them off in auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c whk -n "__fish_whk_using_subcommand events; and __fish_seen_subcommand_from save" -l reveal-secrets -d 'Show credential headers (Authorization, Cookie, ...) unredacted'
complete -c whk -n "__fish_whk_using_subcommand events; and __fish_seen_subcommand_from save" -s q -l quiet -d 'Print only what was asked for: no progress, no summaries'
complete -c whk -n "__fish_whk_using_subcommand events; and __fish_seen_subcommand_from save" -s v -l verbose -d 'Print more: each request sent (headers and body), response bodies, timings'
complete -c whk -n "__fish_whk_using_subcommand events; and __fish_seen_subcommand_from save" -s h -l help -d 'Print help'
complete -c whk -n "__fish_whk_using_subcommand events; and __fish_seen_subcommand_from save" -s V -l version -d 'Print version'
complete -c whk -n "__fish_whk_using_subcommand events; and __fish_seen_subcommand_from help" -f -a "list" -d 'List recorded deliveries, newest last'
complete -c whk -n "__fish_whk_using_subcommand events; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show one delivery: headers and pretty body'
complete -c whk -n "__fish_whk_using_subcommand events; and __fish_seen_subcommand_from help" -f -a "export" -d 'Export every delivery'
complete -c whk -n "__fish_whk_using_subcommand events; and __fish_seen_subcommand_from help" -f -a "save" -d 'Save a delivery\'s body as a fixture file for \'whk send --data\''
complete -c whk -n "__fish_whk_using_subcommand events; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c whk -n "__fish_whk_using_subcommand init" -s p -l provider -d 'Provider preset (default: standard)' -r -f -a "custom\t'Custom scheme'
github\t'GitHub'
irisync\t'IriSync'
izi\t'IZI'
shopify\t'Shopify'
slack\t'Slack'
standard\t'Standard Webhooks'
stripe\t'Stripe'
svix\t'Svix'
unibo\t'Unibo'
zotlo\t'Zotlo'"
complete -c whk -n "__fish_whk_using_subcommand init" -l secret-env -d 'Read the secret from this environment variable at run time' -r
complete -c whk -n "__fish_whk_using_subcommand init" -l target -d 'Default target URL for send and replay' -r
complete -c whk -n "__fish_whk_using_subcommand init" -l store -d 'Event store location' -r -F
complete -c whk -n "__fish_whk_using_subcommand init" -l color -d 'When to use colours (NO_COLOR and a non-terminal output turn them off in auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c whk -n "__fish_whk_using_subcommand init" -l generate-secret -d 'Generate a development secret and write it into whk.toml'
complete -c whk -n "__fish_whk_using_subcommand init" -s y -l yes -d 'Do not ask: take the flags, and defaults for the rest (needed off a terminal)'
complete -c whk -n "__fish_whk_using_subcommand init" -l force -d 'Overwrite an existing whk.toml'
complete -c whk -n "__fish_whk_using_subcommand init" -s q -l quiet -d 'Print only what was asked for: no progress, no summaries'
complete -c whk -n "__fish_whk_using_subcommand init" -s v -l verbose -d 'Print more: each request sent (headers and body), response bodies, timings'
complete -c whk -n "__fish_whk_using_subcommand init" -s h -l help -d 'Print help'
complete -c whk -n "__fish_whk_using_subcommand init" -s V -l version -d 'Print version'
complete -c whk -n "__fish_whk_using_subcommand config" -s p -l provider -d 'Provider preset (see \'whk providers\'); default from WHK_PROVIDER, whk.toml, else standard' -r -f -a "custom\t'Custom scheme'
github\t'GitHub'
irisync\t'IriSync'
izi\t'IZI'
shopify\t'Shopify'
slack\t'Slack'
standard\t'Standard Webhooks'
stripe\t'Stripe'
svix\t'Svix'
unibo\t'Unibo'
zotlo\t'Zotlo'"
complete -c whk -n "__fish_whk_using_subcommand config" -s s -l secret -d 'Signing secret (prefer --secret-file or WHK_SECRET: flags end up in shell history)' -r
complete -c whk -n "__fish_whk_using_subcommand config" -l secret-file -d 'Read the signing secret from a file (surrounding whitespace is ignored)' -r -F
complete -c whk -n "__fish_whk_using_subcommand config" -l algorithm -d 'HMAC hash function' -r -f -a "sha1\t''
sha256\t''
sha512\t''"
complete -c whk -n "__fish_whk_using_subcommand config" -l signature-header -d 'Header that carries the signature' -r
complete -c whk -n "__fish_whk_using_subcommand config" -l encoding -d 'How the MAC is written' -r -f -a "hex\t''
base64\t''"
complete -c whk -n "__fish_whk_using_subcommand config" -l signature-prefix -d 'Text before the encoded MAC, e.g. \'sha256=\'' -r
complete -c whk -n "__fish_whk_using_subcommand config" -l template -d 'Signed content, with {id}, {timestamp} and {body}, e.g. \'{timestamp}.{body}\'' -r
complete -c whk -n "__fish_whk_using_subcommand config" -l timestamp-header -d 'Header that carries {timestamp}' -r
complete -c whk -n "__fish_whk_using_subcommand config" -l id-header -d 'Header that carries {id}' -r
complete -c whk -n "__fish_whk_using_subcommand config" -l color -d 'When to use colours (NO_COLOR and a non-terminal output turn them off in auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c whk -n "__fish_whk_using_subcommand config" -l json -d 'Print JSON'
complete -c whk -n "__fish_whk_using_subcommand config" -s q -l quiet -d 'Print only what was asked for: no progress, no summaries'
complete -c whk -n "__fish_whk_using_subcommand config" -s v -l verbose -d 'Print more: each request sent (headers and body), response bodies, timings'
complete -c whk -n "__fish_whk_using_subcommand config" -s h -l help -d 'Print help'
complete -c whk -n "__fish_whk_using_subcommand config" -s V -l version -d 'Print version'
complete -c whk -n "__fish_whk_using_subcommand completions" -l color -d 'When to use colours (NO_COLOR and a non-terminal output turn them off in auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c whk -n "__fish_whk_using_subcommand completions" -s q -l quiet -d 'Print only what was asked for: no progress, no summaries'
complete -c whk -n "__fish_whk_using_subcommand completions" -s v -l verbose -d 'Print more: each request sent (headers and body), response bodies, timings'
complete -c whk -n "__fish_whk_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c whk -n "__fish_whk_using_subcommand completions" -s V -l version -d 'Print version'
complete -c whk -n "__fish_whk_using_subcommand help; and not __fish_seen_subcommand_from listen send replay audit sign verify validate providers events init config completions help" -f -a "listen" -d 'Receive webhooks locally: verify, pretty-print, record, forward'
complete -c whk -n "__fish_whk_using_subcommand help; and not __fish_seen_subcommand_from listen send replay audit sign verify validate providers events init config completions help" -f -a "send" -d 'Fire signed, realistic events at a consumer, as the provider would'
complete -c whk -n "__fish_whk_using_subcommand help; and not __fish_seen_subcommand_from listen send replay audit sign verify validate providers events init config completions help" -f -a "replay" -d 'Re-deliver what \'whk listen\' recorded'
complete -c whk -n "__fish_whk_using_subcommand help; and not __fish_seen_subcommand_from listen send replay audit sign verify validate providers events init config completions help" -f -a "audit" -d 'Check your webhook endpoint the way an attacker and a flaky provider would'
complete -c whk -n "__fish_whk_using_subcommand help; and not __fish_seen_subcommand_from listen send replay audit sign verify validate providers events init config completions help" -f -a "sign" -d 'Print the headers a provider would attach to a body'
complete -c whk -n "__fish_whk_using_subcommand help; and not __fish_seen_subcommand_from listen send replay audit sign verify validate providers events init config completions help" -f -a "verify" -d 'Check a body\'s signature headers; exit 0 valid, 1 invalid, 2 error'
complete -c whk -n "__fish_whk_using_subcommand help; and not __fish_seen_subcommand_from listen send replay audit sign verify validate providers events init config completions help" -f -a "validate" -d 'Check a body against its event\'s schema; exit 0 valid, 1 invalid, 2 usage error'
complete -c whk -n "__fish_whk_using_subcommand help; and not __fish_seen_subcommand_from listen send replay audit sign verify validate providers events init config completions help" -f -a "providers" -d 'List the provider presets, or show one'
complete -c whk -n "__fish_whk_using_subcommand help; and not __fish_seen_subcommand_from listen send replay audit sign verify validate providers events init config completions help" -f -a "events" -d 'Browse the deliveries \'whk listen\' recorded'
complete -c whk -n "__fish_whk_using_subcommand help; and not __fish_seen_subcommand_from listen send replay audit sign verify validate providers events init config completions help" -f -a "init" -d 'Write a commented whk.toml here (asks on a terminal)'
complete -c whk -n "__fish_whk_using_subcommand help; and not __fish_seen_subcommand_from listen send replay audit sign verify validate providers events init config completions help" -f -a "config" -d 'Print the effective configuration and where each value comes from'
complete -c whk -n "__fish_whk_using_subcommand help; and not __fish_seen_subcommand_from listen send replay audit sign verify validate providers events init config completions help" -f -a "completions" -d 'Print shell completions or the man page'
complete -c whk -n "__fish_whk_using_subcommand help; and not __fish_seen_subcommand_from listen send replay audit sign verify validate providers events init config completions help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c whk -n "__fish_whk_using_subcommand help; and __fish_seen_subcommand_from providers" -f -a "show" -d 'Show one preset: headers, scheme, id and type fields, retries, events'
complete -c whk -n "__fish_whk_using_subcommand help; and __fish_seen_subcommand_from events" -f -a "list" -d 'List recorded deliveries, newest last'
complete -c whk -n "__fish_whk_using_subcommand help; and __fish_seen_subcommand_from events" -f -a "show" -d 'Show one delivery: headers and pretty body'
complete -c whk -n "__fish_whk_using_subcommand help; and __fish_seen_subcommand_from events" -f -a "export" -d 'Export every delivery'
complete -c whk -n "__fish_whk_using_subcommand help; and __fish_seen_subcommand_from events" -f -a "save" -d 'Save a delivery\'s body as a fixture file for \'whk send --data\''
