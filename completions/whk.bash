_whk() {
    local i cur prev opts cmd
    COMPREPLY=()
    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
        cur="$2"
    else
        cur="${COMP_WORDS[COMP_CWORD]}"
    fi
    prev="$3"
    cmd=""
    opts=""

    for i in "${COMP_WORDS[@]:0:COMP_CWORD}"
    do
        case "${cmd},${i}" in
            ",$1")
                cmd="whk"
                ;;
            whk,audit)
                cmd="whk__subcmd__audit"
                ;;
            whk,completions)
                cmd="whk__subcmd__completions"
                ;;
            whk,config)
                cmd="whk__subcmd__config"
                ;;
            whk,events)
                cmd="whk__subcmd__events"
                ;;
            whk,help)
                cmd="whk__subcmd__help"
                ;;
            whk,init)
                cmd="whk__subcmd__init"
                ;;
            whk,keygen)
                cmd="whk__subcmd__keygen"
                ;;
            whk,listen)
                cmd="whk__subcmd__listen"
                ;;
            whk,providers)
                cmd="whk__subcmd__providers"
                ;;
            whk,replay)
                cmd="whk__subcmd__replay"
                ;;
            whk,send)
                cmd="whk__subcmd__send"
                ;;
            whk,sign)
                cmd="whk__subcmd__sign"
                ;;
            whk,validate)
                cmd="whk__subcmd__validate"
                ;;
            whk,verify)
                cmd="whk__subcmd__verify"
                ;;
            whk__subcmd__events,export)
                cmd="whk__subcmd__events__subcmd__export"
                ;;
            whk__subcmd__events,help)
                cmd="whk__subcmd__events__subcmd__help"
                ;;
            whk__subcmd__events,list)
                cmd="whk__subcmd__events__subcmd__list"
                ;;
            whk__subcmd__events,save)
                cmd="whk__subcmd__events__subcmd__save"
                ;;
            whk__subcmd__events,show)
                cmd="whk__subcmd__events__subcmd__show"
                ;;
            whk__subcmd__events__subcmd__help,export)
                cmd="whk__subcmd__events__subcmd__help__subcmd__export"
                ;;
            whk__subcmd__events__subcmd__help,help)
                cmd="whk__subcmd__events__subcmd__help__subcmd__help"
                ;;
            whk__subcmd__events__subcmd__help,list)
                cmd="whk__subcmd__events__subcmd__help__subcmd__list"
                ;;
            whk__subcmd__events__subcmd__help,save)
                cmd="whk__subcmd__events__subcmd__help__subcmd__save"
                ;;
            whk__subcmd__events__subcmd__help,show)
                cmd="whk__subcmd__events__subcmd__help__subcmd__show"
                ;;
            whk__subcmd__help,audit)
                cmd="whk__subcmd__help__subcmd__audit"
                ;;
            whk__subcmd__help,completions)
                cmd="whk__subcmd__help__subcmd__completions"
                ;;
            whk__subcmd__help,config)
                cmd="whk__subcmd__help__subcmd__config"
                ;;
            whk__subcmd__help,events)
                cmd="whk__subcmd__help__subcmd__events"
                ;;
            whk__subcmd__help,help)
                cmd="whk__subcmd__help__subcmd__help"
                ;;
            whk__subcmd__help,init)
                cmd="whk__subcmd__help__subcmd__init"
                ;;
            whk__subcmd__help,keygen)
                cmd="whk__subcmd__help__subcmd__keygen"
                ;;
            whk__subcmd__help,listen)
                cmd="whk__subcmd__help__subcmd__listen"
                ;;
            whk__subcmd__help,providers)
                cmd="whk__subcmd__help__subcmd__providers"
                ;;
            whk__subcmd__help,replay)
                cmd="whk__subcmd__help__subcmd__replay"
                ;;
            whk__subcmd__help,send)
                cmd="whk__subcmd__help__subcmd__send"
                ;;
            whk__subcmd__help,sign)
                cmd="whk__subcmd__help__subcmd__sign"
                ;;
            whk__subcmd__help,validate)
                cmd="whk__subcmd__help__subcmd__validate"
                ;;
            whk__subcmd__help,verify)
                cmd="whk__subcmd__help__subcmd__verify"
                ;;
            whk__subcmd__help__subcmd__events,export)
                cmd="whk__subcmd__help__subcmd__events__subcmd__export"
                ;;
            whk__subcmd__help__subcmd__events,list)
                cmd="whk__subcmd__help__subcmd__events__subcmd__list"
                ;;
            whk__subcmd__help__subcmd__events,save)
                cmd="whk__subcmd__help__subcmd__events__subcmd__save"
                ;;
            whk__subcmd__help__subcmd__events,show)
                cmd="whk__subcmd__help__subcmd__events__subcmd__show"
                ;;
            whk__subcmd__help__subcmd__providers,show)
                cmd="whk__subcmd__help__subcmd__providers__subcmd__show"
                ;;
            whk__subcmd__providers,help)
                cmd="whk__subcmd__providers__subcmd__help"
                ;;
            whk__subcmd__providers,show)
                cmd="whk__subcmd__providers__subcmd__show"
                ;;
            whk__subcmd__providers__subcmd__help,help)
                cmd="whk__subcmd__providers__subcmd__help__subcmd__help"
                ;;
            whk__subcmd__providers__subcmd__help,show)
                cmd="whk__subcmd__providers__subcmd__help__subcmd__show"
                ;;
            *)
                ;;
        esac
    done

    case "${cmd}" in
        whk)
            opts="-q -v -h -V --color --quiet --verbose --help --version listen send replay audit sign verify validate providers events init config keygen completions help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 1 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        whk__subcmd__audit)
            opts="-p -s -H -q -v -h -V --provider --secret --secret-file --algorithm --signature-header --encoding --signature-prefix --template --timestamp-header --id-header --verify-token --event --data --only --skip --format --junit --header --url --color --quiet --verbose --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --provider)
                    COMPREPLY=($(compgen -W "adyen bitbucket calendly circleci clerk custom discord dropbox facebook_graph_api frameio gitea github gitlab gitlab_signed heroku hubspot instagram intercom irisync izi launch_darkly lemon_squeezy linear mailgun mux paddle pagerduty persona resend segment sendgrid sentry shopify slack square standard stripe svix terraform_cloud twilio twitch typeform unibo vercel whatsapp workos zendesk zoom zotlo" -- "${cur}"))
                    return 0
                    ;;
                -p)
                    COMPREPLY=($(compgen -W "adyen bitbucket calendly circleci clerk custom discord dropbox facebook_graph_api frameio gitea github gitlab gitlab_signed heroku hubspot instagram intercom irisync izi launch_darkly lemon_squeezy linear mailgun mux paddle pagerduty persona resend segment sendgrid sentry shopify slack square standard stripe svix terraform_cloud twilio twitch typeform unibo vercel whatsapp workos zendesk zoom zotlo" -- "${cur}"))
                    return 0
                    ;;
                --secret)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -s)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --secret-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --algorithm)
                    COMPREPLY=($(compgen -W "sha1 sha256 sha512" -- "${cur}"))
                    return 0
                    ;;
                --signature-header)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --encoding)
                    COMPREPLY=($(compgen -W "hex base64" -- "${cur}"))
                    return 0
                    ;;
                --signature-prefix)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --template)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --timestamp-header)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --id-header)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --verify-token)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --event)
                    COMPREPLY=($(compgen -W "AUTHORISATION CAPTURE REFUND CANCELLATION CHARGEBACK pullrequest:created invitee.canceled job-completed session.created organization.created user.created order.completed payment.failed 2 3 4 5 delta mention comment.created pull_request ping push issues issue_comment release workflow_run Merge Request Hook Pipeline Hook api:build contact.propertyChange contact.deletion deal.creation company.propertyChange mentions conversation.user.created contact.user.created content.created content.published content.updated content.deleted user.updated user.subscribed user.unsubscribed platform.connected platform.disconnected platform.post.success platform.post.failed SESSION_STARTED SESSION_ENDED SESSION_PAUSED BALANCE_TOPPED_UP BONUS_CREDITED TARIFF_PURCHASED CLIENT_REGISTERED DEVICE_STATUS_CHANGED SHIFT_OPENED SHIFT_CLOSED ORDER_CREATED PAYMENT_RECEIVED project subscription_created subscription_payment_success Comment delivered opened clicked failed complained unsubscribed video.asset.created video.live_stream.active subscription.created subscription.canceled incident.resolved incident.acknowledged inquiry.approved email.delivered email.bounced identify deferred dropped bounce open click spamreport unsubscribe group_unsubscribe error orders/create orders/paid products/update customers/create app/uninstalled app_mention message reaction_added team_join channel_created payment.created payment.updated refund.created customer.created user.deleted invoice.paid invoice.payment_failed message.attempt.exhausted payment_intent.succeeded payment_intent.payment_failed checkout.session.completed customer.subscription.created customer.subscription.deleted charge.refunded endpoint.disabled run:completed ringing completed busy sent undelivered stream.online channel.subscribe form_response_partial PRIZE_PAYOUT_CREATED PRIZE_PAYOUT_SUCCEEDED PRIZE_PAYOUT_FAILED PLAYER_OPTED_IN PLAYER_OPTED_OUT deployment.succeeded deployment.error account_update dsync.user.created zen:event-type:user.created meeting.ended recording.completed newSubscriber renewal grace cancellation reactivation transaction refund registered quizCompleted challenge subscribe url_verification webhook_callback_verification revocation endpoint.url_validation test-event" -- "${cur}"))
                    return 0
                    ;;
                --data)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --only)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --skip)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --format)
                    COMPREPLY=($(compgen -W "table json" -- "${cur}"))
                    return 0
                    ;;
                --junit)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --header)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -H)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        whk__subcmd__completions)
            opts="-q -v -h -V --color --quiet --verbose --help --version bash zsh fish elvish powershell man"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        whk__subcmd__config)
            opts="-p -s -q -v -h -V --provider --secret --secret-file --algorithm --signature-header --encoding --signature-prefix --template --timestamp-header --id-header --json --color --quiet --verbose --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --provider)
                    COMPREPLY=($(compgen -W "adyen bitbucket calendly circleci clerk custom discord dropbox facebook_graph_api frameio gitea github gitlab gitlab_signed heroku hubspot instagram intercom irisync izi launch_darkly lemon_squeezy linear mailgun mux paddle pagerduty persona resend segment sendgrid sentry shopify slack square standard stripe svix terraform_cloud twilio twitch typeform unibo vercel whatsapp workos zendesk zoom zotlo" -- "${cur}"))
                    return 0
                    ;;
                -p)
                    COMPREPLY=($(compgen -W "adyen bitbucket calendly circleci clerk custom discord dropbox facebook_graph_api frameio gitea github gitlab gitlab_signed heroku hubspot instagram intercom irisync izi launch_darkly lemon_squeezy linear mailgun mux paddle pagerduty persona resend segment sendgrid sentry shopify slack square standard stripe svix terraform_cloud twilio twitch typeform unibo vercel whatsapp workos zendesk zoom zotlo" -- "${cur}"))
                    return 0
                    ;;
                --secret)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -s)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --secret-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --algorithm)
                    COMPREPLY=($(compgen -W "sha1 sha256 sha512" -- "${cur}"))
                    return 0
                    ;;
                --signature-header)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --encoding)
                    COMPREPLY=($(compgen -W "hex base64" -- "${cur}"))
                    return 0
                    ;;
                --signature-prefix)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --template)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --timestamp-header)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --id-header)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        whk__subcmd__events)
            opts="-q -v -h -V --store --reveal-secrets --color --quiet --verbose --help --version list show export save help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --store)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        whk__subcmd__events__subcmd__export)
            opts="-q -v -h -V --format --store --reveal-secrets --color --quiet --verbose --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --format)
                    COMPREPLY=($(compgen -W "ndjson" -- "${cur}"))
                    return 0
                    ;;
                --store)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        whk__subcmd__events__subcmd__help)
            opts="list show export save help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        whk__subcmd__events__subcmd__help__subcmd__export)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        whk__subcmd__events__subcmd__help__subcmd__help)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        whk__subcmd__events__subcmd__help__subcmd__list)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        whk__subcmd__events__subcmd__help__subcmd__save)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        whk__subcmd__events__subcmd__help__subcmd__show)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        whk__subcmd__events__subcmd__list)
            opts="-p -q -v -h -V --limit --type --provider --since --json --store --reveal-secrets --color --quiet --verbose --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --limit)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --type)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --provider)
                    COMPREPLY=($(compgen -W "adyen bitbucket calendly circleci clerk custom discord dropbox facebook_graph_api frameio gitea github gitlab gitlab_signed heroku hubspot instagram intercom irisync izi launch_darkly lemon_squeezy linear mailgun mux paddle pagerduty persona resend segment sendgrid sentry shopify slack square standard stripe svix terraform_cloud twilio twitch typeform unibo vercel whatsapp workos zendesk zoom zotlo" -- "${cur}"))
                    return 0
                    ;;
                -p)
                    COMPREPLY=($(compgen -W "adyen bitbucket calendly circleci clerk custom discord dropbox facebook_graph_api frameio gitea github gitlab gitlab_signed heroku hubspot instagram intercom irisync izi launch_darkly lemon_squeezy linear mailgun mux paddle pagerduty persona resend segment sendgrid sentry shopify slack square standard stripe svix terraform_cloud twilio twitch typeform unibo vercel whatsapp workos zendesk zoom zotlo" -- "${cur}"))
                    return 0
                    ;;
                --since)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --store)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        whk__subcmd__events__subcmd__save)
            opts="-q -v -h -V --store --reveal-secrets --color --quiet --verbose --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --store)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        whk__subcmd__events__subcmd__show)
            opts="-q -v -h -V --json --explain --store --reveal-secrets --color --quiet --verbose --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --store)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        whk__subcmd__help)
            opts="listen send replay audit sign verify validate providers events init config keygen completions help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        whk__subcmd__help__subcmd__audit)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        whk__subcmd__help__subcmd__completions)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        whk__subcmd__help__subcmd__config)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        whk__subcmd__help__subcmd__events)
            opts="list show export save"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        whk__subcmd__help__subcmd__events__subcmd__export)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        whk__subcmd__help__subcmd__events__subcmd__list)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        whk__subcmd__help__subcmd__events__subcmd__save)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        whk__subcmd__help__subcmd__events__subcmd__show)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        whk__subcmd__help__subcmd__help)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        whk__subcmd__help__subcmd__init)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        whk__subcmd__help__subcmd__keygen)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        whk__subcmd__help__subcmd__listen)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        whk__subcmd__help__subcmd__providers)
            opts="show"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        whk__subcmd__help__subcmd__providers__subcmd__show)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        whk__subcmd__help__subcmd__replay)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        whk__subcmd__help__subcmd__send)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        whk__subcmd__help__subcmd__sign)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        whk__subcmd__help__subcmd__validate)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        whk__subcmd__help__subcmd__verify)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        whk__subcmd__init)
            opts="-p -y -q -v -h -V --provider --secret-env --generate-secret --target --store --yes --force --color --quiet --verbose --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --provider)
                    COMPREPLY=($(compgen -W "adyen bitbucket calendly circleci clerk custom discord dropbox facebook_graph_api frameio gitea github gitlab gitlab_signed heroku hubspot instagram intercom irisync izi launch_darkly lemon_squeezy linear mailgun mux paddle pagerduty persona resend segment sendgrid sentry shopify slack square standard stripe svix terraform_cloud twilio twitch typeform unibo vercel whatsapp workos zendesk zoom zotlo" -- "${cur}"))
                    return 0
                    ;;
                -p)
                    COMPREPLY=($(compgen -W "adyen bitbucket calendly circleci clerk custom discord dropbox facebook_graph_api frameio gitea github gitlab gitlab_signed heroku hubspot instagram intercom irisync izi launch_darkly lemon_squeezy linear mailgun mux paddle pagerduty persona resend segment sendgrid sentry shopify slack square standard stripe svix terraform_cloud twilio twitch typeform unibo vercel whatsapp workos zendesk zoom zotlo" -- "${cur}"))
                    return 0
                    ;;
                --secret-env)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --target)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --store)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        whk__subcmd__keygen)
            opts="-p -q -v -h -V --provider --json --color --quiet --verbose --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --provider)
                    COMPREPLY=($(compgen -W "adyen bitbucket calendly circleci clerk custom discord dropbox facebook_graph_api frameio gitea github gitlab gitlab_signed heroku hubspot instagram intercom irisync izi launch_darkly lemon_squeezy linear mailgun mux paddle pagerduty persona resend segment sendgrid sentry shopify slack square standard stripe svix terraform_cloud twilio twitch typeform unibo vercel whatsapp workos zendesk zoom zotlo" -- "${cur}"))
                    return 0
                    ;;
                -p)
                    COMPREPLY=($(compgen -W "adyen bitbucket calendly circleci clerk custom discord dropbox facebook_graph_api frameio gitea github gitlab gitlab_signed heroku hubspot instagram intercom irisync izi launch_darkly lemon_squeezy linear mailgun mux paddle pagerduty persona resend segment sendgrid sentry shopify slack square standard stripe svix terraform_cloud twilio twitch typeform unibo vercel whatsapp workos zendesk zoom zotlo" -- "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        whk__subcmd__listen)
            opts="-p -s -q -v -h -V --port --host --path --provider --secret --secret-file --algorithm --signature-header --encoding --signature-prefix --template --timestamp-header --id-header --public-key --skip-verify --verify-token --tolerance --max-body --json --compact --headers --forward-to --forward-timeout --status --fail-first --delay --max-events --timeout --expect --fail-fast --port-file --print-secret --reveal-secrets --store --public-url --ui --ui-port --validate --expect-valid --reject-invalid --spec --color --quiet --verbose --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --port)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --host)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --path)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --provider)
                    COMPREPLY=($(compgen -W "adyen bitbucket calendly circleci clerk custom discord dropbox facebook_graph_api frameio gitea github gitlab gitlab_signed heroku hubspot instagram intercom irisync izi launch_darkly lemon_squeezy linear mailgun mux paddle pagerduty persona resend segment sendgrid sentry shopify slack square standard stripe svix terraform_cloud twilio twitch typeform unibo vercel whatsapp workos zendesk zoom zotlo" -- "${cur}"))
                    return 0
                    ;;
                -p)
                    COMPREPLY=($(compgen -W "adyen bitbucket calendly circleci clerk custom discord dropbox facebook_graph_api frameio gitea github gitlab gitlab_signed heroku hubspot instagram intercom irisync izi launch_darkly lemon_squeezy linear mailgun mux paddle pagerduty persona resend segment sendgrid sentry shopify slack square standard stripe svix terraform_cloud twilio twitch typeform unibo vercel whatsapp workos zendesk zoom zotlo" -- "${cur}"))
                    return 0
                    ;;
                --secret)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -s)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --secret-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --algorithm)
                    COMPREPLY=($(compgen -W "sha1 sha256 sha512" -- "${cur}"))
                    return 0
                    ;;
                --signature-header)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --encoding)
                    COMPREPLY=($(compgen -W "hex base64" -- "${cur}"))
                    return 0
                    ;;
                --signature-prefix)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --template)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --timestamp-header)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --id-header)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --public-key)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --verify-token)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --tolerance)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --max-body)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --forward-to)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --forward-timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --status)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --fail-first)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --delay)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --max-events)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --expect)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --port-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --store)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --public-url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --ui-port)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --spec)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        whk__subcmd__providers)
            opts="-q -v -h -V --json --color --quiet --verbose --help --version show help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        whk__subcmd__providers__subcmd__help)
            opts="show help"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        whk__subcmd__providers__subcmd__help__subcmd__help)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        whk__subcmd__providers__subcmd__help__subcmd__show)
            opts=""
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 4 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        whk__subcmd__providers__subcmd__show)
            opts="-q -v -h -V --spec --json --color --quiet --verbose --help --version adyen bitbucket calendly circleci clerk custom discord dropbox facebook_graph_api frameio gitea github gitlab gitlab_signed heroku hubspot instagram intercom irisync izi launch_darkly lemon_squeezy linear mailgun mux paddle pagerduty persona resend segment sendgrid sentry shopify slack square standard stripe svix terraform_cloud twilio twitch typeform unibo vercel whatsapp workos zendesk zoom zotlo"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 3 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --spec)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        whk__subcmd__replay)
            opts="-p -s -q -v -h -V --last --all --type --provider --since --to --secret --secret-file --verbatim --concurrency --retry --time-scale --schedule --timeout --json --dry-run --store --color --quiet --verbose --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --type)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --provider)
                    COMPREPLY=($(compgen -W "adyen bitbucket calendly circleci clerk custom discord dropbox facebook_graph_api frameio gitea github gitlab gitlab_signed heroku hubspot instagram intercom irisync izi launch_darkly lemon_squeezy linear mailgun mux paddle pagerduty persona resend segment sendgrid sentry shopify slack square standard stripe svix terraform_cloud twilio twitch typeform unibo vercel whatsapp workos zendesk zoom zotlo" -- "${cur}"))
                    return 0
                    ;;
                -p)
                    COMPREPLY=($(compgen -W "adyen bitbucket calendly circleci clerk custom discord dropbox facebook_graph_api frameio gitea github gitlab gitlab_signed heroku hubspot instagram intercom irisync izi launch_darkly lemon_squeezy linear mailgun mux paddle pagerduty persona resend segment sendgrid sentry shopify slack square standard stripe svix terraform_cloud twilio twitch typeform unibo vercel whatsapp workos zendesk zoom zotlo" -- "${cur}"))
                    return 0
                    ;;
                --since)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --to)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --secret)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -s)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --secret-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --concurrency)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --time-scale)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --schedule)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --store)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        whk__subcmd__send)
            opts="-p -s -H -q -v -h -V --provider --secret --secret-file --algorithm --signature-header --encoding --signature-prefix --template --timestamp-header --id-header --verify-token --to --url --data --set --header --no-auth --duplicate --retry --time-scale --schedule --timeout --count --concurrency --threads --rate --json --dry-run --spec --validate --force --color --quiet --verbose --help --version AUTHORISATION CAPTURE REFUND CANCELLATION CHARGEBACK pullrequest:created invitee.canceled job-completed session.created organization.created user.created order.completed payment.failed 2 3 4 5 delta mention comment.created pull_request ping push issues issue_comment release workflow_run Merge Request Hook Pipeline Hook api:build contact.propertyChange contact.deletion deal.creation company.propertyChange mentions conversation.user.created contact.user.created content.created content.published content.updated content.deleted user.updated user.subscribed user.unsubscribed platform.connected platform.disconnected platform.post.success platform.post.failed SESSION_STARTED SESSION_ENDED SESSION_PAUSED BALANCE_TOPPED_UP BONUS_CREDITED TARIFF_PURCHASED CLIENT_REGISTERED DEVICE_STATUS_CHANGED SHIFT_OPENED SHIFT_CLOSED ORDER_CREATED PAYMENT_RECEIVED project subscription_created subscription_payment_success Comment delivered opened clicked failed complained unsubscribed video.asset.created video.live_stream.active subscription.created subscription.canceled incident.resolved incident.acknowledged inquiry.approved email.delivered email.bounced identify deferred dropped bounce open click spamreport unsubscribe group_unsubscribe error orders/create orders/paid products/update customers/create app/uninstalled app_mention message reaction_added team_join channel_created payment.created payment.updated refund.created customer.created user.deleted invoice.paid invoice.payment_failed message.attempt.exhausted payment_intent.succeeded payment_intent.payment_failed checkout.session.completed customer.subscription.created customer.subscription.deleted charge.refunded endpoint.disabled run:completed ringing completed busy sent undelivered stream.online channel.subscribe form_response_partial PRIZE_PAYOUT_CREATED PRIZE_PAYOUT_SUCCEEDED PRIZE_PAYOUT_FAILED PLAYER_OPTED_IN PLAYER_OPTED_OUT deployment.succeeded deployment.error account_update dsync.user.created zen:event-type:user.created meeting.ended recording.completed newSubscriber renewal grace cancellation reactivation transaction refund registered quizCompleted challenge subscribe url_verification webhook_callback_verification revocation endpoint.url_validation test-event"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --provider)
                    COMPREPLY=($(compgen -W "adyen bitbucket calendly circleci clerk custom discord dropbox facebook_graph_api frameio gitea github gitlab gitlab_signed heroku hubspot instagram intercom irisync izi launch_darkly lemon_squeezy linear mailgun mux paddle pagerduty persona resend segment sendgrid sentry shopify slack square standard stripe svix terraform_cloud twilio twitch typeform unibo vercel whatsapp workos zendesk zoom zotlo" -- "${cur}"))
                    return 0
                    ;;
                -p)
                    COMPREPLY=($(compgen -W "adyen bitbucket calendly circleci clerk custom discord dropbox facebook_graph_api frameio gitea github gitlab gitlab_signed heroku hubspot instagram intercom irisync izi launch_darkly lemon_squeezy linear mailgun mux paddle pagerduty persona resend segment sendgrid sentry shopify slack square standard stripe svix terraform_cloud twilio twitch typeform unibo vercel whatsapp workos zendesk zoom zotlo" -- "${cur}"))
                    return 0
                    ;;
                --secret)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -s)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --secret-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --algorithm)
                    COMPREPLY=($(compgen -W "sha1 sha256 sha512" -- "${cur}"))
                    return 0
                    ;;
                --signature-header)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --encoding)
                    COMPREPLY=($(compgen -W "hex base64" -- "${cur}"))
                    return 0
                    ;;
                --signature-prefix)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --template)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --timestamp-header)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --id-header)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --verify-token)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --to)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --data)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --set)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --header)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -H)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --duplicate)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --time-scale)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --schedule)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --timeout)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --count)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --concurrency)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --threads)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --rate)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --spec)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        whk__subcmd__sign)
            opts="-p -s -q -v -h -V --provider --secret --secret-file --algorithm --signature-header --encoding --signature-prefix --template --timestamp-header --id-header --timestamp --id --format --to --url --color --quiet --verbose --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --provider)
                    COMPREPLY=($(compgen -W "adyen bitbucket calendly circleci clerk custom discord dropbox facebook_graph_api frameio gitea github gitlab gitlab_signed heroku hubspot instagram intercom irisync izi launch_darkly lemon_squeezy linear mailgun mux paddle pagerduty persona resend segment sendgrid sentry shopify slack square standard stripe svix terraform_cloud twilio twitch typeform unibo vercel whatsapp workos zendesk zoom zotlo" -- "${cur}"))
                    return 0
                    ;;
                -p)
                    COMPREPLY=($(compgen -W "adyen bitbucket calendly circleci clerk custom discord dropbox facebook_graph_api frameio gitea github gitlab gitlab_signed heroku hubspot instagram intercom irisync izi launch_darkly lemon_squeezy linear mailgun mux paddle pagerduty persona resend segment sendgrid sentry shopify slack square standard stripe svix terraform_cloud twilio twitch typeform unibo vercel whatsapp workos zendesk zoom zotlo" -- "${cur}"))
                    return 0
                    ;;
                --secret)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -s)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --secret-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --algorithm)
                    COMPREPLY=($(compgen -W "sha1 sha256 sha512" -- "${cur}"))
                    return 0
                    ;;
                --signature-header)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --encoding)
                    COMPREPLY=($(compgen -W "hex base64" -- "${cur}"))
                    return 0
                    ;;
                --signature-prefix)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --template)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --timestamp-header)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --id-header)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --timestamp)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --id)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --format)
                    COMPREPLY=($(compgen -W "headers json curl" -- "${cur}"))
                    return 0
                    ;;
                --to)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        whk__subcmd__validate)
            opts="-p -e -H -q -v -h -V --provider --event --header --spec --json --color --quiet --verbose --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --provider)
                    COMPREPLY=($(compgen -W "adyen bitbucket calendly circleci clerk custom discord dropbox facebook_graph_api frameio gitea github gitlab gitlab_signed heroku hubspot instagram intercom irisync izi launch_darkly lemon_squeezy linear mailgun mux paddle pagerduty persona resend segment sendgrid sentry shopify slack square standard stripe svix terraform_cloud twilio twitch typeform unibo vercel whatsapp workos zendesk zoom zotlo" -- "${cur}"))
                    return 0
                    ;;
                -p)
                    COMPREPLY=($(compgen -W "adyen bitbucket calendly circleci clerk custom discord dropbox facebook_graph_api frameio gitea github gitlab gitlab_signed heroku hubspot instagram intercom irisync izi launch_darkly lemon_squeezy linear mailgun mux paddle pagerduty persona resend segment sendgrid sentry shopify slack square standard stripe svix terraform_cloud twilio twitch typeform unibo vercel whatsapp workos zendesk zoom zotlo" -- "${cur}"))
                    return 0
                    ;;
                --event)
                    COMPREPLY=($(compgen -W "AUTHORISATION CAPTURE REFUND CANCELLATION CHARGEBACK pullrequest:created invitee.canceled job-completed session.created organization.created user.created order.completed payment.failed 2 3 4 5 delta mention comment.created pull_request ping push issues issue_comment release workflow_run Merge Request Hook Pipeline Hook api:build contact.propertyChange contact.deletion deal.creation company.propertyChange mentions conversation.user.created contact.user.created content.created content.published content.updated content.deleted user.updated user.subscribed user.unsubscribed platform.connected platform.disconnected platform.post.success platform.post.failed SESSION_STARTED SESSION_ENDED SESSION_PAUSED BALANCE_TOPPED_UP BONUS_CREDITED TARIFF_PURCHASED CLIENT_REGISTERED DEVICE_STATUS_CHANGED SHIFT_OPENED SHIFT_CLOSED ORDER_CREATED PAYMENT_RECEIVED project subscription_created subscription_payment_success Comment delivered opened clicked failed complained unsubscribed video.asset.created video.live_stream.active subscription.created subscription.canceled incident.resolved incident.acknowledged inquiry.approved email.delivered email.bounced identify deferred dropped bounce open click spamreport unsubscribe group_unsubscribe error orders/create orders/paid products/update customers/create app/uninstalled app_mention message reaction_added team_join channel_created payment.created payment.updated refund.created customer.created user.deleted invoice.paid invoice.payment_failed message.attempt.exhausted payment_intent.succeeded payment_intent.payment_failed checkout.session.completed customer.subscription.created customer.subscription.deleted charge.refunded endpoint.disabled run:completed ringing completed busy sent undelivered stream.online channel.subscribe form_response_partial PRIZE_PAYOUT_CREATED PRIZE_PAYOUT_SUCCEEDED PRIZE_PAYOUT_FAILED PLAYER_OPTED_IN PLAYER_OPTED_OUT deployment.succeeded deployment.error account_update dsync.user.created zen:event-type:user.created meeting.ended recording.completed newSubscriber renewal grace cancellation reactivation transaction refund registered quizCompleted challenge subscribe url_verification webhook_callback_verification revocation endpoint.url_validation test-event" -- "${cur}"))
                    return 0
                    ;;
                -e)
                    COMPREPLY=($(compgen -W "AUTHORISATION CAPTURE REFUND CANCELLATION CHARGEBACK pullrequest:created invitee.canceled job-completed session.created organization.created user.created order.completed payment.failed 2 3 4 5 delta mention comment.created pull_request ping push issues issue_comment release workflow_run Merge Request Hook Pipeline Hook api:build contact.propertyChange contact.deletion deal.creation company.propertyChange mentions conversation.user.created contact.user.created content.created content.published content.updated content.deleted user.updated user.subscribed user.unsubscribed platform.connected platform.disconnected platform.post.success platform.post.failed SESSION_STARTED SESSION_ENDED SESSION_PAUSED BALANCE_TOPPED_UP BONUS_CREDITED TARIFF_PURCHASED CLIENT_REGISTERED DEVICE_STATUS_CHANGED SHIFT_OPENED SHIFT_CLOSED ORDER_CREATED PAYMENT_RECEIVED project subscription_created subscription_payment_success Comment delivered opened clicked failed complained unsubscribed video.asset.created video.live_stream.active subscription.created subscription.canceled incident.resolved incident.acknowledged inquiry.approved email.delivered email.bounced identify deferred dropped bounce open click spamreport unsubscribe group_unsubscribe error orders/create orders/paid products/update customers/create app/uninstalled app_mention message reaction_added team_join channel_created payment.created payment.updated refund.created customer.created user.deleted invoice.paid invoice.payment_failed message.attempt.exhausted payment_intent.succeeded payment_intent.payment_failed checkout.session.completed customer.subscription.created customer.subscription.deleted charge.refunded endpoint.disabled run:completed ringing completed busy sent undelivered stream.online channel.subscribe form_response_partial PRIZE_PAYOUT_CREATED PRIZE_PAYOUT_SUCCEEDED PRIZE_PAYOUT_FAILED PLAYER_OPTED_IN PLAYER_OPTED_OUT deployment.succeeded deployment.error account_update dsync.user.created zen:event-type:user.created meeting.ended recording.completed newSubscriber renewal grace cancellation reactivation transaction refund registered quizCompleted challenge subscribe url_verification webhook_callback_verification revocation endpoint.url_validation test-event" -- "${cur}"))
                    return 0
                    ;;
                --header)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -H)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --spec)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        whk__subcmd__verify)
            opts="-p -s -H -q -v -h -V --provider --secret --secret-file --algorithm --signature-header --encoding --signature-prefix --template --timestamp-header --id-header --public-key --header --headers-from --signature --tolerance --now --url --explain --json --color --quiet --verbose --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --provider)
                    COMPREPLY=($(compgen -W "adyen bitbucket calendly circleci clerk custom discord dropbox facebook_graph_api frameio gitea github gitlab gitlab_signed heroku hubspot instagram intercom irisync izi launch_darkly lemon_squeezy linear mailgun mux paddle pagerduty persona resend segment sendgrid sentry shopify slack square standard stripe svix terraform_cloud twilio twitch typeform unibo vercel whatsapp workos zendesk zoom zotlo" -- "${cur}"))
                    return 0
                    ;;
                -p)
                    COMPREPLY=($(compgen -W "adyen bitbucket calendly circleci clerk custom discord dropbox facebook_graph_api frameio gitea github gitlab gitlab_signed heroku hubspot instagram intercom irisync izi launch_darkly lemon_squeezy linear mailgun mux paddle pagerduty persona resend segment sendgrid sentry shopify slack square standard stripe svix terraform_cloud twilio twitch typeform unibo vercel whatsapp workos zendesk zoom zotlo" -- "${cur}"))
                    return 0
                    ;;
                --secret)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -s)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --secret-file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --algorithm)
                    COMPREPLY=($(compgen -W "sha1 sha256 sha512" -- "${cur}"))
                    return 0
                    ;;
                --signature-header)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --encoding)
                    COMPREPLY=($(compgen -W "hex base64" -- "${cur}"))
                    return 0
                    ;;
                --signature-prefix)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --template)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --timestamp-header)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --id-header)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --public-key)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --header)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -H)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --headers-from)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --signature)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --tolerance)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --now)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --url)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -W "auto always never" -- "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
    esac
}

if [[ "${BASH_VERSINFO[0]}" -eq 4 && "${BASH_VERSINFO[1]}" -ge 4 || "${BASH_VERSINFO[0]}" -gt 4 ]]; then
    complete -F _whk -o nosort -o bashdefault -o default whk
else
    complete -F _whk -o bashdefault -o default whk
fi
