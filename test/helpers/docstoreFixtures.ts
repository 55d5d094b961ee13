// Sample documents for the document-store tests (test/docstore*.test.ts).
import type { BriefDocument } from "../../scripts/lib/docstore/index.js";
import { Topic } from "../../scripts/lib/terms.js";

/** A brief whose acceptance questions are DEFAULT_CRITERIA and whose breach questions are DEFAULT_BREACH_CRITERIA. */
export function sampleBrief(): BriefDocument {
  const yesNo = (text: string, weight: number) => ({ text, options: ["Yes", "No"], compliant: [0], weight });
  return {
    schema: "ispera.brief",
    version: 1,
    title: "Rouge Velours — spring lipstick launch",
    brand: { name: "Maison Lumière", handle: "maison-lumiere", website: "https://maison-lumiere.example" },
    language: "fr",
    topic: Topic.Beauty,
    summary: "Show the new Rouge Velours shades in natural light, in French, for a 25-40 audience.",
    milestones: [
      {
        title: "Launch reel",
        deliverables: [
          { channel: "instagram", format: "reel", description: "30-60 s reel trying three shades.", deliverBy: 1_800_000_000 },
          { channel: "instagram", format: "story", description: "Three stories with the link sticker.", deliverBy: 1_800_000_000 },
        ],
      },
    ],
    acceptance: {
      questions: [
        yesNo("Is the Rouge Velours lipstick shown and named?", 3),
        yesNo("Is the #ad disclosure visible before the fold?", 3),
        yesNo("Was it posted by the agreed date?", 2),
        yesNo("Was it posted on the agreed channel?", 1),
        { text: "Are the brand guidelines respected?", options: ["Fully", "Mostly", "No"], compliant: [0, 1], weight: 1 },
      ],
    },
    exclusivity: {
      topic: Topic.Beauty,
      from: 1_790_000_000,
      until: 1_810_000_000,
      description: "No paid lipstick content for another brand during the window.",
      holdback: {
        bps: 2_000,
        breachQuestions: [
          yesNo("Did the influencer promote a competing beauty brand during the window?", 3),
          { text: "Was that post paid?", options: ["No post", "Unpaid", "Paid"], compliant: [0], weight: 1 },
        ],
      },
    },
    rights: { description: "Paid ads and website use of the reel for 12 months in France.", scope: ["PaidAds", "Website"] },
    guidelines: {
      text: "Natural light, no filters on the lips.",
      do: ["Say the shade names"],
      dont: ["Compare with other brands"],
      hashtags: ["#publicité", "#RougeVelours"],
      mentions: ["@maisonlumiere"],
      disclosure: "#publicité",
    },
  };
}

