// Placeholder of the Deal page while it is being built (issue 6).
export default function DealPage() {
  return (
    <section>
      <h1>Deal</h1>
    </section>
  );
}
