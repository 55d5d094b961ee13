// Placeholder of the Mediator page while it is being built (issue 6).
export default function MediatorPage() {
  return (
    <section>
      <h1>Mediator</h1>
    </section>
  );
}
