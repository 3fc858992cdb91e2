// Prisma CLI configuration that works offline: the JS/WASM engine with a driver adapter, so
// `prisma migrate deploy` and `prisma generate` never download a native engine.
import { defineConfig } from 'prisma/config';
import { PrismaPg } from '@prisma/adapter-pg';

// `prisma generate` (run by `npm install`) validates `env("DATABASE_URL")` and, when it is
// missing, falls back to downloading a native engine — which fails offline. The placeholder only
// satisfies validation; commands that connect use the real DATABASE_URL when it is set.
const databaseUrl = (process.env.DATABASE_URL ??= 'postgresql://postgres@127.0.0.1:5432/postgres');

export default defineConfig({
  schema: 'prisma/schema.prisma',
  experimental: { adapter: true },
  engine: 'js',
  async adapter() {
    // Discrete fields, not a connection string: with a connection string the shadow-database
    // work would hit the main database. A short idle timeout lets the CLI exit promptly.
    const url = new URL(databaseUrl);
    return new PrismaPg({
      host: url.hostname,
      port: Number(url.port || 5432),
      user: decodeURIComponent(url.username),
      password: decodeURIComponent(url.password),
      database: url.pathname.slice(1) || 'postgres',
      idleTimeoutMillis: 100,
    });
  },
});
