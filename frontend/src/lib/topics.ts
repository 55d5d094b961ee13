// The court's topics by id (contracts/types/DealTypes.sol `Topics`, scripts/lib/terms.ts `Topic`): the mediation
// topic of a deal, the exclusivity topic and a mediator pool's topic all index this list.
export const TOPICS = [
  "general",
  "beauty",
  "fashion",
  "gaming",
  "tech",
  "food",
  "fitness",
  "travel",
  "finance",
  "lifestyle",
  "parenting",
  "sports",
  "music",
  "education",
  "automotive",
  "home",
] as const;

export const TOPIC_COUNT = TOPICS.length;
