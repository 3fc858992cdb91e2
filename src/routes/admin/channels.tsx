/**
 * `/admin/channels`: create, edit, enable/disable, delete alert channels and send a test. Changes
 * go through src/services/alert-channels.ts, the same code the API uses.
 */
import { Hono, type Context } from 'hono';
import type { AppContext } from '../../context.ts';
import { getChannelKind, isAlertChannelName, listChannelKinds } from '../../alerts/registry.ts';
import type { AlertChannelKind } from '../../alerts/types.ts';
import { generateWebhookSecret } from '../../alerts/webhook.ts';
import { AppError } from '../../http/errors.ts';
import { createChannel, deleteChannel, findChannelOrThrow, sendTestAlert, updateChannel } from '../../services/alert-channels.ts';
import { describeSecrets } from '../../services/integration-secrets.ts';
import type { AlertChannel } from '../../store/types.ts';
import { ChannelForm, ChannelFormPage, ChannelsListPage, ChannelTestResult, SigningSecretCreated, type ChannelFormProps } from '../../../views/pages/admin/channels.tsx';
import { ConfigFields } from '../../../views/pages/admin/config-fields.tsx';
import { finish, formOf, isHtmx, noStore, viewerOf } from './common.ts';
import { configErrors, configFieldsFor, defaultConfigValues, fieldErrorsFromIssues, parseConfigForm, storedConfigValues, type FieldErrors, type FormValues } from './integration-form.ts';

const kindList = listChannelKinds().map((kind) => ({ name: kind.name, description: kind.description }));
const kindOf = (name: string | undefined): AlertChannelKind | undefined => (name && isAlertChannelName(name) ? getChannelKind(name) : undefined);
const firstKind = () => listChannelKinds()[0]!;

function parseTags(raw: string | undefined): string[] {
  return (raw ?? '')
    .split(/[\s,]+/)
    .map((tag) => tag.trim())
    .filter(Boolean);
}

export function adminChannelRoutes(app: AppContext) {
  const formProps = (c: Context, mode: 'create' | 'edit', kind: AlertChannelKind, values: FormValues, errors: FieldErrors, channel?: AlertChannel): ChannelFormProps => ({
    mode,
    ...(channel ? { id: channel.id, managedBy: channel.managedBy } : {}),
    kinds: kindList,
    config: { kindName: kind.name, kindDescription: kind.description, fields: configFieldsFor(kind), values, secretStates: channel ? describeSecrets(kind, app.secrets, channel.secrets) : {} },
    values,
    errors,
    csrfToken: viewerOf(c).csrfToken,
  });

  const refuse = (c: Context, props: ChannelFormProps, title: string) => {
    c.status(422);
    if (isHtmx(c)) return c.html(<ChannelForm {...props} />);
    return c.html(<ChannelFormPage {...props} title={title} viewer={viewerOf(c)} />);
  };

  const errorsOf = (error: unknown): FieldErrors => {
    if (!(error instanceof AppError) || error.status >= 500) throw error;
    const errors = fieldErrorsFromIssues(error.issues);
    if (Object.keys(errors).length === 0) errors._form = error.message;
    return errors;
  };

  const listPage = async (c: Context, flash?: { message: string; kind: 'ok' | 'error' }) => {
    noStore(c);
    const channels = await app.db.prisma.alertChannel.findMany({ orderBy: { name: 'asc' } });
    return c.html(<ChannelsListPage channels={channels} viewer={viewerOf(c)} {...(flash ? { flash } : {})} />);
  };

  const action = (change: (id: string) => Promise<unknown>, done: string) => async (c: Context) => {
    try {
      await change(c.req.param('id') ?? '');
    } catch (error) {
      if (!(error instanceof AppError) || error.status >= 500) throw error;
      c.status(error.status as 409);
      return listPage(c, { message: error.message, kind: 'error' });
    }
    return finish(c, `/admin/channels?done=${done}`);
  };

  return new Hono()
    .get('/', (c) => {
      const messages: Record<string, string> = { created: 'Channel created.', saved: 'Changes saved.', enabled: 'Enabled.', disabled: 'Disabled.', deleted: 'Deleted.' };
      const message = messages[c.req.query('done') ?? ''];
      return listPage(c, message ? { message, kind: 'ok' } : undefined);
    })
    .get('/new', (c) => {
      const kind = kindOf(c.req.query('kind')) ?? firstKind();
      noStore(c);
      return c.html(<ChannelFormPage {...formProps(c, 'create', kind, { enabled: 'on', ...defaultConfigValues(kind) }, {})} title="Add an alert channel" viewer={viewerOf(c)} />);
    })
    .get('/fields', (c) => {
      const kind = kindOf(c.req.query('kind')) ?? firstKind();
      return c.html(<ConfigFields {...formProps(c, 'create', kind, defaultConfigValues(kind), {}).config} errors={{}} />);
    })
    .post('/', async (c) => {
      const form = await formOf(c);
      const kind = kindOf(form.kind);
      if (!kind) return refuse(c, formProps(c, 'create', firstKind(), form, { kind: 'choose one of the listed kinds' }), 'Add an alert channel');
      const parsed = parseConfigForm(configFieldsFor(kind), form, 'create');
      if (Object.keys(parsed.errors).length) return refuse(c, formProps(c, 'create', kind, form, parsed.errors), 'Add an alert channel');
      let created;
      try {
        created = await createChannel(app, { name: form.name ?? '', kind: kind.name, tags: parseTags(form.tags), enabled: form.enabled !== undefined, config: parsed.config });
      } catch (error) {
        // A webhook secret left empty is generated by the service: judge the rest as it would.
        const secretGenerated = kind.name === 'webhook' && parsed.config.secret === undefined;
        const configProblems = configErrors(kind, secretGenerated ? { ...parsed.config, secret: generateWebhookSecret() } : parsed.config);
        return refuse(c, formProps(c, 'create', kind, form, { ...configProblems, ...errorsOf(error) }), 'Add an alert channel');
      }
      if (created.generatedSecret) {
        noStore(c);
        if (isHtmx(c)) {
          c.header('HX-Retarget', '#main');
          c.header('HX-Reswap', 'outerHTML');
          c.header('HX-Reselect', '#main');
        }
        return c.html(<SigningSecretCreated name={created.channel.name} secret={created.generatedSecret} viewer={viewerOf(c)} />);
      }
      return finish(c, '/admin/channels?done=created');
    })
    .get('/:id/edit', async (c) => {
      const channel = await findChannelOrThrow(app, c.req.param('id'));
      const kind = kindOf(channel.kind);
      if (!kind) throw new AppError('unknown_kind', `Channel ${channel.id} has an unknown kind`);
      const values: FormValues = { name: channel.name, tags: channel.tags.join(', '), ...storedConfigValues(kind, (channel.config ?? {}) as Record<string, unknown>) };
      if (channel.enabled) values.enabled = 'on';
      noStore(c);
      return c.html(<ChannelFormPage {...formProps(c, 'edit', kind, values, {}, channel)} title={channel.managedBy ? `${channel.name} (read-only)` : `Edit ${channel.name}`} viewer={viewerOf(c)} />);
    })
    .post('/:id/edit', async (c) => {
      const channel = await findChannelOrThrow(app, c.req.param('id'));
      const kind = kindOf(channel.kind);
      if (!kind) throw new AppError('unknown_kind', `Channel ${channel.id} has an unknown kind`);
      const form = await formOf(c);
      const parsed = parseConfigForm(configFieldsFor(kind), form, 'edit');
      const title = `Edit ${channel.name}`;
      if (Object.keys(parsed.errors).length) return refuse(c, formProps(c, 'edit', kind, form, parsed.errors, channel), title);
      try {
        await updateChannel(app, String(channel.id), { name: form.name ?? '', tags: parseTags(form.tags), enabled: form.enabled !== undefined, config: parsed.config });
      } catch (error) {
        return refuse(c, formProps(c, 'edit', kind, form, errorsOf(error), channel), title);
      }
      return finish(c, '/admin/channels?done=saved');
    })
    .post('/:id/test', async (c) => {
      const outcome = await sendTestAlert(app, c.req.param('id'), { origin: new URL(c.req.url).origin, signal: c.req.raw.signal });
      const text = outcome.ok ? `Test sent in ${outcome.durationMs} ms${outcome.detail ? `: ${outcome.detail}` : ''}` : `Test failed: ${outcome.error}`;
      if (isHtmx(c)) return c.html(<ChannelTestResult ok={outcome.ok} text={text} />);
      return listPage(c, { message: text, kind: outcome.ok ? 'ok' : 'error' });
    })
    .post('/:id/enable', action((id) => updateChannel(app, id, { enabled: true }), 'enabled'))
    .post('/:id/disable', action((id) => updateChannel(app, id, { enabled: false }), 'disabled'))
    .post('/:id/delete', action((id) => deleteChannel(app, id), 'deleted'));
}
