// Placeholder of the Influencers page while it is being built (issue 6).
export default function InfluencersPage() {
  return (
    <section>
      <h1>Influencers</h1>
    </section>
  );
}
