// Validates Atelier's Kubernetes manifests: each object against the Kubernetes or KEDA JSON schema
// (kubernetes-models, from npm), then Atelier's own rules, which a schema cannot know: probes,
// resources and a non-root user on every container, Services and ScaledObjects that point at real
// Deployments, a scaled Deployment that leaves its replica count to KEDA, and autoscaling bounded by
// the partitions the topic contract gives.
//
//   node validate.mjs <manifest dir> <topics.json>            exit 0 when everything is valid
//   node validate.mjs --self-test <fixtures dir> <topics.json> exit 0 when every fixture is refused
import { parseAllDocuments } from "yaml";
import { readFileSync, readdirSync, existsSync } from "node:fs";
import { join, basename } from "node:path";

const SCHEMA_MODULES = {
  "keda.sh": (version, kind) => `@kubernetes-models/keda/keda.sh/${version}/${kind}`,
  "": (version, kind) => `kubernetes-models/${version}/${kind}`,
};

function load(file) {
  return parseAllDocuments(readFileSync(file, "utf8")).map((doc, index) => {
    if (doc.errors.length) throw new Error(`${file}: YAML error: ${doc.errors[0].message}`);
    return { file: basename(file), index, object: doc.toJS() };
  }).filter((entry) => entry.object);
}

async function schemaErrors({ object }) {
  if (object.kind === "Kustomization") return [];
  const [group, version] = object.apiVersion.includes("/") ? object.apiVersion.split("/") : ["", object.apiVersion];
  const path = (SCHEMA_MODULES[group] ?? ((v, k) => `kubernetes-models/${group}/${v}/${k}`))(version, object.kind);
  let Model;
  try {
    const module = await import(path);
    Model = module[object.kind] ?? module.default;
  } catch {
    return [`unknown apiVersion/kind ${object.apiVersion} ${object.kind}`];
  }
  try {
    new Model(object).validate();
    return [];
  } catch (e) {
    return [e.message];
  }
}

function podSpec(object) {
  return ["Deployment", "StatefulSet", "Job"].includes(object.kind) ? object.spec?.template?.spec : undefined;
}

function atelierErrors(entries, topics) {
  const errors = [];
  const deployments = entries.map((e) => e.object).filter((o) => o.kind === "Deployment");
  for (const { object } of entries) {
    const spec = podSpec(object);
    if (spec) {
      for (const container of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) {
        const where = `${object.kind} ${object.metadata.name}, container ${container.name}`;
        const nonRoot = container.securityContext?.runAsNonRoot ?? spec.securityContext?.runAsNonRoot;
        if (nonRoot !== true) errors.push(`${where}: runAsNonRoot is not true`);
        if (!container.resources?.requests?.cpu || !container.resources?.requests?.memory) {
          errors.push(`${where}: needs cpu and memory requests`);
        }
        if (!container.resources?.limits?.memory) errors.push(`${where}: needs a memory limit`);
        if (/:latest$/.test(container.image)) errors.push(`${where}: image tag 'latest' is not reproducible`);
        if (object.kind === "Deployment" && (!container.livenessProbe || !container.readinessProbe)) {
          errors.push(`${where}: needs liveness and readiness probes`);
        }
      }
    }
    if (object.kind === "Service") {
      const selector = object.spec?.selector ?? {};
      const matched = deployments.some((d) => Object.entries(selector)
        .every(([k, v]) => d.spec.template.metadata.labels?.[k] === v));
      if (!matched) errors.push(`Service ${object.metadata.name}: its selector matches no Deployment`);
    }
    if (object.kind === "ScaledObject") {
      const targetName = object.spec?.scaleTargetRef?.name;
      const target = deployments.find((d) => d.metadata.name === targetName);
      if (!target) {
        errors.push(`ScaledObject ${object.metadata.name}: no Deployment ${targetName}`);
      } else if (target.spec?.replicas !== undefined) {
        errors.push(`Deployment ${targetName}: sets replicas, which KEDA owns (ScaledObject ${object.metadata.name});`
          + " every apply would scale it back and stop the workers it added");
      }
      for (const trigger of (object.spec?.triggers ?? []).filter((t) => t.type === "kafka")) {
        const topic = topics.find((t) => t.name === trigger.metadata.topic);
        if (!topic) {
          errors.push(`ScaledObject ${object.metadata.name}: topic ${trigger.metadata.topic} is not in the contract`);
        } else if ((object.spec.maxReplicaCount ?? 100) > topic.partitions) {
          errors.push(`ScaledObject ${object.metadata.name}: maxReplicaCount ${object.spec.maxReplicaCount}`
            + ` exceeds the ${topic.partitions} partitions of ${topic.name}; the extra replicas would idle`);
        }
      }
    }
    if (object.kind === "Kustomization") {
      for (const resource of object.resources ?? []) {
        if (!entries.some((e) => e.file === resource)) {
          errors.push(`kustomization.yaml: resource ${resource} does not exist`);
        }
      }
    }
  }
  return errors;
}

async function check(entries, topics) {
  const errors = [];
  for (const entry of entries) {
    for (const message of await schemaErrors(entry)) {
      errors.push(`${entry.file}#${entry.index} ${entry.object.kind} ${entry.object.metadata?.name}: ${message}`);
    }
  }
  return errors.concat(atelierErrors(entries, topics));
}

const selfTest = process.argv[2] === "--self-test";
const [dir, topicsFile] = process.argv.slice(selfTest ? 3 : 2);
if (!dir || !topicsFile || !existsSync(dir)) {
  console.error("usage: node validate.mjs [--self-test] <dir> <topics.json>");
  process.exit(2);
}
const topics = JSON.parse(readFileSync(topicsFile, "utf8")).topics;
const files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => join(dir, f));

if (selfTest) {
  // Every fixture file holds one broken manifest set; each must be refused.
  let missed = 0;
  for (const file of files) {
    const errors = await check(load(file), topics);
    if (errors.length === 0) {
      console.error(`self-test: ${basename(file)} was accepted but is broken`);
      missed++;
    } else {
      console.log(`self-test: ${basename(file)} refused: ${errors[0]}`);
    }
  }
  process.exit(missed === 0 ? 0 : 1);
}

const entries = files.flatMap(load);
const errors = await check(entries, topics);
if (errors.length) {
  errors.forEach((e) => console.error(`k8s: ${e}`));
  process.exit(1);
}
console.log(`k8s: ${entries.length} objects in ${files.length} files are valid`);
