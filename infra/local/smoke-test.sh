#!/usr/bin/env bash
# Smoke test of the local stack as a user drives it: ./atelier up, Debian's kcat and aws see the
# topics and buckets, each service jar reports ready against the stack, ./atelier start, train and
# stylize work through the HTTP API, the fleet rides out an S3 crash under kcat jobs, ./atelier down
# leaves no process, and start, restart work right after it (a restart keeping start's settings).
# Runs on free ports in a temporary ATELIER_HOME; needs kcat, aws, curl and built services.
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
# The README's rollback, with the key ./atelier start gives both the gateway and the trainer's admin API.
curl -fsS -X POST -H "X-API-Key: ${ATELIER_API_KEY:-demo-key}" \
  "http://127.0.0.1:$ATELIER_TRAINER_PORT/api/v1/models/smoke-style/current/v1" | grep -q '"version":"v1"' \
  || fail "the trainer's admin API refused the key ./atelier start configured"
ok "the trainer's admin API takes the key ./atelier start configured"
# An operator's outage: the S3 server dies while another system sends 20 jobs with kcat; 15 s later
# ./atelier up starts it again (and nothing else); every job completes and the worker was never down.
inference_pid=$(cat "$ATELIER_HOME/services/inference.pid")
kafka_pid=$(cat "$ATELIER_HOME/pids/kafka.pid")
kill -KILL "$(cat "$ATELIER_HOME/pids/s3.pid")"
image=$(base64 -w0 < infra/samples/content/desert_dune.jpg)
job_ids=()
for _ in $(seq 1 20); do
  id=$(cat /proc/sys/kernel/random/uuid)
  job_ids+=("$id")
  printf '{"schemaVersion":1,"jobId":"%s","style":"smoke-style","requestedAt":"2026-11-30T10:00:00Z","inlineInput":{"contentType":"image/jpeg","data":"%s"}}' \
    "$id" "$image" | kcat -b "127.0.0.1:$ATELIER_KAFKA_PORT" -P -t atelier.style-jobs -k "$id" \
      -H ce_specversion=1.0 -H "ce_id=$id" -H ce_source=/smoke -H content-type=application/json \
      -H ce_type=io.atelier.style-job.requested.v1
done
sleep 15
./atelier up > "$ATELIER_HOME/up.out"
grep -q "^Started: S3Proxy server$" "$ATELIER_HOME/up.out" || fail "./atelier up after the S3 crash: $(cat "$ATELIER_HOME/up.out")"
[[ $(cat "$ATELIER_HOME/pids/kafka.pid") == "$kafka_pid" ]] || fail "./atelier up restarted the healthy broker"
completed=0
for _ in $(seq 1 120); do
  results=$(kcat -b "127.0.0.1:$ATELIER_KAFKA_PORT" -C -t atelier.style-job-results -o beginning -e -q -f '%k %h\n')
  completed=0; failed=0
  for id in "${job_ids[@]}"; do
    grep -q "^$id .*ce_type=io.atelier.style-job.completed.v1" <<< "$results" && completed=$((completed + 1))
    grep -q "^$id .*ce_type=io.atelier.style-job.failed.v1" <<< "$results" && failed=$((failed + 1))
  done
  (( failed == 0 )) || fail "$failed of the 20 kcat jobs failed during the S3 outage"
  (( completed == 20 )) && break
  sleep 1
done
(( completed == 20 )) || fail "only $completed of the 20 kcat jobs completed after the S3 outage"
[[ $(cat "$ATELIER_HOME/services/inference.pid") == "$inference_pid" ]] || fail "the inference worker was restarted"
curl -fsS "http://127.0.0.1:$ATELIER_INFERENCE_PORT/q/health/live" | grep -q '"status": "UP"' \
  || fail "the inference worker is not live after the S3 outage"
ok "S3 killed for 15 s under 20 kcat jobs: ./atelier up restarts only S3, 20 of 20 complete, none fail, the worker stays live"

if ./atelier demo --painting no-such-painting.jpg --photos 1 > "$ATELIER_HOME/demo.out" 2>&1; then
  fail "./atelier demo succeeded with a painting that does not exist"
fi
grep -q "'Training style 'starry-night'' failed: .*no-such-painting.jpg" "$ATELIER_HOME/demo.out" \
  && grep -q "^Log: .*trainer.log" "$ATELIER_HOME/demo.out" \
  || fail "./atelier demo did not name the failed stage and its log: $(tail -4 "$ATELIER_HOME/demo.out")"
ok "a failed demo stage names itself and its log"

pids=$(cat "$ATELIER_HOME"/pids/*.pid "$ATELIER_HOME"/services/*.pid)
./atelier down | grep -q "trainer service" || fail "./atelier down did not stop the services"
for pid in $pids; do
  if kill -0 "$pid" 2> /dev/null; then fail "process $pid left after ./atelier down: $(ps -o args= -p "$pid" | cut -c1-120)"; fi
done
ok "./atelier down leaves no process behind"
ATELIER_INGEST_UPLOADS_PER_MINUTE=4321 ./atelier start > "$ATELIER_HOME/start-again.out" \
  || fail "./atelier start right after ./atelier down failed: $(tail -5 "$ATELIER_HOME/start-again.out")"
./atelier restart s3 | grep -q "^Restarted: S3Proxy server$" || fail "./atelier restart s3 did not restart only S3"
ingest_pid=$(cat "$ATELIER_HOME/services/ingest.pid")
./atelier restart ingest > /dev/null
[[ $(cat "$ATELIER_HOME/services/ingest.pid") != "$ingest_pid" ]] || fail "./atelier restart ingest did not restart it"
grep -qz "^ATELIER_INGEST_UPLOADS_PER_MINUTE=4321$" "/proc/$(cat "$ATELIER_HOME/services/ingest.pid")/environ" \
  || fail "./atelier restart ingest dropped the setting ./atelier start got from its environment"
./atelier down > /dev/null
ok "./atelier start right after ./atelier down, ./atelier restart s3, and restart ingest keeps start's settings"
echo "smoke: all checks passed"
