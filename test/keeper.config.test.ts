// The keeper's configuration, log lines, licence-terms file and deployment addresses, without a chain.
import { expect } from "chai";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { HARDHAT_MNEMONIC, parseConfig } from "../scripts/lib/keeper/config.js";
import { readDeploymentAddresses } from "../scripts/lib/keeper/contracts.js";
import { createLogger } from "../scripts/lib/keeper/log.js";
import { rightsFromFile, termsOf } from "../scripts/lib/keeper/plan.js";
import { buildRights } from "../scripts/lib/rights.js";
import { buildTerms, hashRights, RightsScope, type DealTerms } from "../scripts/lib/terms.js";

const tmp = (): string => mkdtempSync(join(tmpdir(), "ispera-keeper-config-"));

describe("keeper configuration", function () {
  it("reads flags before the environment, with defaults", function () {
    const config = parseConfig(["--once", "--draw-batch", "4", "--rpc", "http://127.0.0.1:9999"], {
      KEEPER_RPC_URL: "http://ignored",
      KEEPER_EXECUTE_BATCH: "7",
      KEEPER_INTERVAL: "2",
    });
    expect(config).to.include({ rpcUrl: "http://127.0.0.1:9999", drawBatch: 4, executeBatch: 7, intervalMs: 2_000, once: true, accountIndex: 19 });
    expect(config?.mnemonic).to.equal(HARDHAT_MNEMONIC);
    expect(config?.vrfMock).to.equal(true);
    expect(config?.addressesFile).to.match(/ignition\/deployments\/local-demo\/deployed_addresses\.json$/);
    expect(parseConfig(["--private-key", "0x01", "--no-vrf-mock"], {})).to.include({ privateKey: "0x01", accountIndex: undefined, vrfMock: false });
    expect(parseConfig(["--help"], {})).to.equal(undefined);
  });

  it("refuses bad numbers and unknown flags", function () {
    expect(() => parseConfig(["--interval", "soon"], {})).to.throw("--interval must be a non-negative integer");
    expect(() => parseConfig(["--draw-batch", "0"], {})).to.throw("batch sizes must be at least 1");
    expect(() => parseConfig(["--bogus"], {})).to.throw();
  });

  it("finds the addresses of any module in deployed_addresses.json", function () {
    const file = join(tmp(), "deployed_addresses.json");
    writeFileSync(file, JSON.stringify({ "IsperaEscrow#DealEscrow": "0x1", "LocalIspera#RightsCertificate": "0x2", "LocalIspera#VRFCoordinatorV2_5Mock": "0x3" }));
    expect(readDeploymentAddresses(file)).to.deep.equal({ escrow: "0x1", certificate: "0x2", randomness: undefined, vrfMock: "0x3" });
    writeFileSync(file, "{}");
    expect(() => readDeploymentAddresses(file)).to.throw("has no DealEscrow address");
  });

  it("finds licence terms by hash in a rights file, read again at every lookup", async function () {
    const file = join(tmp(), "rights.json");
    const rights = buildRights({ scope: RightsScope.Website, duration: 86_400, territories: ["FR", "BE"], exclusive: true, document: "licence" });
    const source = rightsFromFile(file);
    expect(await source(hashRights(rights), "0x00")).to.equal(undefined);
    writeFileSync(file, JSON.stringify([{ scope: 4, duration: 86_400, territories: ["FR", "BE"], exclusive: true, documentHash: rights.documentHash }]));
    expect(await source(hashRights(rights), "0x00")).to.deep.equal(rights);
  });

  it("round-trips the terms it stores (integers as strings) to the escrow's DealTerms", function () {
    const terms: DealTerms = buildTerms({ brand: "0x" + "11".repeat(20), influencer: "0x" + "22".repeat(20), token: "0x" + "33".repeat(20), now: 1_700_000_000n });
    const stored = JSON.parse(JSON.stringify(terms, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : typeof v === "number" ? String(v) : v)));
    expect(termsOf(stored)).to.deep.equal(terms);
  });

  it("logs one readable line per event, or JSON lines", function () {
    const lines: string[] = [];
    createLogger({ write: (l) => lines.push(l) }).log({ level: "info", event: "done", message: "deal 0x12…34 milestone 0: released | tx 0xab…cd", tx: "0xabcd" });
    createLogger({ json: true, write: (l) => lines.push(l) }).log({ level: "warn", event: "reverted", message: "x", gasUsed: 21_000n });
    createLogger({ write: (l) => lines.push(l) }).log({ level: "debug", event: "not-due", message: "hidden" });
    expect(lines).to.have.length(2);
    expect(lines[0]).to.match(/^\d{4}-\d\d-\d\dT[\d:.]+Z keeper done {5}deal 0x12…34 milestone 0: released \| tx 0xab…cd$/);
    expect(JSON.parse(lines[1]!)).to.include({ level: "warn", event: "reverted", message: "x", gasUsed: "21000" });
  });
});
