// Checks rendered Kubernetes manifests against the Kubernetes API's schemas:
//
//   kubectl kustomize deploy/k8s/overlays/prod | node deploy/k8s/schema-check/validate.mjs
//   node deploy/k8s/schema-check/validate.mjs rendered.yaml ...
//
// Each document is validated with the model of its apiVersion and kind from the npm package kubernetes-models
// (generated from the Kubernetes OpenAPI schemas; its validate() checks types, required fields and formats).
// Like kubeconform without -strict, an unknown field is not reported: kubectl apply's server-side field
// validation refuses those. A kind the package has no model for is an error, so nothing passes unchecked.
// Exits 1 on any problem, after naming each one.
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";

const inputs = process.argv.length > 2 ? process.argv.slice(2) : ["/dev/stdin"];
const problems = [];
let checked = 0;

for (const input of inputs) {
  for (const document of parseAllDocuments(readFileSync(input, "utf8"))) {
    if (document.errors.length > 0) {
      problems.push(`${input}: not YAML: ${document.errors[0].message}`);
      continue;
    }
    const manifest = document.toJS();
    if (manifest === null || manifest === undefined) {
      continue;
    }
    const { apiVersion, kind } = manifest;
    const name = `${kind}/${manifest.metadata?.name ?? "(no name)"}`;
    if (typeof apiVersion !== "string" || typeof kind !== "string") {
      problems.push(`${input}: ${name}: apiVersion and kind are required`);
      continue;
    }
    // core types live at kubernetes-models/v1/<Kind>, the others at kubernetes-models/<group>/<version>/<Kind>
    const model = `kubernetes-models/${apiVersion}/${kind}`;
    let Model;
    try {
      Model = (await import(model))[kind];
    } catch {
      Model = undefined;
    }
    if (typeof Model !== "function") {
      problems.push(`${input}: ${name}: no schema for ${apiVersion} ${kind}`);
      continue;
    }
    try {
      new Model(manifest).validate();
      checked++;
    } catch (invalid) {
      problems.push(`${input}: ${name}: ${invalid.message}`);
    }
  }
}

for (const problem of problems) {
  console.error(`INVALID ${problem}`);
}
if (problems.length > 0 || checked === 0) {
  console.error(checked === 0 && problems.length === 0 ? "no manifest to check" : `${problems.length} invalid`);
  process.exit(1);
}
console.log(`${checked} manifests valid against the Kubernetes schemas (kubernetes-models)`);
