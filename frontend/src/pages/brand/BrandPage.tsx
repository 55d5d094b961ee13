// Placeholder of the Brand page while it is being built (issue 6).
export default function BrandPage() {
  return (
    <section>
      <h1>Brand</h1>
    </section>
  );
}
