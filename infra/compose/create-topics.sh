#!/usr/bin/env bash
# GENERATED from shared-schemas/src/main/resources/atelier/topics.json by
# io.atelier.infra.local.InitScripts; do not edit (./atelier generate rewrites it).
# Creates Atelier's topics with Kafka's own CLI. Usage: create-topics.sh <bootstrap> [replication]
set -euo pipefail
BOOTSTRAP=${1:?usage: create-topics.sh <bootstrap-servers> [replication-factor]}
REPLICATION=${2:-1}
KAFKA_TOPICS=${KAFKA_TOPICS:-/opt/kafka/bin/kafka-topics.sh}
"$KAFKA_TOPICS" --bootstrap-server "$BOOTSTRAP" --create --if-not-exists --topic atelier.style-jobs --partitions 12 --replication-factor "$REPLICATION" --config cleanup.policy=delete --config retention.ms=604800000
"$KAFKA_TOPICS" --bootstrap-server "$BOOTSTRAP" --create --if-not-exists --topic atelier.style-jobs.dlq --partitions 3 --replication-factor "$REPLICATION" --config cleanup.policy=delete --config retention.ms=2592000000
"$KAFKA_TOPICS" --bootstrap-server "$BOOTSTRAP" --create --if-not-exists --topic atelier.style-job-results --partitions 12 --replication-factor "$REPLICATION" --config cleanup.policy=delete --config retention.ms=604800000
"$KAFKA_TOPICS" --bootstrap-server "$BOOTSTRAP" --create --if-not-exists --topic atelier.training-requests --partitions 3 --replication-factor "$REPLICATION" --config cleanup.policy=delete --config retention.ms=2592000000
"$KAFKA_TOPICS" --bootstrap-server "$BOOTSTRAP" --create --if-not-exists --topic atelier.training-requests.dlq --partitions 1 --replication-factor "$REPLICATION" --config cleanup.policy=delete --config retention.ms=2592000000
"$KAFKA_TOPICS" --bootstrap-server "$BOOTSTRAP" --create --if-not-exists --topic atelier.training-events --partitions 3 --replication-factor "$REPLICATION" --config cleanup.policy=delete --config retention.ms=604800000
"$KAFKA_TOPICS" --bootstrap-server "$BOOTSTRAP" --create --if-not-exists --topic atelier.models --partitions 3 --replication-factor "$REPLICATION" --config cleanup.policy=delete --config retention.ms=-1
echo "Atelier topics ready on $BOOTSTRAP"
