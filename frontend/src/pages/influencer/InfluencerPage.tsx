// Placeholder of the Influencer page while it is being built (issue 6).
export default function InfluencerPage() {
  return (
    <section>
      <h1>Influencer</h1>
    </section>
  );
}
