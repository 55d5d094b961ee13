// Records an Ignition deployment and regenerates what depends on its addresses (scripts/lib/deployments.ts):
//   deployments/<network>.json                      addresses, start blocks, chain id
//   frontend/src/config/contracts.generated.ts      typed addresses per chain id (every recorded network)
//   subgraph/networks.json                          addresses and start blocks, when the subgraph exists
// Usage: node scripts/exportDeployments.ts --network <name> [--deployment-id <id>]
//        node scripts/exportDeployments.ts            (only regenerates the frontend config from deployments/*.json)
//   (npm run deployments:export -- --network baseSepolia). The default deployment id is the one `npm run deploy`
//   uses: "local" for localhost, "ispera-<network>" otherwise.
import { relative } from "node:path";
import { defaultDeploymentId, exportDeployment, isNetworkName, writeFrontendConfig } from "./lib/deployments.ts";
import { ROOT } from "./lib/run.ts";

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};

const network = option("network");
if (!network) {
  console.log(`wrote ${relative(ROOT, writeFrontendConfig(ROOT))} from deployments/*.json`);
  process.exit(0);
}
const deploymentId = option("deployment-id") ?? (isNetworkName(network) ? defaultDeploymentId(network) : undefined);
if (!deploymentId) {
  console.error(`exportDeployments: unknown network "${network}": pass --deployment-id`);
  process.exit(2);
}
try {
  const { record, written } = exportDeployment({ root: ROOT, network, deploymentId });
  console.log(`recorded ${record.module} on ${network} (chain ${record.chainId}, deployment ${deploymentId}):`);
  for (const [key, c] of Object.entries(record.contracts)) {
    console.log(`  ${key.padEnd(12)} ${c.address}  block ${c.startBlock ?? "-"}`);
  }
  for (const file of written) console.log(`wrote ${relative(ROOT, file)}`);
} catch (error) {
  console.error(`exportDeployments: ${(error as Error).message}`);
  process.exit(1);
}
