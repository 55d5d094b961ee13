// Brand journey: browse and filter influencers, open the brief builder from a profile, fill a brief with a ready
// question, see a validation error for a bad amount, see the exclusivity conflict warning for an influencer who holds
// another brand's exclusivity (the seeded world's exclusive deal), then create a valid offer funded with a permit and
// find it in the brand's deals with status Offered. Signs with account 16 (brand nordlys-audio); account 13 only
// looks at the builder (as another brand) to see the conflict warning, it signs nothing.
import { createPublicClient, http, type Address, type Hex } from "viem";
import { hardhat } from "viem/chains";
import { connect, HARDHAT_KEYS, openWallet, waitMined } from "./harness.ts";
import type { E2EContext, E2ETest } from "./run.ts";

const getExclusivityAbi = [
  {
    type: "function",
    name: "getExclusivity",
    stateMutability: "view",
    inputs: [{ name: "dealId", type: "bytes32" }],
    outputs: [
      {
        name: "",
        type: "tuple",
        components: [
          { name: "brand", type: "address" },
          { name: "from", type: "uint40" },
          { name: "until", type: "uint40" },
          { name: "topic", type: "uint8" },
          { name: "status", type: "uint8" },
        ],
      },
    ],
  },
] as const;

const getDealAbi = [
  {
    type: "function",
    name: "getDeal",
    stateMutability: "view",
    inputs: [{ name: "dealId", type: "bytes32" }],
    outputs: [
      {
        name: "",
        type: "tuple",
        components: [
          { name: "status", type: "uint8" },
          { name: "openMilestones", type: "uint8" },
          { name: "brandCredit", type: "uint96" },
          { name: "influencerCredit", type: "uint96" },
          { name: "closedAt", type: "uint40" },
          { name: "completed", type: "bool" },
        ],
      },
    ],
  },
] as const;

interface World {
  deals: { holdback?: string[] };
  documents: Record<string, { influencer: Address; brand: Address }>;
}

/** The world's exclusive deal: its influencer and topic, checked on chain (active exclusivity). */
async function exclusiveDeal(ctx: E2EContext) {
  const world = ctx.world as unknown as World | undefined;
  const dealId = world?.deals.holdback?.[0] as Hex | undefined;
  if (!world || !dealId) throw new Error("the seeded world has no exclusive deal (deals.holdback)");
  const influencer = world.documents[dealId]?.influencer;
  if (!influencer) throw new Error(`the world does not name the influencer of ${dealId}`);
  const client = createPublicClient({ chain: hardhat, transport: http(ctx.rpcUrl) });
  const registry = ctx.deployment.contracts.registry?.address;
  if (!registry) throw new Error("no registry in the deployment");
  const ex = await client.readContract({ address: registry, abi: getExclusivityAbi, functionName: "getExclusivity", args: [dealId] });
  if (ex.status !== 2) throw new Error(`the world's exclusivity ${dealId} is not active (status ${ex.status})`);
  return { dealId, influencer, brand: ex.brand, topic: ex.topic, client };
}

export const tests: E2ETest[] = [
  {
    name: "brand: browse influencers, build a brief, see the exclusivity conflict, create an offer with a permit",
    async run(ctx) {
      const exclusive = await exclusiveDeal(ctx);
      const session = await openWallet(ctx.browser, ctx.rpcUrl, HARDHAT_KEYS[16]!);
      try {
        const { page } = session;
        await page.goto(`${ctx.appUrl}/#/influencers`);
        await page.getByRole("heading", { level: 1, name: "Influencers" }).waitFor();
        await connect(page);

        // Browse, then filter by topic: only the gaming influencer remains.
        const offerButtons = page.getByRole("link", { name: /^Make an offer to / });
        await offerButtons.first().waitFor({ timeout: 20_000 });
        if ((await offerButtons.count()) < 2) throw new Error("expected several influencer profiles");
        await page.getByLabel("Topic").selectOption({ label: "Gaming" });
        await page.getByTestId("influencer-count").filter({ hasText: "1 influencer(s) match." }).waitFor();
        const card = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: /RetroRaid/ }) });
        await card.getByText("Twitch sponsored stream: 700 USDC").waitFor();
        await card.getByText(/deal\(s\) completed/).waitFor();
        await ctx.screenshot(page, "influencers");

        // Open the builder from the profile: the influencer's address is filled in.
        await card.getByRole("link", { name: /Make an offer/ }).click();
        await page.getByRole("heading", { level: 1, name: "New offer" }).waitFor();
        const influencerField = page.getByLabel("Influencer's address");
        if ((await influencerField.inputValue()).toLowerCase() !== exclusive.influencer.toLowerCase()) {
          throw new Error(`the builder was opened for ${await influencerField.inputValue()}, not ${exclusive.influencer}`);
        }
        await page.getByTestId("influencer-profile").filter({ hasText: "RetroRaid" }).waitFor();

        // Fill the brief with ready questions and a bad amount: the amount is refused before anything is sent.
        const title = `Nordlys e2e offer ${Date.now()}`;
        await page.getByLabel("Title", { exact: true }).fill(title);
        await page.getByLabel("Brand name (shown in the brief)").fill("Nordlys Audio");
        await page.getByLabel("Deliverable of milestone 1").fill("A 60-second YouTube integration of the Fjord ANC headphones.");
        await page.getByLabel("Amount of milestone 1 (USDC)").fill("12.5.0");
        await page.getByRole("button", { name: "+ Product mentioned" }).click();
        await page.getByRole("button", { name: "+ Disclosure (#ad) before the fold" }).click();
        await page.getByLabel("Question 1: text").waitFor();
        await page.getByRole("button", { name: "Create and fund the offer" }).click();
        const amount = page.getByLabel("Amount of milestone 1 (USDC)");
        await page.getByText("Enter an amount in USDC, such as 600 or 99.50.").waitFor();
        if ((await amount.getAttribute("aria-invalid")) !== "true") throw new Error("the bad amount is not marked invalid");
        await page.getByText("1 field(s) need attention before the offer can be sent.").waitFor();
        await amount.fill("250");
        await page.getByText("Enter an amount in USDC, such as 600 or 99.50.").waitFor({ state: "detached" });
        await page.getByTestId("offer-total").filter({ hasText: "250 USDC" }).waitFor();

        // Exclusivity on the topic of the influencer's exclusive deal: no conflict for the brand that holds it (16);
        // as another brand (13, nothing signed) the builder warns before anything is sent.
        await page.getByLabel("The influencer works only with me on a topic for a period").check();
        await page.getByLabel("Topic covered").selectOption(String(exclusive.topic));
        await page.getByText("No conflicting exclusivity for this influencer on this topic and window.").waitFor({ timeout: 15_000 });
        await session.use(HARDHAT_KEYS[13]!);
        const warning = page.getByTestId("exclusivity-conflict");
        await warning.waitFor({ timeout: 15_000 });
        const warningText = await warning.innerText();
        const brandShort = `${exclusive.brand.slice(0, 6)}…${exclusive.brand.slice(-4)}`;
        if (!warningText.includes(brandShort) || !warningText.includes(exclusive.dealId.slice(0, 10))) {
          throw new Error(`the warning does not name the conflicting brand and deal: ${warningText}`);
        }
        await ctx.screenshot(page, "brand-new-offer");

        // Back to brand 16, without the exclusivity: create the offer funded with a permit (one signature).
        await session.use(HARDHAT_KEYS[16]!);
        await page.getByText("No conflicting exclusivity for this influencer on this topic and window.").waitFor({ timeout: 15_000 });
        await page.getByLabel("The influencer works only with me on a topic for a period").uncheck();
        await page.getByLabel("Permit: one signature, then one transaction").check();
        await page.getByRole("button", { name: "Create and fund the offer" }).click();
        await waitMined(page);

        // The brand's deals list shows the new offer as Offered; the chain agrees.
        await page.waitForURL(/#\/brand\?created=0x[0-9a-f]{64}/);
        const created = new URL(page.url().replace("#/brand", "brand")).searchParams.get("created") as Hex;
        const row = page.locator(`tr[data-deal="${created}"]`);
        await row.getByRole("link", { name: title }).waitFor({ timeout: 20_000 });
        await row.getByTestId("deal-status").filter({ hasText: "Offered" }).waitFor({ timeout: 20_000 });
        const escrow = ctx.deployment.contracts.escrow?.address;
        if (!escrow) throw new Error("no escrow in the deployment");
        const state = await exclusive.client.readContract({ address: escrow, abi: getDealAbi, functionName: "getDeal", args: [created] });
        if (state.status !== 1) throw new Error(`deal ${created} has status ${state.status} on chain, not Offered (1)`);
        await ctx.screenshot(page, "brand-deals");
      } finally {
        await session.context.close();
      }
    },
  },
];
