// Child-process entry of startMockProcess: runs the testkit's server in its own process, so the
// client under test does not share an event loop (or a resource list) with the server, and
// answers the parent's control messages over IPC.
import { type MockOpenAIOptions, startMockOpenAI } from '@aiclient/testkit';

interface ControlMessage {
  id: number;
  op: 'stats' | 'requests' | 'setFaults' | 'clearRequests' | 'close';
  args?: unknown;
}

const options = JSON.parse(process.env.AICLIENT_MOCK_OPTIONS ?? '{}') as MockOpenAIOptions;
const mock = await startMockOpenAI({ onWarning: () => undefined, ...options });

process.on('message', (raw) => {
  const message = raw as ControlMessage;
  const reply = (result: unknown): void => {
    process.send?.({ id: message.id, result });
  };
  switch (message.op) {
    case 'stats':
      reply(mock.stats());
      break;
    case 'requests':
      reply(mock.requests());
      break;
    case 'setFaults':
      mock.setFaults(message.args as Parameters<typeof mock.setFaults>[0]);
      reply(true);
      break;
    case 'clearRequests':
      mock.clearRequests();
      reply(true);
      break;
    case 'close':
      void mock.close().then(() => {
        reply(mock.stats());
        process.disconnect?.();
      });
      break;
  }
});
process.on('disconnect', () => {
  void mock.close().then(() => process.exit(0));
});
process.send?.({ id: 0, result: mock.url });
