// Route table: every page is its own lazily loaded chunk (route-level code splitting).
import { lazy, type ComponentType, type LazyExoticComponent } from "react";

export interface Route {
  /** First path segment ("" for the home page). */
  readonly segment: string;
  readonly page: LazyExoticComponent<ComponentType>;
}

export const ROUTES: readonly Route[] = [
  { segment: "", page: lazy(() => import("./pages/Home.tsx")) },
  { segment: "deals", page: lazy(() => import("./pages/DealPage.tsx")) },
  { segment: "brand", page: lazy(() => import("./pages/brand/BrandPage.tsx")) },
  { segment: "influencers", page: lazy(() => import("./pages/brand/InfluencersPage.tsx")) },
  { segment: "influencer", page: lazy(() => import("./pages/influencer/InfluencerPage.tsx")) },
  { segment: "mediator", page: lazy(() => import("./pages/mediator/MediatorPage.tsx")) },
  { segment: "auditor", page: lazy(() => import("./pages/auditor/AuditorPage.tsx")) },
];
