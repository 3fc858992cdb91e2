/**
 * `/admin/integrations`: list, create, edit, pause/resume, delete, and "Try it". Every change
 * goes through src/services/integrations.ts (validation by the kind's schema, secrets encrypted,
 * schedule updated, file-managed rows refused), so the UI and the API cannot disagree.
 */
import { Hono, type Context } from 'hono';
import type { AppContext } from '../../context.ts';
import { checkKinds, getCheckKind } from '../../checks/registry.ts';
import type { CheckKind } from '../../checks/types.ts';
import { compareSeverity } from '../../domain/status.ts';
import { AppError } from '../../http/errors.ts';
import { describeSecrets, joinSecretsForChange } from '../../services/integration-secrets.ts';
import { createIntegration, deleteIntegration, findBySlugOrThrow, updateIntegration } from '../../services/integrations.ts';
import { tryCheck } from '../../services/try-check.ts';
import type { Integration } from '../../store/types.ts';
import { IntegrationFormPage, IntegrationForm, PushTokenCreated, type IntegrationFormProps } from '../../../views/pages/admin/integration-form.tsx';
import { ConfigFields } from '../../../views/pages/admin/config-fields.tsx';
import { IntegrationsListPage } from '../../../views/pages/admin/integrations-list.tsx';
import { TryResult } from '../../../views/pages/admin/try-result.tsx';
import { finish, formOf, isHtmx, noStore, viewerOf } from './common.ts';
import { configErrors, configFieldsFor, defaultConfigValues, fieldErrorsFromIssues, parseConfigForm, parseSettingsForm, storedConfigValues, type FieldErrors, type FormValues } from './integration-form.ts';

const kindList = Object.values(checkKinds).map((kind) => ({ name: kind.name, description: kind.description }));

function storedValues(kind: CheckKind, integration: Integration): FormValues {
  const values: FormValues = { name: integration.name, tags: integration.tags.join(', '), ...storedConfigValues(kind, (integration.config ?? {}) as Record<string, unknown>) };
  if (integration.isPublic) values.public = 'on';
  for (const name of ['intervalSeconds', 'maxIntervalSeconds', 'timeoutMs'] as const) if (integration[name] !== null) values[name] = String(integration[name]);
  return values;
}

export function adminIntegrationRoutes(app: AppContext) {
  const formProps = (c: Context, mode: 'create' | 'edit', kind: CheckKind, values: FormValues, errors: FieldErrors, integration?: Integration): IntegrationFormProps => ({
    mode,
    ...(integration ? { slug: integration.slug, managedBy: integration.managedBy } : {}),
    kinds: kindList,
    config: {
      kindName: kind.name,
      kindDescription: kind.description,
      fields: configFieldsFor(kind),
      values,
      secretStates: integration ? describeSecrets(kind, app.secrets, integration.secrets) : {},
    },
    values,
    errors,
    csrfToken: viewerOf(c).csrfToken,
  });

  /** A refused submission: the form again, with the problems next to their fields. */
  const refuse = (c: Context, props: IntegrationFormProps, title: string) => {
    c.status(422);
    if (isHtmx(c)) return c.html(<IntegrationForm {...props} />);
    return c.html(<IntegrationFormPage {...props} title={title} viewer={viewerOf(c)} />);
  };

  const errorsOf = (error: unknown): FieldErrors => {
    if (!(error instanceof AppError) || !['invalid_input', 'unknown_kind', 'conflict', 'read_only'].includes(error.code)) throw error;
    const errors = fieldErrorsFromIssues(error.issues);
    if (Object.keys(errors).length === 0) errors._form = error.message;
    return errors;
  };

  const listPage = async (c: Context, flash?: string) => {
    const integrations = await app.db.prisma.integration.findMany({ orderBy: { name: 'asc' } });
    integrations.sort((a, b) => compareSeverity(a.status, b.status));
    noStore(c);
    return c.html(<IntegrationsListPage integrations={integrations} viewer={viewerOf(c)} {...(flash ? { flash } : {})} />);
  };

  const action = (change: (slug: string) => Promise<unknown>, done: string) => async (c: Context) => {
    const slug = c.req.param('slug') ?? '';
    try {
      await change(slug);
    } catch (error) {
      if (!(error instanceof AppError) || !['read_only', 'not_found', 'conflict'].includes(error.code)) throw error;
      c.status(error.status as 409);
      return listPage(c, error.message);
    }
    return finish(c, `/admin/integrations?done=${done}`);
  };

  return new Hono()
    .get('/', (c) => {
      const done = c.req.query('done');
      const messages: Record<string, string> = { created: 'Integration created.', saved: 'Changes saved.', paused: 'Paused.', resumed: 'Resumed.', deleted: 'Deleted.' };
      return listPage(c, done ? messages[done] : undefined);
    })
    .get('/new', (c) => {
      const kind = getCheckKind(c.req.query('kind') ?? 'http') ?? checkKinds.http;
      noStore(c);
      return c.html(<IntegrationFormPage {...formProps(c, 'create', kind, defaultConfigValues(kind), {})} title="Add an integration" viewer={viewerOf(c)} />);
    })
    .get('/fields', (c) => {
      const kind = getCheckKind(c.req.query('kind') ?? '') ?? checkKinds.http;
      const props = formProps(c, 'create', kind, defaultConfigValues(kind), {});
      return c.html(<ConfigFields {...props.config} errors={{}} />);
    })
    .post('/try', async (c) => {
      const form = await formOf(c);
      const existing = form.editing ? await findBySlugOrThrow(app, form.editing) : undefined;
      const kind = getCheckKind(existing?.kind ?? form.kind ?? '');
      if (!kind) return c.html(<TryResult outcome={{ problems: ['Choose a kind first'] }} />);
      const parsedConfig = parseConfigForm(configFieldsFor(kind), form, existing ? 'edit' : 'create');
      const settings = parseSettingsForm(form, existing ? 'edit' : 'create');
      const problems = Object.entries({ ...parsedConfig.errors, ...settings.errors }).map(([field, message]) => `${field.replace(/^config\./, '')}: ${message}`);
      if (problems.length) return c.html(<TryResult outcome={{ problems }} />);
      // Editing: secrets left empty keep their stored values, exactly as Save would.
      const config: Record<string, unknown> = existing ? joinSecretsForChange(app.secrets, existing) : {};
      for (const [key, value] of Object.entries(parsedConfig.config)) {
        if (value === null) delete config[key];
        else config[key] = value;
      }
      const outcome = await tryCheck(app, kind, config, {
        timeoutMs: (settings.settings.timeoutMs as number | null | undefined) ?? existing?.timeoutMs,
        intervalSeconds: (settings.settings.intervalSeconds as number | null | undefined) ?? existing?.intervalSeconds,
      });
      return c.html(<TryResult outcome={outcome} />);
    })
    .post('/', async (c) => {
      const form = await formOf(c);
      const kind = getCheckKind(form.kind ?? '');
      if (!kind) return refuse(c, formProps(c, 'create', checkKinds.http, form, { kind: 'choose one of the listed kinds' }), 'Add an integration');
      const parsedConfig = parseConfigForm(configFieldsFor(kind), form, 'create');
      const settings = parseSettingsForm(form, 'create');
      const errors = { ...parsedConfig.errors, ...settings.errors };
      if (Object.keys(errors).length) return refuse(c, formProps(c, 'create', kind, form, errors), 'Add an integration');
      let created;
      try {
        created = await createIntegration(app, { ...settings.settings, config: parsedConfig.config });
      } catch (error) {
        return refuse(c, formProps(c, 'create', kind, form, { ...configErrors(kind, parsedConfig.config), ...errorsOf(error) }), 'Add an integration');
      }
      if (created.pushToken) {
        noStore(c);
        const base = app.config.publicUrl ?? new URL(c.req.url).origin;
        if (isHtmx(c)) {
          c.header('HX-Retarget', '#main');
          c.header('HX-Reswap', 'outerHTML');
          c.header('HX-Reselect', '#main');
        }
        return c.html(<PushTokenCreated name={created.integration.name} pushUrl={`${base}/api/v1/push/${created.pushToken}`} viewer={viewerOf(c)} />);
      }
      return finish(c, '/admin/integrations?done=created');
    })
    .get('/:slug/edit', async (c) => {
      const integration = await findBySlugOrThrow(app, c.req.param('slug'));
      const kind = getCheckKind(integration.kind);
      if (!kind) throw new AppError('unknown_kind', `Integration "${integration.slug}" has an unknown kind ${integration.kind}`);
      noStore(c);
      const title = integration.managedBy ? `${integration.name} (read-only)` : `Edit ${integration.name}`;
      return c.html(<IntegrationFormPage {...formProps(c, 'edit', kind, storedValues(kind, integration), {}, integration)} title={title} viewer={viewerOf(c)} />);
    })
    .post('/:slug/edit', async (c) => {
      const integration = await findBySlugOrThrow(app, c.req.param('slug'));
      const kind = getCheckKind(integration.kind);
      if (!kind) throw new AppError('unknown_kind', `Integration "${integration.slug}" has an unknown kind ${integration.kind}`);
      const form = await formOf(c);
      const parsedConfig = parseConfigForm(configFieldsFor(kind), form, 'edit');
      const settings = parseSettingsForm(form, 'edit');
      const errors = { ...parsedConfig.errors, ...settings.errors };
      const title = `Edit ${integration.name}`;
      if (Object.keys(errors).length) return refuse(c, formProps(c, 'edit', kind, form, errors, integration), title);
      try {
        await updateIntegration(app, integration.slug, { ...settings.settings, config: parsedConfig.config });
      } catch (error) {
        return refuse(c, formProps(c, 'edit', kind, form, errorsOf(error), integration), title);
      }
      return finish(c, '/admin/integrations?done=saved');
    })
    .post('/:slug/pause', action((slug) => updateIntegration(app, slug, { paused: true }), 'paused'))
    .post('/:slug/resume', action((slug) => updateIntegration(app, slug, { paused: false }), 'resumed'))
    .post('/:slug/delete', action((slug) => deleteIntegration(app, slug), 'deleted'));
}
