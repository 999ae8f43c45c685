# Shared settings of scripts/services/start and scripts/services/stop (sourced, not run).
#
# Everything lives under one directory ($MCIC2_SERVICES_DIR) and listens on loopback only, on
# non-default ports, so the test services never collide with a PostgreSQL or RabbitMQ that a
# developer already runs, and so they can be found and stopped by their data directory / pid
# file alone (never by process name: other worktrees or users may run the same programs).

MCIC2_SERVICES_DIR="${MCIC2_SERVICES_DIR:-/tmp/mcic2-services}"

# --- PostgreSQL ---
PG_BIN="${MCIC2_PG_BIN:-/usr/lib/postgresql/15/bin}"
PG_PORT="${MCIC2_PG_PORT:-55432}"
PG_DIR="$MCIC2_SERVICES_DIR/pg"          # owned by the server's user; holds the unix socket too
PG_DATA="$PG_DIR/data"
PG_LOG="$PG_DIR/postgres.log"
PG_DB="mcic2_test"
PG_USER="mcic2"
PG_PASSWORD="mcic2"

# --- RabbitMQ ---
RABBIT_SBIN="/usr/lib/rabbitmq/bin"      # the Debian package's own scripts, not the /usr/sbin wrapper
RABBIT_DIR="$MCIC2_SERVICES_DIR/rabbitmq"
RABBIT_PORT="${MCIC2_RABBITMQ_PORT:-55672}"
# The TLS listener (mutual TLS, certificate login): what HubEx clients use.
RABBIT_TLS_PORT="${MCIC2_RABBITMQ_TLS_PORT:-55671}"
# The default distribution port is NODE_PORT + 20000, which does not exist for 55672: set it.
RABBIT_DIST_PORT="${MCIC2_RABBITMQ_DIST_PORT:-55673}"
# A private epmd port: 4369 may be taken (another Erlang node, another RabbitMQ) and we want to
# stop our epmd without touching anybody else's.
RABBIT_EPMD_PORT="${MCIC2_RABBITMQ_EPMD_PORT:-54369}"
RABBIT_NODE="mcic2-test@localhost"
RABBIT_PIDFILE="$RABBIT_DIR/rabbitmq.pid"
RABBIT_VHOST="mcic2_test"
RABBIT_USER="mcic2"
RABBIT_PASSWORD="mcic2"
# A throw-away CA and the server's certificate, made on first start (never committed). Tests mint
# client certificates with this CA; its key is as secret as the test data, no more.
TLS_DIR="$MCIC2_SERVICES_DIR/tls"
# rabbitmqctl bound to our node (written by start, exported to the tests).
RABBIT_CTL="$RABBIT_DIR/rabbitmqctl"

log() { echo "[services] $*" >&2; }

is_root() { [ "$(id -u)" = 0 ]; }

# Runs a PostgreSQL binary as the user that owns the cluster: PostgreSQL refuses to run as root.
pg_as_owner() {
    if is_root; then runuser -u postgres -- "$@"; else "$@"; fi
}

# The environment every RabbitMQ command (server and CLI) needs to find our node and only ours.
rabbit_env() {
    export RABBITMQ_NODENAME="$RABBIT_NODE"
    export RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
    export RABBITMQ_NODE_PORT="$RABBIT_PORT"
    export RABBITMQ_DIST_PORT="$RABBIT_DIST_PORT"
    export ERL_EPMD_ADDRESS=127.0.0.1
    export ERL_EPMD_PORT="$RABBIT_EPMD_PORT"
    export RABBITMQ_MNESIA_BASE="$RABBIT_DIR/mnesia"
    export RABBITMQ_LOG_BASE="$RABBIT_DIR/log"
    export RABBITMQ_PID_FILE="$RABBIT_PIDFILE"
    # Our own (empty) env file and config: ignore whatever /etc/rabbitmq holds on this machine.
    export RABBITMQ_CONF_ENV_FILE="$RABBIT_DIR/rabbitmq-env.conf"
    export RABBITMQ_CONFIG_FILE="$RABBIT_DIR/rabbitmq.conf"
    export RABBITMQ_ADVANCED_CONFIG_FILE="$RABBIT_DIR/advanced.config"
    # Only the certificate-login plugin: the management plugin would bind 0.0.0.0:15672.
    export RABBITMQ_ENABLED_PLUGINS_FILE="$RABBIT_DIR/enabled_plugins"
    # Erlang distribution on loopback only.
    export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
}

# RabbitMQ commands run with our node's environment, in a subshell so it does not leak.
# HOME points at our directory so the Erlang cookie shared by server and CLI is ours too.
rabbit() { ( rabbit_env; export HOME="$RABBIT_DIR"; "$@" ); }

# Prints the pid in the pid file if that process is alive, else nothing.
live_pid() {
    local file="$1" pid
    [ -s "$file" ] || return 1
    pid="$(head -n1 "$file" | tr -dc '0-9')"
    [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && echo "$pid"
}

# The start time of a process (clock ticks since boot, /proc/PID/stat field 22), or nothing when it
# is gone: with the pid it tells a live client from a new process that reuses a dead one's pid.
proc_start_time() {
    local stat
    stat="$(cat "/proc/$1/stat" 2>/dev/null)" || return 0
    stat="${stat##*) }"            # drop "pid (comm) ": comm may hold spaces
    echo "$stat" | awk '{ print $20 }'
}

# Runs a command that forks a daemon with only stdin/stdout/stderr open: the daemon must not hold
# our lock, nor any pipe of whoever called us (a CI runner or a terminal tool that reads our output
# to its end would wait for the daemon's exit).
without_inherited_fds() {
    (
        for fd in /proc/"$BASHPID"/fd/*; do
            fd="${fd##*/}"
            if [ "$fd" -gt 2 ]; then eval "exec $fd>&-" 2>/dev/null || true; fi
        done
        "$@"
    )
}
