// Placeholder of the Auditor page while it is being built (issue 6).
export default function AuditorPage() {
  return (
    <section>
      <h1>Auditor</h1>
    </section>
  );
}
