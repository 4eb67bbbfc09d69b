// Validates every document of the given multi-document YAML files against the Kubernetes API schemas
// (kubernetes-models) and the prometheus-operator CRD schemas. Prints one line per problem; exits 1 if any.
// With --dump out.json, also writes every document as JSON ([{ file, document }]) for the C# invariant tests.
// Usage: node validate-kubernetes.mjs [--dump out.json] built-eu.yaml [built-asia.yaml ...]
import { readFileSync, writeFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";

const packages = {
  "monitoring.coreos.com": "@kubernetes-models/prometheus-operator",
};

async function modelFor(apiVersion, kind) {
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
  const module = group === ""
    ? `kubernetes-models/${version}`
    : packages[group] ? `${packages[group]}/${group}/${version}` : `kubernetes-models/${group}/${version}`;
  const models = await import(module).catch(() => ({}));
  return models[kind];
}

const args = process.argv.slice(2);
const dump = args[0] === "--dump" ? args.splice(0, 2)[1] : null;
const dumped = [];
let problems = 0;
let validated = 0;
for (const file of args) {
  const documents = parseAllDocuments(readFileSync(file, "utf8"));
  for (const document of documents) {
    if (document.errors.length > 0) {
      console.log(`${file}: YAML error: ${document.errors[0].message}`);
      problems++;
      continue;
    }
    const data = document.toJS();
    if (data === null) continue;
    dumped.push({ file, document: data });
    const where = `${file}: ${data.kind ?? "?"}/${data.metadata?.name ?? "?"}`;
    const Model = data.apiVersion && data.kind ? await modelFor(data.apiVersion, data.kind) : undefined;
    if (!Model) {
      console.log(`${where}: no schema for ${data.apiVersion} ${data.kind}`);
      problems++;
      continue;
    }
    try {
      new Model(data).validate();
      validated++;
    } catch (error) {
      console.log(`${where}: ${error.message}`);
      problems++;
    }
  }
}
if (dump) writeFileSync(dump, JSON.stringify(dumped));
console.log(`validated ${validated} documents, ${problems} problems`);
process.exit(problems === 0 && validated > 0 ? 0 : 1);
