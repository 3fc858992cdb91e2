/** A page (not JSON) for unknown integrations, so a person following a stale link sees why. */
import { Layout } from '../layout.tsx';
import { PageHeader, SkipLink } from '../components/page-header.tsx';

export function NotFoundPage({ message }: { message: string }) {
  return (
    <Layout title="Not found" bodyClass="page-detail">
      <SkipLink />
      <PageHeader current="detail" live={false} />
      <main id="main">
        <h1>Not found</h1>
        <p>{message}</p>
        <p>
          <a href="/integrations/health">Back to the dashboard</a>
        </p>
      </main>
    </Layout>
  );
}
