// Validates an Aspire manifest against a JSON schema (draft-07) with ajv.
// Usage: node validate-manifest.mjs aspire-8.0.json aspire-manifest.json
import { readFileSync } from "node:fs";
import Ajv from "ajv";

const [schemaFile, manifestFile] = process.argv.slice(2);
const ajv = new Ajv({ allErrors: true, strict: false });
const validate = ajv.compile(JSON.parse(readFileSync(schemaFile, "utf8")));
if (validate(JSON.parse(readFileSync(manifestFile, "utf8")))) {
  console.log(`${manifestFile}: valid against ${schemaFile}`);
} else {
  for (const error of validate.errors) {
    console.log(`${manifestFile}${error.instancePath}: ${error.message} ${JSON.stringify(error.params)}`);
  }
  process.exit(1);
}
