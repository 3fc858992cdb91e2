/** `/api/v1/alert-channels`: list, create, change, delete, and "send test". */
import { Hono } from 'hono';
import type { AppContext } from '../context.ts';
import { readJsonBody } from '../http/body.ts';
import { channelView } from '../http/serialize-alerts.ts';
import { createChannel, deleteChannel, findChannelOrThrow, sendTestAlert, updateChannel } from '../services/alert-channels.ts';

export function alertChannelApiRoutes(app: AppContext) {
  return new Hono()
    .get('/', async (c) => {
      const channels = await app.db.prisma.alertChannel.findMany({ orderBy: { id: 'asc' } });
      return c.json({ channels: channels.map((channel) => channelView(channel, app.secrets)) });
    })
    .post('/', async (c) => {
      const { channel, generatedSecret } = await createChannel(app, await readJsonBody(c));
      c.header('Location', `/api/v1/alert-channels/${channel.id}`);
      return c.json(
        {
          channel: channelView(channel, app.secrets),
          ...(generatedSecret ? { signingSecret: generatedSecret, note: 'The generated signing secret is shown only once.' } : {}),
        },
        201,
      );
    })
    .get('/:id', async (c) => c.json({ channel: channelView(await findChannelOrThrow(app, c.req.param('id')), app.secrets) }))
    .patch('/:id', async (c) => {
      const channel = await updateChannel(app, c.req.param('id'), await readJsonBody(c));
      return c.json({ channel: channelView(channel, app.secrets) });
    })
    .delete('/:id', async (c) => {
      await deleteChannel(app, c.req.param('id'));
      return c.body(null, 204);
    })
    .post('/:id/test', async (c) => {
      // Answers 200 either way: the test ran, and its outcome (sent or the error) is the answer.
      const outcome = await sendTestAlert(app, c.req.param('id'), { origin: new URL(c.req.url).origin, signal: c.req.raw.signal });
      return c.json({ test: outcome });
    });
}
