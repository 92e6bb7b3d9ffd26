#!/usr/bin/env bash
# Smoke test of the local stack as a user drives it: ./atelier up, Debian's kcat and aws see the
# topics and buckets, each service jar reports ready against the stack, ./atelier start, train and
# stylize work through the HTTP API, ./atelier down leaves no process. Runs on free ports in a
# temporary ATELIER_HOME; needs kcat, aws, curl and built services.
set -euo pipefail
cd "$(dirname "$0")/../.."

fail() { echo "smoke: FAILED: $*" >&2; exit 1; }
ok() { echo "smoke: ok - $*"; }
for tool in kcat curl; do command -v $tool > /dev/null || fail "$tool is not installed (Debian: apt-get install $tool)"; done
AWS=/usr/bin/aws
[[ -x $AWS ]] || AWS=$(command -v aws) || fail "aws is not installed (Debian: apt-get install awscli)"

export ATELIER_HOME
ATELIER_HOME=$(mktemp -d -t atelier-smoke-XXXXXX)
read -r ATELIER_KAFKA_PORT ATELIER_KAFKA_CONTROLLER_PORT ATELIER_S3_PORT < <(./atelier free-ports)
export ATELIER_KAFKA_PORT ATELIER_KAFKA_CONTROLLER_PORT ATELIER_S3_PORT
service_pids=()
cleanup() {
  for pid in "${service_pids[@]}"; do kill "$pid" 2> /dev/null || true; done
  ./atelier down --purge > /dev/null 2>&1 || true
}
trap cleanup EXIT

./atelier up
./atelier up | grep -q "already running" || fail "a second ./atelier up did not find the running stack"
ok "./atelier up twice"

metadata=$(kcat -b "127.0.0.1:$ATELIER_KAFKA_PORT" -L -m 10)
for topic in $(grep -o '"name": *"[^"]*"' shared-schemas/src/main/resources/atelier/topics.json | cut -d'"' -f4); do
  grep -q "topic \"$topic\"" <<< "$metadata" || fail "kcat -L does not list topic $topic"
done
ok "kcat -L lists every topic of the spec"

buckets=$(AWS_ACCESS_KEY_ID=atelier AWS_SECRET_ACCESS_KEY=atelier-secret-key AWS_DEFAULT_REGION=us-east-1 \
  "$AWS" s3 ls --endpoint-url "http://127.0.0.1:$ATELIER_S3_PORT")
for bucket in $(grep -o '"atelier/[^"]*"' infra/compose/create-buckets.sh | cut -d/ -f2 | tr -d '"'); do
  grep -q " $bucket\$" <<< "$buckets" || fail "aws s3 ls does not list bucket $bucket"
done
ok "aws s3 ls lists every bucket of the contract"

eval "$(./atelier env)"
for service in ingest trainer inference; do
  jar=services/$service/target/quarkus-app/quarkus-run.jar
  [[ -f $jar ]] || fail "$jar is missing; build it with mvn -B package -DskipTests"
  read -r port _ < <(./atelier free-ports)
  QUARKUS_HTTP_PORT=$port java -jar "$jar" > "$ATELIER_HOME/logs/$service.log" 2>&1 &
  service_pids+=($!)
  ready=""
  for _ in $(seq 1 120); do
    ready=$(curl -fsS "http://127.0.0.1:$port/q/health/ready" 2> /dev/null) && break
    sleep 0.5
  done
  [[ $ready == *'"status": "UP"'* ]] || fail "$service is not ready: ${ready:-no answer} (log: $ATELIER_HOME/logs/$service.log)"
  grep -q "Atelier object store" <<< "$ready" || fail "$service readiness lacks the object-store check"
  grep -q "Kafka connection health check" <<< "$ready" || fail "$service readiness lacks the Kafka check"
  kill "${service_pids[-1]}"; wait "${service_pids[-1]}" 2> /dev/null || true
  ok "java -jar $jar is UP on /q/health/ready with Kafka and object-store checks"
done

# The fleet as ./atelier runs it, and its HTTP clients: start, train, stylize, status, logs.
read -r ATELIER_INGEST_PORT ATELIER_TRAINER_PORT ATELIER_INFERENCE_PORT < <(./atelier free-ports)
export ATELIER_INGEST_PORT ATELIER_TRAINER_PORT ATELIER_INFERENCE_PORT
./atelier start > "$ATELIER_HOME/start.out" || fail "./atelier start failed: $(tail -5 "$ATELIER_HOME/start.out")"
for service in ingest trainer inference; do
  ./atelier status | grep -q "^$service service *running" || fail "./atelier status does not show the $service service"
done
ok "./atelier start runs the three services"
./atelier train smoke-style infra/samples/styles/hokusai_great_wave.jpg --profile tiny --wait \
  > "$ATELIER_HOME/train.out" || fail "./atelier train failed: $(tail -5 "$ATELIER_HOME/train.out")"
grep -q "is ready: model v1" "$ATELIER_HOME/train.out" || fail "./atelier train did not report the model"
ok "./atelier train trains a style through the HTTP API"
./atelier stylize infra/samples/content/coffee.jpg smoke-style -o "$ATELIER_HOME/coffee.png" > /dev/null \
  || fail "./atelier stylize failed"
[[ $(head -c 8 "$ATELIER_HOME/coffee.png" | od -An -tx1 | tr -d ' \n') == 89504e470d0a1a0a ]] \
  || fail "./atelier stylize did not write a PNG"
ok "./atelier stylize writes the styled photo"
./atelier logs trainer | grep -q "published smoke-style/v1" || fail "./atelier logs trainer lacks the run"
ok "./atelier logs shows a service's log"
if ./atelier demo --painting no-such-painting.jpg --photos 1 > "$ATELIER_HOME/demo.out" 2>&1; then
  fail "./atelier demo succeeded with a painting that does not exist"
fi
grep -q "'Training style 'starry-night'' failed: .*no-such-painting.jpg" "$ATELIER_HOME/demo.out" \
  && grep -q "^Log: .*trainer.log" "$ATELIER_HOME/demo.out" \
  || fail "./atelier demo did not name the failed stage and its log: $(tail -4 "$ATELIER_HOME/demo.out")"
ok "a failed demo stage names itself and its log"

./atelier down | grep -q "trainer service" || fail "./atelier down did not stop the services"
if pgrep -f "atelier.component=" > /dev/null; then
  fail "processes left after ./atelier down: $(pgrep -af 'atelier.component=' | cut -c1-120)"
fi
ok "./atelier down leaves no process behind"
echo "smoke: all checks passed"
