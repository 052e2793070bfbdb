# Shared by scripts/cluster-demo.sh and scripts/cluster-throughput-bench.sh: one KRaft broker+controller
# on loopback, as the tests' KafkaTestCluster runs it. Source it; it defines functions only.

# kraft_properties NODE_ID VOTERS BROKER_PORT CONTROLLER_PORT LOG_DIR REPLICATION MIN_ISR
# Prints the broker's server.properties (PLAINTEXT on 127.0.0.1; internal topics at the given replication).
kraft_properties() {
  local id=$1 voters=$2 kport=$3 cport=$4 logs=$5 rf=$6 isr=$7
  cat <<PROPS
process.roles=broker,controller
node.id=$id
controller.quorum.voters=$voters
listeners=PLAINTEXT://127.0.0.1:$kport,CONTROLLER://127.0.0.1:$cport
advertised.listeners=PLAINTEXT://127.0.0.1:$kport
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$logs
default.replication.factor=$rf
min.insync.replicas=$isr
offsets.topic.replication.factor=$rf
transaction.state.log.replication.factor=$rf
transaction.state.log.min.isr=$isr
share.coordinator.state.topic.replication.factor=$rf
share.coordinator.state.topic.min.isr=$isr
group.initial.rebalance.delay.ms=0
PROPS
}

# kraft_await SERVER_LOG PID: waits up to 120 s for the broker to log that it started; on failure prints the
# log's tail (or says it did not start) on stderr and returns 1.
kraft_await() {
  local log=$1 pid=$2
  for _ in $(seq 1 240); do
    grep -q "Kafka Server started" "$log" 2>/dev/null && return 0
    kill -0 "$pid" 2>/dev/null || { tail -20 "$log" >&2; return 1; }
    sleep 0.5
  done
  echo "Kafka broker ($log) did not start" >&2
  return 1
}
