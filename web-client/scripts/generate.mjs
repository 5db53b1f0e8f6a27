// Generates TypeScript message classes from ../proto with Debian's protoc and
// the protoc-gen-es plugin of node_modules into src/gen/ (not committed).
import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const protoRoot = join(root, "..", "proto");
const protoDir = join(protoRoot, "hallcast", "v1");
const out = join(root, "src", "gen");
const plugin = join(root, "node_modules", ".bin", "protoc-gen-es");
const protoc = process.env.PROTOC || "protoc";

const files = readdirSync(protoDir)
  .filter((f) => f.endsWith(".proto"))
  .sort()
  .map((f) => join(protoDir, f));
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
try {
  execFileSync(
    protoc,
    [`--plugin=protoc-gen-es=${plugin}`, `--es_out=${out}`, "--es_opt=target=ts", `-I${protoRoot}`, ...files],
    { stdio: "inherit" },
  );
} catch (err) {
  if (err.code === "ENOENT") {
    console.error(`generate: ${protoc} not found (Debian package protobuf-compiler; scripts/run installs it)`);
  }
  process.exit(1);
}
console.log(`generate: ${files.length} proto files -> src/gen/`);
